"""The limits text is held to on every way in: ``add``, ``import``, ``comment`` and ``edit``."""

from __future__ import annotations

from collections.abc import Iterator

from newscli.errors import InvalidInput
from newscli.models import MAX_BODY_BYTES, MAX_TITLE_CHARS, Article, to_record

_MB = 2**20


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


def article(value: Article) -> Article:
    """Check a whole article, as read from a file a person edited."""
    title(value.title)
    if not value.body.strip():
        raise InvalidInput("the article has no body")
    body(value.body)
    for number, comment in enumerate(value.comments, start=1):
        body(comment.text, f"comment #{number}")
    for where, string in _strings(to_record(value), ""):
        text(string, f"'{where}'")
    return value


def _strings(value: object, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a record (keys too), with where it is, e.g. ``comments #2.author``."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            yield from _strings(key, inner)
            yield from _strings(item, inner)
    elif isinstance(value, list):
        for number, item in enumerate(value, start=1):
            yield from _strings(item, f"{where} #{number}")
