"""RSS and Atom feeds, read with feedparser (the ``web`` extra): one draft an item."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from newscli.dates import in_range
from newscli.errors import InvalidInput, MissingExtra
from newscli.ingest.parse.html import WEB_EXTRA_HINT, split_dateline
from newscli.ingest.parse.html_meta import absolute
from newscli.ingest.parse.html_text import html_paragraphs
from newscli.model.article import Draft


def _feedparser() -> Any:
    try:
        import feedparser
    except ImportError:
        raise MissingExtra(f"reading feeds needs the web extra: {WEB_EXTRA_HINT}") from None
    return feedparser


def _when(entry: Any) -> datetime | None:
    """The item's date; one that cannot be a date (year 10000, say) is left out."""
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    try:
        return in_range(datetime.fromtimestamp(calendar.timegm(stamp), UTC))
    except (InvalidInput, ValueError, OverflowError, OSError):
        return None


def _paragraphs(entry: Any) -> list[str]:
    """The item's full content, else its summary, as plain paragraphs."""
    parts = entry.get("content") or []
    content = parts[0] if parts else entry.get("summary_detail")
    if not content or not content.get("value"):
        return []
    value = content["value"]
    if content.get("type") == "text/plain":
        return [" ".join(p.split()) for p in value.split("\n\n") if p.strip()]
    return html_paragraphs(value)


def _image(entry: Any) -> str | None:
    """The item's image address, a relative one resolved against the item's link."""
    found = _image_address(entry)
    return absolute(found, entry.get("link")) or found


def _image_address(entry: Any) -> str | None:
    for media in [*entry.get("media_content", []), *entry.get("media_thumbnail", [])]:
        if media.get("url"):
            return str(media["url"])
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return str(link.get("href"))
    return None


_MARKUP = ("text/html", "application/xhtml+xml")
_UTF8 = ("utf-8", "utf8")


def _plain(detail: Any, value: Any) -> Any:
    """A title as text: Atom's ``type="html"`` and ``"xhtml"`` titles are markup, whose
    tags and character references are read, not kept (``Ferry <b>returns</b>``)."""
    if isinstance(value, str) and detail and detail.get("type") in _MARKUP:
        return " ".join(html_paragraphs(value)) or value
    return value


def _draft(entry: Any, site: str | None) -> Draft:
    dateline, paragraphs = split_dateline(_paragraphs(entry))
    guid = entry.get("id")
    draft = Draft(
        title=_plain(entry.get("title_detail"), entry.get("title")),
        body="\n\n".join(paragraphs),
        dateline=dateline,
        published=_when(entry),
        # The link identifies the item on re-import; an item without one, its guid.
        url=entry.get("link") or guid,
        source=site,
        author=entry.get("author"),
        image=_image(entry),
        tags=[t["term"] for t in entry.get("tags", []) if t.get("term")],
    )
    if guid and guid != draft.url:
        draft.extra["guid"] = guid
    return draft


@dataclass
class Feed:
    """A feed's items as drafts, and a warning about how it was read (a wrong encoding)."""

    drafts: list[Draft] = field(default_factory=list)
    warning: str | None = None


def read_feed(data: bytes) -> Feed:
    """A draft for each item of an RSS or Atom feed, in the feed's order. A feed without
    items is an empty feed; only a document that is no feed at all is refused. A feed whose
    declared encoding does not fit its bytes is read in the one that does, with a warning
    naming it."""
    feedparser = _feedparser()
    parsed = feedparser.parse(data)
    declared = str(parsed.get("encoding") or "").lower()
    warning = None
    if _looks_utf8(data) and declared not in _UTF8:
        # A declaration of a one-byte encoding over UTF-8 bytes: feedparser believes it
        # and makes mojibake. UTF-8's multi-byte sequences rarely happen by chance.
        parsed = feedparser.parse(data, response_headers={"content-type": _UTF8_XML})
        warning = f"the feed declares {declared or 'no encoding'} but is UTF-8: read as utf-8"
    elif isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride):
        used = parsed.get("encoding") or "another encoding"
        warning = f"the feed's declared encoding does not fit its bytes: read as {used}"
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        raise InvalidInput(f"not an RSS or Atom feed{f': {reason}' if reason else ''}")
    site = _plain(parsed.feed.get("title_detail"), parsed.feed.get("title"))
    return Feed([_draft(entry, site) for entry in parsed.entries], warning)


_UTF8_XML = "application/xml; charset=utf-8"


def _looks_utf8(data: bytes) -> bool:
    """Whether ``data`` has bytes beyond ASCII and all of it is valid UTF-8."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
