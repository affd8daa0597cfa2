"""Disqus exports: each thread's comments joined to the article at its link (needs the
``web`` extra, for lxml)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from newscli.ingest.formats.declaration import StreamReader
from newscli.ingest.input_record import InputRecord, ReadOptions

_ROOT = re.compile(rb"""<disqus\b[^>]*\bxmlns=["']http://disqus\.com/?["']""")


def read(handle: IO[bytes], source: str, options: ReadOptions) -> Iterator[InputRecord]:
    """An entry for each thread with comments, named ``SOURCE:LINE``."""
    from newscli.ingest.parse.disqus import read_disqus

    return read_disqus(handle, source, options)


def _marks(head: bytes) -> bool:
    """A ``<disqus>`` root in Disqus's namespace."""
    return head.startswith(b"<") and _ROOT.search(head) is not None


READER = StreamReader(name="disqus", marks=_marks, sniff=_marks, read=read)
