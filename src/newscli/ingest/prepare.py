"""Imported records turned into articles ready to write: checked as ``add`` checks them
and encoded as their files, on every core when the input is large."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any

from newscli import ids, workers
from newscli.errors import InvalidInput
from newscli.index.rows import Columns, columns, digest_of
from newscli.model import codec
from newscli.model.article import Article
from newscli.model.cleaning import checked_article

if TYPE_CHECKING:
    from concurrent.futures import Future

    from newscli.ingest.input_record import InputRecord

CHUNK = 64  # records a worker is given at once; an input no longer is done in-process
AHEAD = 4  # chunks a worker may be given before the first is taken: bounds the memory


@dataclass(slots=True)
class Made:
    """A record made ready: its article's id and url, whether the record gave the id,
    the bytes of its file and its index columns (stamped when written).

    Not the article itself: carrying its objects back from a worker process cost the
    writing process more than the rest of a record (``article`` makes it again, for the
    rare record that needs it: an update, or an id taken meanwhile)."""

    article_id: str
    url: str | None
    given_id: bool
    data: bytes
    columns: Columns

    @classmethod
    def of(cls, article: Article, given_id: bool) -> Made:
        return cls(article.id, article.url, given_id, codec.encode(article), columns(article, b""))

    @property
    def digest(self) -> bytes:
        """The content digest of its title and body (``index_rows.content_digest``)."""
        return digest_of(self.columns)

    def renamed(self, record: Mapping[str, Any], stamp: datetime, article_id: str) -> None:
        """Give the article another id (one made by a worker was taken)."""
        article = article_again(record, stamp, article_id)
        self.article_id = article.id
        self.data, self.columns = codec.encode(article), columns(article, b"")


def article_again(record: Mapping[str, Any], stamp: datetime, article_id: str) -> Article:
    """The article ``ready`` made of ``record``, with ``article_id`` unless the record
    gives one (ids of comments that had none are drawn again)."""
    from newscli.ingest.batch import article_from_record

    article, _ = article_from_record(record, stamp, lambda: article_id)
    return checked_article(article)


# A record made ready, or why it is bad; None for an entry that had no record.
Ready = Made | str | None


def ready(entries: list[InputRecord], stamp: datetime) -> list[Ready]:
    """Each entry's record made ready; runs in worker processes.

    The ids given to records without one are only unique within ``entries``: the caller
    checks them against the store (a clash is rare, one in about 10^12 ids).
    """
    from newscli.ingest.batch import article_from_record

    given: set[str] = set()
    result: list[Ready] = []
    for entry in entries:
        if entry.record is None:
            result.append(None)
            continue
        try:
            article, given_id = article_from_record(
                entry.record, stamp, partial(ids.new_id, ids.ARTICLE_ID_LENGTH, given)
            )
            given.add(article.id)
            result.append(Made.of(checked_article(article), given_id))
        except InvalidInput as exc:
            result.append(str(exc))
    return result


def ready_all(
    entries: Iterable[InputRecord], stamp: datetime
) -> Iterator[tuple[InputRecord, Ready]]:
    """Each entry with its record made ready, in order: in this process for a short
    input, by a worker process a core for a longer one."""
    it = iter(entries)
    first = list(islice(it, CHUNK))
    cores = os.cpu_count() or 1
    if len(first) < CHUNK or cores < 2:
        for chunk in _with_first(first, it):
            yield from zip(chunk, ready(chunk, stamp), strict=True)
        return
    from concurrent.futures import ProcessPoolExecutor

    # Niced, as a cold build's: the one process writing the index sets the pace, and
    # workers that took its core would slow it (6.2-6.3 s against 6.5-8.0 s at 10,000).
    pool = ProcessPoolExecutor(cores, initializer=workers.start, initargs=(os.getpid(),))
    try:
        sent: deque[tuple[list[InputRecord], Future[list[Ready]]]] = deque()
        for chunk in _with_first(first, it):
            sent.append((chunk, pool.submit(ready, chunk, stamp)))
            if len(sent) > AHEAD * cores:
                done, future = sent.popleft()
                yield from zip(done, future.result(), strict=True)
        while sent:
            done, future = sent.popleft()
            yield from zip(done, future.result(), strict=True)
    finally:
        pool.shutdown(cancel_futures=True)  # after Ctrl-C or an error, what is not begun


def _with_first(
    first: list[InputRecord], rest: Iterator[InputRecord]
) -> Iterator[list[InputRecord]]:
    yield first
    yield from _chunks(rest)


def _chunks(entries: Iterator[InputRecord]) -> Iterator[list[InputRecord]]:
    while chunk := list(islice(entries, CHUNK)):
        yield chunk
