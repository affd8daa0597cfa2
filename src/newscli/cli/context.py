"""What a command works with besides its options: the data directory and the stores it
opened, standard input, the user's answer to a question, and the user's editor."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from newscli.cli.options import UsageProblem

if TYPE_CHECKING:
    from newscli import api


class Session:
    """The root options and the stores the command opened (a plain class: dataclasses
    cost start-up)."""

    def __init__(self) -> None:
        self.data_dir: Path | None = None
        self.debug = False
        self.stores: list[api.Store] = []  # opened by the command; main closes them

    def close(self) -> None:
        """Close the stores the command opened."""
        # Closed now, not when Python gets round to it: an open connection keeps another
        # from changing the index file (in-process callers, such as tests, run many).
        for opened in self.stores:
            opened.close()
        self.stores = []


session = Session()


def data_dir() -> Path:
    """The data directory: ``--data-dir``, else ``$NEWSCLI_HOME``, else the platform's."""
    from newscli import settings

    return settings.data_dir(session.data_dir)


def store() -> api.Store:
    """The store in the data directory, closed by ``main`` when the command is done."""
    from newscli import api, settings

    data = data_dir()
    opened = api.open_store(data, settings.index_path(data))
    session.stores.append(opened)
    return opened


def stdin_text() -> str:
    """All of standard input as text, within the limit of one page."""
    from newscli import api

    return api.read_text("-", sys.stdin.buffer)


def page(source: str | None, fmt: str, sample: bool) -> api.Page | None:
    """The page ``add`` reads: the sample, a file, a URL or ``-``; None without one."""
    from newscli import api

    if sample:
        return api.sample_page()
    if not source:
        return None
    from newscli.importers.formats import PAGE_FORMATS

    read = api.read_page(source, fmt, sys.stdin.buffer)
    if read.format not in PAGE_FORMATS:
        raise UsageProblem(
            f"{read.name} looks like {read.format}: use 'newscli import' for batches"
        )
    return read


def entries(sources: list[str] | None, fmt: str) -> api.Inputs:
    """The records ``import`` reads from its FILEs and URLs, else from standard input,
    read as they are used."""
    from newscli import api

    if not sources and sys.stdin.isatty():
        raise UsageProblem("give FILEs or URLs to import, or pipe records into standard input")
    return api.Inputs(sources or ["-"], fmt, sys.stdin.buffer)


def interactive() -> bool:
    """Whether a person is at the terminal (standard input and output are both one)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def editor(missing: str) -> str:
    """The user's editor command (``$VISUAL``, ``$EDITOR``, else vi on a terminal)."""
    from newscli import settings
    from newscli.editor import choose_editor

    return choose_editor(settings.editor_command(), interactive(), missing)


def compose(missing: str) -> str:
    """Text the user writes in their editor."""
    from newscli.editor import edit_text

    return edit_text(editor(missing))


def confirm(question: str) -> bool:
    """Ask on the terminal; Ctrl-C stays an interrupt (exit 130), not Typer's Abort."""
    try:
        return typer.confirm(question, err=True)
    except typer.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            print(file=sys.stderr)  # end the question's line, as an answer would
            raise KeyboardInterrupt from None
        raise
