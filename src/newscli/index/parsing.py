"""Reading article files into the index's columns: one file (``parse_file``), or many on
every core, a window of files ahead of the index's one writer, in bounded memory."""

from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from newscli import workers
from newscli.disk.datadir import DataDir
from newscli.disk.reading import read_article
from newscli.errors import CorruptArticle, NotFound
from newscli.index.rows import Parsed, columns, read_stamp
from newscli.model.listing import Progress

if TYPE_CHECKING:
    from concurrent.futures import Executor

PARALLEL_MIN = 256  # files to parse before a sync uses every core
BATCH = 500  # files written to the index per transaction
WINDOW = 4096  # files handed to the parsing processes at a time


def parse_file(root: Path, article_id: str) -> Parsed:
    """Read one article file into index columns, or into a problem; runs in worker processes."""
    data = DataDir(root)
    try:
        # Before reading: a change made meanwhile shows up next time. A symbolic link is
        # stamped as itself (and read as a problem), never as what it points to.
        st = os.lstat(data.article_file(article_id))
    except FileNotFoundError:
        return (article_id, b"", None, None, None)
    file_stamp = read_stamp(st)
    try:
        article = read_article(data, article_id)
    except NotFound:
        return (article_id, b"", None, None, None)
    except CorruptArticle as exc:
        return (article_id, file_stamp, None, None, str(exc))
    values, text = columns(article, file_stamp)
    return (article_id, file_stamp, values, text, None)


def parse_all(root: Path, names: list[str], progress: Progress | None) -> Iterator[Parsed]:
    """Parse files, on every core when there are many, telling ``progress`` how far it got."""
    total = len(names)
    cores = os.cpu_count() or 1
    if total >= PARALLEL_MIN and cores > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(cores, initializer=workers.start, initargs=(os.getpid(),))
        try:
            chunk = max(16, min(256, min(total, WINDOW) // (cores * 8)))
            parse = partial(parse_file, root)
            yield from _counted(_windowed(pool, parse, names, chunk), total, progress)
        finally:
            pool.shutdown(cancel_futures=True)  # after Ctrl-C, the windows not yet parsed
    else:
        yield from _counted((parse_file(root, n) for n in names), total, progress)


def _windowed(
    pool: Executor, parse: Callable[[str], Parsed], names: list[str], chunk: int
) -> Iterator[Parsed]:
    """``parse`` of each name, in order, one window of names ahead of the reader: parsed
    articles wait for the index's one writer in bounded memory (about 90 MB at 100k)."""
    ahead: deque[Iterator[Parsed]] = deque()
    for start in range(0, len(names), WINDOW):
        ahead.append(pool.map(parse, names[start : start + WINDOW], chunksize=chunk))
        if len(ahead) > 1:
            yield from ahead.popleft()
    while ahead:
        yield from ahead.popleft()


def batches(items: Iterable[Parsed]) -> Iterator[list[Parsed]]:
    """``items`` in lists of ``BATCH``."""
    it = iter(items)
    while batch := list(itertools.islice(it, BATCH)):
        yield batch


def _counted(items: Iterable[Parsed], total: int, progress: Progress | None) -> Iterator[Parsed]:
    for done, item in enumerate(items, start=1):
        if progress is not None and (done % 64 == 0 or done == total):
            progress(done, total)
        yield item
