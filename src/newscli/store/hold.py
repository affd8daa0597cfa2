"""The store-wide hold: every writer of a shared file shares it, a sync holds it alone.

A sync commits what changed here and merges what came from elsewhere; a vote written in
between would be overwritten by the merge, or committed half. So every write of an
article or a person's state is made under the store's shared hold, and a sync takes the
hold alone while it commits and merges: a writer that finds it taken waits (saying so),
and a sync waits for the writers under way. The hold is an advisory lock on
``<data>/.locks/store.lock`` (``flock``, shared or exclusive), released by the system when
its holder dies, so a killed sync never blocks a writer.

A merge that a killed sync (or plain git) left unfinished would be finished from git's
copies, without what was written since: a writer refuses to write until ``newscli sync``
has finished it.

Holds are counted per process: a sync writing the files it merged is already holding
the store alone, and a writer inside another writer's hold shares it once.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from newscli.disk import atomic
from newscli.disk.datadir import DataDir
from newscli.errors import NewsError, StoreLocked

POLL = 0.05  # seconds between tries of a taken hold (the lock has no timeout of its own)

Tell = Callable[[str], None]


class MergeUnfinished(NewsError):
    """git has a merge left unfinished in the data directory: nothing may be written."""


class _Held:
    """This process's hold on one store: its lock file, how, and how many hold it."""

    def __init__(self, fd: int, exclusive: bool) -> None:
        self.fd = fd
        self.exclusive = exclusive
        self.count = 1


_held: dict[Path, _Held] = {}
_registry = threading.Lock()


class StoreHold:
    """The hold on the store in ``data``; ``timeout``: seconds a taker waits at most."""

    def __init__(self, data: DataDir, timeout: float, waiting: Tell | None = None) -> None:
        self.data = data
        self.timeout = timeout
        self.waiting = waiting  # told once when a taker has to wait

    @contextmanager
    def shared(self) -> Iterator[None]:
        """Hold the store as one of its writers; refuses while a merge is unfinished."""
        with self._hold(exclusive=False) as alone:
            if not alone and self.data.merge_head.exists():
                raise MergeUnfinished(
                    f"a merge is unfinished in {self.data.root} (a sync was stopped, or git"
                    " left it): run 'newscli sync' to finish it first; nothing was written"
                )
            yield

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the store alone (a sync): no writer writes until this ends."""
        with self._hold(exclusive=True):
            yield

    @contextmanager
    def _hold(self, exclusive: bool) -> Iterator[bool]:
        """Yields whether this process holds the store alone."""
        key = self.data.store_lock.absolute()
        with _registry:
            held = _held.get(key)
            if held is not None and (held.exclusive or not exclusive):
                held.count += 1
                joined = True
            else:
                joined = False
        if joined:
            try:
                yield held.exclusive  # type: ignore[union-attr]
            finally:
                self._release(key)
            return
        fd = self._take(exclusive)
        with _registry:
            _held[key] = _Held(fd, exclusive)
        try:
            yield exclusive
        finally:
            self._release(key)

    def _take(self, exclusive: bool) -> int:
        """Open the lock file and lock it, waiting up to ``timeout`` seconds."""
        atomic.make_dirs(self.data.folder(self.data.locks))
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.data.store_lock, flags, atomic.FILE_MODE)
        try:
            _wait_for(fd, exclusive, self.timeout, self._told(exclusive))
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _told(self, exclusive: bool) -> Callable[[], None]:
        said: list[bool] = []

        def tell() -> None:
            if self.waiting is not None and not said:
                said.append(True)
                if exclusive:
                    self.waiting(f"Waiting for the newscli commands writing in {self.data.root}")
                else:
                    self.waiting(f"Waiting for the newscli sync running in {self.data.root}")

        return tell

    @staticmethod
    def _release(key: Path) -> None:
        with _registry:
            held = _held[key]
            held.count -= 1
            if held.count:
                return
            del _held[key]
        with contextlib.suppress(OSError):
            _unlock(held.fd)
        os.close(held.fd)


def _wait_for(fd: int, exclusive: bool, timeout: float, tell: Callable[[], None]) -> None:
    """Lock ``fd``, polling until ``timeout`` seconds have passed (StoreLocked then)."""
    ends = time.monotonic() + timeout
    while not _try_lock(fd, exclusive):
        tell()
        if time.monotonic() >= ends:
            who = "newscli commands are writing to" if exclusive else "a newscli sync holds"
            raise StoreLocked(f"{who} the store (waited {timeout:g} s); try again later")
        time.sleep(POLL)


if sys.platform == "win32":  # pragma: no cover - every hold is exclusive: writers take turns
    import msvcrt

    def _try_lock(fd: int, exclusive: bool) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int, exclusive: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
