"""Listing output for scripts: tab-separated lines, JSON, JSON Lines, CSV and bare ids
(no Rich here)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from newscli.choices import Format

if TYPE_CHECKING:
    from newscli.model.listing import Row


# The formats whose columns ``--fields`` chooses; JSON rows keep their documented shape.
FIELD_FORMATS = (Format.CSV, Format.JSONL, Format.TABLE, Format.TSV)
# The columns of ``tsv`` without ``--fields``: the table's, one line an article.
TSV_FIELDS = ("id", "date", "dateline", "title", "tags", "rating", "comments")


def parse_fields(text: str, valid: Sequence[str]) -> tuple[str, ...]:
    """``a,b,c`` as field names; raises ValueError naming the valid ones."""
    names = tuple(name.strip() for name in text.split(","))
    for name in names:
        if name not in valid:
            shown = f"'{name}'" if name else "an empty name"
            raise ValueError(f"unknown field {shown}; the fields are: {', '.join(valid)}")
    return names


# A spreadsheet takes a cell starting with one of these as a formula (OWASP: CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """``text`` made inert for a terminal and for a spreadsheet: a cell that would start a
    formula gets a leading ``'``, as OWASP recommends."""
    from newscli.text.safe import neutralise

    return f"'{neutralise(text)}" if text.startswith(_FORMULA_STARTS) else neutralise(text)


def _csv_cell(row: Row, field: str) -> str:
    if field == "tags":
        return csv_cell(";".join(row.tags))
    value = row.rating.average if field == "rating" else row.value(field)
    return "" if value is None else csv_cell(str(value))


def _tsv_cell(row: Row, field: str) -> str:
    """One cell of a tab-separated line: one line, no tab, control characters visible."""
    from newscli.text.safe import one_line
    from newscli.text.wording import hashtag

    if field == "tags":
        return " ".join(hashtag(tag) for tag in row.tags)
    if field == "date":
        return row.date[:10]
    if field == "rating":
        value = None if row.rating.average is None else f"{row.rating.average:.1f}"
    elif field == "snippet":
        value = row.plain_snippet
    else:
        value = row.value(field)
    return "" if value is None else one_line(str(value))


def render(rows: Iterable[Row], fmt: Format, fields: Sequence[str] | None = None) -> str:
    """The rows in a machine-readable format, as one string (see ``pieces``)."""
    return "".join(pieces(rows, fmt, fields))


def pieces(rows: Iterable[Row], fmt: Format, fields: Sequence[str] | None = None) -> Iterator[str]:
    """The rows in a machine-readable format, a row at a time, so that any number of
    them can be written in little memory; ``table`` is not handled here.

    ``fields`` picks the columns of TSV, CSV and JSON Lines; search hits add ``snippet``
    to CSV. TSV is a line an article with no header, as ``grep``, ``cut`` and ``sort``
    expect: its dates are days, its rating the average alone.
    """
    from newscli.model.listing import FIELDS
    from newscli.text.safe import json_dumps

    it = iter(rows)
    first = next(it, None)
    every = it if first is None else itertools.chain([first], it)
    if fmt is Format.IDS:
        yield from (f"{row.id}\n" for row in every)
    elif fmt is Format.TSV:
        columns = fields or TSV_FIELDS
        yield from ("\t".join(_tsv_cell(row, c) for c in columns) + "\n" for row in every)
    elif fmt is Format.JSON:
        # The same text as one indented array, made a row at a time.
        if first is None:
            yield "[]\n"
            return
        for number, row in enumerate(every):
            item = json_dumps(row.as_json(), indent=2).replace("\n", "\n  ")
            yield ("[\n  " if number == 0 else ",\n  ") + item
        yield "\n]\n"
    elif fmt is Format.JSONL:
        if fields:
            yield from (json_dumps({f: row.value(f) for f in fields}) + "\n" for row in every)
        else:
            yield from (json_dumps(row.as_json()) + "\n" for row in every)
    elif fmt is Format.CSV:
        snippets = first is not None and first.snippet is not None
        columns = fields or ((*FIELDS, "snippet") if snippets else FIELDS)
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for number, row in enumerate(every, start=1):
            writer.writerow([_csv_cell(row, c) for c in columns])
            if number % 256 == 0:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()
    else:
        raise ValueError(f"not a text format: {fmt}")
