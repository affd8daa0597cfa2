"""One indented JSON array of the records JSON Lines writes."""

from __future__ import annotations

from collections.abc import Sequence

from newscli.export.formats.declaration import BatchExporter
from newscli.export.formats.jsonl import json_record
from newscli.model.article import Article
from newscli.text.safe import json_dumps


def write(articles: Sequence[Article]) -> str:
    """The articles' records as a JSON array."""
    return json_dumps([json_record(a) for a in articles], indent=2) + "\n"


EXPORTER = BatchExporter(name="json", suffix=".json", write=write)
