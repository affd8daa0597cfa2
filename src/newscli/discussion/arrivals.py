"""What arrived in this copy of the store, and where each person last looked.

A comment arrives in a copy when this copy first sees it: written here, or brought by a
sync, a ``git pull``, an import or a file copied in. The inbox and the unread marks go by
arrival, never by the clock of the machine a comment was written on: a reply written on
a laptop whose clock is a day behind, or merged in a week after it was written, is new
to whoever has not looked since it came.

It is kept in ``<data>/local/arrivals.sqlite3``, which never leaves this machine: arrival
is a fact about one copy (two copies see a comment arrive at different moments), so it
cannot live in the shared files, which must come out byte for byte the same everywhere.

- ``files``: each article file's stamp (size, modification and change time, inode) when
  it was last read here;
- ``comments``: every comment seen here, numbered in the order it arrived (``seq``), with
  its author (in the one spelling of names) and whether it is still there, undeleted;
- ``marks``: where each person last looked, as the last ``seq`` they had seen: their
  inbox, each article they opened, each subscription (which counts from the moment it
  was made here, or first seen here when it was made on another copy).

``catch_up`` stats every article file and reads only those whose stamp changed, as the
index does; a file written less than a second before it is read is read again next time,
in case a second change in that instant kept its size and times.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newscli.dates import iso, now, parse_date
from newscli.disk import atomic
from newscli.disk.datadir import ARTICLE_FILE_RE, DataDir
from newscli.disk.reading import parse, read_bytes
from newscli.errors import CorruptArticle, DataDirError
from newscli.model.article import Comment
from newscli.model.people import normal_name

FILE_NAME = "arrivals.sqlite3"
VERSION = 1
BUSY_TIMEOUT = 120.0
RACY_NS = 1_000_000_000
INBOX, OPENED, SUBSCRIBED = "inbox", "opened", "subscribed"

_SCHEMA = """
CREATE TABLE files (article TEXT PRIMARY KEY, stamp TEXT NOT NULL);
CREATE TABLE comments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article TEXT NOT NULL,
    comment TEXT NOT NULL,
    author TEXT,  -- normal_name of the author, NULL when anonymous
    live INTEGER NOT NULL,  -- 1 while in the file and not deleted
    arrived TEXT NOT NULL,  -- this machine's time when it arrived, ISO-8601 UTC
    UNIQUE (article, comment)
);
CREATE TABLE marks (
    person TEXT NOT NULL,
    kind TEXT NOT NULL,  -- inbox, opened or subscribed
    article TEXT NOT NULL,  -- '' for the inbox
    seq INTEGER NOT NULL,
    PRIMARY KEY (person, kind, article)
);
"""


@dataclass(frozen=True)
class Arrival:
    """One comment as it arrived here: where, which, by whom, its number and time."""

    article_id: str
    comment_id: str
    author: str | None
    seq: int
    arrived: datetime


class Arrivals:
    """The arrival log of one data directory; open it with ``opened``."""

    def __init__(self, data: DataDir, con: sqlite3.Connection) -> None:
        self.data = data
        self.con = con

    # --- bringing it up to date ------------------------------------------------------

    def catch_up(self) -> int:
        """Record the comments of every article file that changed since it was last read;
        returns how many files came, went or changed."""
        folder = self.data.folder(self.data.articles)
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            entries = []
        known = dict(self.con.execute("SELECT article, stamp FROM files"))
        present, changed = set(), []
        for entry in entries:
            match = ARTICLE_FILE_RE.fullmatch(entry.name)
            if match is None:
                continue
            try:
                found = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(found.st_mode):
                continue
            present.add(match[1])
            if known.get(match[1]) != _stamp(found):
                changed.append((match[1], Path(entry.path), found))
        gone = known.keys() - present
        if changed or gone:
            with self._writing():
                for article_id, path, found in changed:
                    self._read(article_id, path, found)
                for article_id in gone:
                    self._forget(article_id)
        return len(changed) + len(gone)

    def catch_up_one(self, article_id: str) -> None:
        """Record the comments of one article's file, if it changed since it was last read."""
        path = self.data.article_file(article_id)
        try:
            found = path.lstat()
        except FileNotFoundError:
            found = None
        known = self.con.execute(
            "SELECT stamp FROM files WHERE article = ?", (article_id,)
        ).fetchone()
        if found is None or not stat.S_ISREG(found.st_mode):
            if known is not None:
                with self._writing():
                    self._forget(article_id)
            return
        if known is None or known[0] != _stamp(found):
            with self._writing():
                self._read(article_id, path, found)

    def _read(self, article_id: str, path: Path, found: os.stat_result) -> None:
        name = f"articles/{path.name}"
        try:
            data = read_bytes(path, name)
            comments = parse(name, data).comments if b"comments" in data else []
        except (OSError, CorruptArticle):
            return  # gone meanwhile, or unreadable: looked at again once it changes
        self._record(article_id, comments)
        racy = time.time_ns() - found.st_mtime_ns < RACY_NS
        self.con.execute(
            "INSERT INTO files (article, stamp) VALUES (?, ?)"
            " ON CONFLICT (article) DO UPDATE SET stamp = excluded.stamp",
            (article_id, "" if racy else _stamp(found)),
        )

    def _record(self, article_id: str, comments: list[Comment]) -> None:
        """Number the article's comments not seen before, in the file's order (the order
        they were written in), and note which of the others are gone or deleted."""
        seen = {
            cid: (author, live)
            for cid, author, live in self.con.execute(
                "SELECT comment, author, live FROM comments WHERE article = ?", (article_id,)
            )
        }
        arrived = iso(now())
        for comment in comments:
            author = normal_name(comment.author) if comment.author else None
            live = int(comment.deleted is None)
            if comment.id not in seen:
                self.con.execute(
                    "INSERT INTO comments (article, comment, author, live, arrived)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (article_id, comment.id, author, live, arrived),
                )
            elif seen[comment.id] != (author, live):
                self.con.execute(
                    "UPDATE comments SET author = ?, live = ? WHERE article = ? AND comment = ?",
                    (author, live, article_id, comment.id),
                )
        still = {c.id for c in comments}
        for cid, (_, live) in seen.items():
            if live and cid not in still:
                self._gone(article_id, cid)

    def _gone(self, article_id: str, comment_id: str) -> None:
        self.con.execute(
            "UPDATE comments SET live = 0 WHERE article = ? AND comment = ?",
            (article_id, comment_id),
        )

    def _forget(self, article_id: str) -> None:
        """An article file that went: its comments are no longer there. Their numbers
        stay, so that the same comments coming back (``restore``) are not new again."""
        self.con.execute("DELETE FROM files WHERE article = ?", (article_id,))
        self.con.execute("UPDATE comments SET live = 0 WHERE article = ?", (article_id,))

    @contextmanager
    def _writing(self) -> Iterator[None]:
        self.con.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # --- reading it ------------------------------------------------------------------

    def latest(self) -> int:
        """The number of the last arrival so far (0 before any)."""
        return int(self.con.execute("SELECT coalesce(max(seq), 0) FROM comments").fetchone()[0])

    def mark(self, person: str, kind: str, article_id: str = "") -> int | None:
        """Where ``person`` last looked (None: never)."""
        found = self.con.execute(
            "SELECT seq FROM marks WHERE person = ? AND kind = ? AND article = ?",
            (person, kind, article_id),
        ).fetchone()
        return None if found is None else int(found[0])

    def marks(
        self, person: str, kind: str, article_ids: Sequence[str] | None = None
    ) -> dict[str, int]:
        """Every mark of one kind of ``person`` (on ``article_ids``, if given), by article."""
        among, chosen = _among("article", article_ids)
        return dict(
            self.con.execute(
                f"SELECT article, seq FROM marks WHERE person = ? AND kind = ?{among}",  # noqa: S608 (placeholders only)
                (person, kind, *chosen),
            )
        )

    def set_mark(self, person: str, kind: str, seq: int, article_id: str = "") -> None:
        """Note that ``person`` has seen everything up to ``seq``."""
        with self._writing():
            self.con.execute(
                "INSERT INTO marks (person, kind, article, seq) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (person, kind, article) DO UPDATE SET seq = excluded.seq",
                (person, kind, article_id, seq),
            )

    def drop_mark(self, person: str, kind: str, article_id: str = "") -> None:
        with self._writing():
            self.con.execute(
                "DELETE FROM marks WHERE person = ? AND kind = ? AND article = ?",
                (person, kind, article_id),
            )

    def arrived_after(self, seq: int | None, person: str) -> list[Arrival]:
        """The comments still there that arrived after ``seq`` (None: all), by anyone but
        ``person``, in the order they arrived."""
        rows = self.con.execute(
            "SELECT article, comment, author, seq, arrived FROM comments"
            " WHERE live AND seq > ? AND author IS NOT ? ORDER BY seq",
            (seq or 0, person),
        )
        return [Arrival(a, c, who, n, parse_date(at)) for a, c, who, n, at in rows]

    def new_in(self, person: str, article_id: str) -> frozenset[str]:
        """The comments of an article new to ``person``: arrived since they last opened
        it (none when they never did), by someone else, still there."""
        opened = self.mark(person, OPENED, article_id)
        if opened is None:
            return frozenset()
        rows = self.con.execute(
            "SELECT comment FROM comments WHERE article = ? AND live AND seq > ?"
            " AND author IS NOT ?",
            (article_id, opened, person),
        )
        return frozenset(cid for (cid,) in rows)

    def unread_counts(
        self, person: str, article_ids: Sequence[str] | None = None
    ) -> dict[str, int]:
        """For each article with comments (of ``article_ids``, if given), how many of them
        are new to ``person``: all by others when they never opened it, else those arrived
        since."""
        among, chosen = _among("c.article", article_ids)
        sql = (
            "SELECT c.article, count(*) FROM comments c LEFT JOIN marks m"  # noqa: S608
            " ON m.person = ? AND m.kind = ? AND m.article = c.article"
            " WHERE c.live AND c.author IS NOT ? AND (m.seq IS NULL OR c.seq > m.seq)"
            f"{among} GROUP BY c.article"  # ``among``: placeholders only
        )
        rows = self.con.execute(sql, (person, OPENED, person, *chosen))
        return dict(rows)


