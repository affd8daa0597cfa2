"""Reading inputs: a file, an http(s) URL or standard input (``-``), within a size
limit, with its format guessed when not given."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from newscli.errors import MissingExtra, NewsError
from newscli.models import MAX_INPUT_BYTES

if TYPE_CHECKING:
    from newscli.importers.entry import Entry

MAX_BATCH_BYTES = 256 * 2**20  # a JSON Lines batch may hold far more than one article


@dataclass(frozen=True)
class Page:
    """One page read for ``add``: its bytes, its name in messages, the URL it was fetched
    from and its format (``text``, ``markdown``, ``html``; or a batch format when guessed)."""

    data: bytes
    name: str
    url: str | None
    format: str


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
    from newscli.fetch import fetch, is_url
    from newscli.importers.formats import guess_format

    url, kind = None, None
    if is_url(source):
        got = fetch(source)
        data, name, url, kind = got.data, source, got.url, got.content_type
    else:
        data, name = read_bytes(source, stdin=stdin), "stdin" if source == "-" else source
    if fmt == "auto":
        fmt = guess_format(url or name, data, kind, "html" if url else "text")
    return Page(data, name, url, fmt)


def read_input(
    data: bytes, source: str, fmt: str = "auto", *, url: str | None = None
) -> list[Entry]:
    """The records of one input in ``fmt`` (``auto`` guesses it)."""
    from newscli.importers.formats import guess_format, read_entries

    if fmt == "auto":
        fmt = guess_format(url or source, data, default="jsonl" if source == "stdin" else "text")
    if fmt == "html":
        from newscli import limits

        limits.html_page(data)  # before the parser, which would take long
    return read_entries(data, source, fmt, url)


def read_source(source: str, fmt: str = "auto", stdin: BinaryIO | None = None) -> list[Entry]:
    """The records of one file, http(s) URL or ``-``; one that cannot be read or parsed
    is a single bad entry (a missing optional library is still raised)."""
    from newscli.fetch import fetch, is_url
    from newscli.importers.entry import Entry

    try:
        if is_url(source):
            got = fetch(source)
            if fmt == "auto":
                from newscli.importers.formats import guess_format

                fmt = guess_format(got.url, got.data, got.content_type, "html")
            return read_input(got.data, source, fmt, url=got.url)
        name = "stdin" if source == "-" else source
        return read_input(read_bytes(source, MAX_BATCH_BYTES, stdin), name, fmt)
    except MissingExtra:
        raise
    except NewsError as exc:
        return [Entry(source, problem=str(exc).removeprefix(f"{source}: "))]


def read_sources(
    sources: Sequence[str], fmt: str = "auto", stdin: BinaryIO | None = None
) -> list[Entry]:
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
    from newscli.fetch import is_url

    for source in sources:
        if source != "-" and not is_url(source):
            try:
                Path(source).open("rb").close()
            except OSError as exc:
                raise NewsError(f"cannot read '{source}': {exc.strerror}") from None


def read_text(source: str, stdin: BinaryIO | None = None) -> str:
    """The text of a file or of ``-`` (standard input), decoded as ``add`` decodes pages."""
    from newscli.importers.decode import decode_text

    return decode_text(read_bytes(source, stdin=stdin), "stdin" if source == "-" else source)
