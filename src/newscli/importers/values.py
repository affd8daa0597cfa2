"""Imported values made fit for TOML: nulls dropped, nesting held to a sane depth."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from newscli.errors import InvalidInput

MAX_NESTING = 64
"""How deep tables and arrays may nest in imported data (real records nest a few levels)."""


def _same(value: Any) -> Any:
    return value


def without_nulls(value: Any, leaf: Callable[[Any], Any] = _same) -> Any:
    """``value`` with every null dropped at any depth (TOML has no null); ``leaf`` maps the rest.

    Raises InvalidInput when tables and arrays nest deeper than ``MAX_NESTING``, which
    writing the article (and any recursive walk) could not cope with.
    """
    return _walk(value, leaf, 0)


def _walk(value: Any, leaf: Callable[[Any], Any], depth: int) -> Any:
    if isinstance(value, Mapping | list):
        if depth >= MAX_NESTING:
            raise InvalidInput(f"nested too deeply (more than {MAX_NESTING} levels)")
        if isinstance(value, Mapping):
            return {str(k): _walk(v, leaf, depth + 1) for k, v in value.items() if v is not None}
        return [_walk(v, leaf, depth + 1) for v in value if v is not None]
    return leaf(value)
