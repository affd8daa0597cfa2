"""Typed access to one mapping of a TOML record (an article, a vote, a comment...), with
errors that name the key."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from newscli.dates import to_utc
from newscli.errors import InvalidInput

_T = TypeVar("_T")


class Fields:
    """Typed access to one mapping of a record, with errors that name the key."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where
        self.seen: set[str] = set()

    def _get(self, key: str, kind: type[_T]) -> _T | None:
        self.seen.add(key)
        value = self.data.get(key)
        if value is None:
            return None
        # bool is an int subclass; a vote of `true` stars is still a type error.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise InvalidInput(
                f"{self.where}'{key}' must be {_KIND_NAMES[kind]}, not {type(value).__name__}"
            )
        return value

    def _need(self, key: str, kind: type[_T]) -> _T:
        value = self._get(key, kind)
        if value is None:
            raise InvalidInput(f"{self.where}missing required key '{key}'")
        return value

    def text(self, key: str) -> str:
        return self._need(key, str)

    def optional_text(self, key: str) -> str | None:
        return self._get(key, str) or None

    def time(self, key: str) -> datetime:
        value = self.optional_time(key)
        if value is None:
            raise InvalidInput(f"{self.where}missing required key '{key}'")
        return value

    def optional_time(self, key: str) -> datetime | None:
        self.seen.add(key)
        value = self.data.get(key)
        if isinstance(value, date) and not isinstance(value, datetime):
            # A bare TOML date, as a person editing the file might write: midnight UTC.
            return datetime.combine(value, datetime.min.time(), UTC)
        value = self._get(key, datetime)
        return None if value is None else to_utc(value)

    def strings(self, key: str) -> list[str]:
        values = self._get(key, list) or []
        if not all(isinstance(v, str) for v in values):
            raise InvalidInput(f"{self.where}'{key}' must be an array of strings")
        return list(values)

    def rest(self) -> dict[str, Any]:
        """The keys not read so far: kept as they are, so that nothing is lost."""
        return {k: v for k, v in self.data.items() if k not in self.seen}

    def table(self, key: str) -> dict[str, Any]:
        return dict(self._get(key, dict) or {})

    def integer(self, key: str) -> int:
        return self._need(key, int)

    def items(self, key: str, convert: Callable[[Fields], _T]) -> list[_T]:
        values = self._get(key, list) or []
        result = []
        for number, value in enumerate(values, start=1):
            where = f"{self.where}{key} #{number}: "
            if not isinstance(value, Mapping):
                raise InvalidInput(f"{where}must be a table")
            result.append(convert(Fields(value, where)))
        return result


_KIND_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    list: "an array",
    dict: "a table",
    datetime: "a date-time",
}
