"""What the store lists, from its index brought up to date first: articles by query (all
at once, as they are read, or only their ids), how many there are, full-text search, and
the index built again from every file. ``store.browse`` gives a first screen at once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from newscli.choices import Sort
from newscli.errors import CorruptArticle, InvalidInput
from newscli.model.listing import Listing, Progress, Row
from newscli.model.query import ListQuery
from newscli.store.store import Store


def list_articles(
    store: Store, spec: ListQuery | None = None, progress: Progress | None = None
) -> Listing:
    """The rows that match ``spec``, in its order; unreadable files come back as problems.

    Reads the index, bringing it up to date first; ``progress(done, total)`` hears how
    far the reading of changed files has got.
    """
    rows, problems = iter_articles(store, spec, progress)
    return Listing(list(rows), problems)


def iter_articles(
    store: Store,
    spec: ListQuery | None = None,
    progress: Progress | None = None,
    *,
    edits: bool = True,
    fields: Sequence[str] | None = None,
) -> tuple[Iterator[Row], list[CorruptArticle]]:
    """Like ``list_articles``, but the rows are read from the index as they are iterated:
    any number of them in little memory. Use them before the store changes again. With
    ``fields`` (names of ``FIELDS``), only those are read; the rows' other fields are
    left empty.

    Without ``edits``, the index is first brought up to date only with the files that came
    or went, which is quick: for a first screen, to be followed by ``catch_up``."""
    if not store.index.sync(progress, edits=edits):
        return iter(()), []
    return store.index.iter_rows(spec or ListQuery(), fields), store.index.problems()


def list_ids(
    store: Store, spec: ListQuery | None = None, progress: Progress | None = None
) -> tuple[list[str], list[CorruptArticle]]:
    """Like ``list_articles``, but only the ids: the cheapest listing of a large store."""
    if not store.index.sync(progress):
        return [], []
    return store.index.ids(spec or ListQuery()), store.index.problems()


def count_articles(store: Store, spec: ListQuery | None = None) -> int:
    """How many articles ``spec`` selects. Cheap after a listing: the index is brought up to
    date only with the files that came or went, not with edits made in place."""
    if not store.index.sync(edits=False):
        return 0
    spec = spec or ListQuery()
    if spec._replace(sort=Sort.NEWEST) == ListQuery():  # every article: counted by SQLite
        return store.index.count()
    return len(store.index.ids(spec))


def search_articles(
    store: Store,
    text: str,
    spec: ListQuery | None = None,
    progress: Progress | None = None,
    snippets: bool = True,
) -> Listing:
    """Full-text search, best match first (bm25), each row with a snippet of the match
    (unless not ``snippets``: making them is most of a search's cost).

    ``text`` is an SQLite FTS5 query: words (all must occur), "a phrase", AND/OR/NOT,
    ``word*`` for a prefix. ``spec`` filters as in ``list_articles``; its sort is unused.
    A query that cannot be read raises InvalidInput.
    """
    if not text.strip():
        raise InvalidInput("the search is empty")
    if not store.index.sync(progress):
        return Listing([], [])
    found = store.index.search(text, spec or ListQuery(), snippets)
    return Listing(found, store.index.problems())


@dataclass(frozen=True)
class Reindexed:
    """The outcome of a rebuild: how many articles are indexed, and the unreadable files."""

    articles: int
    problems: list[CorruptArticle]


def reindex(store: Store, progress: Progress | None = None) -> Reindexed:
    """Throw the index away and build it again from every file."""
    store.index.rebuild(progress)
    return Reindexed(store.index.count(), store.index.problems())
