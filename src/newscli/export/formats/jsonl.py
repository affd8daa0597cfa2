"""JSON Lines: one record an article, with the article file's field names
(``docs/format.md``) and dates as ISO-8601 strings, so that ``import`` reads it back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from newscli.dates import iso
from newscli.export.formats.declaration import BatchExporter
from newscli.model.article import Article
from newscli.model.written import to_record
from newscli.text.safe import json_dumps


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def json_record(article: Article) -> dict[str, Any]:
    """The article's file record with dates as ISO-8601 text: what ``import`` reads."""
    return _jsonable(to_record(article))  # type: ignore[no-any-return]


def write(articles: Sequence[Article]) -> str:
    """A line of JSON for each article."""
    return "".join(json_dumps(json_record(a)) + "\n" for a in articles)


EXPORTER = BatchExporter(name="jsonl", suffix=".jsonl", write=write)
