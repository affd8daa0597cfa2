"""A progress bar on stderr for long imports, with messages printed above it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from newscli.render.safe import one_line


@contextmanager
def reporter(total: int | None) -> Iterator[Callable[[str | None], None]]:
    """Yields ``report(message)``, called once a record: it advances the bar (shown only
    when ``total`` is given) and prints the message, if any, on stderr."""
    if total is None:

        def say(message: str | None) -> None:
            if message:
                print(one_line(message), file=sys.stderr)

        yield say
        return
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True, highlight=False)
    with Progress(
        console=console, transient=True, redirect_stdout=False, redirect_stderr=False
    ) as progress:
        task = progress.add_task("importing", total=total)

        def advance(message: str | None) -> None:
            if message:
                progress.console.print(one_line(message), markup=False, highlight=False)
            progress.advance(task)

        yield advance
