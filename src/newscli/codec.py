"""The article file format: TOML text to Article and back."""

from __future__ import annotations

import tomllib

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
    parts = [tomli_w.dumps(record, multiline_strings=True)]
    for key, items in entries.items():
        parts += [f"\n[[{key}]]\n{tomli_w.dumps(item, multiline_strings=True)}" for item in items]
    return "".join(parts)


def loads(text: str) -> Article:
    """Parse TOML text into an Article; raises InvalidInput saying what is wrong."""
    try:
        record = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"TOML syntax error: {exc}") from None
    return from_record(record)
