"""JSON Lines: one article record a line (what ``export`` writes by default)."""

from __future__ import annotations

from newscli.ingest.formats.readers import BatchReader
from newscli.ingest.formats.records import read_jsonl

READER = BatchReader(
    name="jsonl",
    extensions=(".jsonl", ".ndjson"),
    sniff=lambda head: head.startswith(b"{"),
    read=read_jsonl,
)
