"""The SQL of the index's listings and searches, built from a ListQuery.

Every value reaches SQLite as a parameter or as a number this module made, never as
text from the user.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from newscli.choices import Sort
from newscli.errors import InvalidInput
from newscli.index.rows import ROW_COLUMNS, micros
from newscli.model.article import tag_key
from newscli.model.listing import MARK_END, MARK_START
from newscli.model.query import ListQuery

SNIPPET_TOKENS = 16
MAX_LIMIT = 2**63 - 1  # SQLite's largest integer: a larger --limit lists everything
FTS_COLUMNS = ("title", "body", "dateline", "tags", "comments")

_ORDERS = {
    Sort.NEWEST: "a.date_us DESC, a.added_us DESC, a.id DESC",
    Sort.OLDEST: "a.date_us, a.added_us, a.id",
    Sort.RATING: "coalesce(a.average, 0) DESC, a.votes DESC, a.date_us DESC, a.id DESC",
    Sort.COMMENTS: "a.comments DESC, a.date_us DESC, a.id DESC",
    Sort.TITLE: "a.title_key, a.id",
}
# bm25 weights of title, body, dateline, tags, comments: a word in the title counts most.
_RANK = "bm25(fts, 8.0, 1.0, 2.0, 4.0, 0.5)"


# What a row holds in place of a column not asked for (``rows`` with ``fields``).
_UNREAD = {
    "title": "''",
    "added": "''",
    "updated": "''",
    "tags": "'[]'",
    "votes": "0",
    "comments": "0",
}
_NEEDED = {"rating": ("average", "votes")}  # fields read from other columns than their own


def rows(spec: ListQuery, fields: Sequence[str] | None = None) -> tuple[str, list[Any]]:
    """The SQL and parameters of the list rows matching ``spec``, in its order; with
    ``fields``, only the columns they need are read (the others are left empty)."""
    where, params = _filters(spec)
    sql = (
        f"SELECT {_columns(fields)} FROM articles a{where}"  # noqa: S608 - fixed fragments
        f" ORDER BY {_ORDERS[spec.sort]}{_limit(spec)}"
    )
    return sql, params


def _columns(fields: Sequence[str] | None) -> str:
    """``ROW_COLUMNS``, each one not needed by ``fields`` (when given) as its empty value."""
    names = [name.strip() for name in ROW_COLUMNS.split(",")]
    if fields is None:
        return ", ".join(f"a.{name}" for name in names)
    needed = {"id"}
    for field in fields:
        needed.update(_NEEDED.get(field, (field,)))
    return ", ".join(f"a.{name}" if name in needed else _UNREAD.get(name, "NULL") for name in names)


def ids(spec: ListQuery) -> tuple[str, list[Any]]:
    """The SQL and parameters of only the ids matching ``spec``, in its order."""
    where, params = _filters(spec)
    sql = f"SELECT a.id FROM articles a{where} ORDER BY {_ORDERS[spec.sort]}{_limit(spec)}"  # noqa: S608
    return sql, params


def hits(text: str, spec: ListQuery) -> tuple[str, list[Any]]:
    """The SQL and parameters of full-text hits for ``text``, best first, in one pass over
    the matches: the row's columns, then its number in ``fts`` (for ``snippets``)."""
    where, params = _filters(spec)
    columns = ", ".join("a." + c.strip() for c in ROW_COLUMNS.split(","))
    sql = (
        f"SELECT {columns}, a.n FROM fts JOIN articles a ON a.n = fts.rowid"  # noqa: S608
        f" WHERE fts MATCH ?{where.replace(' WHERE', ' AND', 1)}"
        f" ORDER BY {_RANK}, a.date_us DESC, a.id{_limit(spec)}"
    )
    return sql, [text, *params]


SPARE = 10  # hits ranked beyond the best N, to tell a tie at the N-th from none