def _among(column: str, article_ids: Sequence[str] | None) -> tuple[str, Sequence[str]]:
    """The SQL that keeps only the rows of ``article_ids`` (all when None), and its values."""
    if article_ids is None:
        return "", ()
    return f" AND {column} IN ({', '.join('?' * len(article_ids))})", article_ids


def _stamp(found: os.stat_result) -> str:
    return f"{found.st_size}:{found.st_mtime_ns}:{found.st_ctime_ns}:{found.st_ino}"


@contextmanager
def opened(data: DataDir) -> Iterator[Arrivals]:
    """The arrival log of ``data``, created (private) on first use; raises DataDirError
    when it cannot be used. A store with no articles yet has nothing to log: its log is
    kept in memory, and nothing is written."""
    folder = data.folder(data.local)
    path = folder / FILE_NAME
    try:
        if not data.articles.is_dir() and not path.exists():
            con = sqlite3.connect(":memory:", isolation_level=None)
        else:
            atomic.make_dirs(folder)
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, atomic.FILE_MODE))
            con = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise DataDirError(f"local/{FILE_NAME}: cannot be opened: {exc}") from None
    try:
        _prepare(con)
        yield Arrivals(data, con)
    except sqlite3.DatabaseError as exc:
        raise DataDirError(
            f"local/{FILE_NAME}: cannot be used ({exc}); remove it, and the inbox and read"
            " marks of this copy start again"
        ) from None
    finally:
        con.close()


def _prepare(con: sqlite3.Connection) -> None:
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if version == 0:
        con.execute("BEGIN IMMEDIATE")
        if con.execute("PRAGMA user_version").fetchone()[0] == 0:
            for statement in _SCHEMA.split(";")[:-1]:
                con.execute(statement)
            con.execute(f"PRAGMA user_version = {VERSION}")
        con.execute("COMMIT")
    elif version != VERSION:
        raise sqlite3.DatabaseError(f"it is of version {version}, this newscli reads {VERSION}")
