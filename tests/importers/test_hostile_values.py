"""Hostile numbers and dates in imported records: each bad record is refused on its own
line, the good ones are imported, and nothing accepted fails to show later."""

from __future__ import annotations

import json
import math
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Runner
from newscli.dates import EARLIEST, LATEST, in_range, parse_date
from newscli.errors import InvalidInput
from newscli.ingest.parse.records import read_json, read_jsonl
from newscli.model.values import without_nulls
from newscli.text.wording import long_date, timestamp

HUGE = "9" * 5000  # beyond Python's 4,300-digit limit for int()
GOOD = '{"title": "Good", "body": "Kept."}'
ZONES = ("Asia/Taipei", "America/Los_Angeles", "Pacific/Kiritimati", "Etc/GMT+12")


def _strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(f"not strict JSON: {name}")

    return json.loads(text, parse_constant=refuse)


def _import(run: Runner, tmp_path: Path, name: str, text: str) -> tuple[int, list[str], str]:
    source = tmp_path / name
    source.write_text(text)
    result = run("import", str(source))
    return result.exit_code, result.stdout.split(), result.stderr


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("a.jsonl", f'{GOOD}\n{{"title": "T", "body": "B", "extra": {{"n": {HUGE}}}}}\n', 2),
        ("a.json", f'[{GOOD},\n{{"title": "T", "body": "B", "n": -{HUGE}}}, {GOOD[:-3]}2."}}]', 2),
        ("a.toml", f'title = "T\\u0041"\nbody = "B"\nn = {HUGE}\n', 1),
        ("a.md", f'+++\ntitle = "T\\u0041"\nn = {HUGE}\n+++\nBody\n', 1),
        ("a.md", f"---\ntitle: T\nn: {HUGE}\n---\nBody\n", 1),
    ],
    ids=["jsonl", "json", "toml", "toml-front-matter", "yaml-front-matter"],
)
def test_a_huge_integer_refuses_its_record_only(
    run: Runner, tmp_path: Path, name: str, text: str, line: int
) -> None:
    code, created, stderr = _import(run, tmp_path, name, text)
    assert code == 1
    lines = stderr.splitlines()
    assert lines[0] == f"{tmp_path / name}:{line}: " + lines[0].split(": ", 1)[1]
    assert "digits is too large" in lines[0]
    assert "internal error" not in stderr and "set_int_max_str_digits" not in stderr
    good = text.count('"Good"')
    assert len(created) == good
    assert lines[-1].endswith(f"({0} duplicates, 1 bad)")


@pytest.mark.parametrize(
    ("value", "accepted"),
    [(2**63 - 1, True), (-(2**63), True), (2**63, False), (-(2**63) - 1, False)],
)
def test_integers_are_held_to_what_a_toml_file_can_carry(
    run: Runner, value: int, accepted: bool
) -> None:
    record = f'{{"title": "T", "body": "B", "extra": {{"n": {value}}}}}\n'
    result = run("import", "-", input=record)
    assert result.exit_code == (0 if accepted else 1)
    if accepted:
        assert _strict(run("export").stdout)["extra"]["n"] == value
    else:
        assert "stdin:1: 'extra.n': the integer is beyond the 64-bit range" in result.stderr


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.jsonl", '{"title": "T", "body": "B", "extra": {"n": NaN}}\n'),
        ("a.jsonl", '{"title": "T", "body": "B", "extra": {"n": [1, -Infinity]}}\n'),
        ("a.jsonl", '{"title": "T", "body": "B", "score": 1e400}\n'),
        ("a.toml", 'title = "T"\nbody = "B"\n[extra]\nn = nan\n'),
        ("a.toml", 'title = "T"\nbody = "B"\nn = -inf\n'),
        ("a.md", "---\ntitle: T\nn: .nan\n---\nBody\n"),
        ("a.md", "+++\ntitle = 'T'\nn = inf\n+++\nBody\n"),
    ],
)
def test_nan_and_infinity_are_refused_at_import(
    run: Runner, tmp_path: Path, name: str, text: str
) -> None:
    code, created, stderr = _import(run, tmp_path, name, text)
    assert (code, created) == (1, [])
    assert "NaN and infinity are refused" in stderr
    assert stderr.startswith(f"{tmp_path / name}:1: ")


