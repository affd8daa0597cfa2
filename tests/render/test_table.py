"""The listing table, drawn a row at a time with widths from the terminal's, never from
the rows."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from newscli.model.article import Rating
from newscli.model.listing import MARK_END, MARK_START, Row
from newscli.render.table import Table, wrap

SGR = re.compile(r"\x1b\[[0-9;]*m")


def _row(title: str, *, tags: tuple[str, ...] = (), dateline: str | None = "KEELUNG") -> Row:
    return Row(
        "k3x9mbq2",
        title,
        dateline,
        "2024-06-06T00:00:00Z",
        "2024-06-07T00:00:00Z",
        "2024-06-07T00:00:00Z",
        None,
        None,
        None,
        None,
        tags=tags,
        rating=Rating(4.5, 2),
        comments=3,
    )


@pytest.mark.parametrize("width", [100, 80, 70])
def test_a_wide_row_keeps_its_columns_and_the_width(width: int) -> None:
    title = "Night ferry returns to the islets after ten years of silence on the water"
    text = "".join(Table(width).draw([_row(title, tags=("transport", "sea"))]))
    lines = text.splitlines()
    assert lines[0].split() == [
        "id",
        "date",
        "dateline",
        "title",
        "/",
        "tags",
        "rating",
        "comments",
    ]
    assert lines[1] == "─" * width
    assert lines[2].startswith("k3x9mbq2  2024-06-06  KEELUNG     Night")
    assert lines[2].endswith("4.5 (2)         3")
    assert "#transport #sea" in lines[-1]
    assert " ".join(" ".join(line.split()) for line in lines[2:]).count("silence") == 1
    assert all(cell_len(line) <= width for line in lines)
    assert not any(line.endswith(" ") for line in lines)


def test_every_row_of_a_table_has_the_same_columns_whatever_its_text() -> None:
    """Widths come from the terminal, not from the rows: a short title and a long one
    put their rating at the same place."""
    table = Table(90)
    short = table.lines(_row("Short"))
    long = table.lines(_row("A much longer title than the other one, long enough to wrap " * 2))
    assert short.splitlines()[0].index("4.5 (2)") == long.splitlines()[0].index("4.5 (2)")


def test_a_narrow_table_puts_the_date_and_dateline_under_the_title() -> None:
    lines = "".join(Table(40).draw([_row("Night ferry returns")])).splitlines()
    assert lines[0].split() == ["id", "title", "rating", "comments"]
    below = [line.split()[-1] if line.startswith(" ") else "" for line in lines[3:]]
    assert "2024-06-06" in below and "KEELUNG" in below
    assert all(cell_len(line) <= 40 for line in lines)


def test_wide_characters_are_counted_by_their_cells() -> None:
    for line in wrap("夜間フェリーが十年ぶりに島へ戻る 夜間フェリー", 10):
        assert cell_len(line) <= 10
    assert wrap("one two three", 7) == ["one two", "three"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_fields_make_the_columns_and_a_long_value_is_cut_with_an_ellipsis() -> None:
    row = _row("Title")
    row.author = "Someone With A Very Long Name Indeed"
    lines = "".join(Table(50, ("id", "rating", "author")).draw([row])).splitlines()
    assert lines[0].split() == ["id", "rating", "author"]
    assert "Someone" in "".join(lines[2:])


def test_a_snippet_is_highlighted_only_in_colour() -> None:
    row = _row("Title")
    row.snippet = f"the {MARK_START}ferry{MARK_END} sails"
    plain = "".join(Table(60, ("id", "snippet")).draw([row]))
    assert "\x1b" not in plain and "the ferry sails" in plain
    coloured = "".join(Table(60, ("id", "snippet"), colour=True).draw([row]))
    assert "\x1b[1;33mferry\x1b[0m" in coloured
    assert SGR.sub("", coloured) == plain
