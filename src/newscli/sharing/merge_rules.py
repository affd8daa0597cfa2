"""How a merge chooses between two values: the one changed against the ancestor
(``three_way``), else the later (``later``: by stamp, then who wrote it, then the value
itself, so that either order of merging agrees). ``sharing.merge`` tells which fields
and entries of an article are merged how."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from newscli.model.article import canon
from newscli.model.people import normal_name

_T = TypeVar("_T")
NONE: Any = object()
"""Stands for "no ancestor": every value differs from it."""


def _order(value: Any, at: datetime | None, by: str | None) -> tuple[Any, ...]:
    """What ``later`` compares: the stamp (none is earliest), who wrote it, then the value's
    canonical text, so that two values of the same stamp still have one order, the same
    everywhere."""
    return (at is not None, at or _EPOCH, normal_name(by or ""), canon(plain(value)))


_EPOCH = datetime.min.replace(tzinfo=UTC)


def later(
    a: _T,
    a_time: datetime | None,
    b: _T,
    b_time: datetime | None,
    a_by: str | None = None,
    b_by: str | None = None,
) -> _T:
    """The value written later; of the same stamp, the one by the greater name, then the
    greater value, so either order agrees."""
    return a if _order(a, a_time, a_by) >= _order(b, b_time, b_by) else b


def plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {name: plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def three_way(base: _T, ours: _T, theirs: _T) -> tuple[_T, bool]:
    """The merged value, and whether both sides changed it differently (then ``ours``)."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def by_key(items: Iterable[_T], key: Callable[[_T], str]) -> dict[str, _T]:
    """Items by key; a repeated key: the last one counts (as when a file is read)."""
    return {key(item): item for item in items}


def constant(base: _T, ours: _T, theirs: _T) -> _T:
    """An imported tally: the side that changed it (an import with ``--update``); both,
    differently: the greater, so that either order agrees. Never summed: both sides
    hold the same count from the same source."""
    value, clash = three_way(base, ours, theirs)
    return later(ours, None, theirs, None) if clash else value


def merge_mapping(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> dict[str, Any]:
    merged = {}
    for key in sorted(ours.keys() | theirs.keys() | base.keys()):
        mine, other = ours.get(key), theirs.get(key)
        value, clash = three_way(base.get(key), mine, other)
        value = later(mine, None, other, None) if clash else value
        if value is not None:
            merged[key] = value
    return merged
