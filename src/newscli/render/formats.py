"""Listing output for scripts: JSON, JSON Lines, CSV and bare ids (no Rich here)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from newscli.models import Article, summary
from newscli.render.safe import json_dumps, neutralise


class Format(StrEnum):
    """The ``--format`` choices of listing commands."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    IDS = "ids"


CSV_COLUMNS = (
    "id",
    "title",
    "dateline",
    "published",
    "added",
    "updated",
    "url",
    "source",
    "author",
    "image",
    "tags",
    "rating",
    "votes",
    "comments",
)


def _csv_row(row: dict[str, Any]) -> list[str]:
    flat = {
        **row,
        "tags": ";".join(row["tags"]),
        "rating": row["rating"]["average"],
        "votes": row["rating"]["votes"],
    }
    return [neutralise("" if flat[c] is None else str(flat[c])) for c in CSV_COLUMNS]


def render(articles: Iterable[Article], fmt: Format) -> str:
    """The articles in a machine-readable format; ``table`` is not handled here."""
    if fmt is Format.IDS:
        return "".join(f"{a.id}\n" for a in articles)
    rows = [summary(a) for a in articles]
    if fmt is Format.JSON:
        return json_dumps(rows, indent=2) + "\n"
    if fmt is Format.JSONL:
        return "".join(json_dumps(row) + "\n" for row in rows)
    if fmt is Format.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(_csv_row(row) for row in rows)
        return out.getvalue()
    raise ValueError(f"not a text format: {fmt}")
