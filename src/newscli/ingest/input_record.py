"""One record read from input, or why it could not be read: what every importer yields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class InputRecord:
    """One record read from input (``where`` is its ``SOURCE:LINE``), or the reason it
    could not be read."""

    where: str
    record: Mapping[str, Any] | None = None
    problem: str | None = None
