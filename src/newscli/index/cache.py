"""A cache in an SQLite file that never stands in the way: opened on first use; a file
that is damaged, of another version or not a database is deleted and filled again; one
that cannot be used now (busy, read-only, full) gives way to a cache in memory for this
run. What fills it is the subclass's (``fill``); ``index.Index`` is the one there is."""

from __future__ import annotations

import abc
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from newscli.index import db as index_db
from newscli.index.db import Unusable, is_damage, open_file, open_memory, remove_files
from newscli.model.listing import Progress

Refusal = Callable[[], Exception | None]
"""Asked when SQLite cannot run a query: the error to raise instead (None: SQLite's)."""


class Cache(abc.ABC):
    """A cache kept in the file ``path`` (None: in memory)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._con: sqlite3.Connection | None = None

    @abc.abstractmethod
    def fill(self, progress: Progress | None) -> bool:
        """Bring the cache in line with what it caches (all of it, in an empty cache)."""

    @property
    def con(self) -> sqlite3.Connection:
        """The connection, opened (and the file created or rebuilt) on first use."""
        if self._con is None:
            self._con = self._open()
        return self._con

    def _open(self) -> sqlite3.Connection:
        if self.path is not None:
            for _attempt in range(2):
                try:
                    return open_file(self.path)
                except Unusable:
                    remove_files(self.path)
                except sqlite3.Error as exc:
                    if not is_damage(exc):
                        break  # cannot open or locked: not the file's fault
                    remove_files(self.path)
                except OSError:
                    break
        # The cache cannot be used (read-only, full, locked): index in memory for this run.
        return open_memory()

    def close(self) -> None:
        """Close the connection (it reopens on next use)."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def rebuild(self, progress: Progress | None = None) -> None:
        """Throw the cache away and fill it again."""
        self.close()
        if self.path is not None:
            remove_files(self.path)
        self.fill(progress)  # unguarded: a second failure is not met with a third build

    def damage(self) -> str | None:
        """What is wrong with the cache's file as it is, if it is damaged (it is rebuilt
        when next used); None when it is sound, missing or in memory."""
        return None if self.path is None else index_db.damage(self.path)

    def _guarded(self, work: Callable[[], Any], *, fallback: bool = True) -> Any:
        """Run ``work``. If SQLite fails, a damaged file is rebuilt,
        and one that cannot be used now (busy, read-only, full) is replaced by an index in
        memory for this run (unless not ``fallback``); then ``work`` runs again."""
        try:
            return work()
        except sqlite3.Error as exc:
            if not (fallback or is_damage(exc)):
                raise
            failure = exc
        self._recover(failure)
        return work()

    def _recover(self, failure: sqlite3.Error) -> None:
        if is_damage(failure):
            self.rebuild()
        else:
            self.close()
            self._con = open_memory()
            self.fill(None)

    def _resumed(
        self, cursor: sqlite3.Cursor, sql: str, params: list[Any]
    ) -> Iterator[tuple[Any, ...]]:
        done = 0
        try:
            for found in cursor:
                done += 1
                yield found
            return
        except sqlite3.Error as exc:
            failure = exc
        self._recover(failure)  # the same query gives the same rows, in a total order
        yield from itertools.islice(self.con.execute(sql, params), done, None)

    def _rows(
        self, sql: str, params: list[Any], refusal: Refusal | None = None
    ) -> Iterator[tuple[Any, ...]]:
        """The rows of a query, read as they are used. A query SQLite cannot run raises what
        ``refusal`` gives, here (SQLite meets it at the first row, which ``execute``
        reads); a file found damaged later is rebuilt and the query read on from there."""
        cursor = self._guarded(partial(self._execute, sql, params, refusal))
        return self._resumed(cursor, sql, params)

    def _execute(
        self, sql: str, params: list[Any], refusal: Refusal | None = None
    ) -> sqlite3.Cursor:
        try:
            return self.con.execute(sql, params)
        except sqlite3.Error:
            refused = None if refusal is None else refusal()
            if refused is not None:
                raise refused from None
            raise
