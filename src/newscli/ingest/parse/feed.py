"""RSS and Atom feeds, read with feedparser (the ``web`` extra): one draft an item."""

from __future__ import annotations

import calendar
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


def _draft(entry: Any, site: str | None) -> Draft:
    dateline, paragraphs = split_dateline(_paragraphs(entry))
    guid = entry.get("id")
    draft = Draft(
        title=entry.get("title"),
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


def parse_feed(data: bytes) -> list[Draft]:
    """A draft for each item of an RSS or Atom feed, in the feed's order."""
    parsed = _feedparser().parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception")
        raise InvalidInput(f"not an RSS or Atom feed{f': {reason}' if reason else ''}")
    site = parsed.feed.get("title")
    return [_draft(entry, site) for entry in parsed.entries]
