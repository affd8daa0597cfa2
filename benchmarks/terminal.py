"""``newscli list`` on a real terminal, through the real pager: how long until its first
screen is drawn, how long ``q`` takes to give the terminal back, and (optionally) how
long ``G`` takes to reach the end of the listing.

The command runs on its own pseudo-terminal (``pty.fork``: it is the controlling
terminal, as in a shell, so ``less`` reads its keys from it) sized ``columns`` x
``lines`` before the command starts, with the user's pager (``less`` with
``LESS=FRX``, newscli's default). The first screen is drawn when the terminal has been
sent ``lines - 1`` lines and less's prompt: from the fork to that byte. ``q`` is from
writing the key to the command's exit.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time
from dataclasses import dataclass

TIMEOUT = 120.0
_PROMPT = re.compile(rb"\n:(\x1b\[[0-9;]*[A-Za-z])*$")  # less's prompt, with its codes


@dataclass(frozen=True)
class Screen:
    first: float  # seconds from the start to the first screen drawn
    quit: float  # seconds from ``q`` to the command's exit
    end: float | None  # seconds from ``G`` to less's ``(END)``, if asked


def _read_until(fd: int, done: bytes | None, lines: int | None, start: float) -> bytes:
    """Bytes from ``fd`` until ``done`` is among them, or ``lines`` newlines and a prompt."""
    got = bytearray()
    while time.perf_counter() - start < TIMEOUT:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the command ended
            break
        if not chunk:
            break
        got += chunk
        if done is not None and done in got:
            break
        if lines is not None and got.count(b"\n") >= lines - 1 and _PROMPT.search(got[-64:]):
            break
    return bytes(got)


def list_screen(
    command: list[str], env: dict[str, str], columns: int = 100, lines: int = 40, end: bool = False
) -> Screen:
    """Time ``command`` (``newscli list``) on a ``columns`` x ``lines`` terminal."""
    env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env |= {"TERM": "xterm-256color", "LESS": "FRX"}
    env.pop("PAGER", None)
    env.pop("NEWSCLI_PAGER", None)
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size its terminal, then become the command
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        os.execvpe(command[0], command, env)  # noqa: S606 - our own command
    try:
        screen = _read_until(fd, None, lines, start)
        first = time.perf_counter() - start
        if screen.count(b"\n") < lines - 1:
            raise RuntimeError(f"no full first screen: {screen[-400:]!r}")
        took_end = None
        if end:
            mark = time.perf_counter()
            os.write(fd, b"G")
            _read_until(fd, b"(END)", None, mark)
            took_end = time.perf_counter() - mark
        mark = time.perf_counter()
        os.write(fd, b"q")
        _read_until(fd, b"\x00never", None, mark)  # until the terminal closes
        _, status = os.waitpid(pid, 0)
        quit_took = time.perf_counter() - mark
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"exit status {status}")
        return Screen(first, quit_took, took_end)
    finally:
        os.close(fd)
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
