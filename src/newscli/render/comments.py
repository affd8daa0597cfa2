"""The discussion under an article: its header and bar, the threaded comments (each with
its id, net votes, edit time and ``new`` mark) and the rest's hint."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from newscli.model.article import Comment
from newscli.model.threads import Discussion, PageState
from newscli.render.body import MARKER_STYLE
from newscli.render.flow import Flow
from newscli.text.layout import INDENT
from newscli.text.safe import neutralise, one_line
from newscli.text.wording import (
    FEEDBACK_BAR,
    comment_head,
    order_line,
    plural,
    quoted,
    view_hint,
)

HEAD_STYLES = {
    "author": "bold",
    "op": "bold reverse cyan",
    "time": "dim",
    "id": "dim",
    "up": "green",
    "down": "red",
    "edited": "dim italic",
    "new": "bold yellow",
    "unverified": "bold red",
}


def header(talk: Discussion) -> Table:
    """``N Comments`` on the left and ``M Inline Feedbacks`` on the right, as on the page."""
    bar = Table.grid(expand=True)
    bar.add_column()
    bar.add_column(justify="right")
    bar.add_row(
        Text(plural(talk.total, "Comment"), style="bold"),
        Text(plural(talk.feedbacks, "Inline Feedback"), style="dim"),
    )
    return bar


def bar(talk: Discussion, article_id: str, keys: Mapping[str, str] | None = None) -> Group:
    """``View all comments``, as the web page has it under the header even with no
    comments; with inline feedback, ``Inline Feedbacks / View all comments``, the view
    shown in bold, and the command for the other view (not with ``keys``: the reader has
    no such view); then the order of the threads, when there are any."""
    active = FEEDBACK_BAR[0] if talk.feedback_only else FEEDBACK_BAR[1]
    switch = bool(talk.feedbacks or talk.feedback_only)
    parts: list[tuple[Text | str, str]] = [
        (Text(label, style="bold" if label == active else "dim"), "  " if n else " / ")
        for n, label in enumerate(FEEDBACK_BAR)
        if switch or label == active
    ]
    if switch and keys is None:  # the command kept whole: ``(view: newscli show ...)``
        label, _, command = view_hint(article_id, talk.feedback_only).partition(": ")
        parts += [(Text(f"({label}:", "dim"), " "), (Text(f"{command})", "dim"), "")]
    lines: list[RenderableType] = [Flow(parts)]
    if talk.total and not talk.feedback_only:
        lines.append(Text(order_line(talk.order, keys), style="dim"))
    return Group(*lines)


def _quoted(comment: Comment, number: int | None) -> Table:
    """The passage an inline-feedback comment is about, with its footnote marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    marker = Text(f"[{number}]" if number else "▎", style=MARKER_STYLE)
    grid.add_row(marker, Text(quoted(comment.quote or ""), style="italic"))
    return grid


def comment_view(
    comment: Comment,
    depth: int,
    number: int | None = None,
    state: PageState | None = None,
    op: str | None = None,
) -> Padding:
    """One comment: author (``OP`` when ``op``, the article's author, wrote it), date, id,
    net votes, edit time and ``new`` mark, the quoted passage if any, and its text (a
    placeholder once deleted)."""
    head = Text("↳ " if depth else "", style="dim")
    for place, (kind, value) in enumerate(comment_head(comment, state or PageState(), op)):
        head.append("  " if place else "").append(one_line(value), style=HEAD_STYLES[kind])
    parts: list[RenderableType] = [head]
    if comment.quote:
        parts.append(_quoted(comment, number))
    if comment.deleted:
        parts.append(Text(comment.display_text, style="dim italic"))
    else:
        parts.append(Text(neutralise(comment.text)))
    return Padding(Group(*parts), (0, 0, 1, depth * INDENT), expand=False)


def more_line(article_id: str, hidden: int) -> Text:
    """``View all comments (15 more): newscli show ID --all-comments``."""
    text = Text(f"View all comments ({hidden} more): ", style="bold")
    return text.append(f"newscli show {article_id} --all-comments", style="cyan")


def discussion_view(
    article_id: str,
    talk: Discussion,
    state: PageState | None = None,
    op: str | None = None,
    keys: Mapping[str, str] | None = None,
) -> Group:
    """The header and bar, the comments shown (``op``: the article's author, marked on
    theirs), and the hint to see the others (``keys``: see ``article_page``)."""
    parts: list[RenderableType] = [header(talk), bar(talk, article_id, keys)]
    if talk.total:
        parts.append(Rule(style="dim"))
    for thread in talk.shown:
        parts += [comment_view(c, depth, talk.numbers.get(c.id), state, op) for depth, c in thread]
    if talk.hidden and not talk.feedback_only:
        parts.append(more_line(article_id, talk.hidden))
    return Group(*parts)
