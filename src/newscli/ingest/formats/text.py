"""A plain-text dump of an article's web page (what ``show --plain`` writes)."""

from __future__ import annotations

from newscli.ingest.formats.declaration import PageReader
from newscli.model.article import IMAGE_PLACEHOLDER, Draft
from newscli.model.decode import decode_text


def read(data: bytes, name: str, url: str | None) -> Draft:
    """The draft of a page-shaped text; a bare ``feature image`` line is kept as a mark in
    ``extra``, so that the page keeps a place for the image."""
    from newscli.ingest.parse.page_text import has_image_placeholder, parse_page_text

    text = decode_text(data, name)
    draft = parse_page_text(text)
    if draft.image is None and has_image_placeholder(text):
        draft.extra[IMAGE_PLACEHOLDER] = True
    return draft


READER = PageReader(name="text", extensions=(".txt",), read=read)