def test_nan_is_refused_by_add_too(run: Runner, tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("---\ntitle: T\nscore: .inf\n---\nBody\n")
    result = run("add", str(page))
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr
        == "newscli: error: 'score': inf is not a number; NaN and infinity are refused\n"
    )


# Any JSON number, with the awkward ones made common, anywhere in a record's extra.
NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([2**63, -(2**63) - 1, 2**63 - 1, 10**25]),
    st.floats(),
)
JSON_TEXT = st.recursive(
    NUMBERS.map(json.dumps) | st.just("1" + "0" * 4400) | st.just("-1e999"),
    lambda inner: (
        st.lists(inner, max_size=3).map(lambda xs: f"[{', '.join(xs)}]")
        | st.dictionaries(st.sampled_from("abc"), inner, max_size=3).map(
            lambda d: "{" + ", ".join(f'"{k}": {v}' for k, v in d.items()) + "}"
        )
    ),
    max_leaves=8,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=JSON_TEXT)
def test_any_number_is_imported_and_exported_as_strict_json_or_refused(
    run: Runner, data_dir: Path, value: str
) -> None:
    for old in data_dir.glob("articles/*.toml"):
        old.unlink()
    record = f'{{"title": "T", "body": "B", "extra": {{"v": {value}}}}}\n'
    result = run("import", "--format", "jsonl", "-", input=record)
    assert result.exit_code in (0, 1), result.stderr
    assert "internal error" not in result.stderr
    if result.exit_code == 0:
        exported = run("export", result.stdout.strip())
        assert exported.exit_code == 0, exported.stderr
        assert _strict(exported.stdout)["extra"]["v"] == _strict(value)
    else:
        assert result.stderr.startswith("stdin:1: ")


@given(
    st.lists(st.sampled_from([GOOD, f'{{"n": {HUGE}}}', '{"n": 1e999}', "[", '"x"']), max_size=6)
)
def test_a_json_array_keeps_every_element_after_a_bad_number(elements: list[str]) -> None:
    data = ("[" + ",\n".join(elements) + "]").encode()
    entries = read_json(data, "in")
    if "[" not in elements:
        assert len(entries) == len(elements)
        assert [e.record is not None for e in entries] == [
            x != '"x"' and x != f'{{"n": {HUGE}}}' for x in elements
        ]


def test_jsonl_names_the_line_of_a_huge_integer() -> None:
    entries = read_jsonl(f"{GOOD}\n\n[{HUGE}]\n{GOOD}\n".encode(), "in")
    assert [(e.where, e.problem) for e in entries] == [
        ("in:1", None),
        ("in:3", "invalid JSON: an integer of 5000 digits is too large"),
        ("in:4", None),
    ]


def test_without_nulls_names_where_a_bad_number_is() -> None:
    with pytest.raises(InvalidInput, match=r"^'a.b #3.c': nan is not a number"):
        without_nulls({"a": {"b": [None, 1, {"c": math.nan}]}})


# --- dates at the calendar's edges ------------------------------------------------------


@pytest.mark.parametrize(
    "when",
    ["9999-12-31T23:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31", "0001-01-01T12:00:00+05:00"],
)
def test_a_comment_dated_at_the_calendar_edge_is_refused_with_its_line(
    run: Runner, when: str
) -> None:
    records = (
        f'{GOOD}\n{{"title": "T", "body": "B", "comments": [{{"text": "c", "at": "{when}"}}]}}\n'
    )
    result = run("import", "-", input=records)
    assert result.exit_code == 1
    assert len(result.stdout.split()) == 1
    assert result.stderr.startswith("stdin:2: 'comments #1: at': the date ")
    assert "is out of range" in result.stderr


