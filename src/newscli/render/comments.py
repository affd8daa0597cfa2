"""The discussion under an article: its header and bar, the threaded comments (each with
its id, net votes, edit time and ``new`` mark) and the rest's hint."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from newscli.model.article import Comment
from newscli.model.threads import Discussion, PageState
from newscli.render.body import MARKER_STYLE
from newscli.text.layout import INDENT
from newscli.text.safe import neutralise, one_line
from newscli.text.wording import FEEDBACK_BAR, comment_head, order_line, plural, view_hint

HEAD_STYLES = {
    "author": "bold",
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


def bar(talk: Discussion, article_id: str) -> Text:
    """``Inline Feedbacks / View all comments`` (when there is inline feedback to switch
    to), the view shown in bold; then the order of the threads."""
    text = Text()
    if talk.feedbacks or talk.feedback_only:
        active = FEEDBACK_BAR[0] if talk.feedback_only else FEEDBACK_BAR[1]
        for number, label in enumerate(FEEDBACK_BAR):
            text.append(" / " if number else "", style="dim")
            text.append(label, style="bold" if label == active else "dim")
        text.append(f"  ({view_hint(article_id, talk.feedback_only)})\n", style="dim")
    if not talk.feedback_only:
        text.append(order_line(talk.order), style="dim")
    text.rstrip()
    return text


def _quoted(comment: Comment, number: int | None) -> Table:
    """The passage an inline-feedback comment is about, with its footnote marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    marker = Text(f"[{number}]" if number else "▎", style=MARKER_STYLE)
    grid.add_row(marker, Text(f"“{one_line(comment.quote or '')}”", style="italic"))
    return grid


def comment_view(
    comment: Comment, depth: int, number: int | None = None, state: PageState | None = None
) -> Padding:
    """One comment: author, date, id, net votes, edit time and ``new`` mark, the quoted
    passage if any, and its text (a placeholder once deleted)."""
    head = Text("↳ " if depth else "", style="dim")
    for place, (kind, value) in enumerate(comment_head(comment, state or PageState())):
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


def discussion_view(article_id: str, talk: Discussion, state: PageState | None = None) -> Group:
    """The header and bar, the comments shown, and the hint to see the others."""
    parts: list[RenderableType] = [header(talk)]
    if talk.total:
        parts += [bar(talk, article_id), Rule(style="dim")]
    for thread in talk.shown:
        parts += [comment_view(c, depth, talk.numbers.get(c.id), state) for depth, c in thread]
    if talk.hidden and not talk.feedback_only:
        parts.append(more_line(article_id, talk.hidden))
    return Group(*parts)
