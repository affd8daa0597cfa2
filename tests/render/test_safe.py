"""Making untrusted text inert before it reaches a terminal."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.text.safe import json_dumps, neutralise, one_line

# What each control becomes: C0 -> its control picture, DEL -> ␡, C1 -> U+FFFD.
STAND_INS = [
    ("\x1b", "\u241b"),  # ESC -> ␛
    ("\x07", "\u2407"),  # BEL -> ␇
    ("\r", "\u240d"),  # CR -> ␍
    ("\x00", "\u2400"),  # NUL -> ␀
    ("\x08", "\u2408"),  # BS
    ("\x0b", "\u240b"),  # VT
    ("\x0c", "\u240c"),  # FF
    ("\x1f", "\u241f"),
    ("\x7f", "\u2421"),  # DEL -> ␡
    ("\x9b", "\ufffd"),  # CSI
    ("\x85", "\ufffd"),  # NEL
    ("\x80", "\ufffd"),
    ("\x9f", "\ufffd"),
]

ALL_CONTROLS = [chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]]
RAW_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Any text, with control characters made common.
TEXT = st.text(st.characters() | st.sampled_from(ALL_CONTROLS))


@pytest.mark.parametrize(("char", "stand_in"), STAND_INS)
def test_neutralise_replaces_controls(char: str, stand_in: str) -> None:
    assert neutralise(f"a{char}b") == f"a{stand_in}b"


@pytest.mark.parametrize(("char", "stand_in"), STAND_INS)
def test_one_line_replaces_controls(char: str, stand_in: str) -> None:
    assert one_line(f"a{char}b") == f"a{stand_in}b"


def test_neutralise_escape_sequences() -> None:
    assert neutralise("\x1b[31mred\x1b[0m") == "\u241b[31mred\u241b[0m"
    assert neutralise("\x1b]52;c;aGk=\x07") == "\u241b]52;c;aGk=\u2407"
    assert neutralise("\x9b2J") == "\ufffd2J"


def test_neutralise_keeps_newline_and_tab() -> None:
    assert neutralise("one\ttwo\nthree\n") == "one\ttwo\nthree\n"


def test_neutralise_crlf_keeps_the_newline_only() -> None:
    assert neutralise("a\r\nb") == "a\u240d\nb"


def test_one_line_flattens_newline_and_tab() -> None:
    assert one_line("one\ttwo\nthree\n") == "one two three "


def test_ordinary_text_is_unchanged() -> None:
    text = "Plain text, “quotes”, é, 漢字, emoji 🚋, NBSP\u00a0, ␛ already."
    assert neutralise(text) == text
    assert one_line(text) == text


@pytest.mark.parametrize("char", ALL_CONTROLS)
def test_no_control_character_survives(char: str) -> None:
    text = f"x{char}y"
    if char in ("\n", "\t"):
        assert neutralise(text) == text
    else:
        assert RAW_CONTROL.search(neutralise(text)) is None
        assert len(neutralise(text)) == 3
    assert RAW_CONTROL.search(one_line(text)) is None
    assert len(one_line(text)) == 3


UNSAFE_IN_JSON = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but \t \n (and \r below)


def _check_json(value: object, indent: int | None = None) -> str:
    text = json_dumps(value, indent=indent)
    assert UNSAFE_IN_JSON.search(text) is None, repr(text)
    assert "\r" not in text
    if indent is None:
        assert "\n" not in text
        assert "\t" not in text
    assert json.loads(text) == value
    return text


def test_json_dumps_escapes_controls_and_keeps_the_strings() -> None:
    value = {
        "title": "\x1b[31mred\x1b[0m \x07 \x00 \x7f \x9b \x85 \r\n\t end",
        "tags": ["\x80", "\x9f", "é 漢字"],
        "n": 3,
        "none": None,
    }
    text = _check_json(value)
    assert "\\u001b" in text
    assert "\\u007f" in text
    assert "\\u009b" in text
    assert "\\u0085" in text
    assert "é 漢字" in text  # other non-ASCII text stays readable


def test_json_dumps_with_indent() -> None:
    value = {"a\x9bkey": ["x\x85y", {"z": "\x7f"}]}
    text = _check_json(value, indent=2)
    assert "\n" in text
    assert "\\u009b" in text


def test_json_dumps_plain_matches_json_dumps() -> None:
    value = {"title": "Plain “quoted” text é", "votes": [1, 2], "avg": 4.5}
    assert json_dumps(value) == json.dumps(value, ensure_ascii=False)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | TEXT,
        lambda children: (
            st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3)
        ),
        max_leaves=8,
    ),
    st.sampled_from([None, 2]),
)
def test_json_dumps_property(value: object, indent: int | None) -> None:
    _check_json(value, indent)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_neutralise_and_one_line_property(text: str) -> None:
    multi = neutralise(text)
    flat = one_line(text)
    assert len(multi) == len(text)
    assert len(flat) == len(text)
    assert RAW_CONTROL.search(flat) is None
    assert set(RAW_CONTROL.findall(multi)) <= {"\n", "\t"}
    assert multi.count("\n") == text.count("\n")


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_bidi_controls_are_made_visible(char: str) -> None:
    text = f"price {char}0.01{char} total"
    assert char not in neutralise(text)
    assert char not in one_line(text)
    assert "\ufffd" in one_line(text)


def test_unicode_line_separators_become_spaces() -> None:
    assert neutralise("a\u2028b\u2029c") == "a b c"
    assert one_line("a\u2028b\u2029c") == "a b c"
