"""Showing a long page, or a listing as it is read, through the user's pager."""

from __future__ import annotations

import _thread
import contextlib
import shlex
import signal
import subprocess
import threading
from collections.abc import Mapping


def show_in_pager(text: str, command: str, env: Mapping[str, str]) -> bool:
    """Pipe ``text`` into the pager ``command``; False when it cannot be started.

    Ctrl-C is left to the pager (less uses it to stop a search) while it runs.
    """
    try:
        argv = shlex.split(command)
    except ValueError:  # badly quoted
        return False
    if not argv:
        return False
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, encoding="utf-8", env=env)
    except OSError:  # not found, not executable
        return False
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process.communicate(text)  # a pager quit early is no error: communicate knows
    finally:
        signal.signal(signal.SIGINT, previous)
    return True


class PagerClosed(BaseException):
    """The pager was quit while rows were still coming (like KeyboardInterrupt, it is no
    error: nothing is lost by stopping a listing)."""


class PagerStream:
    """A pager fed as rows are read, as ``git log`` feeds ``less``: the first screen shows
    while the rest is still being read, and quitting the pager stops the writer at once.

    While it runs, Ctrl-C is left to the pager, and a thread waiting for the pager raises
    ``PagerClosed`` in the writer (through SIGUSR1) when it is quit early, wherever the
    writer is: writing, or still reading the rows. ``write`` raises it too when the pipe
    is closed. Use as a context manager, which catches it.
    """

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.armed = True
        self._sigint = signal.signal(signal.SIGINT, signal.SIG_IGN)
        self._sigusr1 = signal.signal(signal.SIGUSR1, self._closed)
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()

    @classmethod
    def start(cls, command: str, env: Mapping[str, str]) -> PagerStream | None:
        """The pager ``command`` started with a pipe to feed; None when it cannot start."""
        try:
            argv = shlex.split(command)
        except ValueError:  # badly quoted
            return None
        if not argv:
            return None
        try:
            process = subprocess.Popen(
                argv, stdin=subprocess.PIPE, encoding="utf-8", errors="replace", env=env
            )
        except OSError:  # not found, not executable
            return None
        return cls(process)

    def _watch(self) -> None:
        self.process.wait()
        if self.armed:
            _thread.interrupt_main(signal.SIGUSR1)

    def _closed(self, signum: int, frame: object) -> None:
        if self.armed:
            self.armed = False
            raise PagerClosed

    def write(self, text: str, *, flush: bool = False) -> None:
        """Give the pager ``text`` (with ``flush``, at once: the first screen)."""
        stdin = self.process.stdin
        assert stdin is not None  # noqa: S101 - made with a pipe
        try:
            stdin.write(text)
            if flush:
                stdin.flush()
        except (BrokenPipeError, ValueError):  # quit; or closed after a quit
            self.armed = False
            raise PagerClosed from None

    def __enter__(self) -> PagerStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> bool:
        """Let the reader read to the end (or quit), then put the signals back; a quit
        pager is no error."""
        self.armed = False  # from here the writer only waits
        try:
            with contextlib.suppress(OSError, ValueError):  # a broken pipe: quit already
                self.process.stdin.close()  # type: ignore[union-attr]
            self.process.wait()
        finally:
            signal.signal(signal.SIGUSR1, self._sigusr1)
            signal.signal(signal.SIGINT, self._sigint)
        return kind is PagerClosed
