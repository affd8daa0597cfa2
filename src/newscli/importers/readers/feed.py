"""RSS and Atom feeds: one record an item (needs the ``web`` extra)."""

from __future__ import annotations

from newscli.importers.entry import Entry
from newscli.importers.readers import BatchReader, draft_record

_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


def read(data: bytes, source: str) -> list[Entry]:
    """An entry for each item of the feed, named ``SOURCE: item N``."""
    from newscli.importers.feed import parse_feed

    return [
        Entry(f"{source}: item {n}", record=draft_record(draft))
        for n, draft in enumerate(parse_feed(data), start=1)
    ]


def _sniff(head: bytes) -> bool:
    return head.startswith(b"<") and any(root in head.lower() for root in _ROOTS)


READER = BatchReader(
    name="feed",
    extensions=(".xml", ".rss", ".atom"),
    content_types=("application/rss+xml", "application/atom+xml", "application/xml", "text/xml"),
    sniff=_sniff,
    read=read,
)
