"""Imported values made fit for TOML: nulls dropped, nesting held to a sane depth, and
numbers held to what a TOML file can carry."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from newscli.errors import InvalidInput

MAX_NESTING = 64
"""How deep tables and arrays may nest, counted from an article's top: the one limit of
imports, files read, ``check``, merges and exports (real records nest a few levels; far
deeper ones exhaust the recursion of writers and encoders)."""

MIN_INTEGER, MAX_INTEGER = -(2**63), 2**63 - 1
"""TOML integers are 64-bit: a larger one would make a file no TOML reader can load."""


def _same(value: Any) -> Any:
    return value


def without_nulls(value: Any, leaf: Callable[[Any], Any] = _same) -> Any:
    """``value`` with every null dropped at any depth (TOML has no null); ``leaf`` maps the rest.

    Raises InvalidInput, naming the key, when tables and arrays nest deeper than
    ``MAX_NESTING`` (which writing the article could not cope with), or for a number
    no TOML file can hold: an integer beyond 64 bits, NaN or infinity.
    """
    return _walk(value, leaf, ())


def _walk(value: Any, leaf: Callable[[Any], Any], where: tuple[str, ...]) -> Any:
    if isinstance(value, Mapping | list):
        if len(where) >= MAX_NESTING:
            raise InvalidInput(f"nested too deeply (more than {MAX_NESTING} levels)")
        if isinstance(value, Mapping):
            return {
                str(k): _walk(v, leaf, (*where, str(k))) for k, v in value.items() if v is not None
            }
        return [_walk(v, leaf, (*where, f"#{n}")) for n, v in enumerate(value, 1) if v is not None]
    return leaf(number(value, _name(where)))


def nesting(value: Any, where: str, depth: int = 1) -> None:
    """Refuse (InvalidInput naming ``where``) tables and arrays in ``value`` that nest
    as deep as ``MAX_NESTING`` levels, ``value`` itself being ``depth`` levels down (as
    ``without_nulls`` counts: the record is level 0).

    A loop, not recursion: it must cope with what it refuses."""
    stack = [(value, depth)] if isinstance(value, dict | list) else []
    while stack:
        item, level = stack.pop()
        if level >= MAX_NESTING:
            raise InvalidInput(f"'{where}': nested too deeply (more than {MAX_NESTING} levels)")
        inner = item.values() if isinstance(item, dict) else item
        stack += [(v, level + 1) for v in inner if isinstance(v, dict | list)]


def _name(where: tuple[str, ...]) -> str:
    """``extra.notes #2.at``, as the other messages name a place in a record."""
    parts = (p if not i else f" {p}" if p.startswith("#") else f".{p}" for i, p in enumerate(where))
    return "".join(parts)


def number(value: Any, where: str) -> Any:
    """``value`` unchanged unless it is a number a TOML file cannot hold; raises InvalidInput."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and not MIN_INTEGER <= value <= MAX_INTEGER:
        raise InvalidInput(f"'{where}': the integer is beyond the 64-bit range a file can hold")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"'{where}': {value} is not a number; NaN and infinity are refused")
    return value
