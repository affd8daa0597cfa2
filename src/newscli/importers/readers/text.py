"""A plain-text dump of an article's web page (what ``show --plain`` writes)."""

from __future__ import annotations

from newscli.importers.decode import decode_text
from newscli.importers.readers import PageReader
from newscli.models import Draft


def read(data: bytes, name: str, url: str | None) -> Draft:
    """The draft of a page-shaped text."""
    from newscli.importers.page_text import parse_page_text

    return parse_page_text(decode_text(data, name))


READER = PageReader(name="text", extensions=(".txt",), read=read)
