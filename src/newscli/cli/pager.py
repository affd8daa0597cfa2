"""Showing a long page through the user's pager."""

from __future__ import annotations

import shlex
import signal
import subprocess
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
