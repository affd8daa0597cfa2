"""An article's headline and its site's name, each without the other.

Pages put the site's name after the headline in ``<title>`` (``Headline | Site``,
``Headline - Site``, or an en dash), add a tagline to the site's name
(``Aktuálně.cz - Víte, co se právě děje``) and give section names in place of a
headline. The article's own statements (JSON-LD ``headline``, ``og:title``,
``<h1>``) are preferred to site chrome.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newscli.ingest.parse.boilerplate import comparable, headline_at_start
from newscli.ingest.parse.html_meta import PageMeta

# " | ", " - ", " – ", " — ", " · ", " • ", " :: ", " » ": what joins a headline and a site name.
_SEPARATOR = re.compile(r"\s+(?:[|–—·•»:]{1,2}|-{1,2})\s+")
MAX_SITE_WORDS = 6
# "Allergies Health Center", "Information and Resources": no headline is this short
# where the page's own statements give a longer one.
MAX_SECTION_WORDS = 3
# The labels under a country's domain that name no site: "co" in example.co.uk.
_SECOND_LEVEL = frozenset(("co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "gv"))
_QUOTES = "\"'“”„«»‘’"


def _parts(title: str) -> list[str]:
    return [p for p in _SEPARATOR.split(title) if p.strip()]


def site_name(meta: PageMeta, extracted: str | None) -> str | None:
    """The site's name without a tagline: og:site_name or the JSON-LD publisher, else the
    part of ``<title>`` after the headline, else the one the extractor found."""
    name = meta.site_name or _site_from_title(meta) or extracted
    if not name:
        return None
    parts = _parts(name)
    site = parts[0].strip() if parts else None
    return None if site and is_section(site) else site


# Sections a page's <title> or breadcrumbs name after the headline: no site is called so.
SECTIONS = frozenset(
    (
        *("news", "world", "us", "uk", "politics", "business", "sport", "sports", "opinion"),
        *("technology", "tech", "health", "science", "entertainment", "culture", "local"),
        *("national", "international", "europe", "asia", "africa", "americas", "economy"),
        *("markets", "lifestyle", "travel", "education", "video", "home", "middle east"),
        *("us canada", "us news", "world news", "nachrichten", "politik", "wirtschaft"),
    )
)


def is_section(name: str) -> bool:
    """Whether NAME is a section's (``U.S.``, ``World``, ``Politik``), not a site's."""
    return (
        " ".join("".join(c if c.isalnum() else " " for c in name.casefold()).split()).replace(
            "u s", "us"
        )
        in SECTIONS
    )


def _site_from_title(meta: PageMeta) -> str | None:
    """The part of ``<title>`` after the article's headline, when it is short."""
    if not meta.title:
        return None
    parts = _parts(meta.title)
    own = {comparable(t) for t in (meta.headline, meta.og_title, *meta.headings[:1]) if t}
    if len(parts) == 2 and comparable(parts[0]) in own:
        site = parts[1].strip()
        return site if len(site.split()) <= MAX_SITE_WORDS else None
    return None


def host_name(url: str | None) -> str | None:
    """The name in a page's address, which sites also go by: ``smava`` for
    ``https://www.smava.de/x``, ``example`` for ``news.example.co.uk``."""
    labels = (urlsplit(url or "").hostname or "").split(".")[:-1]  # no top-level domain
    while labels and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return labels[-1] if labels and len(labels[-1]) > 2 else None


def strip_site(title: str, sites: list[str]) -> str:
    """TITLE without a leading or trailing part that is one of SITES (or contains one)."""
    # Compared without spaces: "La Stampa" is the site at lastampa.it.
    known = [comparable(s).replace(" ", "") for s in sites if s and comparable(s)]
    parts = _SEPARATOR.split(title)
    if len(parts) < 2 or not known:
        return title

    def is_site(part: str) -> bool:
        name = comparable(part).replace(" ", "")
        return bool(name) and any(k in name and len(name) < 2 * len(k) for k in known)

    for cut in range(1, len(parts)):
        if is_site(parts[cut]) or is_site(" ".join(parts[cut:])):
            return _joined(title, parts, 0, cut)
    if is_site(parts[0]):
        return _joined(title, parts, 1, len(parts))
    return title


def _joined(title: str, parts: list[str], start: int, end: int) -> str:
    """The text of TITLE from its part START up to its part END (excluded), separators kept."""
    separators = _SEPARATOR.findall(title)
    text = parts[start]
    for i in range(start + 1, end):
        text += separators[i - 1] + parts[i]
    return text.strip()


def choose_title(
    extracted: str | None, meta: PageMeta, sites: list[str], paragraphs: list[str]
) -> str | None:
    """The article's headline.

    The extractor's title, or the article's own (JSON-LD, og:title) where the
    extractor's is missing or a short section name; but an ``<h1>`` opening the text
    wins over both when neither is there and it is no section name itself.
    """
    own = next((t for t in (meta.headline, meta.og_title) if t), None)
    title = extracted
    if own and (not title or (_is_short(title, sites) and not _agrees(own, title, sites))):
        title = own
    title = title or next(iter(meta.headings), None) or meta.title
    opening = paragraphs[:2]
    if not (title and any(_agrees(title, p, sites) for p in opening)):
        at = headline_at_start(meta.headings, opening)
        if at is not None and not _is_short(paragraphs[at], sites):
            title = paragraphs[at]
    return _uncut(strip_site(title, sites), meta.title, sites) if title else None


def _uncut(title: str, page_title: str | None, sites: list[str]) -> str:
    """TITLE, or the ``<title>`` it is the start of when it stops before a quotation
    mark: a ``content="..."`` attribute cut short by a quote left unescaped in it."""
    full = strip_site(page_title, sites) if page_title else ""
    rest = full[len(title) :].lstrip() if full.startswith(title) else ""
    return full if rest and rest[0] in _QUOTES else title


def _is_short(title: str, sites: list[str]) -> bool:
    """Whether TITLE, without its site part, is as short as a section name."""
    return len(comparable(strip_site(title, sites)).split()) <= MAX_SECTION_WORDS


def _agrees(own: str, extracted: str, sites: list[str]) -> bool:
    """Whether two titles name the same article once their site parts are gone."""
    a = comparable(strip_site(own, sites))
    b = comparable(strip_site(extracted, sites))
    return bool(a) and bool(b) and (a in b or b in a)
