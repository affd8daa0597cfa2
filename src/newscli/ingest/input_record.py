"""One record read from input, or why it could not be read: what every importer yields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputRecord:
    """One record read from input (``where`` is its ``SOURCE:LINE``), or the reason it
    could not be read, or a ``note`` about the input (what a site export left out).

    A ``discussion`` (an article from a site's export, with its comments) that matches a
    stored article brings the comments that article lacks; ``refreshes`` are the keys
    ``--update`` may replace there (None: every key the record gives)."""

    where: str
    record: Mapping[str, Any] | None = None
    problem: str | None = None
    note: str | None = None
    discussion: bool = False
    refreshes: frozenset[str] | None = None


@dataclass(frozen=True)
class ReadOptions:
    """What the reader of a site's export takes: pages as well as posts, the statuses of
    the posts to import, and whether comments not approved are kept aside."""

    pages: bool = False
    statuses: frozenset[str] = frozenset(("publish",))
    keep_unapproved: bool = False
