"""The index: an SQLite cache of every article's list row and text, beside the TOML files.

The files stay the source of truth. Each sync compares every file's (size, mtime_ns,
inode) with what the index recorded and re-reads only files that differ; when the
articles directory's mtime is unchanged no file can have come or gone, so its listing
is skipped (as git and notmuch do). A file changed so soon after it was read that a
later change could keep the same mtime is recorded as "racy" and read again next time.
A missing, corrupt or foreign-version index file is deleted and rebuilt.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import os
import signal
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli import atomic, ids
from newscli.choices import Sort
from newscli.errors import CorruptArticle, DataDirError, InvalidInput, NotFound
from newscli.listing import MARK_END, MARK_START, Row
from newscli.models import Article, Rating, tag_key
from newscli.query import ListQuery

if TYPE_CHECKING:
    from concurrent.futures import Executor

VERSION = 2
BUSY_TIMEOUT = 30.0
PARALLEL_MIN = 256  # files to parse before a sync uses every core
BATCH = 500  # files written to the index per transaction
WINDOW = 4096  # files handed to the parsing processes at a time
WAL_PAGES = 1000  # SQLite's default: the log is copied into the file when this long
RACY_NS = 100_000_000  # mtimes tick coarsely: a file this fresh may change unseen
SNIPPET_TOKENS = 16

Progress = Callable[[int, int], None]
# (id, stamp, article columns or None, text columns or None, problem or None)
Parsed = tuple[str, str, tuple[Any, ...] | None, tuple[str, ...] | None, str | None]

_SCHEMA = """
CREATE TABLE articles (
    n INTEGER PRIMARY KEY,  -- the id read as a number, and the rowid of its text in fts
    id TEXT NOT NULL UNIQUE,
    stamp TEXT NOT NULL,  -- the file's size:mtime_ns:inode when it was read
    title TEXT NOT NULL, title_key TEXT NOT NULL, dateline TEXT,
    published TEXT, added TEXT NOT NULL, updated TEXT NOT NULL,
    url TEXT, source TEXT, author TEXT, image TEXT,
    tags TEXT NOT NULL, tag_keys TEXT NOT NULL,  -- JSON arrays
    date_us INTEGER NOT NULL, added_us INTEGER NOT NULL,
    average REAL, votes INTEGER NOT NULL, comments INTEGER NOT NULL
);
CREATE INDEX articles_by_date ON articles (date_us, added_us, id);
CREATE INDEX articles_stamps ON articles (id, stamp);  -- each sync reads only this
CREATE TABLE problems (
    id TEXT PRIMARY KEY,
    stamp TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value);
