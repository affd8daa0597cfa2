"""Listing output for scripts: JSON, JSON Lines, CSV and bare ids (no Rich here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from newscli.choices import Format

if TYPE_CHECKING:
    from newscli.listing import Row


# The formats whose columns ``--fields`` chooses; JSON rows keep their documented shape.
FIELD_FORMATS = (Format.CSV, Format.JSONL, Format.TABLE)


def parse_fields(text: str, valid: Sequence[str]) -> tuple[str, ...]:
    """``a,b,c`` as field names; raises ValueError naming the valid ones."""
    names = tuple(name.strip() for name in text.split(","))
    for name in names:
        if name not in valid:
            shown = f"'{name}'" if name else "an empty name"
            raise ValueError(f"unknown field {shown}; the fields are: {', '.join(valid)}")
    return names


def _csv_cell(row: Row, field: str) -> str:
    from newscli.render.safe import neutralise

    if field == "tags":
        return neutralise(";".join(row.tags))
    value = row.rating.average if field == "rating" else row.value(field)
    return "" if value is None else neutralise(str(value))


def render(rows: Iterable[Row], fmt: Format, fields: Sequence[str] | None = None) -> str:
    """The rows in a machine-readable format; ``table`` is not handled here.

    ``fields`` picks the columns of CSV and JSON Lines; search hits add ``snippet``.
    """
    from newscli.listing import FIELDS
    from newscli.render.safe import json_dumps

    rows = list(rows)
    if fmt is Format.IDS:
        return "".join(f"{row.id}\n" for row in rows)
    if fmt is Format.JSON:
        return json_dumps([row.as_json() for row in rows], indent=2) + "\n"
    if fmt is Format.JSONL:
        if fields:
            return "".join(json_dumps({f: row.value(f) for f in fields}) + "\n" for row in rows)
        return "".join(json_dumps(row.as_json()) + "\n" for row in rows)
    if fmt is Format.CSV:
        columns = fields or (
            (*FIELDS, "snippet") if rows and rows[0].snippet is not None else FIELDS
        )
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(row, c) for c in columns] for row in rows)
        return out.getvalue()
    raise ValueError(f"not a text format: {fmt}")
