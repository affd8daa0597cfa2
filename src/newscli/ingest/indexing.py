"""The index rows of the files an import writes, written a batch at a time, so that
the import leaves the index ready: the first listing after it reads no file again."""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING

from newscli.index.rows import Columns

if TYPE_CHECKING:
    from newscli.index.index import Index

# Rows a transaction: more than a sync's 500, since ids are random and each batch
# rewrites the pages it touches; at 100,000 articles the rows took 28 s instead of 41 s.
BATCH = 2000
# The page cache of an import's bulk writing: half a cold build's, which a whole build
# needs more (it rewrites every row); keeps a 100,000-article import under 200 MB.
CACHE_KB = 32 * 1024


class CreatedRows:
    """Rows of new article files, waiting for their batch's transaction. From the second
    batch on, they are written as a cold build writes (``Index.bulk_writes``) until
    ``close``."""

    def __init__(self, index: Index, batch: int = BATCH) -> None:
        self.index = index
        self.batch = batch
        self.waiting: list[tuple[str, os.stat_result, Columns]] = []
        self.batches = 0
        self.bulk = contextlib.ExitStack()

    def add(self, article_id: str, written: os.stat_result, found: Columns) -> None:
        """An article just written: its id, the status of its file as written, and its
        columns (``index_rows.columns``, with any stamp)."""
        self.waiting.append((article_id, written, found))
        if len(self.waiting) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Write the waiting rows in one transaction."""
        if self.waiting:
            self.batches += 1
            if self.batches == 2:
                self.bulk.enter_context(self.index.bulk_writes(CACHE_KB))
            self.index.note_created(self.waiting)
            self.waiting = []

    def close(self) -> None:
        """Write the rows still waiting, and end the bulk writing."""
        with self.bulk:
            self.flush()
