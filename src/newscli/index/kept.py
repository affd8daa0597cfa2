"""The index's state as this process knows it, and the stamps' snapshot kept beside it.

Every write to the index moves it to a new state (``gen``, a random number in its
``meta`` table, changed in the write's own transaction). A process that knows the state
its snapshot is of, and sees that no other process wrote since, can bring the snapshot
to the new state itself (``stamps.Snapshot.patched``); otherwise the snapshot is made
again from the rows the next time it is needed.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newscli.index import stamps
from newscli.index.db import random_key, transaction
from newscli.index.stamps import Snapshot


def meta(con: sqlite3.Connection) -> dict[str, Any]:
    """The index's epoch, state (``gen``) and the articles directory's mtime when it was
    last listed (absent: never; None: too fresh to trust)."""
    rows = con.execute("SELECT key, value FROM meta WHERE key IN ('dir', 'epoch', 'gen')")
    return dict(rows.fetchall())


class Kept:
    """The snapshot of an index's stamps (kept at ``path``; None: only in memory), the
    state this process last saw or made, and whether another process wrote since."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.snap: Snapshot | None = None
        self.gen: int | None = None
        self.foreign = False

    def forget(self) -> None:
        self.snap = None

    def snapshot(self, con: sqlite3.Connection, found: dict[str, Any]) -> Snapshot:
        """Every stamp the index holds, at the state ``found`` (``meta``) names: the one
        kept if it is of that state, else made from the rows (and kept)."""
        state = (found.get("epoch"), found.get("gen"))
        snap = self.snap
        if (snap is None or (snap.epoch, snap.gen) != state) and self.path is not None:
            snap = stamps.load(self.path)
        if snap is None or (snap.epoch, snap.gen) != state:
            snap = self._of_rows(con)
            self.keep(snap)
        self.snap, self.gen = snap, snap.gen
        return snap

    @staticmethod
    def _of_rows(con: sqlite3.Connection) -> Snapshot:
        """The stamps read from the rows, with the state they are of, in one read."""
        con.execute("BEGIN")
        try:
            found = meta(con)
            rows = con.execute(
                "SELECT id, stamp FROM articles UNION ALL SELECT id, stamp FROM problems"
            ).fetchall()
        finally:
            con.execute("COMMIT")
        return Snapshot.of(found["epoch"], found["gen"], rows)

    def keep(self, snap: Snapshot) -> None:
        self.snap, self.gen = snap, snap.gen
        if self.path is not None:
            stamps.save(self.path, snap)

    def keep_patched(
        self, snap: Snapshot, fresh: bytes, written: dict[str, bytes], gone: set[str]
    ) -> None:
        """After a sync's writes: ``snap`` brought to the present state, if no other
        process wrote meanwhile (``foreign``, noted since ``start``)."""
        if not self.foreign and self.gen is not None:
            self.keep(snap.patched(self.gen, fresh, written, gone))
        else:
            self.snap = None

    def ready(self) -> None:
        """Before a write of a few rows: the snapshot kept, if this process has none yet,
        to bring along (``keep_one``); note other processes' writes from here."""
        if self.snap is None and self.path is not None:
            snap = stamps.load(self.path)
            if snap is not None:
                self.snap, self.gen = snap, snap.gen
        self.foreign = False

    def keep_one(self, article_id: str, file_stamp: bytes) -> None:
        """After a write of only ``article_id``'s row (``file_stamp``; b"": gone): the
        snapshot brought to the new state, if it was of the state just before."""
        if self.foreign or self.snap is None or self.gen is None:
            self.snap = None
            return
        self.keep(self.snap.with_one(self.gen, article_id, file_stamp))

    def start(self) -> None:
        """From here, note whether another process writes."""
        self.foreign = False

    @contextlib.contextmanager
    def writing(self, con: sqlite3.Connection) -> Iterator[None]:
        """A write transaction that moves the index to a new state, noting whether another
        process wrote since this one last saw it."""
        with transaction(con):
            yield
            found = con.execute("SELECT value FROM meta WHERE key = 'gen'").fetchone()
            if found is None or found[0] != self.gen:
                self.foreign = True
                self.snap = None  # of a state before another process's write
            self.gen = random_key()
            con.execute("INSERT OR REPLACE INTO meta VALUES ('gen', ?)", (self.gen,))
