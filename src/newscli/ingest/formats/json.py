"""A JSON array of article records (``export --format json``)."""

from __future__ import annotations

from newscli.ingest.formats.declaration import BatchReader
from newscli.ingest.parse.records import read_json

READER = BatchReader(
    name="json",
    extensions=(".json",),
    sniff=lambda head: head.startswith(b"["),
    read=read_json,
)
