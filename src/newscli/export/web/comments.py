"""The discussion under an article on a web page, as the source page lays it out: the
``Subscribe / Notify of`` line, the comment form's line, the ``N Comments`` / ``M Inline
Feedbacks`` / ``View all comments`` bar, and the threads nested at most five deep.

Each comment is anchored as ``#c-<id>`` (and, for pages exported before, ``#comment-<id>``).
"""

from __future__ import annotations

from newscli.dates import iso
from newscli.export.web.parts import escape, escape_line
from newscli.model.article import ANONYMOUS, Comment
from newscli.model.threads import Discussion
from newscli.text.wording import plural, timestamp, vote_parts

NOTIFY_CHOICES = ("new follow-up comments", "new replies to my comments")


def paragraphs(text: str) -> str:
    """Plain text as ``<p>`` elements, a blank line between paragraphs, line breaks kept."""
    return "\n".join(
        f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n") if p.strip()
    )


def _when(css: str, value: str, text: str) -> str:
    return f'<time class="{css}" datetime="{escape(str(value))}">{escape(text)}</time>'


def _head(comment: Comment) -> str:
    parts = [
        '<span class="who">deleted</span>'
        if comment.deleted
        else f'<span class="who">{escape_line(comment.display_author)}</span>',
        f'<a class="cid" href="#c-{comment.id}">#{comment.id}</a>',
        _when("at", iso(comment.at), timestamp(comment.at)),
    ]
    for net, label, imported in vote_parts(comment):
        kind = "up" if net > 0 else "down"
        title = "votes imported with the comment" if imported else "net votes"
        parts.append(f'<span class="net {kind}" title="{title}">{escape(label)}</span>')
    if comment.edited and not comment.deleted:
        stamp = timestamp(comment.edited)
        parts.append(_when("edited", iso(comment.edited), f"edited {stamp}"))
    return f'<p class="meta">{" ".join(parts)}</p>'


def _quoted(comment: Comment, number: int | None) -> str:
    marker = f'<a class="fn" href="#fn-{number}">[{number}]</a> ' if number else ""
    return f'<blockquote class="quoted">{marker}“{escape_line(comment.quote or "")}”</blockquote>'


def _comment(comment: Comment, number: int | None) -> str:
    css = "comment deleted" if comment.deleted else "comment"
    text = (
        f'<p class="gone">{escape(comment.display_text)}</p>'
        if comment.deleted
        else paragraphs(comment.text)
    )
    quote = _quoted(comment, number) if comment.quote and not comment.deleted else ""
    return (
        f'<li class="{css}" id="comment-{comment.id}">'
        f'<div class="note" id="c-{comment.id}">{_head(comment)}{quote}{text}</div>'
    )


def _threads(talk: Discussion) -> str:
    """The threads as nested lists: replies under the comment they answer."""
    out = ["<ol>"]
    for thread in talk.shown:
        depth = 0
        for index, (level, comment) in enumerate(thread):
            if index and level > depth:  # the first reply of the comment before
                out.append("<ol>")
            elif index:  # the comment before is done, with the replies it closes
                out += ["</li>", *["</ol></li>"] * (depth - level)]
            out.append(_comment(comment, talk.numbers.get(comment.id)))
            depth = level
        out += ["</li>", *["</ol></li>"] * depth]
    out.append("</ol>")
    return "\n".join(out)


def discussion_html(article_id: str, talk: Discussion) -> str:
    """Subscribe line, comment form line, the bar and every thread of ``talk``."""
    follow, replies = NOTIFY_CHOICES
    subscribe = (
        '<section class="subscribe"><strong>Subscribe</strong> '
        f'<span class="quiet">Notify of</span> {follow} <span class="quiet">| {replies}</span>'
        f"<br><code>newscli subscribe {article_id}</code>"
        f' <span class="quiet">or</span> <code>--replies-only</code></section>'
    )
    form = (
        f'<section class="form"><span class="who">{ANONYMOUS}</span> '
        f'<code>newscli comment {article_id} "…"</code></section>'
    )
    bar = (
        f'<div class="bar"><h2>{plural(talk.total, "Comment")}</h2>'
        f'<span class="feedbacks">{plural(talk.feedbacks, "Inline Feedback")}</span>'
        '<a class="all" href="#comments">View all comments</a></div>'
    )
    threads = _threads(talk) if talk.total else ""
    return (
        f'{subscribe}\n{form}\n<section class="comments" id="comments">{bar}\n{threads}\n</section>'
    )
