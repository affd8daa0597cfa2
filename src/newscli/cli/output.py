"""Everything a command prints: the one place that decides between a terminal and a pipe.

stdout carries data only; notes, warnings and progress go to stderr. Rich is imported
only for what a terminal (or a table) shows, and settings only when needed, so that
plain outputs and ``--version`` start fast.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from newscli.choices import Format, InboxFormat

if TYPE_CHECKING:
    from rich.console import Console

    from newscli import api
    from newscli.api import Inbox, Row
    from newscli.errors import NewsError
    from newscli.render.table import Table


def note(message: str) -> None:
    """A message for the user on stderr; it may quote file contents, so it is made inert."""
    from newscli.text.safe import one_line

    print(one_line(message), file=sys.stderr)


def warn(problems: Iterable[NewsError]) -> None:
    """One warning line on stderr for each file that was skipped."""
    for problem in problems:
        note(f"newscli: warning: skipped {problem}")


IMAGE_PROBLEMS_SHOWN = 3
"""Images not kept that are named one a line; the rest are counted (an import of
thousands from a site that is gone would otherwise fill the screen)."""


def images_kept(done: Iterable[api.ImageFetchResult]) -> int:
    """Tell on stderr which feature images could not be kept (the first few, then how
    many more); returns how many were."""
    from newscli.text.wording import plural

    kept = failed = 0
    for one in done:
        if one.problem is None:
            kept += 1
            continue
        failed += 1
        if failed <= IMAGE_PROBLEMS_SHOWN:
            note(f"newscli: warning: image of {one.article_id} not kept: {one.problem}")
    if failed > IMAGE_PROBLEMS_SHOWN:
        more = plural(failed - IMAGE_PROBLEMS_SHOWN, "more image")
        note(f"newscli: warning: {more} not kept; 'newscli check' lists the articles without one")
    return kept


def error(message: str) -> None:
    """The one line that reports an error on stderr."""
    from newscli.text.safe import one_line

    print(f"newscli: error: {one_line(message)}", file=sys.stderr)


def line(text: str) -> None:
    """One line of data (an id, a path) on stdout."""
    print(text)


def lines(texts: Iterable[str]) -> None:
    """Lines of data on stdout, each made a single inert line."""
    from newscli.text.safe import one_line

    sys.stdout.writelines(f"{one_line(text)}\n" for text in texts)


def text(data: str) -> None:
    """Text on stdout as it is for a pipe; control characters made visible on a terminal."""
    if sys.stdout.isatty():
        from newscli.text.safe import neutralise

        data = neutralise(data)
    sys.stdout.write(data)


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


@contextmanager
def progress() -> Iterator[api.Progress | None]:
    """A progress callback drawing a bar on stderr when it is a terminal and work is slow."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    from newscli.render.progress import LazyProgress

    with LazyProgress("Indexing", Console(stderr=True)) as bar:
        yield bar


@contextmanager
def reporter(total: int | None) -> Iterator[Callable[[str | None], None]]:
    """Yields ``report(message)``, called once a record: on a terminal and with a
    ``total``, it advances a bar and prints the message above it; else only the message."""
    if total is None or not sys.stderr.isatty():

        def say(message: str | None) -> None:
            if message:
                note(message)

        yield say
        return
    from newscli.render.progress import reporter as bar

    with bar(total) as report:
        yield report


def ids(found: Iterable[str], problems: Iterable[NewsError]) -> None:
    """Bare ids, one a line: the cheapest listing."""
    warn(problems)
    listed = "\n".join(found)
    if listed:
        sys.stdout.write(listed + "\n")


def listing(
    rows: Iterable[Row],
    problems: Iterable[NewsError],
    fmt: Format | None,
    fields: tuple[str, ...] | None = None,
    *,
    empty: str,
    hits: bool = False,
    screenful: bool = False,
) -> None:
    """Rows in ``fmt``, for every listing command, written as they are read (any number
    in little memory); no rows are the ``empty`` note. Without a ``fmt``: search ``hits``
    are a list of passages unless given fields; else a table on a terminal and
    tab-separated lines in a pipe. With ``screenful``, a table on a terminal stops at
    the screen's height and says how to see the rest (``list --no-pager``)."""
    warn(problems)
    if fmt is None and not (hits and not fields):
        fmt = Format.TABLE if _terminal() else Format.TSV  # lines for grep and cut in a pipe
    it = iter(rows)
    first = next(it, None)
    if first is None:
        if fmt in (None, Format.TABLE, Format.TSV):
            note(empty)
        else:
            from newscli.render.formats import pieces

            write_pieces(pieces((), fmt, fields))
        return
    rows = itertools.chain([first], it)
    if fmt is None:
        from newscli.render.hits import hit_lines, hit_list

        if sys.stdout.isatty():
            _print(hit_list(list(rows)))
        else:
            sys.stdout.write(hit_lines(list(rows)))
    elif fmt is Format.TABLE:
        table = table_for(fields, colour=colour())
        if screenful and sys.stdout.isatty():
            first_screenful(table, rows)
        else:
            write_pieces(table.draw(rows))
    else:
        from newscli.render.formats import pieces

        write_pieces(pieces(rows, fmt, fields))


def pages(fmt: Format | None) -> bool:
    """Whether a listing in ``fmt`` is a table on a terminal (where ``browse`` shows it)."""
    return fmt in (None, Format.TABLE) and sys.stdout.isatty()


def table_for(fields: Sequence[str] | None, *, colour: bool) -> Table:
    """The table as wide as the terminal (else ``$COLUMNS``, else 80)."""
    import shutil

    from newscli.render.table import Table

    return Table(shutil.get_terminal_size().columns, fields, colour=colour)


def screen_height() -> int:
    import shutil

    return shutil.get_terminal_size().lines