def best_hits(text: str, spec: ListQuery) -> tuple[str, list[Any]] | None:
    """For a search of the best ``spec.limit`` hits with no other filter: the SQL of the
    best ``limit + SPARE`` hits ranked by the full-text index alone, with their rank
    (no join with the rows: a third of the time at 100,000 articles). None for any other
    search. ``hits_among`` reads their rows."""
    if spec.limit is None or spec.limit <= 0 or _filters(spec)[0]:
        return None
    limit = min(int(spec.limit), MAX_LIMIT - SPARE) + SPARE
    sql = f"SELECT rowid, {_RANK} AS r FROM fts WHERE fts MATCH ? ORDER BY r LIMIT {limit}"  # noqa: S608
    return sql, [text]


def rows_numbered() -> str:
    """The SQL of the rows whose numbers are given (a JSON array), as ``hits`` gives
    them, with their date to order by before their number."""
    columns = ", ".join("a." + c.strip() for c in ROW_COLUMNS.split(","))
    return (
        f"SELECT {columns}, a.date_us, a.n FROM articles a"  # noqa: S608 - fixed names
        " WHERE a.n IN (SELECT value FROM json_each(?))"
    )


_SNIPPET = f"snippet(fts, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS})"


def snippets(text: str, spec: ListQuery, numbers: Sequence[int]) -> tuple[str, list[Any]]:
    """The SQL and parameters of the passages that matched, for the hits shown only (they
    cost the most): ``numbers``, their rows in ``fts``, as ``hits`` or ``best_hits`` found
    them for ``text`` and ``spec``.

    When those are every match (no filter, fewer hits than the limit), in one pass over
    the matches: given rowids, FTS5 runs the query again for each one (about 45 µs a
    hit here, a third of the passages' cost when every hit is shown).
    """
    limit = spec.limit
    every = limit is None or limit < 0 or len(numbers) < limit
    if every and not _filters(spec)[0]:
        return f"SELECT rowid, {_SNIPPET} FROM fts WHERE fts MATCH ?", [text]  # noqa: S608
    return (
        f"SELECT rowid, {_SNIPPET} FROM fts"  # noqa: S608 - fixed fragments
        " WHERE fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))",
        [text, json.dumps(list(numbers))],
    )


def refused_search(text: str) -> InvalidInput | None:
    """The error for a search SQLite's full-text syntax cannot read, or None if it can.

    The text is tried on an empty table of the index's columns in memory, so whatever
    the index file's state, a fault there is never taken for the user's, nor theirs for
    the file's.
    """
    con = sqlite3.connect(":memory:")
    try:
        con.execute(f"CREATE VIRTUAL TABLE fts USING fts5 ({', '.join(FTS_COLUMNS)})")
        con.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (text,)).fetchall()
    except sqlite3.Error as exc:
        message = str(exc).removeprefix("fts5: ")
        return InvalidInput(
            f"cannot read the search {text!r}: {message}"
            ' (put words with punctuation in "double quotes")'
        )
    finally:
        con.close()
    return None


def _filters(spec: ListQuery) -> tuple[str, list[Any]]:
    """The WHERE clause (with a leading space, or empty) and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []
    for tag in spec.tags:
        clauses.append("EXISTS (SELECT 1 FROM json_each(a.tag_keys) WHERE value = ?)")
        params.append(tag_key(tag))
    if spec.since is not None:
        clauses.append("a.date_us >= ?")
        params.append(micros(spec.since))
    if spec.until is not None:
        clauses.append("a.date_us <= ?")
        params.append(micros(spec.until))
    if spec.min_rating is not None:
        clauses.append("a.average >= ?")
        params.append(spec.min_rating)
    if spec.search is not None:
        clauses.append("a.n IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        params.append(spec.search)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _limit(spec: ListQuery) -> str:
    """The LIMIT clause: at most SQLite's largest integer (SQLite reads a larger one as a
    real number, and refuses it); a negative one is no limit, as in SQLite."""
    return "" if spec.limit is None else f" LIMIT {min(max(int(spec.limit), -1), MAX_LIMIT)}"
