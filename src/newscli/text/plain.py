"""An article as plain text in its web page's shape, for pipes and text exports.

Top to bottom: the ``feature image`` line, the headline, the dateline line, the
paragraphs (one a line, a blank line between), the widget lines (``4.5 2 votes``,
``Article Rating``, ``Subscribe``, ``Notify of``, ``N Comments``, ``M Inline
Feedbacks``, then the view and the order when there are comments), then the
comments, each headed by author, time, id, net votes, edit time and ``new``.
``newscli add`` reads this shape back (it stops at the widget lines). The text
export is this page too, so the reader's subscription and comment form, which are
theirs and not the article's, are left to the terminal page. No styles, no box
drawing; control characters are made inert.
"""

from __future__ import annotations

from newscli.model.article import IMAGE_PLACEHOLDER, Article, Comment
from newscli.model.threads import PageState, discussion
from newscli.text.layout import INDENT, paragraph_spans
from newscli.text.safe import neutralise, one_line
from newscli.text.wording import (
    FEEDBACK_BAR,
    average_text,
    comment_head,
    long_date,
    order_line,
    plural,
    quoted,
    unverified_votes,
    view_hint,
    vote_count,
)


def _comment(
    comment: Comment, depth: int, number: int | None, state: PageState, op: str | None
) -> list[str]:
    lines = ["  ".join(one_line(value) for _, value in comment_head(comment, state, op))]
    if comment.quote:
        lines.append(f"[{number}] {quoted(comment.quote)}")
    lines += neutralise(comment.display_text).split("\n")
    pad = " " * (depth * INDENT)
    return [pad + line if line.strip() else "" for line in lines] + [""]


def plain_page(
    article: Article,
    all_comments: bool = False,
    *,
    order: str = "oldest",
    feedback_only: bool = False,
    state: PageState | None = None,
) -> str:
    """The article, its widgets and its comments, chosen as ``render.page.article_page``
    chooses them."""
    state = state or PageState()
    talk = discussion(article.comments, all_comments, order, feedback_only)
    lines: list[str] = []
    if article.image:
        lines += [f"feature image: {one_line(article.image)}", ""]
    elif article.extra.get(IMAGE_PLACEHOLDER) is True:
        lines += ["feature image", ""]
    lines += [one_line(article.title), ""]
    if article.dateline:
        # Like the page's "TAIPEI- " line; the date after the dash is read back too.
        when = f" {long_date(article.published)}" if article.published else ""
        lines += [f"{one_line(article.dateline)} —{when}", ""]
    for start, end in paragraph_spans(article.body):
        lines += [neutralise(article.body[start:end]), ""]
    rating = article.rating
    unverified = unverified_votes(state)
    lines += [
        f"{average_text(rating.average)} {vote_count(article)}"
        + (f"  {unverified}" if unverified else ""),
        "Article Rating",
        "Subscribe",
    ]
    lines += ["Notify of", plural(talk.total, "Comment"), plural(talk.feedbacks, "Inline Feedback")]
    if talk.feedbacks or talk.feedback_only:
        lines.append(" / ".join(FEEDBACK_BAR))
    else:
        lines.append(FEEDBACK_BAR[1])  # as the web page has it, even with no comments
    if talk.feedbacks or talk.feedback_only:
        shown = "inline feedbacks only" if talk.feedback_only else "all comments"
        lines.append(f"Showing {shown} · {view_hint(article.id, talk.feedback_only)}")
    if talk.total:
        if not talk.feedback_only:
            lines.append(order_line(talk.order))
        lines.append("")
    for thread in talk.shown:
        for depth, comment in thread:
            lines += _comment(comment, depth, talk.numbers.get(comment.id), state, article.author)
    if talk.hidden and not talk.feedback_only:
        lines.append(
            f"View all comments ({talk.hidden} more): newscli show {article.id} --all-comments"
        )
    return "\n".join(lines).rstrip("\n") + "\n"