CREATE VIRTUAL TABLE fts USING fts5 (
    title, body, dateline, tags, comments, tokenize = 'unicode61 remove_diacritics 2'
);
-- Merge segments less eagerly than FTS5's defaults (4 and 16): a cold build of 10,000
-- articles takes about a fifth less time, and searches are as fast.
INSERT INTO fts (fts, rank) VALUES ('automerge', 8);
INSERT INTO fts (fts, rank) VALUES ('crisismerge', 64);
"""
_ROW_COLUMNS = (
    "id, title, dateline, published, added, updated, url, source, author, image, tags,"
    " average, votes, comments"
)
_ORDERS = {
    Sort.NEWEST: "a.date_us DESC, a.added_us DESC, a.id DESC",
    Sort.OLDEST: "a.date_us, a.added_us, a.id",
    Sort.RATING: "coalesce(a.average, 0) DESC, a.votes DESC, a.date_us DESC, a.id DESC",
    Sort.COMMENTS: "a.comments DESC, a.date_us DESC, a.id DESC",
    Sort.TITLE: "a.title_key, a.id",
}
# bm25 weights of title, body, dateline, tags, comments: a word in the title counts most.
_RANK = "bm25(fts, 8.0, 1.0, 2.0, 4.0, 0.5)"
_NUMBERS = str.maketrans(ids.ALPHABET, "0123456789abcdefghijklmnopqrstuv")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class _Unusable(Exception):
    """The index file is corrupt or of another version: it is rebuilt."""


def _number(article_id: str) -> int:
    """An article id as the integer it spells in base 32."""
    return int(article_id.translate(_NUMBERS), 32)


def _micros(value: datetime) -> int:
    return (value - _EPOCH) // timedelta(microseconds=1)


def _stamp(st: os.stat_result) -> str:
    """What tells one version of a file from another: its size, mtime and inode.

    (Spelled out again in ``Index._changed``, where a call per file would cost.)
    """
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


RACY = "racy"  # the stamp of a file read too soon after it changed: it is read again


def _columns(article: Article, stamp: str) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """The ``articles`` and ``fts`` columns of an article whose file has ``stamp``."""
    row = Row.of(article)
    rating = row.rating
    columns = (
        _number(article.id),
        article.id,
        stamp,
        row.title,
        row.title.casefold(),
        row.dateline,
        row.published,
        row.added,
        row.updated,
        row.url,
        row.source,
        row.author,
        row.image,
        json.dumps(list(row.tags), ensure_ascii=False),
        json.dumps([tag_key(t) for t in row.tags], ensure_ascii=False),
        _micros(article.date),
        _micros(article.added),
        rating.average,
        rating.votes,
        row.comments,
    )
    text = (
        article.title,
        article.body,
        article.dateline or "",
        "\n".join(article.tags),
        "\n\n".join(c.text for c in article.comments),
    )
    return columns, text


def parse_file(root: Path, article_id: str) -> Parsed:
    """Read one article file into index columns, or into a problem; runs in worker processes."""
    from newscli.store import Store

    path = root / "articles" / f"{article_id}.toml"
    try:
        st = path.stat()  # before reading: a change made meanwhile shows up next time
    except FileNotFoundError:
        return (article_id, "", None, None, None)
    stamp = RACY if time.time_ns() - st.st_mtime_ns < RACY_NS else _stamp(st)
    try:
        article = Store(root).load(article_id)
    except NotFound:
        return (article_id, "", None, None, None)
    except CorruptArticle as exc:
        return (article_id, stamp, None, None, str(exc))
    columns, text = _columns(article, stamp)
    return (article_id, stamp, columns, text, None)


def _parse_all(root: Path, names: list[str], progress: Progress | None) -> Iterator[Parsed]:
    """Parse files, on every core when there are many, telling ``progress`` how far it got."""
    total = len(names)
    workers = os.cpu_count() or 1
    if total >= PARALLEL_MIN and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(workers, initializer=_leave_interrupts_to_the_parent)
        try:
            chunk = max(16, min(256, min(total, WINDOW) // (workers * 8)))
            parse = partial(parse_file, root)
            yield from _counted(_windowed(pool, parse, names, chunk), total, progress)
        finally:
            pool.shutdown(cancel_futures=True)  # after Ctrl-C, the windows not yet parsed
    else:
        yield from _counted((parse_file(root, n) for n in names), total, progress)


def _leave_interrupts_to_the_parent() -> None:
    """In a parsing process: Ctrl-C stops the parent, which stops the pool; the workers
    would otherwise each print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _windowed(
    pool: Executor, parse: Callable[[str], Parsed], names: list[str], chunk: int
) -> Iterator[Parsed]:
    """``parse`` of each name, in order, one window of names ahead of the reader: parsed
    articles wait for the index's one writer in bounded memory (about 90 MB at 100k)."""
    ahead: deque[Iterator[Parsed]] = deque()
    for start in range(0, len(names), WINDOW):
        ahead.append(pool.map(parse, names[start : start + WINDOW], chunksize=chunk))
        if len(ahead) > 1:
            yield from ahead.popleft()
    while ahead:
        yield from ahead.popleft()


def _batches(items: Iterable[Parsed]) -> Iterator[list[Parsed]]:
    """``items`` in lists of ``BATCH``."""
    it = iter(items)
    while batch := list(itertools.islice(it, BATCH)):
        yield batch


def _counted(items: Iterable[Parsed], total: int, progress: Progress | None) -> Iterator[Parsed]:
    for done, item in enumerate(items, start=1):
        if progress is not None and (done % 64 == 0 or done == total):
            progress(done, total)
        yield item


