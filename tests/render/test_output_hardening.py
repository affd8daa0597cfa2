"""Output that stays inert: CSV cells no spreadsheet runs, no invisible characters on
the terminal, strict JSON only; and the count limits on tags and comments."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Runner, snapshot
from newscli.model.limits import MAX_COMMENTS, MAX_TAGS
from newscli.render.formats import csv_cell
from newscli.text.safe import NotJson, json_dumps, neutralise, one_line

FORMULAS = ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", '=HYPERLINK("h")']
HIDDEN = [
    *(chr(c) for c in (0xE0001, 0xE0041, 0xE007F, 0xFEFF, 0x2060, 0x2061, 0x2064)),
    *(chr(c) for c in (0x3164, 0x115F, 0x1160, 0xFFA0, 0x202E, 0x2066, 0x2069, 0x206F)),
]


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("title", FORMULAS)
def test_csv_cells_that_start_a_formula_get_a_quote(
    run: Runner, add: Callable[..., str], title: str
) -> None:
    add("--tag", "=tag", "--source", "@src", title=f"{title}", body="B")
    result = run("list", "--format", "csv", "--fields", "title,tags,source")
    assert result.exit_code == 0, result.stderr
    [row] = _csv(result.stdout)
    assert row["title"] == "'" + neutralise(
        " ".join(title.split()) if title[0] in "\t\r" else title
    )
    assert (row["tags"], row["source"]) == ("'=tag", "'@src")


@pytest.mark.parametrize(
    ("text", "cell"), [("\tx", "'\tx"), ("\rx", "'\u240dx"), ("a=b", "a=b"), ("", "")]
)
def test_tab_and_carriage_return_starts_are_quoted_too(text: str, cell: str) -> None:
    assert csv_cell(text) == cell


def test_search_csv_is_neutralised_too(run: Runner, add: Callable[..., str]) -> None:
    add(title="=cmd ferry", body="the ferry sails")
    result = run("search", "ferry", "--format", "csv", "--fields", "title")
    assert result.exit_code == 0, result.stderr
    assert _csv(result.stdout)[0]["title"] == "'=cmd ferry"


@given(st.text())
def test_no_csv_cell_starts_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.removeprefix("'") == neutralise(text) or cell == neutralise(text)


@pytest.mark.parametrize("char", HIDDEN)
def test_hidden_characters_are_made_visible_but_json_keeps_them(
    run: Runner, add: Callable[..., str], char: str
) -> None:
    article = add(title=f"Tit{char}le", body=f"Bo{char}dy")
    for args in (("show", article), ("show", "--plain", article), ("list",)):
        shown = run(*args)
        assert shown.exit_code == 0, shown.stderr
        assert char not in shown.stdout, args
    listed = json.loads(run("list", "--format", "json").stdout)
    assert listed[0]["title"] == f"Tit{char}le"


HIDDEN_RANGES = [(0xE0000, 0xE007F), (0x2060, 0x2064), (0x206A, 0x206F), (0xFEFF, 0xFEFF)]


@given(st.text(st.characters() | st.sampled_from(HIDDEN)))
def test_no_hidden_character_survives_output(text: str) -> None:
    for out in (neutralise(text), one_line(text)):
        assert not any(lo <= ord(c) <= hi for c in out for lo, hi in HIDDEN_RANGES)
        assert not set(out) & {"\u3164", "\u115f", "\u1160", "\uffa0"}
    assert json.loads(json_dumps(text)) == text


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    )
)
def test_json_output_is_strict_or_refused(value: object) -> None:
    def refuse(name: str) -> None:
        raise AssertionError(f"not strict JSON: {name}")

    try:
        text = json_dumps(value)
    except NotJson:
        assert "nan" in repr(value) or "inf" in repr(value)
    else:
        json.loads(text, parse_constant=refuse)


def test_a_hand_edited_nan_is_one_line_error_not_bare_nan(
    run: Runner, add: Callable[..., str], data_dir: Path
) -> None:
    article = add()
    path = data_dir / "articles" / f"{article}.toml"
    path.write_text(path.read_text() + "\n[extra]\nscore = nan\n")
    for fmt in ("json", "jsonl"):
        result = run("export", "--format", fmt)
        assert result.exit_code == 1
        assert "NaN" not in result.stdout
        assert result.stderr == (
            "newscli: error: a value is NaN or infinity, which JSON cannot carry; "
            "export --format toml keeps it\n"
        )


def _record(tags: int = 0, comments: int = 0) -> str:
    items = [{"text": f"c{n}", "at": "2024-06-06T10:00:00Z"} for n in range(comments)]
    record = {"title": "T", "body": "B", "tags": [f"t{n}" for n in range(tags)]}
    return json.dumps({**record, "comments": items}) + "\n"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (_record(tags=MAX_TAGS + 1), "101 tags on one article; the limit is 100"),
        (_record(comments=MAX_COMMENTS + 1), "10,001 comments on one article; the limit is 10,000"),
    ],
    ids=["tags", "comments"],
)
def test_counts_past_the_limit_are_refused_before_anything_is_written(
    run: Runner, data_dir: Path, record: str, message: str
) -> None:
    before = snapshot(data_dir)
    result = run("import", "-", input=record)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[0] == f"stdin:1: {message}"
    assert snapshot(data_dir) == before


def test_counts_at_the_limit_are_kept(run: Runner) -> None:
    result = run("import", "-", input=_record(tags=MAX_TAGS, comments=50))
    assert result.exit_code == 0, result.stderr
    shown = json.loads(run("export", "--format", "json").stdout)[0]
    assert (len(shown["tags"]), len(shown["comments"])) == (MAX_TAGS, 50)
