"""What an import format declares: one module a format in ``ingest/formats/``, listed in
``registry.READERS``.

A format is named (the ``import --format`` value) and recognised by its file extensions,
its content types or its first bytes. A ``PageReader`` reads one article's page into a
draft (``add`` takes these); a ``BatchReader`` reads any number of records; a
``StreamReader`` reads a site's export from an open file, a record at a time. Readers
import their parser when they read, so listing them costs no start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import IO, Any

from newscli.ingest.input_record import InputRecord, ReadOptions
from newscli.model.article import Draft

# Record keys a Markdown front matter may carry that a draft has no field for.
_RECORD_KEYS = ("schema", "id", "added", "updated", "votes", "comments")


@dataclass(frozen=True, kw_only=True, slots=True)
class FormatReader:
    """An import format: its name and how to recognise it.

    ``sniff`` is given the input's first 4 KiB, byte order mark and leading blanks
    removed, and says whether they look like this format. ``marks`` is given the same and
    says whether they can only be this format: then it wins over the name's extension
    (a WordPress export is named ``.xml``, as feeds are).
    """

    name: str
    extensions: tuple[str, ...] = ()  # lower case, with the dot
    content_types: tuple[str, ...] = ()
    sniff: Callable[[bytes], bool] | None = None
    marks: Callable[[bytes], bool] | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class PageReader(FormatReader):
    """A format holding one article's page: ``read(data, name, url)`` makes it a draft."""

    read: Callable[[bytes, str, str | None], Draft]


@dataclass(frozen=True, kw_only=True, slots=True)
class BatchReader(FormatReader):
    """A format holding many records: ``read(data, source)`` makes them entries."""

    read: Callable[[bytes, str], list[InputRecord]]


@dataclass(frozen=True, kw_only=True, slots=True)
class StreamReader(FormatReader):
    """A site's export: ``read(handle, source, options)`` yields its records as it reads
    them, so that memory does not grow with the file."""

    read: Callable[[IO[bytes], str, ReadOptions], Iterator[InputRecord]]


AnyReader = PageReader | BatchReader | StreamReader


def draft_record(draft: Draft) -> dict[str, Any]:
    """A draft as an import record (what Markdown front matter held for a record, lifted)."""
    record: dict[str, Any] = {
        f.name: getattr(draft, f.name)
        for f in fields(Draft)
        if getattr(draft, f.name) not in (None, [], {})
    }
    extra = dict(draft.extra)
    for key in _RECORD_KEYS:
        if key in extra:
            record[key] = extra.pop(key)
    record.pop("extra", None)
    if extra:
        record["extra"] = extra
    return record
