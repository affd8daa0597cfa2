"""Search hits for people: a block a hit, as a search engine lists them.

On a terminal the blocks are Rich text, wrapped and styled; for a pipe they are plain
lines, a hit's passage on one line, made without importing Rich.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from newscli.model.listing import MARK_END, MARK_START, Row
from newscli.text.safe import one_line
from newscli.text.wording import FULL_STAR, hashtag, plural, rating_short

if TYPE_CHECKING:
    from rich.text import Text


def snippet_text(snippet: str) -> Text:
    """A search snippet on one line, each match in bold yellow (styles show on a terminal)."""
    from rich.text import Text

    text = Text()
    for number, part in enumerate(snippet.replace(MARK_END, MARK_START).split(MARK_START)):
        text.append(one_line(part), style="bold yellow" if number % 2 else "")
    return text


def _facts(row: Row) -> str:
    """``2024-06-06  KEELUNG  #transport  ★ 4.5 (2)  3 comments``: what is known of a hit."""
    facts = [row.date[:10], one_line(row.dateline or "")]
    facts += [hashtag(tag) for tag in row.tags]
    if row.rating.votes:
        facts.append(f"{FULL_STAR} {rating_short(row.rating)}")
    if row.comments:
        facts.append(plural(row.comments, "comment"))
    return "  ".join(fact for fact in facts if fact)


def _shows_passage(row: Row) -> bool:
    """Whether the hit has a snippet to show: not when the match is the title itself."""
    return row.snippet is not None and row.plain_snippet != row.title


def hit_list(rows: Iterable[Row]) -> Text:
    """Each hit as its title, then its id and facts, then the passage that matched; a
    blank line between hits. One Text for all hits: Rich wraps it much faster than it
    lays out a table."""
    from rich.text import Text

    text = Text()
    for number, row in enumerate(rows):
        if number:
            text.append("\n\n")
        text.append(one_line(row.title), style="bold")
        text.append("\n")
        text.append(row.id, style="cyan")
        text.append(f"  {_facts(row)}", style="dim")
        if _shows_passage(row):
            text.append("\n")
            text.append_text(snippet_text(row.snippet or ""))
    return text


def hit_lines(rows: Iterable[Row]) -> str:
    """The blocks of ``hit_list`` as plain text, unwrapped, for a pipe."""
    blocks = []
    for row in rows:
        lines = [one_line(row.title), f"{row.id}  {_facts(row)}"]
        if _shows_passage(row):
            lines.append(one_line(row.plain_snippet or ""))
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
