"""The article file format: TOML text to Article and back."""

from __future__ import annotations

import re
from typing import Any

import rtoml
import tomli_w

from newscli.collector import collector_paused
from newscli.errors import InvalidInput
from newscli.model.article import Article
from newscli.model.record import from_record
from newscli.model.written import to_record


def dumps(article: Article) -> str:
    """The article as TOML text: fields first, then ``[extra]``, ``[changed]``, ``[[votes]]``,
    ``[[retracted]]``, ``[[comments]]``, ``[[conflicts]]``.

    Votes and comments are always written as ``[[...]]`` tables, one per entry, so that
    a person editing the file sees the same shape whatever their length.
    """
    record = to_record(article)
    entries = {key: record.pop(key) for key in _ENTRIES if key in record}
    body = record.get("body")
    if isinstance(body, str) and len(body) > _LONG:
        # The body through tomli_w costs a loop over its characters: written here instead.
        multiline = not _has_cr(record)
        record["body"] = _HOLDER
        head = tomli_w.dumps(record, multiline_strings=multiline).replace(
            f'\nbody = "{_HOLDER}"\n', f"\nbody = {_string(body, multiline)}\n", 1
        )
        parts = [head]
    else:
        parts = [_dump(record)]
    for key, items in entries.items():
        parts += [_entry(key, item) for item in items]
    return "".join(parts)


_ENTRIES = ("votes", "retracted", "comments", "conflicts")
# A table tomli_w can never write inline (longer than its line): it makes the array of
# ``_entry`` one of tables, and is left out again.
_NEVER_INLINE = {"x": "x" * 120}


def _entry(key: str, item: dict[str, Any]) -> str:
    """One ``[[key]]`` table. A table or an array of tables inside it (a comment's votes
    whose voter holds a line break, say) gets a header under the entry's name
    (``[[comments.votes]]``), never one of its own that would land at the file's top."""
    text = _dump(item)
    if "\n[" not in text and not text.startswith("["):
        return f"\n[[{key}]]\n{text}"  # no header inside: everything in it is inline
    text = _dump({key: [item, _NEVER_INLINE]})
    return "\n" + text.removesuffix("\n" + _dump({key: [_NEVER_INLINE]}))


def _dump(mapping: dict[str, Any]) -> str:
    # A TOML reader turns CRLF inside a multi-line string into LF, so text holding a
    # carriage return is written as an escaped one-line string to come back unchanged.
    return tomli_w.dumps(mapping, multiline_strings=not _has_cr(mapping))


_LONG = 256  # characters: shorter text is left to tomli_w
_HOLDER = "newscli-body"  # stands for the body while tomli_w writes the rest
_ESCAPED = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _escape_in_multiline(match: re.Match[str]) -> str:
    return "\n" if match.group() == "\n" else _escape(match)


def _string(text: str, multiline: bool) -> str:
    """``text`` as a TOML string exactly as tomli_w writes it, escaped by one regex."""
    if multiline and "\n" in text:
        return '"""\n' + _ESCAPED.sub(_escape_in_multiline, text.replace("\r\n", "\n")) + '"""'
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def _has_cr(value: object) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_has_cr(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_cr(v) for v in value)
    return False


class TomlSyntaxError(InvalidInput):
    """TOML text that cannot be read; ``line`` is where the reader gave up."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(f"TOML syntax error: {reason}")
        self.line = line


_WHERE = re.compile(r" at line (\d+) column \d+$")
_TOMLLIB_WHERE = re.compile(r"\(at line (\d+), column \d+\)$")
# rtoml (through serde) reads a table keyed "$__toml_private_datetime" as a date, dropping
# its other keys; escapes can spell that key. Text that may hold it goes to tomllib.
_SERDE_MARKER = "private_datetime"
# Searched for apart from the marker: one pattern for both scans every character 10 times
# slower than these two (8 ms against 0.8 ms for an article of 1.5 MB).
_ESCAPE = re.compile(r"\\[uUx]")


def parse_toml(text: str) -> dict[str, Any]:
    """TOML text as a dict, read as tomllib reads it; raises TomlSyntaxError."""
    if "\r" in text:
        unified = text.replace("\r\n", "\n")
        if "\r" not in unified:  # a lone CR stays, for the reader to refuse
            text = unified  # as tomllib does, CRLF in a multi-line string reads as LF
    if _SERDE_MARKER in text or _ESCAPE.search(text):
        value = _tomllib_loads(text)
    else:
        try:
            value = rtoml.loads(text)  # in Rust: a quarter of compiled tomli's time
        except ValueError as exc:  # rtoml's error, or text that is not valid Unicode
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            where = _WHERE.search(reason)
            raise TomlSyntaxError(reason, int(where[1]) if where else 1) from None
    if not isinstance(value, dict):  # never from tomllib; kept for safety
        raise TomlSyntaxError("the document is not a table", 1)
    return value


_DIGITS = re.compile(r"value has (\d+) digits")


def parser_reason(exc: BaseException) -> str:
    """What a parser's ValueError, OverflowError or RecursionError says, in one short clause
    (never Python's advice on its own settings)."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    digits = _DIGITS.search(str(exc))
    if digits:
        return f"an integer of {digits[1]} digits is too large"
    return " ".join(str(exc).split()) or type(exc).__name__


def _tomllib_loads(text: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = str(exc)
        where = _TOMLLIB_WHERE.search(reason)
        raise TomlSyntaxError(reason, int(where[1]) if where else 1) from None
    except RecursionError:
        raise TomlSyntaxError("nested too deeply", 1) from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer past Python's digit limit
        raise TomlSyntaxError(parser_reason(exc), 1) from None


def encode(article: Article) -> bytes:
    """The bytes of the article's file: ``dumps`` in UTF-8."""
    return dumps(article).encode("utf-8")


def loads(text: str) -> Article:
    """Parse TOML text into an Article; raises InvalidInput saying what is wrong."""
    with collector_paused():  # reading makes no cycles
        record = parse_toml(text)
        try:
            return from_record(record)
        except (OverflowError, ValueError) as exc:  # e.g. a date that cannot be put in UTC
            raise InvalidInput(f"unusable value: {exc}") from None
