"""Progress bars on stderr: for long imports (messages printed above the bar) and for
long index builds (shown only once they take a while). stdout is never touched."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from newscli.text.safe import one_line

DELAY = 0.5  # seconds of work before the bar appears


class LazyProgress:
    """A ``progress(done, total)`` callback drawing a bar once work has taken ``DELAY``."""

    def __init__(self, label: str, console: Console) -> None:
        self.label = label
        self.console = console
        self.delay = DELAY
        self._start = time.monotonic()
        self._bar: Progress | None = None
        self._task = TaskID(0)

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if time.monotonic() - self._start < self.delay:
                return
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
                redirect_stdout=False,  # stdout carries data, never the bar
                redirect_stderr=False,
            )
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=total)
        self._bar.update(self._task, completed=done, total=total)

    def __enter__(self) -> LazyProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()


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
