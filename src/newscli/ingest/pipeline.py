"""The import pipeline: records checked as ``add`` checks them, matched against the
stored articles, and written a few at a time, with what happened to each in order."""

from __future__ import annotations

import contextlib
import copy
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from newscli import ids
from newscli.dates import now
from newscli.errors import InvalidInput, NewsError, NotFound
from newscli.ingest.indexing import CreatedRows
from newscli.ingest.prepare import Made, article_again, ready_all
from newscli.model.article import Article, Draft
from newscli.model.cleaning import cleaned_article
from newscli.store.store import Store

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

    from newscli.ingest.input_record import InputRecord

SCAN_WITHOUT_INDEX = 1000  # files read to find a duplicate rather than building the index
WRITE_BATCH = 256  # new files written with one flush to disk
_KEPT_ON_UPDATE = frozenset(("schema", "id", "added", "updated"))


@dataclass(frozen=True)
class Outcome:
    """What importing one record did: ``created``, ``updated``, ``unchanged`` (an update
    that would change nothing), ``duplicate`` or ``bad``; or a ``warning`` about a stored
    file that could not be read; or a ``note`` about an input (what a site's export left
    out)."""

    where: str
    kind: str
    article_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Added:
    """What ``add_new`` did: the new article's id, or with ``existing`` the id of the
    stored article the draft duplicates (then nothing was written)."""

    article_id: str
    existing: bool = False


def add_new(store: Store, draft: Draft, *, force: bool = False) -> Added:
    """Store a draft as a new article unless it is stored already: matched as records
    are, by url, else by title and body. ``force`` adds it anyway."""
    article = cleaned_article(draft, ids.new_id(ids.ARTICLE_ID_LENGTH), now())
    existing = None if force else stored_copy(store, article)
    if existing is not None:
        return Added(existing, existing=True)
    store.create_fresh(article)
    return Added(article.id)


def stored_copy(store: Store, article: Article) -> str | None:
    """The id of a stored article that ``article`` (not yet stored) duplicates, matched
    as records are: by url when it has one, else by title and body.

    The candidates come from the index, brought up to date with the files that came or
    went (not read again for edits made elsewhere: each candidate is checked against its
    file); a store that has no index file yet and few files is read directly rather than
    indexed for one article.
    """
    index_file = store.index_path
    if index_file is not None and not index_file.exists():
        found = store.ids()
        candidates = found if len(found) <= SCAN_WITHOUT_INDEX else None
    else:
        candidates = None
    if candidates is None:
        if not store.index.sync(edits=False):
            return None
        candidates = store.index.same_url_or_title(article.url, article.title)
    for candidate in candidates:
        try:
            stored = store.load(candidate)
        except NewsError:
            continue  # gone or unreadable since it was indexed
        if article.url:
            if stored.url == article.url:
                return candidate
        elif (stored.title, stored.body) == (article.title, article.body):
            return candidate
    return None


def _replace_fields(stored: Article, new: Article, keys: Iterable[str]) -> None:
    """Put the fields a record gave (``keys``) from ``new`` into ``stored``."""
    names = {f.name for f in fields(Article)} - _KEPT_ON_UPDATE
    for key in keys:
        if key in names:
            setattr(stored, key, getattr(new, key))
    for key, value in new.extra.items():
        stored.extra[key] = value


def _fields_changed(stored: Article, new: Article, keys: Iterable[str]) -> bool:
    """Put the fields a record gave into ``stored``; whether any changed."""
    names = [f.name for f in fields(Article)]
    before = [getattr(stored, name) for name in names], dict(stored.extra)
    _replace_fields(stored, new, keys)
    return before != ([getattr(stored, name) for name in names], stored.extra)


class _Unchanged(Exception):
    """Raised inside ``Store.update`` so that a record changing nothing writes nothing."""


def _update(store: Store, article_id: str, new: Article, keys: Iterable[str], dry_run: bool) -> str:
    """Put a record's fields into the stored article: ``updated``, or ``unchanged`` (and
    nothing written, ``updated`` kept) when they are what is stored already."""

    def replace(stored: Article) -> None:
        before = copy.deepcopy(stored)
        _replace_fields(stored, new, keys)
        if stored == before:
            raise _Unchanged

    if dry_run:
        try:
            replace(store.load(article_id))
        except _Unchanged:
            return "unchanged"
        return "updated"
    try:
        store.update(article_id, replace)
    except _Unchanged:
        return "unchanged"
    return "updated"


def _join(
    store: Store, article_id: str, new: Article, keys: Iterable[str], update: bool, dry_run: bool
) -> tuple[str, str | None]:
    """Join a site's discussion to the stored article it matches: ``updated`` when comments
    were added (or, with ``update``, anything refreshed), else ``duplicate`` (``unchanged``
    with ``update``); and why."""
    from newscli.ingest.joining import Joined, join_comments, join_held

    joined = Joined()

    def change(stored: Article) -> None:
        nonlocal joined
        joined = join_comments(stored, new.comments, update)
        held = join_held(stored, new)
        fields = update and _fields_changed(stored, new, set(keys) - {"comments"})
        if not (joined.added or joined.refreshed or held or fields):
            raise _Unchanged

    try:
        if dry_run:
            try:
                change(store.load(article_id))
            except NotFound:  # made by this very import, so not written
                return "updated", None
        else:
            store.update(article_id, change)
    except _Unchanged:
        return ("unchanged" if update else "duplicate"), None
    return "updated", joined.reason()


