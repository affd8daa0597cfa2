"""The article as plain text in its web page's shape, every comment included."""

from __future__ import annotations

from newscli.export.formats.declaration import PageExporter
from newscli.model.article import Article
from newscli.text.plain import plain_page


def write(article: Article) -> str:
    """What ``show --plain --all-comments`` prints."""
    return plain_page(article, all_comments=True)


EXPORTER = PageExporter(name="text", suffix=".txt", write=write)
