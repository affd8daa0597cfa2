"""The article file itself, as stored in the data directory."""

from __future__ import annotations

from newscli import codec
from newscli.render.exporters import PageExporter

EXPORTER = PageExporter(name="toml", suffix=".toml", write=codec.dumps)