def import_entries(
    store: Store, entries: Iterable[InputRecord], *, update: bool = False, dry_run: bool = False
) -> Iterator[Outcome]:
    """Store each good record as a new article, yielding what happened to every entry, in order.

    A record already stored (same url; else same id; else same title and body) is a
    ``duplicate``, or with ``update`` replaces the stored fields it gives (``unchanged``,
    and not written, when they are the same). Ids given in records are kept. With
    ``dry_run`` nothing is written. Records are made ready by worker processes when
    there are many; new files are written a batch at a time with one flush to disk, by
    a thread, while the next batch is made ready.
    """
    from concurrent.futures import ThreadPoolExecutor

    from newscli.ingest.batch import Seen
    from newscli.ingest.joining import loose_match

    stamp = now()
    index = store.index
    index.sync()  # what is stored is matched through the index, not by reading it all
    seen = Seen.of(index.fingerprints())
    for problem in index.problems():  # its url and id cannot be matched: say so
        yield Outcome("", "warning", reason=str(problem))

    pending: deque[tuple[Outcome, Made | None]] = deque()
    rows = CreatedRows(index)
    with ThreadPoolExecutor(1) as thread, contextlib.closing(rows):
        writes = _Writes(store, thread, rows)
        for entry, made in ready_all(entries, stamp):
            if entry.note is not None:
                pending.append((Outcome(entry.where, "note", reason=entry.note), None))
                continue
            if entry.record is None or not isinstance(made, Made):
                reason = made if isinstance(made, str) else entry.problem
                pending.append((Outcome(entry.where, "bad", reason=reason), None))
                continue
            if not made.given_id and made.article_id in seen.by_id:  # a worker's id is taken
                made.renamed(entry.record, stamp, ids.new_id(ids.ARTICLE_ID_LENGTH, seen.by_id))
            existing = seen.match_parts(made.article_id, made.url, made.given_id, made.digest)
            if existing is None and entry.discussion:
                existing = loose_match(seen, made.url)
            if existing is None:
                seen.note(made.article_id, made.url, made.digest)
                created = Outcome(entry.where, "created", made.article_id)
                pending.append((created, None if dry_run else made))
                if not dry_run:
                    writes.add(made)
            elif entry.discussion:
                yield from writes.settle(pending, everything=True)  # it may be one just made
                keys = entry.record.keys() if entry.refreshes is None else entry.refreshes
                article = article_again(entry.record, stamp, made.article_id)
                kind, why = _join(store, existing, article, keys, update, dry_run)
                pending.append((Outcome(entry.where, kind, existing, why), None))
            elif update:
                yield from writes.settle(pending, everything=True)  # it may be one just made
                article = article_again(entry.record, stamp, made.article_id)
                kind = _update(store, existing, article, entry.record.keys(), dry_run)
                pending.append((Outcome(entry.where, kind, existing), None))
            else:
                pending.append((Outcome(entry.where, "duplicate", existing), None))
            yield from writes.settle(pending)
        yield from writes.settle(pending, everything=True)
    if not dry_run:
        index.sync()  # records that the directory is as the rows say: the next list trusts it


class _Writes:
    """New articles written ``WRITE_BATCH`` at a time by one thread, while the next batch
    is built; the index rows of those written go to ``rows`` from the calling thread."""

    def __init__(self, store: Store, thread: Executor, rows: CreatedRows) -> None:
        self.store, self.thread, self.rows = store, thread, rows
        self.batch: list[Made] = []
        self.sent: deque[tuple[Future[list[os.stat_result | InvalidInput]], list[Made]]]
        self.sent = deque()
        self.done: dict[str, os.stat_result | InvalidInput] = {}

    def add(self, made: Made) -> None:
        """Write ``made``'s file with the next batch."""
        self.batch.append(made)
        if len(self.batch) >= WRITE_BATCH:
            self._send()

    def _send(self) -> None:
        if self.batch:
            files = [(made.article_id, made.data) for made in self.batch]
            self.sent.append((self.thread.submit(self.store.write_new_many, files), self.batch))
            self.batch = []

    def _collect(self, wait: bool) -> None:
        """Note the batches written so far (with ``wait``, every batch sent; else the
        oldest too when two are in flight, so that at most two are)."""
        while self.sent and (wait or self.sent[0][0].done() or len(self.sent) > 1):
            future, batch = self.sent.popleft()
            for made, result in zip(batch, future.result(), strict=True):
                self.done[made.article_id] = result
                if not isinstance(result, InvalidInput):
                    self.rows.add(made.article_id, result, made.columns)

    def settle(
        self, pending: deque[tuple[Outcome, Made | None]], *, everything: bool = False
    ) -> Iterator[Outcome]:
        """Outcomes from the front of ``pending`` whose writes are done (with
        ``everything``, all of them, after writing what waits); a write refused (another
        process took the id meanwhile) makes its record bad."""
        if everything:
            self._send()
        self._collect(wait=everything)
        if everything:
            self.rows.flush()
        while pending:
            outcome, made = pending[0]
            if made is not None:  # written, or to be
                result = self.done.pop(made.article_id, None)
                if result is None:
                    return
                if isinstance(result, InvalidInput):
                    outcome = Outcome(outcome.where, "bad", reason=str(result))
            pending.popleft()
            yield outcome
