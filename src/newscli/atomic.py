"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

TEMP_MARKER = ".tmp-"
FILE_MODE = 0o600
DIR_MODE = 0o700


def temp_name(target: Path) -> Path:
    """A hidden, unique temp path beside ``target`` (``.NAME.tmp-XXXX``); listings skip it."""
    return target.with_name(f".{target.name}{TEMP_MARKER}{secrets.token_hex(4)}")


def make_dirs(path: Path) -> None:
    """Create ``path`` and any missing parents, each private to the user (mode 0700)."""
    missing = []
    while not path.is_dir():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)


def write_bytes(target: Path, data: bytes, *, new: bool = False) -> None:
    """Write ``data`` to ``target`` through a temp file, fsync and ``os.replace``.

    With ``new``, the temp file is hard-linked instead, which fails with
    FileExistsError rather than replace a file that is already there.
    """
    make_dirs(target.parent)
    temp = temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if new:
            os.link(temp, target)
        else:
            os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    _fsync_dir(target.parent)


def _fsync_dir(path: Path) -> None:
    """Make the rename itself durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
