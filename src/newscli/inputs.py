"""The records of ``import``'s inputs, read as they are used.

JSON Lines (a file or standard input) is read a line at a time, with no limit on the
whole, only on each record: memory holds a record, not the file. The other formats
(and anything fetched from a URL) are read whole, within ``sources.MAX_BATCH_BYTES``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from newscli.importers.entry import Entry
from newscli.models import MAX_INPUT_BYTES
from newscli.sources import MAX_BATCH_BYTES, check_readable, read_input, read_source

MAX_RECORD_BYTES = MAX_INPUT_BYTES  # one JSON Lines record: an article, with room to spare
_HEAD = 4096  # bytes a format is guessed from
_CHUNK = 2**20


def stream_source(source: str, fmt: str = "auto", stdin: BinaryIO | None = None) -> Iterator[Entry]:
    """The records of one file, http(s) URL or ``-``, as ``read_source`` reads them, but
    JSON Lines a record at a time."""
    from newscli.fetch import is_url
    from newscli.importers.formats import guess_format
    from newscli.importers.records import stream_jsonl

    if is_url(source) or fmt not in ("auto", "jsonl"):
        yield from read_source(source, fmt, stdin)
        return
    name = "stdin" if source == "-" else source
    try:
        handle = (stdin or sys.stdin.buffer) if source == "-" else Path(source).open("rb")  # noqa: SIM115
    except OSError:
        yield from read_source(source, fmt, stdin)  # says why, as for any input
        return
    try:
        handle = _peekable(handle)
        head = _peek(handle)
        if fmt == "auto":
            fmt = guess_format(name, head, default="jsonl" if source == "-" else "text")
        if fmt == "jsonl":
            yield from stream_jsonl(handle, name, MAX_RECORD_BYTES)
            return
        data = handle.read(MAX_BATCH_BYTES + 1)  # the head too: peeking read none
    finally:
        if source != "-":
            handle.close()
    if len(data) > MAX_BATCH_BYTES:
        limit = f"the limit of {MAX_BATCH_BYTES // 2**20} MB for a {fmt} input"
        yield Entry(source, problem=f"'{source}' is larger than {limit}")
        return
    yield from read_input(data, name, fmt)


def _peekable(handle: BinaryIO) -> BinaryIO:
    """``handle``, or a buffered reader of it that can show bytes before reading them."""
    if hasattr(handle, "peek"):
        return handle
    return cast(BinaryIO, io.BufferedReader(cast(io.RawIOBase, handle)))


def _peek(handle: BinaryIO) -> bytes:
    """The first bytes of ``handle`` (at least one unless it is empty), left to be read."""
    head: bytes = cast(io.BufferedReader, handle).peek(_HEAD)
    return head[:_HEAD]


@dataclass(frozen=True)
class Inputs:
    """The records of several inputs (files, URLs or ``-``), read as they are iterated."""

    sources: list[str]
    fmt: str = "auto"
    stdin: BinaryIO | None = None

    def __post_init__(self) -> None:
        check_readable(self.sources)  # a missing file is an error before any record is read

    def __iter__(self) -> Iterator[Entry]:
        for source in self.sources:
            yield from stream_source(source, self.fmt, self.stdin)

    def __len__(self) -> int:
        """About how many records there are, for a progress bar, without keeping them:
        the lines of the local files (read again); standard input and URLs count none."""
        from newscli.fetch import is_url

        lines = 0
        for source in self.sources:
            if source == "-" or is_url(source):
                continue
            try:
                with Path(source).open("rb") as handle:
                    last = b"\n"
                    while chunk := handle.read(_CHUNK):
                        lines += chunk.count(b"\n")
                        last = chunk[-1:]
                    lines += last != b"\n"
            except OSError:
                continue
        return lines