def screen_rows() -> int:
    """How many rows are enough to fill the screen (a row takes one line or more)."""
    return max(screen_height(), 1)


def first_screenful(table: Table, rows: Iterable[Row]) -> None:
    """As many rows as fit on the screen, then a line saying how to see them all."""
    room = screen_height() - 3  # the header's two lines, and the note's
    out = [table.header()]
    for shown, row in enumerate(rows):
        lines = table.lines(row)
        if shown and lines.count("\n") > room:
            sys.stdout.write("".join(out))
            note(f"Showing the first {shown} articles; --pager or a pipe shows them all.")
            return
        room -= lines.count("\n")
        out.append(lines)
    sys.stdout.write("".join(out))


def colour() -> bool:
    """Whether to write colours: on a terminal (or ``$FORCE_COLOR``) unless ``$NO_COLOR``."""
    if not _terminal():
        return False
    from newscli import settings

    return not settings.no_color()


def _terminal() -> bool:
    """Whether stdout is a terminal, or is to be treated as one ($FORCE_COLOR)."""
    if sys.stdout.isatty():
        return True
    from newscli import settings

    return settings.force_color()


def _print(renderable: object) -> None:
    """Print with Rich; on a terminal, without the padding Rich leaves at line ends."""
    console = _console()
    if not console.is_terminal:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    sys.stdout.write(strip_line_ends(captured.get()))


def write_pieces(texts: Iterable[str]) -> None:
    """Write ``texts`` to stdout in pieces of about 64 KB: one system call each, even
    when Python's output is unbuffered."""
    batch: list[str] = []
    size = 0
    for piece in texts:
        batch.append(piece)
        size += len(piece)
        if size >= 65536:
            sys.stdout.write("".join(batch))
            batch, size = [], 0
    sys.stdout.write("".join(batch))


def inbox(found: Inbox, fmt: InboxFormat | None, person: str) -> None:
    """``person``'s inbox in ``fmt`` (None: a table on a terminal, tab-separated lines in a
    pipe, as ``listing``); an empty table is a note saying so."""
    warn(found.problems)
    if fmt is None:
        fmt = InboxFormat.TABLE if _terminal() else InboxFormat.TSV
    if not found.items and fmt in (InboxFormat.TABLE, InboxFormat.TSV):
        note("Nothing new in your inbox." if found.since is not None else "Your inbox is empty.")
    elif fmt is not InboxFormat.TABLE:
        from newscli.render.inbox import inbox_pieces

        write_pieces(inbox_pieces(found.items, fmt, person))
    else:
        from newscli.render.inbox import inbox_table

        _console().print(inbox_table(found.items))


def image_room(plain: bool, no_image: bool, width: int | None) -> tuple[int, int] | None:
    """The pixels a feature image is drawn in (the page's columns, two pixels a line for
    a third of the screen), or None when the page keeps the text placeholder: piped,
    ``--plain``, ``NO_COLOR``, ``--no-image``, or Pillow missing."""
    if plain or no_image:
        return None
    console = _console()
    if not console.is_terminal or console.no_color:
        return None
    from newscli.api import pillow_installed

    if not pillow_installed():
        return None
    from newscli.render.image import image_rows
    from newscli.text.layout import MEASURE

    return width or min(console.width, MEASURE), 2 * image_rows(console.height)


def article(
    viewed: api.Viewed,
    *,
    all_comments: bool,
    order: str,
    feedback_only: bool,
    plain: bool,
    width: int | None,
    pager: bool | None,
) -> None:
    """An article like its web page: plain text when asked, else drawn with Rich (its
    decoded feature image, if any, in place of the placeholder)."""
    for problem in viewed.problems:
        note(f"newscli: warning: {problem}")
    shown, state, picture = viewed.article, viewed.state, viewed.picture
    if plain:  # the page's text stays the article's; the conflicts are said beside it
        from newscli.text.wording import conflict_line

        for conflict in shown.conflicts:
            note(conflict_line(conflict, shown.id))
        from newscli.text.plain import plain_page

        text = plain_page(
            shown, all_comments, order=order, feedback_only=feedback_only, state=state
        )
        sys.stdout.write(text)
        return
    from newscli.render.page import article_page
    from newscli.text.layout import MEASURE

    console = _console()
    if width is not None:
        console.width = width  # Rich would not print wider than the console
    page = article_page(
        shown, all_comments, order=order, feedback_only=feedback_only, state=state, picture=picture
    )
    with console.capture() as captured:
        console.print(page, width=width or min(console.width, MEASURE))
    _page(captured.get(), console, pager)


def strip_line_ends(text: str) -> str:
    """``text`` without spaces at the end of its lines, also where they are mixed with
    colour codes (Rich pads table and panel cells with spaces, styled or not); the codes
    are kept, so colours end where they did."""
    import re

    code = re.compile(r"\x1b\[[0-9;]*m")
    tail = re.compile(r"(?: |\x1b\[[0-9;]*m)+$", re.M)
    return tail.sub(lambda m: "".join(code.findall(m.group())), text)


def _page(page: str, console: Console, pager: bool | None) -> None:
    """Write a rendered page: paged when asked or taller than the screen, if stdout is a tty."""
    if not console.is_terminal:
        # Piped: plain text (Rich adds no ANSI codes here) without trailing padding.
        sys.stdout.writelines(row.rstrip() + "\n" for row in page.splitlines())
        return
    page = strip_line_ends(page)
    if pager is None:
        pager = page.count("\n") > console.height
    if pager:
        from newscli import settings
        from newscli.cli.pager import show_in_pager

        if show_in_pager(page, settings.pager_command(), settings.pager_environment()):
            return
        note("newscli: warning: cannot start the pager; printing instead")
    sys.stdout.write(page)