class Index:
    """The index of the store at ``root``, kept in the file ``path`` (None: in memory)."""

    def __init__(self, root: Path, path: Path | None) -> None:
        self.root = root
        self.articles_dir = root / "articles"
        self.path = path
        self._con: sqlite3.Connection | None = None

    # --- opening --------------------------------------------------------------------------

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
                    return self._open_file(self.path)
                except (_Unusable, sqlite3.DatabaseError) as exc:
                    if isinstance(exc, sqlite3.OperationalError):
                        break  # cannot open or locked: not the file's fault
                    self._remove_files()
                except OSError:
                    break
        # The cache cannot be used (read-only, full, locked): index in memory for this run.
        return self._prepare(sqlite3.connect(":memory:", isolation_level=None))

    def _open_file(self, path: Path) -> sqlite3.Connection:
        atomic.make_dirs(path.parent)
        # Created private before SQLite opens it: it holds the articles' text.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, atomic.FILE_MODE))
        con = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")  # a lost commit costs only a re-read
            return self._prepare(con)
        except BaseException:
            con.close()
            raise

    def _prepare(self, con: sqlite3.Connection) -> sqlite3.Connection:
        """Check the schema version, creating the schema in an empty database."""
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            with _transaction(con):
                if con.execute("PRAGMA user_version").fetchone()[0] == 0:
                    for statement in _SCHEMA.split(";")[:-1]:
                        con.execute(statement)
                    con.execute(f"PRAGMA user_version = {VERSION}")
            version = con.execute("PRAGMA user_version").fetchone()[0]
        if version != VERSION:
            con.close()
            raise _Unusable(f"index version {version}")
        return con

    def _remove_files(self) -> None:
        if self.path is None:
            return
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    def close(self) -> None:
        """Close the connection (it reopens on next use)."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def rebuild(self, progress: Progress | None = None) -> None:
        """Throw the index away and read every file again."""
        self.close()
        self._remove_files()
        self._sync(progress)  # unguarded: a second failure is not met with a third build

    def _guarded(self, work: Callable[[], Any]) -> Any:
        """Run ``work``; if the file turns out corrupt half-way, rebuild it and run it again."""
        try:
            return work()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):
                raise
        self.rebuild()
        return work()

    # --- keeping current ------------------------------------------------------------------

    def sync(self, progress: Progress | None = None) -> bool:
        """Bring the index in line with the files; False when there is no articles directory."""
        return bool(self._guarded(partial(self._sync, progress)))

    def _sync(self, progress: Progress | None) -> bool:
        try:
            dir_stat = self.articles_dir.stat()
        except FileNotFoundError:
            if self._con is not None or (self.path is not None and self.path.exists()):
                self._clear()
            return False
        except OSError as exc:
            raise DataDirError(f"cannot read {self.articles_dir}: {exc.strerror}") from None
        con = self.con
        known: dict[str, str] = dict(
            con.execute("SELECT id, stamp FROM articles UNION ALL SELECT id, stamp FROM problems")
        )
        listed = con.execute("SELECT value FROM meta WHERE key = 'dir'").fetchone()
        same_dir = listed is not None and listed[0] == dir_stat.st_mtime_ns
        if same_dir:
            names, gone = list(known), []
        else:
            from newscli.store import Store

            names = Store(self.root).ids()
            listing = set(names)
            gone = [i for i in known if i not in listing]
        changed = self._changed(names, known, gone)
        if same_dir and not changed and not gone:
            return True
        with _transaction(con):
            self._drop(gone)
        bulk = len(changed) >= PARALLEL_MIN
        if bulk:
            _unsynced(con)
        try:
            # Written in batches, so that another newscli waits for a batch, not a build.
            for batch in _batches(_parse_all(self.root, changed, progress)):
                with _transaction(con):
                    self._store(batch)
        finally:
            if bulk:
                _synced(con)
        fresh = time.time_ns() - dir_stat.st_mtime_ns < RACY_NS
        with _transaction(con):
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('dir', ?)",
                (None if fresh else dir_stat.st_mtime_ns,),
            )
        return True

    def outdated(self) -> int:
        """How many article files the index file is behind on (changed, new or gone); it
        is not brought up to date. No index file yet (or one in memory) is behind on none:
        it is built when first needed."""
        if self.path is None or not self.path.exists() or not self.articles_dir.is_dir():
            return 0

        def work() -> int:
            from newscli.store import Store

            known: dict[str, str] = dict(
                self.con.execute(
                    "SELECT id, stamp FROM articles UNION ALL SELECT id, stamp FROM problems"
                )
            )
            if self.con.execute("SELECT 1 FROM meta WHERE key = 'dir'").fetchone() is None:
                return 0  # never brought up to date: the first listing builds it
            names = Store(self.root).ids()
            listing = set(names)
            gone = [i for i in known if i not in listing]
            # A file read just after it changed is read again anyway: not behind.
            changed = [n for n in self._changed(names, known, gone) if known.get(n) != RACY]
            return len(changed) + len(gone)

        return int(self._guarded(work))

    def _changed(self, names: list[str], known: dict[str, str], gone: list[str]) -> list[str]:
        """The files among ``names`` whose stamp differs from ``known``; vanished ones go
        to ``gone``. The hot loop of every list: one stat per file, nothing else."""
        changed = []
        stat, stamp_of = os.stat, known.get
        fd = os.open(self.articles_dir, os.O_RDONLY)
        try:
            for name in names:
                try:
                    st = stat(name + ".toml", dir_fd=fd)
                except FileNotFoundError:
                    if name in known:
                        gone.append(name)
                    continue
                if stamp_of(name) != f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}":
                    changed.append(name)
        finally:
            os.close(fd)
        return changed

    def _clear(self) -> None:
        with _transaction(self.con):
            for table in ("articles", "problems", "fts", "meta"):
                self.con.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names

    def _drop(self, gone: Iterable[str]) -> None:
        keys = [(i,) for i in gone]
        self.con.executemany("DELETE FROM fts WHERE rowid = ?", [(_number(k),) for (k,) in keys])
        self.con.executemany("DELETE FROM articles WHERE id = ?", keys)
        self.con.executemany("DELETE FROM problems WHERE id = ?", keys)

    def _store(self, parsed: list[Parsed]) -> None:
        """Write parsed files' rows in place of those the index has (run in a transaction)."""
        con = self.con
        # Looked up in one query, not deleted one by one: in a first build there are none.
        wanted = json.dumps([item[0] for item in parsed])
        self._drop(
            row[0]
            for row in con.execute(
                "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))"
                " UNION ALL SELECT id FROM problems WHERE id IN (SELECT value FROM json_each(?))",
                (wanted, wanted),
            ).fetchall()
        )
        for article_id, stamp, columns, text, problem in parsed:
            if columns is not None and text is not None:
                placeholders = ", ".join("?" * len(columns))
                con.execute(f"INSERT INTO articles VALUES ({placeholders})", columns)  # noqa: S608
                con.execute(
                    "INSERT INTO fts(rowid, title, body, dateline, tags, comments)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (columns[0], *text),
                )
            elif problem is not None:
                con.execute("INSERT INTO problems VALUES (?, ?, ?)", (article_id, stamp, problem))

    def note(
        self,
        article_id: str,
        article: Article | None = None,
        written: os.stat_result | None = None,
    ) -> None:
        """Update one article's row after newscli wrote (``article``, in the file whose
        status was ``written``) or removed its file.

        If the file changed again since (another writer came between), or it is fresh
        enough that a change could keep its stamp, it is read instead, as a sync would.
        With no index yet there is nothing to update: the first listing builds it whole.
        """
        if self._con is None and (self.path is None or not self.path.exists()):
            return
        path = self.articles_dir / f"{article_id}.toml"

        def work() -> None:
            try:
                now_stat = path.stat()
            except FileNotFoundError:
                with _transaction(self.con):
                    self._drop([article_id])
                return
            stamp = _stamp(now_stat)
            if time.time_ns() - now_stat.st_mtime_ns < RACY_NS:
                stamp = RACY  # known now, but read again next time in case of a quick change
            if article is None or written is None or _stamp(written) != _stamp(now_stat):
                parsed = parse_file(self.root, article_id)
            else:
                columns, text = _columns(article, stamp)
                parsed = (article_id, stamp, columns, text, None)
            with _transaction(self.con):
                self._store([parsed])

        # The file is already written; if its row cannot be, the next sync finds the change.
        with contextlib.suppress(sqlite3.Error):
            self._guarded(work)

    # --- reading --------------------------------------------------------------------------

    def problems(self) -> list[CorruptArticle]:
        """The files that could not be read, in id order."""
        rows = self.con.execute("SELECT message FROM problems ORDER BY id")
        return [CorruptArticle(message) for (message,) in rows]

    def count(self) -> int:
        """How many articles are indexed."""
        return int(self.con.execute("SELECT count(*) FROM articles").fetchone()[0])

    def iter_rows(self, spec: ListQuery) -> Iterator[Row]:
        """The rows matching ``spec``, in its order, read from the index as they are used."""
        where, params = _filters(spec)
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM articles a{where}"  # noqa: S608 - fixed fragments
            f" ORDER BY {_ORDERS[spec.sort]}{_limit(spec)}"
        )
        return map(_row, self._execute(sql, params, spec.search))

    def ids(self, spec: ListQuery) -> list[str]:
        """Only the ids of the rows matching ``spec``, in its order."""
        where, params = _filters(spec)
        sql = f"SELECT a.id FROM articles a{where} ORDER BY {_ORDERS[spec.sort]}{_limit(spec)}"  # noqa: S608
        return [r[0] for r in self._execute(sql, params, spec.search)]

    def search(self, text: str, spec: ListQuery) -> list[Row]:
        """Full-text hits for ``text`` (FTS5 syntax), best first, each with a snippet."""
        where, params = _filters(spec)
        hits = (
            f"FROM fts JOIN articles a ON a.n = fts.rowid WHERE fts MATCH ?"
            f"{where.replace(' WHERE', ' AND', 1)}"
        )
        order = f" ORDER BY {_RANK}, a.date_us DESC, a.id"
        args = [text, *params]
        if spec.limit is not None:
            # Rank every hit but make snippets for the best ones only: they cost the most.
            hits += f" AND fts.rowid IN (SELECT fts.rowid {hits}{order}{_limit(spec)})"
            args += args
        snippet = f"snippet(fts, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS})"
        columns = ", ".join("a." + c.strip() for c in _ROW_COLUMNS.split(","))
        sql = f"SELECT {columns}, {snippet} {hits}{order}"
        return [_row(r) for r in self._execute(sql, args, text)]

    def _execute(self, sql: str, params: list[Any], search: str | None) -> sqlite3.Cursor:
        """The cursor of a query; a search SQLite cannot read is InvalidInput (it fails at
        the first row, which ``execute`` reads)."""
        try:
            return self.con.execute(sql, params)
        except sqlite3.OperationalError as exc:
            message = str(exc)
            if search is not None and _is_query_error(message):
                raise InvalidInput(
                    f"cannot read the search {search!r}: {message.removeprefix('fts5: ')}"
                    ' (put words with punctuation in "double quotes")'
                ) from None
            raise

    def same_url_or_title(self, url: str | None, title: str) -> list[str]:
        """Ids of the indexed articles with this url when one is given, else this title."""
        if url:
            rows = self.con.execute("SELECT id FROM articles WHERE url = ?", (url,))
        else:
            rows = self.con.execute("SELECT id FROM articles WHERE title = ?", (title,))
        return [r[0] for r in rows]

    def ids_with_prefix(self, prefix: str) -> list[str] | None:
        """Known file ids starting with ``prefix``; None when files may have come or gone,
        or when there is no index yet (none is made just for this)."""
        if self._con is None and (self.path is None or not self.path.exists()):
            return None
        try:
            mtime = self.articles_dir.stat().st_mtime_ns
        except OSError:
            return None
        listed = self.con.execute("SELECT value FROM meta WHERE key = 'dir'").fetchone()
        if listed is None or listed[0] != mtime:
            return None
        high = prefix + "~"
        rows = self.con.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ?"
            " UNION SELECT id FROM problems WHERE id >= ? AND id < ?",
            (prefix, high, prefix, high),
        )
        return [r[0] for r in rows]


