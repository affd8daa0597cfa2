"""Which article files changed since the index read them: the hot loop of every listing.

One ``stat`` per file, relative to the articles directory's descriptor (no path to
resolve), compared with the stamp the index recorded (``index_rows.stamp``, spelled out
here: a call per file would cost). A system call releases the interpreter's lock, so
with many files two threads share the work: one stats while the other compares.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

THREADS_FROM = 4096  # files: below this, starting threads costs more than they save

Known = Callable[[str], "str | None"]


def changed(
    directory: os.PathLike[str], names: Sequence[str], known: Known
) -> tuple[list[str], list[str]]:
    """The ``names`` (article ids) whose file's stamp is not ``known(name)``, and those
    ``known`` whose file is gone. Raises OSError when the directory cannot be opened."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        if len(names) < THREADS_FROM or (os.cpu_count() or 1) < 2:
            return _compare(fd, names, known)
        from concurrent.futures import ThreadPoolExecutor

        half = len(names) // 2
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(_compare, fd, names[:half], known)
            second_changed, second_gone = _compare(fd, names[half:], known)
            first_changed, first_gone = first.result()
        return first_changed + second_changed, first_gone + second_gone
    finally:
        os.close(fd)


def _compare(fd: int, names: Sequence[str], known: Known) -> tuple[list[str], list[str]]:
    changed: list[str] = []
    gone: list[str] = []
    stat = os.stat
    for name in names:
        try:
            st = stat(name + ".toml", dir_fd=fd, follow_symlinks=False)
        except FileNotFoundError:
            if known(name) is not None:
                gone.append(name)
            continue
        if known(name) != f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}":
            changed.append(name)
    return changed, gone
