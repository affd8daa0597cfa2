"""TOML article files, as stored in the data directory (one or more concatenated)."""

from __future__ import annotations

from newscli.ingest.formats.declaration import BatchReader
from newscli.ingest.parse.records import read_toml

READER = BatchReader(name="toml", extensions=(".toml",), read=read_toml)
