"""The index's SQLite database: its schema, opening it, transactions, and telling a
damaged file from a busy or unwritable one (by SQLite's error code, never its wording)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from newscli.disk import atomic
from newscli.index import stamps

VERSION = 4  # 3: the change time in stamps, and the content digest; 4: packed stamps
BUSY_TIMEOUT = 30.0
WAL_PAGES = 1000  # SQLite's default: the log is copied into the file when this long
AUTOMERGE = 8  # as in SCHEMA
BULK_AUTOMERGE = 16  # while a bulk sync writes: a sixth less CPU, and searches as fast
BULK_CACHE_KB = 64 * 1024

SCHEMA = """
CREATE TABLE articles (
    n INTEGER PRIMARY KEY,  -- the id read as a number, and the rowid of its text in fts
    id TEXT NOT NULL UNIQUE,
    stamp BLOB NOT NULL,  -- the file's size, mtime_ns, ctime_ns, inode (index_stamps)
    title TEXT NOT NULL, title_key TEXT NOT NULL, dateline TEXT,
    published TEXT, added TEXT NOT NULL, updated TEXT NOT NULL,
    url TEXT, source TEXT, author TEXT, image TEXT,
    tags TEXT NOT NULL, tag_keys TEXT NOT NULL,  -- JSON arrays
    date_us INTEGER NOT NULL, added_us INTEGER NOT NULL,
    average REAL, votes INTEGER NOT NULL, comments INTEGER NOT NULL,
    digest BLOB NOT NULL  -- of the title and body: what import's duplicate check reads
);
CREATE INDEX articles_by_date ON articles (date_us, added_us, id);
CREATE INDEX articles_stamps ON articles (id, stamp);  -- what a snapshot is made from
CREATE TABLE problems (
    id TEXT PRIMARY KEY,
    stamp BLOB NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value);
CREATE VIRTUAL TABLE fts USING fts5 (
    title, body, dateline, tags, comments, tokenize = 'unicode61 remove_diacritics 2'
);
-- Merge segments less eagerly than FTS5's defaults (4 and 16): a cold build of 10,000
-- articles takes about a fifth less time, and searches are as fast.
INSERT INTO fts (fts, rank) VALUES ('automerge', 8);  -- AUTOMERGE
INSERT INTO fts (fts, rank) VALUES ('crisismerge', 64);
"""
TABLES = frozenset(("articles", "problems", "meta", "fts"))

# SQLite's primary result codes that say the file itself is bad: it is rebuilt. Others
# (busy, locked, I/O, read-only, full, interrupted) say the file cannot be used now.
_DAMAGE = frozenset(
    (
        1,  # SQLITE_ERROR: e.g. a table missing
        11,  # SQLITE_CORRUPT (and FTS5's SQLITE_CORRUPT_VTAB)
        17,  # SQLITE_SCHEMA
        20,  # SQLITE_MISMATCH
        24,  # SQLITE_FORMAT
        26,  # SQLITE_NOTADB
    )
)


class Unusable(Exception):
    """The index file is corrupt or of another version: it is rebuilt."""


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite's error says the database file is damaged (rather than busy,
    locked, unwritable, or a statement's own fault without a code)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _DAMAGE


def open_file(path: Path) -> sqlite3.Connection:
    """The index file at ``path``, created (private) if missing; raises Unusable or
    sqlite3.Error when it cannot be used as it is."""
    atomic.make_dirs(path.parent)
    # Created private before SQLite opens it: it holds the articles' text.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, atomic.FILE_MODE))
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")  # a lost commit costs only a re-read
        return prepare(con)
    except BaseException:
        con.close()
        raise


def open_memory() -> sqlite3.Connection:
    """An index in memory, for this run only."""
    return prepare(sqlite3.connect(":memory:", isolation_level=None))


def prepare(con: sqlite3.Connection) -> sqlite3.Connection:
    """Check the schema (version and tables), creating it in an empty database."""
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if version == 0:
        with transaction(con):
            if con.execute("PRAGMA user_version").fetchone()[0] == 0:
                for statement in SCHEMA.split(";")[:-1]:
                    con.execute(statement)
                # Names this index file: a snapshot of another one's stamps is not believed.
                con.execute("INSERT INTO meta VALUES ('epoch', ?)", (random_key(),))
                con.execute("INSERT INTO meta VALUES ('gen', ?)", (random_key(),))
                con.execute(f"PRAGMA user_version = {VERSION}")
        version = con.execute("PRAGMA user_version").fetchone()[0]
    problem = f"index version {version}" if version != VERSION else missing_tables(con)
    if problem:
        con.close()
        raise Unusable(problem)
    return con


def random_key() -> int:
    """A random 62-bit number: an index's epoch, or a state of it (``gen``)."""
    return int.from_bytes(os.urandom(8), "little") >> 2


