"""The export formats, in one list, and writing articles in the one asked for.

Adding a format: a module in ``render/exporters/`` declaring ``EXPORTER``, one line in
``EXPORTERS``, and its name in ``choices.ExportFormat``. Nothing here reads the store
or imports Rich.
"""

from __future__ import annotations

from collections.abc import Iterable

from newscli.choices import ExportFormat
from newscli.models import Article
from newscli.render.exporters import (
    AnyExporter,
    BatchExporter,
    html,
    json,
    jsonl,
    markdown,
    text,
    toml,
)
from newscli.render.exporters.html import html_page as html_page

# Every export format, in the order ``export --help`` lists them.
EXPORTERS: tuple[AnyExporter, ...] = (
    jsonl.EXPORTER,
    json.EXPORTER,
    toml.EXPORTER,
    markdown.EXPORTER,
    html.EXPORTER,
    text.EXPORTER,
)
SUFFIXES = {e.name: e.suffix for e in EXPORTERS}
# Formats whose output is one document per article (a page, a file): not concatenable.
ONE_PER_FILE = frozenset(e.name for e in EXPORTERS if not isinstance(e, BatchExporter))
_BY_NAME = {e.name: e for e in EXPORTERS}


def exporter(name: str) -> AnyExporter:
    """The export format called ``name``; ValueError names the known ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join(_BY_NAME)
        raise ValueError(f"unknown export format {name!r}: use one of {known}") from None


def export(articles: Iterable[Article], fmt: ExportFormat | str) -> str:
    """The articles in ``fmt``; formats in ONE_PER_FILE take exactly one article."""
    found = exporter(fmt)
    articles = list(articles)
    if isinstance(found, BatchExporter):
        return found.write(articles)
    if len(articles) != 1:
        raise ValueError(f"{fmt} holds one article, not {len(articles)}")
    return found.write(articles[0])
