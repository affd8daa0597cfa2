"""The article file itself, as stored in the data directory."""

from __future__ import annotations

from newscli.export.formats.declaration import PageExporter
from newscli.model import codec

EXPORTER = PageExporter(name="toml", suffix=".toml", write=codec.dumps)
