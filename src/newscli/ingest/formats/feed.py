"""RSS and Atom feeds: one record an item (needs the ``web`` extra)."""

from __future__ import annotations

from newscli.ingest.formats.declaration import BatchReader, draft_record
from newscli.ingest.input_record import InputRecord

_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


def read(data: bytes, source: str) -> list[InputRecord]:
    """An entry for each item of the feed, named ``SOURCE: item N``; first a note when
    the feed was read in another encoding than it declares."""
    from newscli.ingest.parse.feed import read_feed

    feed = read_feed(data)
    notes = [InputRecord(source, note=f"warning: {feed.warning}")] if feed.warning else []
    return notes + [
        InputRecord(f"{source}: item {n}", record=draft_record(draft))
        for n, draft in enumerate(feed.drafts, start=1)
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
