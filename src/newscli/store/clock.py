"""This copy's hybrid logical clock: the stamp on every dated record newscli writes.

Machines' clocks are wrong: a laptop a day behind would date a reply before the comment it
answers. So a record is dated with a stamp, a UTC date-time whose seconds are the wall
time (to the second) and whose microseconds are a counter: each new stamp is the wall
time, or, when that is not later, one microsecond past the newest stamp this copy has
issued or seen (its high-water mark) and past the newest stamp of the article it goes
into. What was written after reading something sorts after it, even from a machine whose
clock is behind; a machine whose clock is right keeps stamps close to the wall time.

The high-water mark is kept in ``<data>/local/clock`` (never shared: it is this copy's),
and a sync moves it past every stamp it brings (``saw``). A stamp further ahead of this
machine's clock than ``MAX_AHEAD`` (a peer's clock set to another century) moves it only
that far, so that one wrong clock cannot date everything after it in the far future.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from newscli.dates import LATEST, iso, now, parse_date, to_utc
from newscli.disk import atomic
from newscli.disk.datadir import DataDir
from newscli.disk.reading import read_file
from newscli.errors import InvalidInput, NewsError, StoreLocked

TICK = timedelta(microseconds=1)
"""What a stamp moves past the newest one: its counter's step."""
MAX_AHEAD = timedelta(days=5 * 366)
FILE_NAME = "clock"
_MAX_BYTES = 64

Wall = Callable[[], datetime]
"""The machine's time (in UTC): ``dates.now`` but where a test gives its own."""


class Clock:
    """The clock of the copy in ``data``; ``wall`` tells the machine's time."""

    def __init__(self, data: DataDir, wall: Wall | None = None, timeout: float = 120.0) -> None:
        self.data = data
        self.wall = wall or now
        self.timeout = timeout

    def wall_time(self) -> datetime:
        """The machine's time, in UTC, to the second (what ``added`` and ``updated`` hold)."""
        return to_utc(self.wall()).replace(microsecond=0)

    def stamp(self, after: datetime | None = None) -> datetime:
        """A new stamp: the wall time, or past the newest stamp this copy issued or saw and
        past ``after`` (the newest stamp of the article it goes into), if those are later."""
        wall = self.wall_time()
        with self._locked():
            newest = self._high_water()
            if after is not None:
                newest = _later(newest, _bounded(after, wall))
            stamp = wall if newest is None or wall > newest else min(newest + TICK, LATEST)
            self._write(stamp)
        return stamp

    def saw(self, stamp: datetime | None) -> None:
        """Move the high-water mark past ``stamp`` (one that arrived from another copy)."""
        if stamp is None:
            return
        seen = _bounded(to_utc(stamp), self.wall_time())
        with self._locked():
            newest = self._high_water()
            if newest is None or seen > newest:
                self._write(seen)

    def _locked(self) -> _ClockLock:
        return _ClockLock(self.data, self.timeout)

    def _high_water(self) -> datetime | None:
        path = self.data.folder(self.data.local) / FILE_NAME
        try:
            text = read_file(path, f"local/{FILE_NAME}", limit=_MAX_BYTES).decode("ascii")
            return parse_date(text.strip())
        except FileNotFoundError:
            return None
        except (NewsError, UnicodeDecodeError, InvalidInput):
            return None  # damaged: each article's own stamps still keep its order

    def _write(self, stamp: datetime) -> None:
        folder = self.data.folder(self.data.local)
        atomic.make_dirs(folder)
        atomic.write_bytes(folder / FILE_NAME, f"{iso(stamp)}\n".encode("ascii"))


class _ClockLock:
    """The clock's lock, held while its high-water mark is read and moved."""

    def __init__(self, data: DataDir, timeout: float) -> None:
        import filelock

        atomic.make_dirs(data.folder(data.locks))
        self._lock = filelock.FileLock(
            data.locks / "clock.lock", timeout=timeout, mode=atomic.FILE_MODE
        )

    def __enter__(self) -> None:
        import filelock

        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise StoreLocked("the clock of this store is locked; try again") from None

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def _bounded(stamp: datetime, wall: datetime) -> datetime:
    """``stamp``, or at most ``MAX_AHEAD`` past ``wall``."""
    limit = wall + MAX_AHEAD if wall < LATEST - MAX_AHEAD else LATEST
    return min(stamp, limit)


def _later(a: datetime | None, b: datetime) -> datetime:
    return b if a is None or b > a else a
