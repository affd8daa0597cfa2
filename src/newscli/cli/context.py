"""What a command works with besides its options: the data directory and the stores it
opened, standard input, the user's answer to a question, and the user's editor."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.cli.options import UsageProblem

if TYPE_CHECKING:
    from newscli import api, settings


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
    from newscli.cli import output

    data = data_dir()
    opened = api.open_store(data, lambda: settings.index_path(data))
    opened.hold.waiting = output.note  # a write waiting for a sync says so
    session.stores.append(opened)
    return opened


def identity(given: str | None) -> settings.Identity:
    """Who acts and why: ``--as``, else ``$NEWSCLI_USER``, else the config file's
    ``name``, else the login name (``settings.identity``)."""
    from newscli import settings

    return settings.identity(given)


def named(given: str | None) -> bool:
    """Whether the person said who they are (--as, $NEWSCLI_USER or the config file),
    rather than being known by their login name alone."""
    from newscli import settings

    return identity(given).source != settings.DEFAULT_NAME


def me(given: str | None) -> str:
    """The name of the person acting, by the one identity rule, checked and in its one
    spelling; a name that cannot be used is a one-line error naming where it came from."""
    from newscli import api

    found = identity(given)
    if found.name is None:
        raise UsageProblem(
            "cannot tell who you are: give --as NAME, set NEWSCLI_USER, or put"
            " name = \"...\" in the config file ('newscli path --config')"
        )
    return api.acting_name(found.name, found.what)


def signer() -> api.Signer | None:
    """What signs the person's votes and comments: their signing key
    (``$NEWSCLI_SIGNING_KEY``, else ``signing_key`` in the config file); None: unsigned."""
    from newscli import api, settings

    found = settings.signing_key()  # ``~`` expanded
    return api.Signer(found[0].absolute()) if found else None


def read_small_file(path: Path, option: str) -> str:
    """A small text file the person named (a public key), as text; raises UsageProblem."""
    try:
        data = path.read_bytes()[:65_536]
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageProblem(f"{option}: cannot read {path}: {exc}") from None


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
    from newscli.api import PAGE_FORMATS

    read = api.read_page(source, fmt, sys.stdin.buffer)
    if read.format not in PAGE_FORMATS:
        raise UsageProblem(
            f"{read.name} looks like {read.format}: use 'newscli import' for batches"
        )
    return read


def entries(
    sources: list[str] | None, fmt: str, options: api.ReadOptions | None = None
) -> api.Inputs:
    """The records ``import`` reads from its FILEs and URLs, else from standard input,
    read as they are used; a missing file stops the import before anything is read."""
    from newscli import api

    if not sources and sys.stdin.isatty():
        raise UsageProblem("give FILEs or URLs to import, or pipe records into standard input")
    return api.Inputs(sources or ["-"], fmt, sys.stdin.buffer, options)


def interactive() -> bool:
    """Whether a person is at the terminal (standard input and output are both one)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def editor(missing: str) -> str:
    """The user's editor command (``$VISUAL``, ``$EDITOR``, else vi on a terminal)."""
    from newscli import settings
    from newscli.api import choose_editor

    return choose_editor(settings.editor_command(), interactive(), missing)


def compose(missing: str, initial: str = "") -> str:
    """Text the user writes in their editor, starting from ``initial``."""
    from newscli.api import edit_text

    return edit_text(editor(missing), initial)


def confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal (no is the default); Ctrl-C is an interrupt
    (exit 130) wherever it falls, and the end of input is no.

    Ctrl-C is made to raise KeyboardInterrupt before the question is printed, and the
    answer is awaited with ``select`` on standard input and a wake-up pipe the signal
    writes to: a signal that arrives just before the read cannot be lost (``input()``
    would block in ``read`` with the interrupt pending).
    """
    import os
    import select
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    earlier_handler = signal.signal(signal.SIGINT, interrupt)
    earlier_fd = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
    try:
        sys.stderr.write(f"{question} [y/N]: ")
        sys.stderr.flush()
        answer = b""
        try:
            while not answer.endswith(b"\n"):
                ready, _, _ = select.select([sys.stdin.fileno(), wake_read], [], [])
                if wake_read in ready:
                    raise KeyboardInterrupt
                chunk = os.read(sys.stdin.fileno(), 1024)
                if not chunk:
                    break
                answer += chunk
        except KeyboardInterrupt:
            print(file=sys.stderr)  # end the question's line, as an answer would
            raise
        if not answer.endswith(b"\n"):
            print(file=sys.stderr)
    finally:
        signal.set_wakeup_fd(earlier_fd)
        signal.signal(signal.SIGINT, earlier_handler)
        os.close(wake_read)
        os.close(wake_write)
    return answer.decode("utf-8", "replace").strip().lower() in ("y", "yes")
