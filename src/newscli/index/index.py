"""The index: an SQLite cache of every article's list row and text, beside the TOML files.

The files stay the source of truth. Each sync compares every file's stamp (size,
mtime_ns, ctime_ns, inode) with what the index recorded, kept packed beside it
(``stamps``), and re-reads only files that differ; when the articles directory's mtime
is unchanged no file can have come or gone, so its listing is skipped (as git and
notmuch do). A file changed so soon after it was read that a later change could keep
the same mtime is recorded as "racy" and read again next time.
A missing, corrupt or foreign-version index file is deleted and rebuilt, as is one found
damaged while it is read (the answer is then read from the rebuilt one).

Here: keeping the index in line with the files, and reading it. Beside it: ``db``,
``rows``, ``queries``, ``stamps``, ``kept`` and ``parsing`` (the files read, on every core).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

from newscli.disk.datadir import DataDir
from newscli.disk.reading import article_ids
from newscli.errors import CorruptArticle, DataDirError
from newscli.index import db as index_db
from newscli.index import parsing, stamps
from newscli.index import queries as index_queries
from newscli.index.cache import Cache, Refusal
from newscli.index.db import VERSION as VERSION  # the schema version, for callers
from newscli.index.kept import Kept, meta
from newscli.index.rows import RACY_NS, Columns, Parsed, columns, number, read_stamp, restamped, row
from newscli.index.stamps import RACY, stamp
from newscli.model.article import Article
from newscli.model.listing import Progress, Row
from newscli.model.query import ListQuery


class Index(Cache):
    """The index of the store at ``root``, kept in the file ``path`` (None: in memory)."""

    def __init__(self, root: Path, path: Path | None) -> None:
        super().__init__(path)
        self.root = root
        self.data = DataDir(root)
        self._kept = Kept(None if path is None else stamps.path_of(path))

    def close(self) -> None:
        """Close the connection (it reopens on next use)."""
        super().close()
        self._kept.forget()

    # --- keeping current ------------------------------------------------------------------

    def sync(self, progress: Progress | None = None, *, edits: bool = True) -> bool:
        """Bring the index in line with the files; False when there is no articles directory.

        Without ``edits``, only files that came or went are read (the directory is not even
        listed when its modification time is unchanged) and the others' rows are trusted:
        for which articles there are, seldom changed by an edit elsewhere (a third of a
        second saved at 100,000 files)."""
        return bool(self._guarded(partial(self.fill, progress, edits)))

    def fill(self, progress: Progress | None, edits: bool = True) -> bool:
        """``sync``, unguarded."""
        try:
            dir_stat = self.data.folder(self.data.articles).stat()
        except FileNotFoundError:
            if self._con is not None or (self.path is not None and self.path.exists()):
                self._clear()
            return False
        except OSError as exc:
            raise DataDirError(f"cannot read {self.data.articles}: {exc.strerror}") from None
        state = meta(self.con)
        same_dir = state.get("dir") == dir_stat.st_mtime_ns
        if same_dir and not edits:
            return True
        snap = self._kept.snapshot(self.con, state)
        if edits:
            found = stamps.check(self.data.articles, snap)
            fresh = found.fresh
            changed = [snap.names[p][:-5].decode() for p in found.changed]
            gone = {snap.names[p][:-5].decode() for p in found.gone}
        else:  # the rows of the files still there are trusted
            fresh, changed, gone = snap.packed, [], set()
        if not same_dir:
            listing = set(article_ids(self.data))
            known = set(snap.ids())
            changed += listing - known
            if not edits:
                gone = known - listing
        if same_dir and not changed and not gone:
            return True
        self._kept.start()
        if gone:
            with self._writing():
                self._drop(gone)
        written: dict[str, bytes] = {}
        bulk = (
            index_db.bulk(self.con)
            if len(changed) >= parsing.PARALLEL_MIN
            else contextlib.nullcontext()
        )
        with bulk:
            # Written in batches, so that another newscli waits for a batch, not a build.
            for batch in parsing.batches(parsing.parse_all(self.root, changed, progress)):
                with self._writing():
                    self._save_rows(batch)
                for article_id, file_stamp, *_ in batch:
                    if file_stamp:
                        written[article_id] = file_stamp
                    else:
                        gone.add(article_id)
        racy_dir = time.time_ns() - dir_stat.st_mtime_ns < RACY_NS
        with self._writing():
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('dir', ?)",
                (None if racy_dir else dir_stat.st_mtime_ns,),
            )
        self._kept.keep_patched(snap, fresh, written, gone)
        return True

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """A write transaction that moves the index to a new state (``kept``)."""
        with self._kept.writing(self.con):
            yield

    def outdated(self) -> int:
        """How many article files the index file is behind on (changed, new or gone); it
        is not brought up to date. No index file yet (or one in memory) is behind on none:
        it is built when first needed."""
        if self.path is None or not self.path.exists() or not self.data.articles.is_dir():
            return 0

        def work() -> int:
            found = meta(self.con)
            if "dir" not in found:
                return 0  # never brought up to date: the first listing builds it
            snap = self._kept.snapshot(self.con, found)
            checked = stamps.check(self.data.articles, snap)
            came = set(article_ids(self.data)) - set(snap.ids())
            # A file read just after it changed is read again anyway: not behind.
            changed = [p for p in checked.changed if snap.recorded(p) != RACY]
            return len(changed) + len(checked.gone) + len(came)

        return int(self._guarded(work))

    def _clear(self) -> None:
        with self._writing():
            for table in ("articles", "problems", "fts", "meta"):
                self.con.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names

    def _drop(self, gone: Iterable[str]) -> None:
        keys = [(i,) for i in gone]
        self.con.executemany("DELETE FROM fts WHERE rowid = ?", [(number(k),) for (k,) in keys])
        self.con.executemany("DELETE FROM articles WHERE id = ?", keys)
        self.con.executemany("DELETE FROM problems WHERE id = ?", keys)

    def _save_rows(self, parsed: list[Parsed]) -> None:
        """Write parsed files' rows in place of those the index has (run in a transaction)."""
        con = self.con
        # Looked up in one query, not deleted one by one: in a first build there are none.
        wanted = json.dumps([item[0] for item in parsed])
        self._drop(
            found[0]
            for found in con.execute(
                "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))"
                " UNION ALL SELECT id FROM problems WHERE id IN (SELECT value FROM json_each(?))",
                (wanted, wanted),
            ).fetchall()
        )
        # In rowid order: FTS5 flushes the terms it holds whenever a rowid is lower than
        # the last one, and ids are random; in order, a batch costs half the CPU.
        ordered = sorted(parsed, key=lambda item: number(item[0]))
        rows = [(v, t) for _, _, v, t, _ in ordered if v is not None and t is not None]
        if rows:
            placeholders = ", ".join("?" * len(rows[0][0]))
            sql = f"INSERT INTO articles VALUES ({placeholders})"  # noqa: S608 - only ?s
            con.executemany(sql, [values for values, _ in rows])
            con.executemany(
                "INSERT INTO fts(rowid, title, body, dateline, tags, comments)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(values[0], *text) for values, text in rows],
            )
        con.executemany(
            "INSERT INTO problems VALUES (?, ?, ?)",
            [(i, file_stamp, why) for i, file_stamp, v, _, why in ordered if v is None and why],
        )

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
        path = self.data.article_file(article_id)

        def work() -> None:
            self._kept.ready()  # the snapshot, brought along: a listing next needs no rebuild
            try:
                now_stat = os.lstat(path)
            except FileNotFoundError:
                with self._writing():
                    self._drop([article_id])
                self._kept.keep_one(article_id, b"")
                return
            file_stamp = read_stamp(now_stat)
            if article is None or written is None or stamp(written) != stamp(now_stat):
                parsed = parsing.parse_file(self.root, article_id)
            else:
                values, text = columns(article, file_stamp)
                parsed = (article_id, file_stamp, values, text, None)
            with self._writing():
                self._save_rows([parsed])
            self._kept.keep_one(article_id, parsed[1])  # b"": it went meanwhile

        # The file is already written; if its row cannot be, the next sync finds the change.
        with contextlib.suppress(sqlite3.Error):
            self._guarded(work, fallback=False)

    def note_created(self, written: list[tuple[str, os.stat_result, Columns]]) -> None:
        """Write the rows of new files newscli just wrote, in one transaction: each is an
        id, the status ``atomic`` returned for its file, and its columns (``columns``,
        with any stamp).

        Unlike ``note``, each is stamped as written even though it is fresh: it was
        created under a new name and stamped at once, and its change time (in the stamp)
        moves with any change after that. So a listing after an import reads none of
        them again. A row that cannot be written is found by the next sync instead.
        """
        parsed: list[Parsed] = []
        for article_id, status, found in written:
            file_stamp = stamp(status)
            values, text = restamped(found, file_stamp)
            parsed.append((article_id, file_stamp, values, text, None))

        def work() -> None:
            self._kept.forget()  # many rows: the next sync makes the snapshot again, once
            with self._writing():
                self._save_rows(parsed)

        with contextlib.suppress(sqlite3.Error):
            self._guarded(work, fallback=False)

    def bulk_writes(self, cache_kb: int) -> contextlib.AbstractContextManager[None]:
        """Rows written inside are written as by a cold build (``index_db.bulk``)."""
        return index_db.bulk(self.con, cache_kb)

    # --- reading --------------------------------------------------------------------------

    def problems(self) -> list[CorruptArticle]:
        """The files that could not be read, in id order."""
        rows = self._guarded(
            lambda: self.con.execute("SELECT message FROM problems ORDER BY id").fetchall()
        )
        return [CorruptArticle(message) for (message,) in rows]

    def fingerprints(self) -> Iterator[tuple[str, str | None, bytes]]:
        """The id, url and content digest (``index_rows.content_digest``) of every
        indexed article, read as they are used."""
        return self._rows("SELECT id, url, digest FROM articles", [])

    def count(self) -> int:
        """How many articles are indexed."""
        return int(
            self._guarded(lambda: self.con.execute("SELECT count(*) FROM articles").fetchone()[0])
        )

    def iter_rows(self, spec: ListQuery, fields: Sequence[str] | None = None) -> Iterator[Row]:
        """The rows matching ``spec``, in its order, read from the index as they are used;
        with ``fields``, only those are read (the others are left empty)."""
        sql, params = index_queries.rows(spec, fields)
        return map(row, self._rows(sql, params, _refusal(spec.search)))

    def first_rows(self, spec: ListQuery, count: int) -> list[Row]:
        """The first ``count`` rows matching ``spec``, in its order."""
        limit = count if spec.limit is None or spec.limit < 0 else min(count, spec.limit)
        return list(self.iter_rows(spec._replace(limit=limit)))

    def refresh(self, ids: list[str]) -> bool:
        """Read again those of ``ids`` whose file changed (or went) since it was read, and
        only those; whether any had."""

        def work() -> bool:
            recorded = dict(
                self.con.execute(
                    "SELECT id, stamp FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(ids),),
                )
            )
            changed = []
            for article_id in ids:
                try:
                    now_stat = os.lstat(self.data.article_file(article_id))
                except FileNotFoundError:
                    changed.append(article_id)
                    continue
                if stamp(now_stat) != recorded.get(article_id):
                    changed.append(article_id)
            if changed:
                with self._writing():
                    self._save_rows(
                        [parsing.parse_file(self.root, article_id) for article_id in changed]
                    )
            return bool(changed)

        return bool(self._guarded(work))

    def ids(self, spec: ListQuery) -> list[str]:
        """Only the ids of the rows matching ``spec``, in its order."""
        sql, params = index_queries.ids(spec)
        # Read in one call, not row by row through a generator: a tenth of a listing.
        found = self._guarded(lambda: self._execute(sql, params, _refusal(spec.search)).fetchall())
        return list(map(itemgetter(0), found))

    def search(self, text: str, spec: ListQuery, snippets: bool = True) -> list[Row]:
        """Full-text hits for ``text`` (FTS5 syntax), best first, each with a snippet
        (unless not ``snippets``: they are most of a search's cost)."""
        found = self._best_hits(text, spec)
        if found is None:
            sql, args = index_queries.hits(text, spec)
            found = list(self._rows(sql, args, _refusal(text)))
        passages: dict[int, str] = {}
        if snippets and found:
            sql, args = index_queries.snippets(text, spec, [r[-1] for r in found])
            passages = dict(self._guarded(lambda: self.con.execute(sql, args).fetchall()))
        return [row((*r[:-1], passages.get(r[-1]))) for r in found]

    def _best_hits(self, text: str, spec: ListQuery) -> list[tuple[Any, ...]] | None:
        """The best ``spec.limit`` hits as ``hits`` gives them, ranked by the full-text
        index alone and then joined with their rows; None when the search has filters,
        or when hits tie at the last place (then ``hits`` orders them in full)."""
        query = index_queries.best_hits(text, spec)
        if query is None or spec.limit is None:
            return None
        ranked = list(self._rows(*query, _refusal(text)))
        limit = spec.limit
        if len(ranked) == limit + index_queries.SPARE and ranked[limit - 1][1] == ranked[-1][1]:
            return None  # the hits after those taken may tie with the last one
        rank = dict(ranked)
        numbers = json.dumps(list(rank))
        found = self._guarded(
            lambda: self.con.execute(index_queries.rows_numbered(), (numbers,)).fetchall()
        )
        found.sort(key=lambda r: (rank[r[-1]], -r[-2], r[0]))
        return [(*r[:-2], r[-1]) for r in found[:limit]]

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
            mtime = self.data.articles.stat().st_mtime_ns
        except OSError:
            return None

        def work() -> list[str] | None:
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

        found: list[str] | None = self._guarded(work)
        return found


def _refusal(search: str | None) -> Refusal | None:
    """What a search SQLite cannot run is refused as: a one-line InvalidInput."""
    return None if search is None else partial(index_queries.refused_search, search)