@pytest.mark.parametrize("when", ["9999-12-30T23:59:59Z", "0001-01-02T00:00:00Z"])
def test_the_last_dates_kept_show_in_every_zone(
    run: Runner, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    comments = f'[{{"text": "c", "at": "{when}"}}]'
    record = f'{{"title": "T", "body": "B", "published": "{when}", "comments": {comments}}}'
    created = run("import", "-", input=record)
    assert created.exit_code == 0, created.stderr
    for zone in ZONES:
        with _zone(monkeypatch, zone):
            for args in (("show",), ("show", "--plain"), ("export", "--format", "html")):
                shown = run(*args, created.stdout.strip())
                assert (shown.exit_code, shown.stderr) == (0, ""), (zone, args)


def _stored_with_edge_dates(data_dir: Path) -> str:
    """An article file edited by hand to hold the calendar's first and last moments."""
    (data_dir / "articles").mkdir(parents=True)
    (data_dir / "articles" / "edge2345.toml").write_text(
        'schema = 1\nid = "edge2345"\ntitle = "Edges"\npublished = 9999-12-31T23:00:00Z\n'
        "added = 0001-01-01T00:00:00Z\nupdated = 0001-01-01T00:00:00Z\ntags = []\n"
        'body = "Body."\n\n[[comments]]\nid = "aaaaaa"\nat = 9999-12-31T23:00:00Z\ntext = "late"\n'
        '\n[[comments]]\nid = "bbbbbb"\nat = 0001-01-01T00:00:00Z\ntext = "early"\n'
    )
    return "edge2345"


@pytest.mark.parametrize("zone", ZONES)
def test_a_stored_edge_date_shows_in_any_zone(
    run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    article = _stored_with_edge_dates(data_dir)
    with _zone(monkeypatch, zone):
        for args in (("show",), ("show", "--plain"), ("export", "--format", "html")):
            shown = run(*args, article)
            assert (shown.exit_code, shown.stderr) == (0, ""), args
            assert "9999-12-31" in shown.stdout or "December 31, 9999" in shown.stdout


@pytest.mark.parametrize("zone", ZONES)
def test_a_stored_edge_date_lists_as_its_utc_day_in_any_zone(
    run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    _stored_with_edge_dates(data_dir)
    with _zone(monkeypatch, zone):
        listed = run("list", "--format", "table")
    assert (listed.exit_code, listed.stderr) == (0, "")
    # 23:00 UTC on the calendar's last day is already year 10000 in Kiritimati: the list
    # shows the UTC day, the same in every zone.
    assert listed.stdout.splitlines()[1:] == [
        "─" * 80,
        "edge2345  9999-12-31              Edges                              -         2",
    ]


class _zone:
    """TZ set to ``name`` for the block (the autouse fixture sets UTC back afterwards)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
        self.monkeypatch, self.name = monkeypatch, name

    def __enter__(self) -> None:
        self.monkeypatch.setenv("TZ", self.name)
        time.tzset()

    def __exit__(self, *exc: object) -> None:
        self.monkeypatch.setenv("TZ", "UTC")
        time.tzset()


def _minutes(count: int) -> timedelta:
    return timedelta(minutes=count)


MOMENTS = st.datetimes(
    min_value=datetime(1, 1, 1),
    max_value=datetime(9999, 12, 31, 23, 59, 59),
    timezones=st.just(UTC)
    # ISO-8601 offsets are whole minutes (Python 3.11 drops the microseconds of any other).
    | st.builds(timezone, st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(_minutes)),
)


@given(MOMENTS, st.sampled_from(ZONES))
def test_date_formatters_never_fail(value: datetime, zone: str) -> None:
    with pytest.MonkeyPatch.context() as patch, _zone(patch, zone):
        assert timestamp(value)
        assert long_date(value)


@given(MOMENTS)
def test_parsing_keeps_exactly_the_dates_every_zone_can_show(value: datetime) -> None:
    text = value.isoformat()
    try:
        parsed = parse_date(text)
    except InvalidInput as exc:
        assert "out of range" in str(exc)
        assert not EARLIEST <= value <= LATEST
    else:
        assert parsed == value and EARLIEST <= parsed <= LATEST
        for offset in (timedelta(hours=23, minutes=59), -timedelta(hours=23, minutes=59)):
            assert parsed.astimezone(timezone(offset))
        assert in_range(parsed) == parsed


def test_a_feed_item_dated_in_year_10000_keeps_the_feed(run: Runner, tmp_path: Path) -> None:
    feed = tmp_path / "f.atom"
    entry = (
        "<entry><title>{0}</title><id>urn:{0}</id><link href='https://example.org/{0}'/>"
        "<updated>{1}</updated><summary>About {0}.</summary></entry>"
    )
    feed.write_text(
        "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>S</title>"
        + entry.format("far", "9999-12-31T23:59:59-05:00")
        + entry.format("near", "2024-06-06T10:00:00Z")
        + "</feed>"
    )
    result = run("import", str(feed))
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in run("export").stdout.splitlines()]
    assert sorted((r["title"], r.get("published")) for r in records) == [
        ("far", None),
        ("near", "2024-06-06T10:00:00Z"),
    ]
