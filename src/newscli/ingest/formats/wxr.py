"""WordPress exports (WXR, Tools → Export): each post an article with its comments
(needs the ``web`` extra, for lxml)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from newscli.ingest.formats.declaration import StreamReader
from newscli.ingest.input_record import InputRecord, ReadOptions

_NAMESPACE = re.compile(rb"""xmlns:wp=["']https?://wordpress\.org/export/\d+\.\d+/["']""")


def read(handle: IO[bytes], source: str, options: ReadOptions) -> Iterator[InputRecord]:
    """An entry for each post, named ``SOURCE:LINE``."""
    from newscli.ingest.parse.wxr import read_wxr

    return read_wxr(handle, source, options)


def _marks(head: bytes) -> bool:
    """An RSS document declaring WordPress's export namespace."""
    return head.startswith(b"<") and b"<rss" in head and _NAMESPACE.search(head) is not None


READER = StreamReader(name="wxr", marks=_marks, sniff=_marks, read=read)
