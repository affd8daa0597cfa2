"""newscli run as a real process whose stdin and stdout are a pseudo-terminal."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

TIMEOUT = 30

# Environment variables that change colour or buffering; every test sets its own.
NOISE = (
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "PYTHONUNBUFFERED",
    "NEWSCLI_USER",
    "EDITOR",
    "VISUAL",
)


def environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOISE}
    env.update(NEWSCLI_HOME=str(home), COLUMNS="80", TZ="UTC", TERM="xterm-256color")
    env.update(extra)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "newscli", *args]


def in_terminal(home: Path, *args: str, **env: str) -> tuple[int, str]:
    """Run newscli with a pseudo-terminal as stdin, stdout and stderr; return its exit
    code and all it wrote."""
    pty = pytest.importorskip("pty")
    main, sub = pty.openpty()
    proc = subprocess.Popen(
        command(*args), stdin=sub, stdout=sub, stderr=sub, env=environment(home, **env)
    )
    os.close(sub)
    chunks: list[bytes] = []
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.2)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO: the terminal's other side is closed
                break
            if not data:
                break
            chunks.append(data)
        code = proc.wait(timeout=TIMEOUT)
    finally:
        os.close(main)
        if proc.poll() is None:
            proc.kill()
    return code, b"".join(chunks).decode("utf-8", errors="replace")
