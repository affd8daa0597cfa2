"""Web pages: the article's own text and metadata, read with trafilatura.

trafilatura (the ``web`` extra) drops navigation, footers, comment widgets and
scripts. It is imported only when a page is read, so the CLI starts quickly.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from newscli.dates import parse_date
from newscli.errors import InvalidInput, MissingExtra
from newscli.importers.page_text import dateline_of
from newscli.models import Draft

WEB_EXTRA_HINT = "pip install 'newscli[web]'"
# "TAICHUNG- The city...": an upper-case place and a dash opening the first paragraph.
_LEADING_DATELINE = re.compile(r"(?P<head>[^\W\d_][^-–—]{0,40}?[-–—]+)\s*(?P<rest>.*)", re.S)


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as exc:
        raise MissingExtra(
            f"reading web pages needs the web extra ({exc.name or 'trafilatura'} is missing): "
            f"{WEB_EXTRA_HINT}"
        ) from None
    # The libraries log their own doubts; newscli reports what matters itself.
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    return trafilatura


def split_dateline(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """The dateline opening the first paragraph (``TAICHUNG- The city...``), and the rest."""
    if not paragraphs:
        return None, paragraphs
    place = dateline_of(paragraphs[0])
    if place and place.isupper():
        return place, paragraphs[1:]
    match = _LEADING_DATELINE.fullmatch(paragraphs[0])
    if match:
        place = dateline_of(match["head"])
        if place and place.isupper() and match["rest"].strip():
            return place, [match["rest"].strip(), *paragraphs[1:]]
    return None, paragraphs


def parse_html(page: bytes | str, url: str | None = None) -> Draft:
    """A draft from an article's web page: its text as paragraphs, and its metadata."""
    document = _trafilatura().bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    if document is None or not (document.text or "").strip():
        raise InvalidInput("no article text found in the page")
    # trafilatura puts one paragraph a line; newscli separates them by a blank line.
    lines = [" ".join(line.split()) for line in document.text.split("\n")]
    dateline, paragraphs = split_dateline([line for line in lines if line])
    draft = Draft(
        title=document.title,
        body="\n\n".join(paragraphs),
        dateline=dateline,
        url=url or document.url,
        source=document.sitename,
        author=document.author,
        image=document.image,
    )
    if document.date:
        try:
            draft.published = parse_date(document.date)
        except InvalidInput:
            draft.published = None
    return draft
