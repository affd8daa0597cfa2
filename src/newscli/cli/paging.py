"""``list`` on a terminal: the table streamed into the pager, first screen first, or a
screenful when there is no pager (``output`` decides when a listing is such a table)."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from newscli.cli.output import (
    colour,
    first_screenful,
    note,
    screen_height,
    table_for,
    warn,
    write_pieces,
)
from newscli.cli.pager import PagerStream

if TYPE_CHECKING:
    from newscli import api
    from newscli.api import Row
    from newscli.errors import NewsError
    from newscli.render.table import Table


def browse(found: api.Browse, fields: Sequence[str] | None, *, empty: str, pager: bool) -> None:
    """``list`` on a terminal, as ``git log`` shows its log: the first screen at once,
    through the pager (``less -FRX`` unless set otherwise) when the rows do not fit on
    the screen (or ``pager``), the rest fed to it as it is read; quitting the pager
    stops the listing at once. Without a pager that starts, a screenful and a note."""
    from newscli import settings

    warn(found.problems)
    table = table_for(fields, colour=colour())
    head = "".join(table.draw(found.first))
    if not found.more and head.count("\n") < screen_height() and not pager:
        if found.first:  # it fits: no pager
            sys.stdout.write(head)
        rest = found.rest()
        warn(rest.problems)
        again = list(rest.rows) if rest.again else []
        if again and found.first:
            note("newscli: articles changed meanwhile; the listing again:")
        if again:
            write_pieces(table.draw(again))
        elif not found.first:
            note(empty)
        return
    stream = PagerStream.start(settings.pager_command(), settings.pager_environment())
    if stream is None:
        note("newscli: warning: cannot start the pager")
        rest = found.rest()
        warn(rest.problems)
        first_screenful(
            table, itertools.chain(found.first, rest.rows) if not rest.again else rest.rows
        )
        return
    later: list[NewsError] = []
    with stream:
        stream.write(head, flush=True)
        rest = found.rest()
        later += rest.problems
        if rest.again:
            stream.write("\n(Articles changed meanwhile: the listing again.)\n\n")
            stream.write(table.header())
        _feed(stream, table, rest.rows)
    warn(later)


def stream_rows(
    rows: Iterable[Row],
    problems: Iterable[NewsError],
    fields: Sequence[str] | None,
    *,
    empty: str,
    pager: bool,
) -> None:
    """A table of rows that come only as they are read (``list --unread``), as ``browse``
    shows one: printed when it fits on the screen (unless ``pager``), else the first
    screen through the pager at once and the rest fed to it; without a pager that
    starts, a screenful and a note."""
    from newscli import settings

    warn(problems)
    table = table_for(fields, colour=colour())
    rest = iter(rows)
    first = list(itertools.islice(rest, screen_height()))
    head = "".join(table.draw(first))
    following = next(rest, None)
    if following is None and head.count("\n") < screen_height() and not pager:
        if first:
            sys.stdout.write(head)
        else:
            note(empty)
        return
    rest = itertools.chain([following] if following is not None else [], rest)
    stream = PagerStream.start(settings.pager_command(), settings.pager_environment())
    if stream is None:
        note("newscli: warning: cannot start the pager")
        first_screenful(table, itertools.chain(first, rest))
        return
    with stream:
        stream.write(head, flush=True)
        _feed(stream, table, rest)


def _feed(stream: PagerStream, table: Table, rows: Iterable[Row]) -> None:
    """The rows' lines to the pager in pieces of about 64 KB."""
    batch: list[str] = []
    size = 0
    for row in rows:
        batch.append(table.lines(row))
        size += len(batch[-1])
        if size >= 65536:
            stream.write("".join(batch))
            batch, size = [], 0
    stream.write("".join(batch))
