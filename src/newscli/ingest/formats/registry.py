"""The import formats, in one list, and reading an input with the one it names.

Adding a format: a module in ``ingest/formats/`` declaring ``READER``, one line in
``READERS``, and its name in ``choices.InputFormat`` (and ``PageFormat`` for a page).
"""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from newscli.errors import InvalidInput
from newscli.ingest.formats import disqus, feed, html, json, jsonl, markdown, text, toml, wxr
from newscli.ingest.formats.declaration import AnyReader, PageReader, StreamReader, draft_record
from newscli.ingest.input_record import InputRecord, ReadOptions
from newscli.model.article import Draft

# Every import format. When two recognise the same first bytes, the earlier wins.
READERS: tuple[AnyReader, ...] = (
    jsonl.READER,
    json.READER,
    toml.READER,
    text.READER,
    markdown.READER,
    wxr.READER,
    disqus.READER,
    feed.READER,
    html.READER,
)
PAGE_FORMATS = tuple(r.name for r in READERS if isinstance(r, PageReader))
_BY_NAME = {r.name: r for r in READERS}


def reader(name: str) -> AnyReader:
    """The import format called ``name``; ValueError names the known ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join(_BY_NAME)
        raise ValueError(f"unknown import format {name!r}: use one of {known}") from None


def guess_format(
    name: str, data: bytes, content_type: str | None = None, default: str = "text"
) -> str:
    """The format of an input: by first bytes only one format has, else by its name's
    extension, its content type, else its first bytes."""
    suffix = PurePosixPath(name.split("?", 1)[0]).suffix.lower()
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    found = (
        next((r for r in READERS if r.marks is not None and r.marks(head)), None)
        or next((r for r in READERS if suffix and suffix in r.extensions), None)
        or next((r for r in READERS if kind and kind in r.content_types), None)
        or next((r for r in READERS if r.sniff is not None and r.sniff(head)), None)
    )
    return default if found is None else found.name


def read_draft(data: bytes, name: str, fmt: str, url: str | None = None) -> Draft:
    """A draft from one page-shaped input, in one of PAGE_FORMATS."""
    page = reader(fmt)
    if not isinstance(page, PageReader):
        raise ValueError(f"{fmt} is not a page format: use one of {', '.join(PAGE_FORMATS)}")
    return page.read(data, name, url)


def read_entries(
    data: bytes,
    source: str,
    fmt: str,
    url: str | None = None,
    options: ReadOptions | None = None,
) -> list[InputRecord]:
    """The records of one input; what cannot be read is an entry with a problem."""
    found = reader(fmt)
    try:
        if isinstance(found, PageReader):
            return [InputRecord(f"{source}:1", record=draft_record(found.read(data, source, url)))]
        if isinstance(found, StreamReader):
            return list(found.read(io.BytesIO(data), source, options or ReadOptions()))
        return found.read(data, source)
    except InvalidInput as exc:
        return [InputRecord(f"{source}:1", problem=str(exc).removeprefix(f"{source}: "))]
