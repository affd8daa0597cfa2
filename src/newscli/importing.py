"""The import pipeline: records checked as ``add`` checks them, matched against the
stored articles, and written a few at a time, with what happened to each in order."""

from __future__ import annotations

import copy
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from newscli import ids, limits
from newscli.cleaning import checked_text, clean_line, clean_tags, cleaned_article
from newscli.dates import now
from newscli.errors import InvalidInput, NewsError
from newscli.import_rows import CreatedRows
from newscli.models import OPTIONAL_TEXT, Article, Draft
from newscli.store import Store

if TYPE_CHECKING:
    from concurrent.futures import Future

    from newscli.importers.entry import Entry

SCAN_WITHOUT_INDEX = 1000  # files read to find a duplicate rather than building the index
IMPORT_WRITERS = 8  # files written at once: each waits on its fsync, not on the CPU
_KEPT_ON_UPDATE = frozenset(("schema", "id", "added", "updated"))


@dataclass(frozen=True)
class Outcome:
    """What importing one record did: ``created``, ``updated``, ``unchanged`` (an update
    that would change nothing), ``duplicate`` or ``bad``; or a ``warning`` about a stored
    file that could not be read."""

    where: str
    kind: str
    article_id: str | None = None
    reason: str | None = None


def checked_article(article: Article) -> Article:
    """An imported article with its text cleaned as ``add`` cleans it."""
    article.title, article.body = checked_text(article.title, article.body)
    for key in OPTIONAL_TEXT:
        setattr(article, key, clean_line(getattr(article, key), f"the {key}"))
    article.tags = clean_tags(article.tags)
    return limits.article(article)


@dataclass(frozen=True)
class Added:
    """What ``add_new`` did: the new article's id, or with ``existing`` the id of the
    stored article the draft duplicates (then nothing was written)."""

    article_id: str
    existing: bool = False


def add_new(store: Store, draft: Draft, *, force: bool = False) -> Added:
    """Store a draft as a new article unless it is stored already: matched as records
    are, by url, else by title and body. ``force`` adds it anyway."""
    article = cleaned_article(draft, store.new_id(), now())
    existing = None if force else stored_copy(store, article)
    if existing is not None:
        return Added(existing, existing=True)
    store.create(article)
    return Added(article.id)


def stored_copy(store: Store, article: Article) -> str | None:
    """The id of a stored article that ``article`` (not yet stored) duplicates, matched
    as records are: by url when it has one, else by title and body.

    The candidates come from the index, brought up to date; a store that has no index
    file yet and few files is read directly rather than indexed for one article.
    """
    index_file = store.index_path
    if index_file is not None and not index_file.exists():
        found = store.ids()
        candidates = found if len(found) <= SCAN_WITHOUT_INDEX else None
    else:
        candidates = None
    if candidates is None:
        if not store.index.sync():
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


def import_entries(
    store: Store, entries: Iterable[Entry], *, update: bool = False, dry_run: bool = False
) -> Iterator[Outcome]:
    """Store each good record as a new article, yielding what happened to every entry, in order.

    A record already stored (same url; else same id; else same title and body) is a
    ``duplicate``, or with ``update`` replaces the stored fields it gives (``unchanged``,
    and not written, when they are the same). Ids given
    in records are kept. With ``dry_run`` nothing is written. New files are written by
    a few threads at once, since each write waits for the disk.
    """
    from concurrent.futures import ThreadPoolExecutor

    from newscli.importers.batch import Seen, article_from_record

    stamp = now()
    taken = set(store.ids())
    index = store.index
    index.sync()  # what is stored is matched through the index, not by reading it all
    seen = Seen.of(index.fingerprints())
    for problem in index.problems():  # its url and id cannot be matched: say so
        yield Outcome("", "warning", reason=str(problem))
    rows = CreatedRows(index)

    def new_id() -> str:
        return ids.new_id(ids.ARTICLE_ID_LENGTH, taken)

    pending: deque[_Pending] = deque()
    with ThreadPoolExecutor(IMPORT_WRITERS) as writers:
        for entry in entries:
            if entry.record is None:
                pending.append((Outcome(entry.where, "bad", reason=entry.problem), None, None))
            else:
                try:
                    article, given_id = article_from_record(entry.record, stamp, new_id)
                    checked_article(article)
                except InvalidInput as exc:
                    pending.append((Outcome(entry.where, "bad", reason=str(exc)), None, None))
                else:
                    existing = seen.match(article, given_id)
                    if existing is None:
                        write = None if dry_run else writers.submit(store.write_new, article)
                        seen.add(article)
                        taken.add(article.id)
                        created = Outcome(entry.where, "created", article.id)
                        pending.append((created, write, article))
                    elif update:
                        yield from _settle(pending, 0, rows)  # it may be one created just now
                        rows.flush()
                        kind = _update(store, existing, article, entry.record.keys(), dry_run)
                        pending.append((Outcome(entry.where, kind, existing), None, None))
                    else:
                        pending.append((Outcome(entry.where, "duplicate", existing), None, None))
            yield from _settle(pending, 4 * IMPORT_WRITERS, rows)
        yield from _settle(pending, 0, rows)
    rows.flush()
    if not dry_run:
        index.sync()  # records that the directory is as the rows say: the next list trusts it


_Pending = tuple[Outcome, "Future[os.stat_result] | None", Article | None]


def _settle(pending: deque[_Pending], keep: int, rows: CreatedRows) -> Iterator[Outcome]:
    """Outcomes from the front of ``pending`` whose writes are done, waiting for writes
    only while more than ``keep`` are queued; a write refused makes its record bad.
    Each article written goes to ``rows`` here, in the thread that owns the index."""
    while pending:
        outcome, write, article = pending[0]
        if write is not None and not write.done() and len(pending) <= keep:
            return
        pending.popleft()
        if write is not None:  # nothing is written (or noted) in a dry run
            try:
                written = write.result()
            except InvalidInput as exc:  # e.g. another process took the id meanwhile
                outcome = Outcome(outcome.where, "bad", reason=str(exc))
            else:
                if article is not None:
                    rows.add(article, written)
        yield outcome