def missing_tables(con: sqlite3.Connection) -> str | None:
    """Which of the index's tables the database lacks, if any."""
    found = {name for (name,) in con.execute("SELECT name FROM sqlite_master")}
    missing = sorted(TABLES - found)
    return f"tables missing: {', '.join(missing)}" if missing else None


def remove_files(path: Path) -> None:
    """Delete the index file, SQLite's files and the stamps' snapshot beside it."""
    for suffix in ("", "-wal", "-shm", stamps.SUFFIX):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def damage(path: Path) -> str | None:
    """What is wrong with the index file at ``path``, read as it is (nothing is repaired);
    None when it is sound, missing, of another version (it is rebuilt when used), or
    busy."""
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        if con.execute("PRAGMA user_version").fetchone()[0] != VERSION:
            return None
        missing = missing_tables(con)
        if missing:
            return missing
        found = con.execute("PRAGMA quick_check(1)").fetchone()[0]
        if found != "ok":
            return str(found)
        con.execute("INSERT INTO fts (fts) VALUES ('integrity-check')")  # changes nothing
    except sqlite3.Error as exc:
        return str(exc) if is_damage(exc) else None
    finally:
        con.close()
    return None


@contextlib.contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[None]:
    """A write transaction, taken at once so parallel writers wait instead of failing."""
    try:
        con.execute("BEGIN IMMEDIATE")
        yield
    except BaseException:
        if con.in_transaction:  # also after a Ctrl-C that came just after BEGIN
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def unsynced(con: sqlite3.Connection, cache_kb: int = BULK_CACHE_KB) -> None:
    """Write without fsync (about a sixth of a cold build here), and without checkpoints:
    the database file is not touched until ``synced``, so a power cut can only lose
    the log's last batches, which the next sync reads again (the log's checksums tell
    where it ends), never leave the file half-written."""
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    # A bulk write touches pages all over the tables (ids are random): with a cache
    # large enough to hold them, each is written to the log once a batch, not again and
    # again (half the system time of a cold build). FTS5 merges less often meanwhile.
    con.execute(f"PRAGMA cache_size = {-cache_kb}")
    con.execute("INSERT INTO fts (fts, rank) VALUES ('automerge', ?)", (BULK_AUTOMERGE,))


def synced(con: sqlite3.Connection) -> None:
    """Back to normal after ``unsynced``: the log is synced and copied into the file."""
    if con.in_transaction:  # a Ctrl-C can come between BEGIN and its guard
        con.execute("ROLLBACK")
    with contextlib.suppress(sqlite3.Error):  # merging more often is only an optimisation
        con.execute("INSERT INTO fts (fts, rank) VALUES ('automerge', ?)", (AUTOMERGE,))
    con.execute("PRAGMA cache_size = -2000")  # SQLite's default
    con.execute("PRAGMA synchronous = NORMAL")
    con.execute(f"PRAGMA wal_autocheckpoint = {WAL_PAGES}")
    # Syncs the log, then copies it into the file and syncs that. Readers of an older
    # snapshot hold part of it back: not waited for, the last of them to close finishes.
    con.execute("PRAGMA busy_timeout = 0")
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")


@contextlib.contextmanager
def bulk(con: sqlite3.Connection, cache_kb: int = BULK_CACHE_KB) -> Iterator[None]:
    """Many batches of rows written inside are written as ``unsynced`` writes them, and
    ``synced`` on leaving; a failure to switch is ignored (it is only quicker)."""
    with contextlib.suppress(sqlite3.Error):
        unsynced(con, cache_kb)
    try:
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            synced(con)
