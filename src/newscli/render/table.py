"""The ``list`` and ``search`` tables for people, drawn a row at a time.

Column widths come from the width the table is drawn in, never from measuring the rows,
so the first rows can be shown before the rest are read (as ``git log`` does into its
pager), and any number of rows takes little memory. A row is one or more lines: a long
title wraps in its column, and the tags go on a dim line below it. The columns are
those of the default table: id, date, dateline, title with tags, rating and comments;
below ``NARROW`` columns the date and dateline move into the title's cell, under the
title. With ``fields``, one column for each field.

Styles are written as ANSI codes (no Rich here: each row costs microseconds); every
piece of stored text is made inert first (``one_line``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, chop_cells

from newscli.model.listing import MARK_END, MARK_START, Row
from newscli.text.safe import one_line
from newscli.text.wording import hashtag, rating_short

NARROW = 70  # below this many columns, the date and dateline go into the title's cell
GAP = "  "
MIN_FLEX = 8  # the least a wrapped column (title, tags...) is given

_BOLD, _DIM, _CYAN, _MATCH, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[1;33m", "\x1b[0m"
_CODE = re.compile(r"\x1b\[[0-9;]*m")
_RIGHT = frozenset(("rating", "votes", "comments"))
_DATES = frozenset(("published", "added", "updated"))
# Widths of the columns whose values have a known size; the others share what is left.
_FIXED = {
    "id": 8,
    "date": 10,
    "published": 10,
    "added": 10,
    "updated": 10,
    "dateline": 10,
    "rating": 9,
    "votes": 5,
    "comments": 8,
    "removed": 16,
}


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    width: int
    right: bool = False
    wrap: bool = False  # wrapped over lines (else cut with an ellipsis)


def _tags(row: Row) -> str:
    return " ".join(hashtag(tag) for tag in row.tags)


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, an ellipsis marking the cut."""
    if cell_len(text) <= width:
        return text
    return chop_cells(text, max(width - 1, 1))[0] + "…"


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken between words where it can."""
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while cell_len(word) > width:
            head, *_ = chop_cells(word, width)
            lines.append(head)
            word = word[len(head) :]
        line = word
    if line:
        lines.append(line)
    return lines or [""]


class Table:
    """The table of rows drawn ``width`` columns wide, with ANSI styles when ``colour``."""

    def __init__(self, width: int, fields: Sequence[str] | None = None, colour: bool = False):
        self.width = max(width, 20)
        self.fields = tuple(fields) if fields else None
        self.colour = colour
        self.narrow = self.fields is None and self.width < NARROW
        self.columns = self._columns()

    def _columns(self) -> list[Column]:
        if self.fields is not None:
            names = list(self.fields)
            headers = names
        elif self.narrow:
            names = ["id", "title", "rating", "comments"]
            headers = names
        else:
            names = ["id", "date", "dateline", "title", "rating", "comments"]
            headers = ["id", "date", "dateline", "title / tags", "rating", "comments"]
        fixed = {
            n: max(_FIXED[n], len(h)) for n, h in zip(names, headers, strict=True) if n in _FIXED
        }
        if self.narrow:  # room for the title: a rating of up to 9 votes shows whole
            fixed["rating"] = len("4.5 (9)")
        flexible = [n for n in names if n not in fixed]
        room = self.width - sum(fixed.values()) - len(GAP) * (len(names) - 1)
        share = max(room // len(flexible), MIN_FLEX) if flexible else 0
        last = max(room - share * (len(flexible) - 1), MIN_FLEX) if flexible else 0
        columns = []
        for name, header in zip(names, headers, strict=True):
            width = fixed.get(name) or (last if name == flexible[-1] else share)
            columns.append(
                Column(name, header, max(width, len(header)), name in _RIGHT, name not in fixed)
            )
        return columns

    def _style(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.colour and text and style else text

    def header(self) -> str:
        """The header line and the rule under it."""
        cells = [self._pad(c.header, c) for c in self.columns]
        line = self._style(GAP.join(cells).rstrip(), _BOLD)
        return f"{line}\n{'─' * self.width}\n"

    def _pad(self, text: str, column: Column, style: str = "") -> str:
        # Stored text never holds an ESC (``one_line`` shows it as a picture): any is ours.
        room = column.width - cell_len(_CODE.sub("", text) if "\x1b" in text else text)
        styled = self._style(text, style)
        return " " * room + styled if column.right else styled + " " * room

    def lines(self, row: Row) -> str:
        """One row, as many lines as its cells need."""
        cells = [self._cell(row, column) for column in self.columns]
        height = max(len(cell) for cell in cells)
        out = []
        for number in range(height):
            parts = []
            for column, cell in zip(self.columns, cells, strict=True):
                text, style = cell[number] if number < len(cell) else ("", "")
                parts.append(self._pad(text, column, style))
            out.append(GAP.join(parts).rstrip() + "\n")
        return "".join(out)

    def _cell(self, row: Row, column: Column) -> list[tuple[str, str]]:
        """The lines of one cell, each with its style."""
        name, width = column.name, column.width
        if name == "title":
            found = [(line, _BOLD) for line in wrap(one_line(row.title), width)]
            below = [row.date[:10], one_line(row.dateline or "")] if self.narrow else []
            if self.fields is None:
                below.append(_tags(row))
            extra = " ".join(part for part in below if part)
            if extra:
                found += [(line, _DIM) for line in wrap(extra, width)]
            return found
        if name == "snippet":
            return self._snippet(row.snippet or "", width)
        text = self._value(row, name)
        if column.wrap:
            return [(line, "") for line in wrap(text, width)]
        return [(_fit(text, width), _CYAN if name == "id" else "")]

    def _value(self, row: Row, name: str) -> str:
        if name == "rating":
            return rating_short(row.rating)
        if name == "tags":
            return _tags(row)
        if name == "date":
            return row.date[:10]
        value = row.value(name)
        if value is None:
            return ""
        if name in _DATES:
            return str(value)[:10]
        if name == "removed":  # to the minute, in UTC: the same day may see several
            return str(value)[:16].replace("T", " ")
        return one_line(str(value))

    def _snippet(self, snippet: str, width: int) -> list[tuple[str, str]]:
        """A search snippet on one line cut to its column; with colour, each match in
        bold yellow."""
        parts = snippet.replace(MARK_END, MARK_START).split(MARK_START)
        out: list[str] = []
        room = width
        for number, part in enumerate(parts):
            text = one_line(part)
            if cell_len(text) > room:
                out.append(self._style(_fit(text, room), _MATCH if number % 2 else ""))
                break
            room -= cell_len(text)
            out.append(self._style(text, _MATCH if number % 2 else ""))
        return [("".join(out), "")]

    def draw(self, rows: Iterable[Row]) -> Iterator[str]:
        """The header, then each row's lines, as they are read."""
        yield self.header()
        for row in rows:
            yield self.lines(row)
