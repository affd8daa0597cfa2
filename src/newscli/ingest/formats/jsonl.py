"""JSON Lines: one article record a line (what ``export`` writes by default)."""

from __future__ import annotations

from newscli.ingest.formats.declaration import BatchReader
from newscli.ingest.parse.records import read_jsonl

READER = BatchReader(
    name="jsonl",
    extensions=(".jsonl", ".ndjson"),
    sniff=lambda head: head.startswith(b"{"),
    read=read_jsonl,
)
