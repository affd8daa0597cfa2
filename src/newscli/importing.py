"""The import pipeline: records checked as ``add`` checks them, matched against the
stored articles, and written a few at a time, with what happened to each in order."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from newscli import ids, limits
from newscli.cleaning import checked_text, clean_line, clean_tags
from newscli.dates import now
from newscli.errors import InvalidInput
from newscli.import_rows import CreatedRows
from newscli.models import OPTIONAL_TEXT, Article
from newscli.store import Store

if TYPE_CHECKING:
    from concurrent.futures import Future

    from newscli.importers.entry import Entry

IMPORT_WRITERS = 8  # files written at once: each waits on its fsync, not on the CPU
_KEPT_ON_UPDATE = frozenset(("schema", "id", "added", "updated"))


@dataclass(frozen=True)
class Outcome:
    """What importing one record did: ``created``, ``updated``, ``duplicate`` or ``bad``;
    or a ``warning`` about a stored file that could not be read."""

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


def _replace_fields(stored: Article, new: Article, keys: Iterable[str]) -> None:
    """Put the fields a record gave (``keys``) from ``new`` into ``stored``."""
    names = {f.name for f in fields(Article)} - _KEPT_ON_UPDATE
    for key in keys:
        if key in names:
            setattr(stored, key, getattr(new, key))
    for key, value in new.extra.items():
        stored.extra[key] = value


def import_entries(
    store: Store, entries: Iterable[Entry], *, update: bool = False, dry_run: bool = False
) -> Iterator[Outcome]:
    """Store each good record as a new article, yielding what happened to every entry, in order.

    A record already stored (same url; else same id; else same title and body) is a
    ``duplicate``, or with ``update`` replaces the stored fields it gives. Ids given
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
                        if not dry_run:
                            keys = entry.record.keys()
                            store.update(existing, lambda a: _replace_fields(a, article, keys))  # noqa: B023
                        pending.append((Outcome(entry.where, "updated", existing), None, None))
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
