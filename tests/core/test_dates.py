"""Dates: parsing options and article text into UTC, and printing them back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from newscli.dates import find_date, iso, now, parse_date, to_utc
from newscli.errors import InvalidInput


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-06-06", datetime(2024, 6, 6, tzinfo=UTC)),
        ("  2024-06-06  ", datetime(2024, 6, 6, tzinfo=UTC)),
        ("2024-02-29", datetime(2024, 2, 29, tzinfo=UTC)),
        ("2024-06-06T12:30:00", datetime(2024, 6, 6, 12, 30, tzinfo=UTC)),
        ("2024-06-06 12:30", datetime(2024, 6, 6, 12, 30, tzinfo=UTC)),
        ("2024-06-06T12:30:00Z", datetime(2024, 6, 6, 12, 30, tzinfo=UTC)),
        ("2024-06-06T12:30:00+00:00", datetime(2024, 6, 6, 12, 30, tzinfo=UTC)),
        ("2024-06-06T12:30:00+02:00", datetime(2024, 6, 6, 10, 30, tzinfo=UTC)),
        ("2024-06-06T23:30:00-05:00", datetime(2024, 6, 7, 4, 30, tzinfo=UTC)),
        ("2024-01-01T01:00:00+05:30", datetime(2023, 12, 31, 19, 30, tzinfo=UTC)),
        ("2024-06-06T12:30:15.250Z", datetime(2024, 6, 6, 12, 30, 15, 250000, tzinfo=UTC)),
    ],
)
def test_parse_iso(text: str, expected: datetime) -> None:
    value = parse_date(text)
    assert value == expected
    assert value.utcoffset() == timedelta(0)
    assert value.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June 6, 2024", datetime(2024, 6, 6, tzinfo=UTC)),
        ("June 6 2024", datetime(2024, 6, 6, tzinfo=UTC)),
        ("6 June 2024", datetime(2024, 6, 6, tzinfo=UTC)),
        ("6th June 2024", datetime(2024, 6, 6, tzinfo=UTC)),
        ("Jun. 6, 2024", datetime(2024, 6, 6, tzinfo=UTC)),
        ("sept 9, 2024", datetime(2024, 9, 9, tzinfo=UTC)),
        ("DECEMBER 31, 1999", datetime(1999, 12, 31, tzinfo=UTC)),
        ("1st May 2020", datetime(2020, 5, 1, tzinfo=UTC)),
        ("February 29, 2024", datetime(2024, 2, 29, tzinfo=UTC)),
    ],
)
def test_parse_written(text: str, expected: datetime) -> None:
    value = parse_date(text)
    assert value == expected
    assert value.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "garbage",
        "2024-02-30",
        "2024-13-01",
        "February 30, 2024",
        "February 29, 2023",
        "June 6",
        "June 2024",
        "Mayor 12, 2024",
        "June 6, 2024 at noon",
        "tomorrow",
        "Z",
    ],
)
def test_parse_garbage_is_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInput, match="cannot read date"):
        parse_date(text)


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_parse_empty_is_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInput, match="empty date"):
        parse_date(text)


def test_parse_error_message_quotes_the_input() -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date("  next week ")
    assert "'next week'" in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It opened on Thursday (June 6, 2024) at noon.", datetime(2024, 6, 6, tzinfo=UTC)),
        ("It opened on 6 June 2024 at noon.", datetime(2024, 6, 6, tzinfo=UTC)),
        ("Filed Sept. 3, 2023, late.", datetime(2023, 9, 3, tzinfo=UTC)),
        ("on the 21st of March; 21st March 2021", datetime(2021, 3, 21, tzinfo=UTC)),
    ],
)
def test_find_date(text: str, expected: datetime) -> None:
    assert find_date(text) == expected


def test_find_date_returns_the_first_date() -> None:
    assert find_date("From 6 June 2024 until July 4, 2025.") == datetime(2024, 6, 6, tzinfo=UTC)
    assert find_date("From July 4, 2025 until 6 June 2024.") == datetime(2025, 7, 4, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No date here at all.",
        "It happened in June 2024.",
        "Mayor 12, 2024 was a typo.",
        "The invalid February 30, 2024 is not a date.",
        "Nor is 31 June 2024.",
        "Version 2024-06-06 is ISO, not written.",
    ],
)
def test_find_date_none(text: str) -> None:
    assert find_date(text) is None


def test_find_date_skips_an_invalid_date_for_a_valid_one_of_the_other_form() -> None:
    assert find_date("Not 31 June 2024 but July 4, 2024.") == datetime(2024, 7, 4, tzinfo=UTC)


def test_find_date_skips_an_invalid_date_for_a_later_valid_one_of_the_same_form() -> None:
    # "the first full written date": February 30 is not a date, June 6 is.
    assert find_date("Not February 30, 2024 but June 6, 2024.") == datetime(2024, 6, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 6, 6, tzinfo=UTC), "2024-06-06T00:00:00Z"),
        (datetime(2024, 6, 6, 12, 30, 5, tzinfo=UTC), "2024-06-06T12:30:05Z"),
        (datetime(2024, 6, 6, 12, 0, tzinfo=timezone(timedelta(hours=2))), "2024-06-06T10:00:00Z"),
        (datetime(2024, 6, 6, 22, 0, tzinfo=timezone(timedelta(hours=-3))), "2024-06-07T01:00:00Z"),
        (datetime(2024, 6, 6, 8, 15), "2024-06-06T08:15:00Z"),
    ],
)
def test_iso(value: datetime, expected: str) -> None:
    assert iso(value) == expected


def test_iso_round_trips_through_parse_date() -> None:
    value = datetime(2023, 11, 5, 17, 45, 9, tzinfo=UTC)
    assert parse_date(iso(value)) == value


def test_to_utc_naive_is_taken_as_utc() -> None:
    assert to_utc(datetime(2024, 6, 6, 9, 0)) == datetime(2024, 6, 6, 9, 0, tzinfo=UTC)
    assert to_utc(datetime(2024, 6, 6, 9, 0)).tzinfo is UTC


def test_now_is_utc_to_the_second() -> None:
    value = now()
    assert value.tzinfo is UTC
    assert value.microsecond == 0
    assert abs(datetime.now(UTC) - value) < timedelta(seconds=5)


def test_parse_date_accepts_a_lower_case_z() -> None:
    assert parse_date("2024-06-06T12:00:00z") == datetime(2024, 6, 6, 12, tzinfo=UTC)
