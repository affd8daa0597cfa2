"""The article file format: TOML text to Article and back."""

from __future__ import annotations

import tomllib

import tomli_w

from newscli.errors import InvalidInput
from newscli.models import Article, from_record, to_record


def dumps(article: Article) -> str:
    """The article as TOML text, body and comments as multi-line strings."""
    return tomli_w.dumps(to_record(article), multiline_strings=True)


def loads(text: str) -> Article:
    """Parse TOML text into an Article; raises InvalidInput saying what is wrong."""
    try:
        record = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"TOML syntax error: {exc}") from None
    return from_record(record)
