"""A web page: the article's own text and metadata (needs the ``web`` extra)."""

from __future__ import annotations

from newscli.ingest.formats.declaration import PageReader
from newscli.model.article import Draft


def read(data: bytes, name: str, url: str | None) -> Draft:
    """The draft of a web page fetched from ``url`` (if known)."""
    from newscli.ingest.parse.html import parse_html

    return parse_html(data, url)


READER = PageReader(
    name="html",
    extensions=(".html", ".htm"),
    content_types=("text/html", "application/xhtml+xml"),
    sniff=lambda head: head.startswith(b"<"),
    read=read,
)
