"""``--since`` and ``--until`` take days relative to today (UTC): today, yesterday,
Nd and Nw, counted from an injected clock so that the tests do not depend on the day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Runner
from newscli.dates import parse_date, parse_day
from newscli.errors import InvalidInput

NOW = datetime(2024, 6, 6, 15, 30, tzinfo=UTC)
MIDNIGHT = datetime(2024, 6, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", MIDNIGHT),
        ("Yesterday", MIDNIGHT - timedelta(days=1)),
        ("0d", MIDNIGHT),
        ("7d", MIDNIGHT - timedelta(days=7)),
        (" 2W ", MIDNIGHT - timedelta(days=14)),
        ("2024-01-02", datetime(2024, 1, 2, tzinfo=UTC)),
    ],
)
def test_relative_days_count_back_from_the_clock(text: str, day: datetime) -> None:
    assert parse_day(text, NOW) == day


@pytest.mark.parametrize("text", ["7", "d", "7x", "-7d", "7 days", "tomorrow", "9999999d"])
def test_other_words_are_refused_naming_the_forms(text: str) -> None:
    with pytest.raises(InvalidInput, match="today, yesterday, Nd"):
        parse_day(text, NOW)


def test_records_keep_absolute_dates() -> None:
    with pytest.raises(InvalidInput):
        parse_date("yesterday")  # an imported record's date never moves with the clock


def test_days_back_past_the_calendar_are_refused() -> None:
    with pytest.raises(InvalidInput, match="out of range"):
        parse_day("999999w", NOW)


@given(
    now=st.datetimes(datetime(1900, 1, 1), datetime(9000, 1, 1), timezones=st.just(UTC)),
    count=st.integers(0, 9999),
    unit=st.sampled_from(["d", "w", "D", "W"]),
)
def test_any_count_is_that_many_days_before_todays_midnight(
    now: datetime, count: int, unit: str
) -> None:
    days = count * (7 if unit in "wW" else 1)
    midnight = datetime(now.year, now.month, now.day, tzinfo=UTC)
    assert parse_day(f"{count}{unit}", now) == midnight - timedelta(days=days)


def test_list_since_and_until_take_relative_days(run: Runner, add: Callable[..., str]) -> None:
    old = add("--published", "2000-01-01", title="Old")
    new = add(title="New")  # dated today: when it was added
    assert run("list", "-f", "ids", "--since", "7d").stdout.split() == [new]
    assert run("list", "-f", "ids", "--since", "today").stdout.split() == [new]
    assert run("list", "-f", "ids", "--until", "yesterday").stdout.split() == [old]
    assert run("list", "-f", "ids", "--until", "today").stdout.split() == [new, old]
    bad = run("list", "--since", "7x")
    assert bad.exit_code == 2
    assert "'7x'" in bad.stderr and "Nd (N days ago)" in bad.stderr
