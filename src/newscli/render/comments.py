"""The discussion under an article: its header, the threaded comments and the rest's hint."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from newscli.discussion import Discussion
from newscli.models import Comment
from newscli.render.body import MARKER_STYLE
from newscli.render.layout import INDENT
from newscli.render.safe import neutralise, one_line
from newscli.render.wording import plural, timestamp


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


def _quoted(comment: Comment, number: int | None) -> Table:
    """The passage an inline-feedback comment is about, with its footnote marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    marker = Text(f"[{number}]" if number else "▎", style=MARKER_STYLE)
    grid.add_row(marker, Text(f"“{one_line(comment.quote or '')}”", style="italic"))
    return grid


def comment_view(comment: Comment, depth: int, number: int | None = None) -> Padding:
    """One comment: author and date, the quoted passage if any, and its text."""
    head = Text("↳ " if depth else "", style="dim")
    head.append(one_line(comment.display_author), style="bold")
    head.append(f"  {timestamp(comment.at)}", style="dim")
    parts: list[RenderableType] = [head]
    if comment.quote:
        parts.append(_quoted(comment, number))
    parts.append(Text(neutralise(comment.text)))
    return Padding(Group(*parts), (0, 0, 1, depth * INDENT), expand=False)


def more_line(article_id: str, hidden: int) -> Text:
    """``View all comments (15 more): newscli show ID --all-comments``."""
    text = Text(f"View all comments ({hidden} more): ", style="bold")
    return text.append(f"newscli show {article_id} --all-comments", style="cyan")


def discussion_view(article_id: str, talk: Discussion) -> Group:
    """The header, the comments shown, and the hint to see the others."""
    parts: list[RenderableType] = [header(talk)]
    if talk.total:
        parts.append(Rule(style="dim"))
    for thread in talk.shown:
        parts += [comment_view(c, depth, talk.numbers.get(c.id)) for depth, c in thread]
    if talk.hidden:
        parts.append(more_line(article_id, talk.hidden))
    return Group(*parts)
