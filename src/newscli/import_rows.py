"""The index rows of the files an import writes, written a batch at a time, so that
the import leaves the index ready: the first listing after it reads no file again."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from newscli.models import Article

if TYPE_CHECKING:
    from newscli.index import Index

BATCH = 500  # rows a transaction, as a sync writes them


class CreatedRows:
    """Rows of new article files, waiting for their batch's transaction."""

    def __init__(self, index: Index, batch: int = BATCH) -> None:
        self.index = index
        self.batch = batch
        self.waiting: list[tuple[Article, os.stat_result | None]] = []

    def add(self, article: Article, written: os.stat_result | None) -> None:
        """An article just written, with the status of its file as written."""
        self.waiting.append((article, written))
        if len(self.waiting) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Write the waiting rows in one transaction."""
        if self.waiting:
            self.index.note_created(self.waiting)
            self.waiting = []
