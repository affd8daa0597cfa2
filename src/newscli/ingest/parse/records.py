"""Batch input: JSON Lines, JSON arrays and TOML article files, read into records.

A record is a mapping with the article file's field names; each one carries the
place it came from (``SOURCE:LINE``) so that a bad one can be named and skipped.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import BinaryIO

from newscli.errors import InvalidInput
from newscli.ingest.input_record import InputRecord
from newscli.model.codec import TomlSyntaxError, parse_toml, parser_reason
from newscli.model.decode import decode_text

_WHITESPACE = re.compile(r"\s*")
_INTEGER_DIGITS = 20  # more than any 64-bit integer has, far fewer than int() can refuse


class _TooLarge(ValueError):
    """An integer in JSON with more digits than any record has use for."""


def _integer(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > _INTEGER_DIGITS:
        raise _TooLarge(f"an integer of {digits} digits is too large")
    return int(text)


_DECODER = json.JSONDecoder(parse_int=_integer)
_SKIPPER = json.JSONDecoder(parse_int=lambda text: 0)  # finds where such a record ends


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _checked(where: str, value: object) -> InputRecord:
    if not isinstance(value, dict):
        return InputRecord(where, problem=f"expected an object, not {_json_kind(value)}")
    return InputRecord(where, record=value)


def _json_kind(value: object) -> str:
    kinds = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return kinds.get(type(value), "a number")


def read_jsonl(data: bytes, source: str) -> list[InputRecord]:
    """One record per non-blank line; a line that is not a JSON object is a bad entry."""
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    return [
        _line_entry(raw, f"{source}:{number}")
        for number, raw in enumerate(lines, start=1)
        if raw.strip()
    ]


def stream_jsonl(handle: BinaryIO, source: str, limit: int) -> Iterator[InputRecord]:
    """``read_jsonl`` of a file read a line at a time, never whole: memory holds one
    record. A line longer than ``limit`` bytes is a bad entry, skipped unread."""
    first = True
    for number in itertools.count(1):
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if first:
            raw, first = raw.removeprefix(b"\xef\xbb\xbf"), False
        if len(raw) > limit and not raw.endswith(b"\n"):
            while (rest := handle.readline(2**20)) and not rest.endswith(b"\n"):
                pass  # the rest of that line
            yield InputRecord(
                f"{source}:{number}",
                problem=f"longer than the limit of {limit:,} bytes for a record",
            )
        elif raw.strip():
            yield _line_entry(raw, f"{source}:{number}")


def _line_entry(raw: bytes, where: str) -> InputRecord:
    """The record of one JSON Lines line, or what is wrong with it."""
    try:
        value = _DECODER.decode(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return InputRecord(where, problem=f"not valid UTF-8 (column {exc.start + 1})")
    except json.JSONDecodeError as exc:
        return InputRecord(where, problem=f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return InputRecord(where, problem="invalid JSON: nested too deeply")
    except _TooLarge as exc:
        return InputRecord(where, problem=f"invalid JSON: {exc}")
    return _checked(where, value)


def read_json(data: bytes, source: str) -> list[InputRecord]:
    """A JSON array of records (or one object); each element is named by its first line.

    Elements are decoded one at a time, so those before a syntax error are kept.
    """
    text = decode_text(data, source)
    decoder = _DECODER
    position = _skip(text, 0)
    if not text.startswith("[", position):
        return [_decode_one(decoder, text, position, source)[0]]
    entries: list[InputRecord] = []
    position = _skip(text, position + 1)
    if text.startswith("]", position):
        return entries
    while True:
        entry, end = _decode_one(decoder, text, position, source)
        entries.append(entry)
        if end is None:
            return entries
        position = _skip(text, end)
        if text.startswith("]", position):
            return entries
        if not text.startswith(",", position):
            where = f"{source}:{_line_of(text, position)}"
            return [*entries, InputRecord(where, problem="invalid JSON: expected ',' or ']'")]
        position = _skip(text, position + 1)


def _skip(text: str, position: int) -> int:
    """The position of the next character that is not whitespace."""
    match = _WHITESPACE.match(text, position)
    return match.end() if match else position


def _decode_one(
    decoder: json.JSONDecoder, text: str, position: int, source: str
) -> tuple[InputRecord, int | None]:
    """The element at ``position`` and where it ends (None when the JSON is broken)."""
    where = f"{source}:{_line_of(text, position)}"
    try:
        value, end = decoder.raw_decode(text, position)
    except json.JSONDecodeError as exc:
        return InputRecord(f"{source}:{exc.lineno}", problem=f"invalid JSON: {exc.msg}"), None
    except RecursionError:
        return InputRecord(where, problem="invalid JSON: nested too deeply"), None
    except _TooLarge as exc:  # that record is bad; the ones after it are still read
        return InputRecord(where, problem=f"invalid JSON: {exc}"), _SKIPPER.raw_decode(
            text, position
        )[1]
    return _checked(where, value), end


def read_toml(data: bytes, source: str) -> list[InputRecord]:
    """A TOML article file, as newscli writes them: one record."""
    where = f"{source}:1"
    try:
        return [InputRecord(where, record=parse_toml(decode_text(data, source)))]
    except TomlSyntaxError as exc:
        return [InputRecord(f"{source}:{exc.line}", problem=str(exc))]
    except InvalidInput as exc:
        return [InputRecord(where, problem=str(exc).removeprefix(f"{source}: "))]
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. a 5,000-digit integer
        return [InputRecord(where, problem=f"TOML: {parser_reason(exc)}")]
