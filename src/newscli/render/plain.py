"""An article as plain text in its web page's shape, for pipes and text exports.

Top to bottom: the ``feature image`` line, the headline, the dateline line, the
paragraphs (one a line, a blank line between), the widget lines (``4.5 2 votes``,
``Article Rating``, ``Subscribe``, ``Notify of``, ``N Comments``, ``M Inline
Feedbacks``), then the comments. ``newscli add`` reads this shape back. No
styles, no box drawing; control characters are made inert.
"""

from __future__ import annotations

from newscli.discussion import discussion
from newscli.models import Article, Comment
from newscli.render.layout import INDENT, paragraph_spans
from newscli.render.safe import neutralise, one_line
from newscli.render.wording import average_text, long_date, plural, timestamp


def _comment(comment: Comment, depth: int, number: int | None) -> list[str]:
    lines = [f"{one_line(comment.display_author)}  {timestamp(comment.at)}"]
    if comment.quote:
        lines.append(f"[{number}] “{one_line(comment.quote)}”")
    lines += neutralise(comment.text).split("\n")
    pad = " " * (depth * INDENT)
    return [pad + line if line.strip() else "" for line in lines] + [""]


def plain_page(article: Article, all_comments: bool = False) -> str:
    """The article, its widgets and its comments (the first 10 threads unless ``all_comments``)."""
    talk = discussion(article.comments, all_comments)
    lines: list[str] = []
    if article.image:
        lines += [f"feature image: {one_line(article.image)}", ""]
    lines += [one_line(article.title), ""]
    if article.dateline:
        # Like the page's "TAIPEI- " line; the date after the dash is read back too.
        when = f" {long_date(article.published)}" if article.published else ""
        lines += [f"{one_line(article.dateline)} —{when}", ""]
    for start, end in paragraph_spans(article.body):
        lines += [neutralise(article.body[start:end]), ""]
    rating = article.rating
    lines += [
        f"{average_text(rating.average)} {plural(rating.votes, 'vote')}",
        "Article Rating",
        "Subscribe",
    ]
    lines += ["Notify of", plural(talk.total, "Comment"), plural(talk.feedbacks, "Inline Feedback")]
    if talk.total:
        lines.append("")
    for thread in talk.shown:
        for depth, comment in thread:
            lines += _comment(comment, depth, talk.numbers.get(comment.id))
    if talk.hidden:
        lines.append(
            f"View all comments ({talk.hidden} more): newscli show {article.id} --all-comments"
        )
    return "\n".join(lines).rstrip("\n") + "\n"
