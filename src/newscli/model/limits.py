"""The limits held on every way in: ``add``, ``import``, ``comment`` and ``edit``.

Besides text (no NUL bytes, valid UTF-8, titles and bodies within size), an article
holds at most ``MAX_TAGS`` tags and ``MAX_COMMENTS`` comments: numbers no reader needs
more of, and past which listing and showing an article would take long. An HTML page
read for an article holds at most ``MAX_HTML_ELEMENTS`` elements, counted before it
is parsed: finding the article in a page takes time that grows faster than the page. Its dates
are ones every time zone can show (``dates.in_range``), and its numbers ones a TOML
file can hold: 64-bit integers, no NaN or infinity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sized
from datetime import datetime

from newscli.dates import in_range
from newscli.errors import InvalidInput
from newscli.model.article import MAX_BODY_BYTES, MAX_STARS, MAX_TITLE_CHARS, Article
from newscli.model.values import number
from newscli.model.written import to_record

_MB = 2**20
MAX_TAGS = 100
MAX_COMMENTS = 10_000
MAX_HTML_ELEMENTS = 25_000  # a long article page has a few thousand
_START_TAG = re.compile(rb"<[A-Za-z]")


def text(value: str, what: str) -> str:
    """``value`` unchanged if it can be stored: no NUL bytes, nothing that is not UTF-8."""
    if "\0" in value:
        raise InvalidInput(f"{what} contains a NUL byte: binary data is not accepted, only text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} is not valid UTF-8") from None
    return value


def title(value: str) -> str:
    """A title of 1 to ``MAX_TITLE_CHARS`` characters."""
    if not value.strip():
        raise InvalidInput("the article has no title")
    if len(value) > MAX_TITLE_CHARS:
        raise InvalidInput(
            f"the title is {len(value)} characters long; the limit is {MAX_TITLE_CHARS}"
        )
    return text(value, "the title")


def body(value: str, what: str = "the body") -> str:
    """A text of at most ``MAX_BODY_BYTES`` in UTF-8 (article bodies and comments)."""
    if len(value.encode("utf-8", "surrogatepass")) > MAX_BODY_BYTES:
        raise InvalidInput(f"{what} is larger than the limit of {MAX_BODY_BYTES // _MB} MB")
    return text(value, what)


def stars(value: int | str) -> int:
    """A vote's stars, given as a number or as text: a whole number from 1 to ``MAX_STARS``."""
    if isinstance(value, str):
        number = int(value) if re.fullmatch(r"\s*[+-]?\d{1,6}\s*", value) else None
    else:
        number = value
    if number is None or not 1 <= number <= MAX_STARS:
        raise InvalidInput(f"stars must be a whole number from 1 to {MAX_STARS}, not {value}")
    return number


def html_page(data: bytes) -> bytes:
    """``data`` unchanged if it has at most ``MAX_HTML_ELEMENTS`` start tags."""
    found = sum(1 for _ in _START_TAG.finditer(data))
    if found > MAX_HTML_ELEMENTS:
        raise InvalidInput(
            f"the page has {found:,} HTML elements; the limit is {MAX_HTML_ELEMENTS:,} "
            "(more than any one article needs)"
        )
    return data


def count(items: Sized, limit: int, what: str) -> None:
    """Refuse more than ``limit`` ``what`` (``tags``, ``comments``) on one article."""
    if len(items) > limit:
        raise InvalidInput(f"{len(items):,} {what} on one article; the limit is {limit:,}")


def tags(values: list[str]) -> list[str]:
    """At most ``MAX_TAGS`` tags."""
    count(values, MAX_TAGS, "tags")
    return values


def comments(values: Sized) -> None:
    """At most ``MAX_COMMENTS`` comments (replies included)."""
    count(values, MAX_COMMENTS, "comments")


def article(value: Article) -> Article:
    """Check a whole article, as read from a file a person edited."""
    tags(value.tags)
    comments(value.comments)
    title(value.title)
    if not value.body.strip():
        raise InvalidInput("the article has no body")
    body(value.body)
    for place, comment in enumerate(value.comments, start=1):
        body(comment.text, f"comment #{place}")
    for where, leaf in _leaves(to_record(value), ""):
        if isinstance(leaf, str):
            text(leaf, f"'{where}'")
        elif isinstance(leaf, datetime):
            try:
                in_range(leaf)
            except InvalidInput as exc:
                raise InvalidInput(f"'{where}': {exc}") from None
        else:
            number(leaf, where)
    return value


def _leaves(value: object, where: str) -> Iterator[tuple[str, object]]:
    """Every value in a record that is not a table or array, and every key, with where it
    is, e.g. ``comments #2.author``."""
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            yield inner, key
            yield from _leaves(item, inner)
    elif isinstance(value, list):
        for place, item in enumerate(value, start=1):
            yield from _leaves(item, f"{where} #{place}")
    else:
        yield where, value
