"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

TEMP_MARKER = ".tmp-"
# What os.link fails with where a file system has no hard links (FAT, some network and
# FUSE mounts, sandboxes that forbid them).
_NO_HARD_LINKS = frozenset((errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV))
FILE_MODE = 0o600
DIR_MODE = 0o700
# ``.NAME.tmp-PID-XXXXXXXX``: the writer's process id, then random hex (older
# versions wrote no process id).
_TEMP_RE = re.compile(rf"\..+{re.escape(TEMP_MARKER)}(?:(?P<pid>\d+)-)?[0-9a-f]{{8}}")


def temp_name(target: Path) -> Path:
    """A hidden, unique temp path beside ``target`` naming its writer; listings skip it."""
    return target.with_name(f".{target.name}{TEMP_MARKER}{os.getpid()}-{os.urandom(4).hex()}")


def is_temp(name: str) -> bool:
    """Whether ``name`` is the name of a temp file made by ``write_bytes``."""
    return _TEMP_RE.fullmatch(name) is not None


def temp_writer(name: str) -> int | None:
    """The process id in a temp file's name, if it has one."""
    match = _TEMP_RE.fullmatch(name)
    return int(match["pid"]) if match and match["pid"] else None


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


def write_bytes(
    target: Path, data: bytes, *, new: bool = False, mode: int = FILE_MODE, durable: bool = True
) -> os.stat_result:
    """Write ``data`` to ``target`` through a temp file, fsync and ``os.replace``; returns
    the status of the file written (so a caller can tell it from a later change). A link
    at ``target`` is replaced, never written through.

    With ``new``, the temp file is hard-linked instead, which fails with
    FileExistsError rather than replace a file that is already there (see ``_place_new``
    for file systems without hard links). ``mode``: the new file's (the umask applies).
    Without ``durable``, nothing is flushed to disk: the caller writing many files flushes
    them all at once with ``flush``.
    """
    make_dirs(target.parent)
    temp = temp_name(target)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            written = os.fstat(handle.fileno())
        if new:
            _place_new(temp, target)
        else:
            os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    if durable:
        _fsync_dir(target.parent)
    return _placed(target, written)


def flush(folder: Path, paths: Sequence[Path]) -> None:
    """Put files written without ``durable`` (all under ``folder``) on disk, their names
    too, at the cost of one flush of the file system rather than one a file."""
    if not paths:
        return
    _flush_files(folder, paths)
    for parent in sorted({path.parent for path in paths}):
        _fsync_dir(parent)


def write_new_files(
    folder: Path, files: Sequence[tuple[str, bytes]]
) -> list[os.stat_result | None]:
    """Write new files into ``folder`` at the cost of one flush to disk, for many at once.

    Each file is written to a temp file; the file system is then flushed once; then each
    temp file is given its name (never over a file already there: that one's result is
    None) and the folder is flushed once. As with ``write_bytes``, a name appears only
    once its bytes are on disk. Returns the status of each file as placed, in order.
    """
    make_dirs(folder)
    temps: list[Path] = []
    written: list[os.stat_result] = []
    placed: list[bool] = []
    try:
        for name, data in files:
            temp = temp_name(folder / name)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            temps.append(temp)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                written.append(os.fstat(handle.fileno()))
        _flush_files(folder, temps)
        for temp, (name, _) in zip(temps, files, strict=True):
            try:
                _place_new(temp, folder / name)
            except FileExistsError:
                placed.append(False)
            else:
                placed.append(True)
    finally:
        for temp in temps:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    _fsync_dir(folder)
    return [
        _placed(folder / name, status) if ok else None
        for (name, _), status, ok in zip(files, written, placed, strict=True)
    ]


def _flush_files(folder: Path, paths: Sequence[Path]) -> None:
    """Put the bytes of ``paths`` (all in ``folder``) on disk: on Linux by one ``syncfs``
    of the folder's file system, which is one journal commit rather than one a file;
    elsewhere, or if that fails, by an fsync of each file."""
    if sys.platform.startswith("linux") and len(paths) > 1 and _syncfs(folder):
        return
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _syncfs(folder: Path) -> bool:
    """Flush the file system that holds ``folder`` (Linux ``syncfs``); False if it could not."""
    import ctypes

    try:
        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


def _placed(target: Path, written: os.stat_result) -> os.stat_result:
    """The status of ``target`` once it is in place: linking and unlinking the temp file
    change the inode's change time. ``written`` (from before) if the file there is no
    longer the one written, so that the caller sees it changed."""
    try:
        placed = os.lstat(target)
    except OSError:
        return written
    same = (placed.st_ino, placed.st_size, placed.st_mtime_ns) == (
        written.st_ino,
        written.st_size,
        written.st_mtime_ns,
    )
    return placed if same else written


def _place_new(source: Path, target: Path) -> bool:
    """Give ``source``'s file the name ``target`` too, if that name is free.

    Returns True if ``source`` is still there (it was hard-linked), False if it was
    moved. Raises FileExistsError if ``target`` exists. Without hard links, the name is
    claimed with an exclusive create and the file renamed over the empty claim, so it is
    still never overwritten; a reader may then see an empty file for an instant.
    """
    try:
        os.link(source, target)
    except OSError as exc:
        if isinstance(exc, FileExistsError) or exc.errno not in _NO_HARD_LINKS:
            raise
    else:
        return True
    _rename_over_claim(source, target)
    return False


def _rename_over_claim(source: Path, target: Path) -> None:
    """Claim ``target`` with an exclusive create, then rename ``source`` over the claim."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        os.replace(source, target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
        _copy_over_claim(source, target)
        source.unlink()


def _copy_over_claim(source: Path, target: Path) -> None:
    """Across file systems: copy ``source`` (bytes, mode, times) beside ``target``, rename it in."""
    temp = temp_name(target)
    try:
        shutil.copy2(source, temp)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        with contextlib.suppress(OSError):
            target.unlink()
        raise


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


def move_new(source: Path, target: Path) -> None:
    """Move a file to a path that must not exist yet (FileExistsError if it does).

    The file keeps its bytes, mode and times; nothing is ever overwritten. A symbolic
    link is moved as itself, never as the file it points to.
    """
    make_dirs(target.parent)
    if source.is_symlink():
        _rename_over_claim(source, target)
    elif _place_new(source, target):
        source.unlink()
    _fsync_dir(target.parent)
    _fsync_dir(source.parent)


def move_to_free_name(source: Path, folder: Path) -> Path:
    """Move ``source`` into ``folder`` under its own name, or ``NAME.1``, ``NAME.2``...

    Returns the new path; an earlier file in ``folder`` is never overwritten.
    """
    for number in range(1_000_000):
        target = folder / (source.name if number == 0 else f"{source.name}.{number}")
        try:
            move_new(source, target)
        except FileExistsError:
            continue
        return target
    raise FileExistsError(f"no free name for {source.name} in {folder}")
