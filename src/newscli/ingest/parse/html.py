"""Web pages: the article's own text and metadata, read with trafilatura.

trafilatura (the ``web`` extra) drops navigation, footers, comment widgets and
scripts. It is imported only when a page is read, so the CLI starts quickly.
What it returns is checked against the page's own statements (html_meta) and
cleaned: the headline, site name, dateline, authors and trailing widgets.
"""

from __future__ import annotations

import logging
from typing import Any

from newscli.dates import parse_date
from newscli.errors import InvalidInput, MissingExtra
from newscli.ingest.parse.boilerplate import drop_reading_times, drop_repeated_headline, trim_tail
from newscli.ingest.parse.bylines import clean_authors
from newscli.ingest.parse.datelines import find_dateline
from newscli.ingest.parse.furniture import clear_furniture, drop_author_box
from newscli.ingest.parse.html_links import link_texts
from newscli.ingest.parse.html_meta import PageMeta, absolute, read_meta
from newscli.ingest.parse.titles import choose_title, host_name, site_name
from newscli.model.article import Draft

WEB_EXTRA_HINT = "pip install 'newscli[web]'"
# A title made from the text's first words when the page states none.
MAX_FALLBACK_TITLE_CHARS = 150


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
    found = find_dateline(paragraphs)
    return (found.place, found.paragraphs) if found else (None, paragraphs)


def _first_words(paragraphs: list[str]) -> tuple[str, list[str]]:
    """A title from the text itself: a short first line, else the first words; and the body."""
    first = paragraphs[0]
    if len(first) <= MAX_FALLBACK_TITLE_CHARS and len(paragraphs) > 1:
        return first, paragraphs[1:]
    cut = first[:MAX_FALLBACK_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return f"{cut}…", paragraphs


def parse_html(page: bytes | str, url: str | None = None) -> Draft:
    """A draft from an article's web page: its text as paragraphs, and its metadata."""
    trafilatura = _trafilatura()
    tree = trafilatura.load_html(page)
    meta = read_meta(tree, url) if tree is not None else PageMeta()
    links = link_texts(tree) if tree is not None else frozenset()
    document = tree is not None and trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
    )
    if not document or not (document.text or "").strip():
        raise InvalidInput("no article text found in the page")
    # trafilatura puts one paragraph a line; newscli separates them by a blank line.
    lines = [" ".join(line.split()) for line in document.text.split("\n")]
    paragraphs = [line for line in lines if line]
    site = site_name(meta, document.sitename)
    address = url or meta.address or document.url
    sites = [s for s in (site, meta.site_name, document.sitename, host_name(address)) if s]
    title = choose_title(document.title, meta, sites, paragraphs)
    headlines = [h for h in (title, meta.headline, meta.og_title, *meta.headings) if h]
    paragraphs = drop_repeated_headline(headlines, drop_reading_times(paragraphs))
    cleared = clear_furniture(paragraphs, headlines)
    paragraphs = cleared.paragraphs
    if not title:
        title, paragraphs = _first_words(paragraphs)
    dateline = find_dateline(paragraphs)
    if dateline:
        paragraphs = dateline.paragraphs
    author = clean_authors(document.author, not_names=sites) or clean_authors(
        cleared.byline, not_names=sites
    )
    draft = Draft(
        title=title,
        body="\n\n".join(trim_tail(drop_author_box(paragraphs, author), links)),
        dateline=dateline.place if dateline else None,
        url=address,
        source=site or (dateline.agency if dateline else None),
        author=author,
        image=absolute(document.image, address) or meta.image,
    )
    if document.date:
        try:
            draft.published = parse_date(document.date)
        except InvalidInput:
            draft.published = None
    return draft
