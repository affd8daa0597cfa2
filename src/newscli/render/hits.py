"""Search hits for people: a block a hit, as a search engine lists them."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from newscli.listing import MARK_END, MARK_START, Row
from newscli.render.safe import one_line
from newscli.render.wording import FULL_STAR, plural, rating_short


def snippet_text(snippet: str) -> Text:
    """A search snippet on one line, each match in bold yellow (styles show on a terminal)."""
    text = Text()
    for number, part in enumerate(snippet.replace(MARK_END, MARK_START).split(MARK_START)):
        text.append(one_line(part), style="bold yellow" if number % 2 else "")
    return text


def _facts(row: Row) -> str:
    """``2024-06-06  KEELUNG  #transport  ★ 4.5 (2)  3 comments``: what is known of a hit."""
    facts = [row.date[:10], one_line(row.dateline or "")]
    facts += [f"#{one_line(tag)}" for tag in row.tags]
    if row.rating.votes:
        facts.append(f"{FULL_STAR} {rating_short(row.rating)}")
    if row.comments:
        facts.append(plural(row.comments, "comment"))
    return "  ".join(fact for fact in facts if fact)


def hit_list(rows: Iterable[Row]) -> Text:
    """Each hit as its title, then its id and facts, then the passage that matched (left
    out when the match is the title itself); a blank line between hits.

    One Text for all hits: Rich wraps it much faster than it lays out a table.
    """
    text = Text()
    for number, row in enumerate(rows):
        if number:
            text.append("\n\n")
        text.append(one_line(row.title), style="bold")
        text.append("\n")
        text.append(row.id, style="cyan")
        text.append(f"  {_facts(row)}", style="dim")
        if row.snippet is not None and row.plain_snippet != row.title:
            text.append("\n")
            text.append_text(snippet_text(row.snippet))
    return text
