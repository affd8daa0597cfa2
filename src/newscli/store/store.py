"""The article store: one TOML file per article under ``<data>/articles/``.

The files are the source of truth. Every write is atomic, and read-modify-write
happens under a per-article lock on a sidecar file in ``<data>/.locks/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from newscli import ids
from newscli.disk import atomic
from newscli.disk.datadir import DataDir
from newscli.disk.reading import article_ids, read_article
from newscli.errors import CorruptArticle, InvalidInput, NotFound, StoreLocked
from newscli.model.article import Article
from newscli.model.stamps import changed_fields, field_values, mark_changed, newest_stamp
from newscli.store.clock import Clock, Wall
from newscli.store.hold import StoreHold

if TYPE_CHECKING:
    from datetime import datetime

    from newscli.index.index import Index

_T = TypeVar("_T")
_FRESH_TRIES = 8


@dataclass(frozen=True)
class Scan:
    """Every readable article, and the problems met with the others."""

    articles: list[Article]
    problems: list[CorruptArticle]


class Store:
    """Articles kept as TOML files in a data directory."""

    def __init__(
        self,
        root: Path,
        lock_timeout: float = 120.0,
        index_path: Path | Callable[[], Path] | None = None,
        wall: Wall | None = None,
    ) -> None:
        """``index_path``: the index file, or a function giving it when first asked for
        (None keeps the index in memory, for this run); ``wall``: the machine's time, for
        the clock (None: the system's)."""
        self.root = root
        self.data = DataDir(root)
        self.lock_timeout = lock_timeout
        self.clock = Clock(self.data, wall, lock_timeout)
        """This copy's hybrid logical clock: what every dated record is stamped with."""
        self.hold = StoreHold(self.data, lock_timeout)
        """The store-wide hold every write shares and a sync takes alone (``hold.waiting``:
        told when a write has to wait for a sync)."""
        self._index_path = index_path
        self._index: Index | None = None

    @property
    def index_path(self) -> Path | None:
        """The index file (None: the index is kept in memory)."""
        if callable(self._index_path):
            self._index_path = self._index_path()
        return self._index_path

    @property
    def index(self) -> Index:
        """The index of this store, opened on first use."""
        if self._index is None:
            from newscli.index.index import Index

            self._index = Index(self.root, self.index_path)
        return self._index

    def close(self) -> None:
        """Close the index's connection, if open (it reopens when next used)."""
        if self._index is not None:
            self._index.close()

    def note_change(
        self,
        article_id: str,
        article: Article | None = None,
        written: os.stat_result | None = None,
    ) -> None:
        """Update the index after a write (``article`` as written, ``written`` the status
        ``atomic.write_bytes`` returned) or a removal of one file.

        Every method that writes or removes an article file calls this once it is done.
        """
        self.index.note(article_id, article, written)

    def path_for(self, article_id: str) -> Path:
        """The file of an article; the id must already be a valid generated id."""
        return self.data.article_file(article_id)

    def ids(self) -> list[str]:
        """The ids of all article files, in no particular order."""
        return article_ids(self.data)

    def resolve(self, ref: str) -> str:
        """The full id of the one article whose id starts with ``ref``.

        A whole id is looked up as a file; a prefix in the index, or in the directory
        listing when files came or went since the index last saw it.
        """
        prefix = ids.normalise_prefix(ref)
        if ids.ARTICLE_ID_RE.fullmatch(prefix) and self.path_for(prefix).is_file():
            return prefix
        known = self.index.ids_with_prefix(prefix)
        return ids.resolve(prefix, self.ids() if known is None else known)

    def load(self, article_id: str) -> Article:
        """Read one article; raises NotFound or CorruptArticle (naming the file)."""
        self.data.folder(self.data.articles)
        return read_article(self.data, article_id)

    def scan(self) -> Scan:
        """Load every article, collecting unreadable files as problems instead of failing."""
        articles, problems = [], []
        for article_id in sorted(self.ids()):  # the folder is checked here, once
            try:
                articles.append(read_article(self.data, article_id))
            except NotFound:
                continue  # removed while we were reading
            except CorruptArticle as exc:
                problems.append(exc)
        return Scan(articles, problems)

    def create(self, article: Article) -> None:
        """Write a new article; its id must not be taken (checked by the write itself)."""
        self.note_change(article.id, article, self.write_new(article))

    def write_new(self, article: Article) -> os.stat_result:
        """Write a new article's file without telling the index."""
        path = self.data.article_file(article.id)
        self.data.folder(self.data.articles)
        data = encode(article)
        try:
            with self.hold.shared():
                return atomic.write_bytes(path, data, new=True)
        except FileExistsError:
            raise _taken(article.id) from None

    def write_new_many(
        self, articles: Sequence[tuple[str, bytes]]
    ) -> list[os.stat_result | InvalidInput]:
        """Write new articles' files (each article's id with its file's bytes) with one
        flush to disk, without telling the index (safe from another thread: the caller
        tells it). Each gives the status of its file, or the error if its id was taken
        meanwhile."""
        folder = self.data.folder(self.data.articles)
        files = [(self.data.article_file(article_id).name, data) for article_id, data in articles]
        with self.hold.shared():
            written = atomic.write_new_files(folder, files)
        return [
            _taken(article_id) if status is None else status
            for (article_id, _), status in zip(articles, written, strict=True)
        ]

    def stamp(self, article: Article) -> datetime:
        """A new stamp of the clock for a record of ``article``: past every stamp in it."""
        return self.clock.stamp(after=newest_stamp(article))

    def update(self, article_id: str, change: Callable[[Article], _T], by: str | None = None) -> _T:
        """Load, change and save one article under its lock; returns what ``change`` returns.

        If ``change`` raises, nothing is written. The fields it changed are stamped now, as
        changed by ``by`` (None: by someone not known).
        """
        if not self._lock_path(article_id).exists():
            self.load(article_id)  # refuse a missing or unreadable file before making its lock
        with self.lock(article_id):
            article = self.load(article_id)
            before = field_values(article)
            result = change(article)
            article.updated = self.clock.wall_time()
            changed = changed_fields(article, before)
            if changed:
                mark_changed(article, changed, self.stamp(article), by)
            data = encode(article)
            written = atomic.write_bytes(self.path_for(article_id), data)
            self.note_change(article_id, article, written)
        return result

    @contextmanager
    def lock(self, article_id: str) -> Iterator[None]:
        """Hold the article's lock (another process waits up to ``lock_timeout`` seconds),
        within the store's shared hold (so never while a sync merges)."""
        import filelock

        self.path_for(article_id)  # validates the id before it becomes a file name
        atomic.make_dirs(self.data.folder(self.data.locks))
        lock = filelock.FileLock(
            self._lock_path(article_id), timeout=self.lock_timeout, mode=atomic.FILE_MODE
        )
        try:
            with self.hold.shared(), lock:
                yield
        except filelock.Timeout:
            raise StoreLocked(
                f"article {article_id} is locked by another newscli process; try again"
            ) from None

    def _lock_path(self, article_id: str) -> Path:
        return self.data.lock_file(article_id)

    def create_fresh(self, article: Article) -> None:
        """Write a new article under a random id of its own: ``article.id`` is replaced,
        and replaced again in the rare case that a file has the one drawn (one chance in
        about 10^12 an article stored: cheaper than listing them all to avoid it)."""
        for _ in range(_FRESH_TRIES):
            article.id = ids.new_id(ids.ARTICLE_ID_LENGTH)
            try:
                self.create(article)
            except InvalidInput:
                if not self.data.article_file(article.id).exists():
                    raise
            else:
                return
        raise InvalidInput(f"no free article id after {_FRESH_TRIES} tries")


def _taken(article_id: str) -> InvalidInput:
    return InvalidInput(f"an article with id '{article_id}' already exists")


def encode(article: Article) -> bytes:
    """An article's file (the codec, with its TOML libraries, is loaded only by commands
    that write one: listings and searches never do)."""
    from newscli.model import codec

    return codec.encode(article)
