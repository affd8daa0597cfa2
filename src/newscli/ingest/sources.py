"""Reading inputs: a file, an http(s) URL or standard input (``-``), within a size
limit, with its format guessed when not given; and the records of ``import``'s inputs,
read as they are used.

JSON Lines (a file or standard input) is read a line at a time, with no limit on the
whole, only on each record: memory holds a record, not the file; a site's export
(WordPress, Disqus) an element at a time. The other formats (and anything fetched from a
URL) are read whole, within ``MAX_BATCH_BYTES``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

from newscli.errors import MissingExtra, NewsError
from newscli.model.article import MAX_INPUT_BYTES

if TYPE_CHECKING:
    from newscli.ingest.formats.declaration import StreamReader
    from newscli.ingest.input_record import InputRecord, ReadOptions

MAX_BATCH_BYTES = 256 * 2**20  # a JSON Lines batch may hold far more than one article


@dataclass(frozen=True)
class Page:
    """One page read for ``add``: its bytes, its name in messages, the URL it was fetched
    from and its format (``text``, ``markdown``, ``html``; or a batch format when guessed),
    and whether it came from a private address (then so may its image)."""

    data: bytes
    name: str
    url: str | None
    format: str
    private: bool = False


def read_bytes(source: str, limit: int = MAX_INPUT_BYTES, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of a file, or of ``stdin`` (default: standard input) for ``-``, up to
    ``limit``; more than that is an error."""
    try:
        if source == "-":
            data = (stdin or sys.stdin.buffer).read(limit + 1)
        else:
            with Path(source).open("rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise NewsError(f"cannot read '{source}': {exc.strerror}") from None
    if len(data) > limit:
        raise NewsError(f"'{source}' is larger than the limit of {limit // 2**20} MB")
    return data


def sample() -> Page:
    """The bundled sample article's page."""
    from newscli.samples import sample_page

    return Page(sample_page(), "sample", None, "text")


def read_page(source: str, fmt: str = "auto", stdin: BinaryIO | None = None) -> Page:
    """One page from a file, an http(s) URL or ``-``; ``auto`` guesses its format from
    its name, content type or first bytes."""
    from newscli.ingest.formats.registry import guess_format
    from newscli.net.fetch import fetch, is_url

    url, kind, private = None, None, False
    if is_url(source):
        got = fetch(source)
        data, name, url, kind, private = got.data, source, got.url, got.content_type, got.private
    else:
        data, name = read_bytes(source, stdin=stdin), "stdin" if source == "-" else source
    if fmt == "auto":
        fmt = guess_format(url or name, data, kind, "html" if url else "text")
    return Page(data, name, url, fmt, private)


def read_input(
    data: bytes,
    source: str,
    fmt: str = "auto",
    *,
    url: str | None = None,
    options: ReadOptions | None = None,
) -> list[InputRecord]:
    """The records of one input in ``fmt`` (``auto`` guesses it); ``options`` are for a
    site's export."""
    from newscli.ingest.formats.registry import guess_format, read_entries

    if fmt == "auto":
        fmt = guess_format(url or source, data, default="jsonl" if source == "stdin" else "text")
    if fmt == "html":
        from newscli.model import limits

        limits.html_page(data)  # before the parser, which would take long
    return read_entries(data, source, fmt, url, options)


def read_source(
    source: str,
    fmt: str = "auto",
    stdin: BinaryIO | None = None,
    options: ReadOptions | None = None,
    private: set[str] | None = None,
) -> list[InputRecord]:
    """The records of one file, http(s) URL or ``-``; one that cannot be read or parsed
    is a single bad entry (a missing optional library is still raised). A URL whose
    bytes came from a private address is added to ``private``."""
    from newscli.ingest.input_record import InputRecord
    from newscli.net.fetch import fetch, is_url

    try:
        if is_url(source):
            got = fetch(source)
            if got.private and private is not None:
                private.add(source)
            if fmt == "auto":
                from newscli.ingest.formats.registry import guess_format

                fmt = guess_format(got.url, got.data, got.content_type, "html")
            return read_input(got.data, source, fmt, url=got.url, options=options)
        name = "stdin" if source == "-" else source
        data = read_bytes(source, MAX_BATCH_BYTES, stdin)
        return read_input(data, name, fmt, options=options)
    except MissingExtra:
        raise
    except NewsError as exc:
        return [InputRecord(source, problem=str(exc).removeprefix(f"{source}: "))]


def read_sources(
    sources: Sequence[str], fmt: str = "auto", stdin: BinaryIO | None = None
) -> list[InputRecord]:
    """The records of several sources, in order (``read_source`` for each), for an import.

    A file that cannot be opened (missing, say) raises NewsError before any source is
    read: a mistyped name is an error, not a bad record. A URL that cannot be fetched
    stays one bad entry, so that one feed being down spoils no batch.
    """
    check_readable(sources)
    return [entry for source in sources for entry in read_source(source, fmt, stdin)]


def check_readable(sources: Sequence[str]) -> None:
    """Raise NewsError for the first local file that cannot be opened (URLs and ``-`` are
    not looked at): a mistyped name stops an import before anything is read."""
    from newscli.net.fetch import is_url

    for source in sources:
        if source != "-" and not is_url(source):
            try:
                Path(source).open("rb").close()
            except OSError as exc:
                raise NewsError(f"cannot read '{source}': {exc.strerror}") from None


def read_text(source: str, stdin: BinaryIO | None = None) -> str:
    """The text of a file or of ``-`` (standard input), decoded as ``add`` decodes pages."""
    from newscli.model.decode import decode_text

    return decode_text(read_bytes(source, stdin=stdin), "stdin" if source == "-" else source)


MAX_RECORD_BYTES = MAX_INPUT_BYTES  # one JSON Lines record: an article, with room to spare
_HEAD = 4096  # bytes a format is guessed from
_CHUNK = 2**20


def stream_source(
    source: str,
    fmt: str = "auto",
    stdin: BinaryIO | None = None,
    options: ReadOptions | None = None,
    private: set[str] | None = None,
) -> Iterator[InputRecord]:
    """The records of one file, http(s) URL or ``-``, as ``read_source`` reads them, but
    JSON Lines a record at a time, and a site's export an element at a time."""
    from newscli.ingest.formats.declaration import StreamReader
    from newscli.ingest.formats.registry import guess_format, reader
    from newscli.ingest.input_record import ReadOptions
    from newscli.ingest.parse.records import stream_jsonl
    from newscli.net.fetch import is_url

    streamed = fmt in ("auto", "jsonl") or isinstance(reader(fmt), StreamReader)
    if is_url(source) or not streamed:
        yield from read_source(source, fmt, stdin, options, private)
        return
    name = "stdin" if source == "-" else source
    try:
        handle = (stdin or sys.stdin.buffer) if source == "-" else Path(source).open("rb")  # noqa: SIM115
    except OSError:
        yield from read_source(source, fmt, stdin, options)  # says why, as for any input
        return
    try:
        handle = _peekable(handle)
        head = _peek(handle)
        if fmt == "auto":
            fmt = guess_format(name, head, default="jsonl" if source == "-" else "text")
        if fmt == "jsonl":
            yield from stream_jsonl(handle, name, MAX_RECORD_BYTES)
            return
        found = reader(fmt)
        if isinstance(found, StreamReader):
            yield from _site_export(found, handle, name, options or ReadOptions())
            return
        data = handle.read(MAX_BATCH_BYTES + 1)  # the head too: peeking read none
    finally:
        if source != "-":
            handle.close()
    if len(data) > MAX_BATCH_BYTES:
        limit = f"the limit of {MAX_BATCH_BYTES // 2**20} MB for a {fmt} input"
        yield InputRecord(source, problem=f"'{source}' is larger than {limit}")
        return
    yield from read_input(data, name, fmt, options=options)


def _site_export(
    found: StreamReader, handle: BinaryIO, name: str, options: ReadOptions
) -> Iterator[InputRecord]:
    """The records of a site's export; one that cannot be read is one bad entry (a
    missing optional library is still raised)."""
    from newscli.ingest.input_record import InputRecord

    try:
        yield from found.read(handle, name, options)
    except MissingExtra:
        raise
    except NewsError as exc:
        yield InputRecord(name, problem=str(exc))


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
    """The records of several inputs (files, URLs or ``-``), read as they are iterated;
    ``private`` gathers the URLs whose bytes came from a private address."""

    sources: list[str]
    fmt: str = "auto"
    stdin: BinaryIO | None = None
    options: ReadOptions | None = None
    private: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        check_readable(self.sources)  # a missing file is an error before any record is read

    def __iter__(self) -> Iterator[InputRecord]:
        for source in self.sources:
            yield from stream_source(source, self.fmt, self.stdin, self.options, self.private)

    def from_private(self, where: str) -> bool:
        """Whether the record at ``where`` (``SOURCE:LINE``) came from a URL whose bytes
        came from a private address (then its image address may be private too)."""
        return any(where.startswith(f"{source}:") for source in self.private)

    def __len__(self) -> int:
        """About how many records there are, for a progress bar, without keeping them:
        the lines of the local files (read again); standard input, URLs and site exports
        (whose lines are no records) count none."""
        from newscli.ingest.formats.declaration import StreamReader
        from newscli.ingest.formats.registry import guess_format, reader
        from newscli.net.fetch import is_url

        lines = 0
        for source in self.sources:
            if source == "-" or is_url(source):
                continue
            try:
                with Path(source).open("rb") as handle:
                    fmt = self.fmt
                    if fmt == "auto":
                        fmt = guess_format(source, handle.read(_HEAD))
                        handle.seek(0)
                    if isinstance(reader(fmt), StreamReader):
                        continue
                    last = b"\n"
                    while chunk := handle.read(_CHUNK):
                        lines += chunk.count(b"\n")
                        last = chunk[-1:]
                    lines += last != b"\n"
            except OSError:
                continue
        return lines
