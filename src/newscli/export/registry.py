"""The export formats, in one list, and writing articles in the one asked for.

Adding a format: a module in ``export/formats/`` declaring ``EXPORTER``, one line in
``EXPORTERS``, and its name in ``choices.ExportFormat``. Nothing here reads the store
or imports Rich. ``site`` writes a folder, not text: ``site_export.write_site`` does it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newscli.choices import ExportFormat
from newscli.export.formats import html, json, jsonl, markdown, site, text, toml
from newscli.export.formats.declaration import (
    AnyExporter,
    BatchExporter,
    PageExporter,
    SiteExporter,
)
from newscli.model.article import Article

# Every export format, in the order ``export --help`` lists them.
EXPORTERS: tuple[AnyExporter, ...] = (
    jsonl.EXPORTER,
    json.EXPORTER,
    toml.EXPORTER,
    markdown.EXPORTER,
    html.EXPORTER,
    text.EXPORTER,
    site.EXPORTER,
)
# The formats written as text, by the suffix of their files.
SUFFIXES = {e.name: e.suffix for e in EXPORTERS if not isinstance(e, SiteExporter)}
# Formats whose output is one document per article (a page, a file): not concatenable.
ONE_PER_FILE = frozenset(e.name for e in EXPORTERS if isinstance(e, PageExporter))
# Formats that embed the stored feature image, which ``export`` is then given.
EMBEDS_IMAGES = frozenset(
    e.name for e in EXPORTERS if isinstance(e, PageExporter) and e.with_image is not None
)
_BY_NAME = {e.name: e for e in EXPORTERS}


def exporter(name: str) -> AnyExporter:
    """The export format called ``name``; ValueError names the known ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join(_BY_NAME)
        raise ValueError(f"unknown export format {name!r}: use one of {known}") from None


def export(
    articles: Iterable[Article], fmt: ExportFormat | str, images: Mapping[str, str] | None = None
) -> str:
    """The articles in ``fmt``; formats in ONE_PER_FILE take exactly one article.
    ``images`` are stored images as ``data:`` URIs by article id, for the formats that
    embed them (``html``); the others stay text."""
    found = exporter(fmt)
    articles = list(articles)
    if isinstance(found, SiteExporter):
        raise ValueError(f"{fmt} is a folder of pages, not text: write it to a directory")
    if isinstance(found, BatchExporter):
        return found.write(articles)
    if len(articles) != 1:
        raise ValueError(f"{fmt} holds one article, not {len(articles)}")
    if images and found.with_image is not None:
        return found.with_image(articles[0], images.get(articles[0].id))
    return found.write(articles[0])


def site_exporter(name: str) -> SiteExporter:
    """The folder format called ``name``; ValueError if it is not one."""
    found = exporter(name)
    if not isinstance(found, SiteExporter):
        raise ValueError(f"{name} is not a folder format")
    return found
