"""A listing shown from its first rows before every file is checked, as ``git log``
starts its pager: the rest follows once every file is.

The first rows are right when shown: the files that came or went are taken in first
(a listing of the directory, only when its mtime changed), and the files of the rows
shown are checked and read again if they changed. Only an edit made elsewhere to a
file *not* shown that moves it among the first rows (a date made newer, say) can be
missed by them; the check of every file that follows finds it, and then the listing
says so and starts again from the top.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from newscli.errors import CorruptArticle
from newscli.index.index import Index
from newscli.model.listing import Progress, Row
from newscli.model.query import ListQuery
from newscli.store.store import Store

_TRIES = 3  # passes over the first rows while their files keep changing


@dataclass(frozen=True)
class Rest:
    """The rows after the first ones; with ``again``, every row from the top (the check of
    every file changed the first ones). ``problems``: files found unreadable since."""

    rows: Iterator[Row]
    again: bool
    problems: list[CorruptArticle]


@dataclass(frozen=True)
class Browse:
    """The first rows of a listing and the files known to be unreadable; ``rest`` checks
    every file, then reads the other rows."""

    index: Index
    spec: ListQuery
    first: list[Row]
    problems: list[CorruptArticle]
    more: bool  # whether more rows followed the first ones

    def rest(self, progress: Progress | None = None) -> Rest:
        """Every file checked, then the rows after ``first`` (or all, with ``again``)."""
        if not self.index.sync(progress):  # no articles directory (any more)
            return Rest(iter(()), again=bool(self.first), problems=[])
        rows = self.index.iter_rows(self.spec)
        head = list(itertools.islice(rows, len(self.first)))
        known = {str(p) for p in self.problems}
        problems = [p for p in self.index.problems() if str(p) not in known]
        if head != self.first:
            return Rest(itertools.chain(head, rows), again=True, problems=problems)
        return Rest(rows, again=False, problems=problems)


def browse(store: Store, spec: ListQuery, count: int, progress: Progress | None = None) -> Browse:
    """The first ``count`` rows of ``spec`` in ``store``, right as of now, without checking
    every file first (``Browse.rest`` does, then gives the other rows): a screen to show
    at once (see the module's text)."""
    index = store.index
    if not index.sync(progress, edits=False):  # no articles directory
        return Browse(index, spec, [], [], more=False)
    first: list[Row] = []
    for _ in range(_TRIES):
        first = index.first_rows(spec, count + 1)
        if not index.refresh([row.id for row in first]):
            break
    more = len(first) > count
    return Browse(index, spec, first[:count], index.problems(), more=more)