def _is_query_error(message: str) -> bool:
    """Whether SQLite refused the search text itself, rather than the database file."""
    trouble = ("locked", "busy", "disk", "unable to open", "readonly", "interrupted")
    return not any(word in message for word in trouble)


def _filters(spec: ListQuery) -> tuple[str, list[Any]]:
    """The WHERE clause (with a leading space, or empty) and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    for tag in spec.tags:
        clauses.append("EXISTS (SELECT 1 FROM json_each(a.tag_keys) WHERE value = ?)")
        params.append(tag_key(tag))
    if spec.since is not None:
        clauses.append("a.date_us >= ?")
        params.append(_micros(spec.since))
    if spec.until is not None:
        clauses.append("a.date_us <= ?")
        params.append(_micros(spec.until))
    if spec.min_rating is not None:
        clauses.append("a.average >= ?")
        params.append(spec.min_rating)
    if spec.search is not None:
        clauses.append("a.n IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        params.append(spec.search)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _limit(spec: ListQuery) -> str:
    return "" if spec.limit is None else f" LIMIT {int(spec.limit)}"


@functools.lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[str, ...]:
    """A JSON array of tags as a tuple; many rows share the same few sets."""
    return tuple(json.loads(text))


def _row(r: tuple[Any, ...]) -> Row:
    return Row(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        tags=_tags(r[10]),
        rating=Rating(r[11], r[12]),
        comments=r[13],
        snippet=r[14] if len(r) > 14 else None,
    )


def _unsynced(con: sqlite3.Connection) -> None:
    """Write without fsync (about a sixth of a cold build here), and without checkpoints:
    the database file is not touched until ``_synced``, so a power cut can only lose
    the log's last batches, which the next sync reads again (the log's checksums tell
    where it ends), never leave the file half-written."""
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA wal_autocheckpoint = 0")


def _synced(con: sqlite3.Connection) -> None:
    """Back to normal after ``_unsynced``: the log is synced and copied into the file."""
    if con.in_transaction:  # a Ctrl-C can come between BEGIN and its guard
        con.execute("ROLLBACK")
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
def _transaction(con: sqlite3.Connection) -> Iterator[None]:
    """A write transaction, taken at once so parallel writers wait instead of failing."""
    try:
        con.execute("BEGIN IMMEDIATE")
        yield
    except BaseException:
        if con.in_transaction:  # also after a Ctrl-C that came just after BEGIN
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
