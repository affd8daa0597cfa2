"""Parsing dates from options and article text; everything is stored in UTC."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from newscli.errors import InvalidInput

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# "June 6, 2024" and "6 June 2024"; the word boundaries keep "Mayor 12, 2024" out.
_MONTH_DAY_YEAR = rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"
_DAY_MONTH_YEAR = rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>\d{{4}})\b"


def _written(pattern: str) -> re.Pattern[str]:
    """A pattern of this module, compiled when first used (``re`` keeps it): compiling
    them all at import cost every command's start-up a millisecond or two."""
    return re.compile(pattern, re.I)


# A time zone is at most a day from UTC, so these are the first and last moments that can be
# written as a date in every zone; a date outside them could be stored but not shown.
EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)


def in_range(value: datetime) -> datetime:
    """``value`` (in UTC) if it lies from ``EARLIEST`` to ``LATEST``; raises InvalidInput."""
    try:
        utc = to_utc(value)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST <= utc <= LATEST:
        raise InvalidInput(
            f"the date {value.isoformat()} is out of range: newscli keeps dates from "
            f"{EARLIEST.date().isoformat()} to {LATEST.date().isoformat()} (UTC), the days "
            "every time zone can show"
        )
    return utc


def now() -> datetime:
    """The current time in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


_current = now  # for parse_date, whose ``now`` parameter hides this function


def to_utc(value: datetime) -> datetime:
    """Return ``value`` in UTC; a value without an offset is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _from_parts(year: str, month: str, day: str) -> datetime | None:
    try:
        return datetime.combine(date(int(year), _MONTHS[month.lower()], int(day)), time(), UTC)
    except ValueError:
        return None


def find_date(text: str) -> datetime | None:
    """Return the first full written date (``June 6, 2024``, ``6 June 2024``) in ``text``."""
    found = [*_written(_MONTH_DAY_YEAR).finditer(text), *_written(_DAY_MONTH_YEAR).finditer(text)]
    for match in sorted(found, key=lambda m: m.start()):
        value = _from_parts(match["year"], match["month"], match["day"])
        if value is not None:
            return value
    return None


_RELATIVE = r"(?P<count>\d{1,6})\s*(?P<unit>[dw])"
RELATIVE_FORMS = "today, yesterday, Nd (N days ago), Nw (N weeks ago)"


def relative_day(text: str, now: datetime) -> datetime | None:
    """Midnight UTC of the day ``text`` names relative to ``now``: ``today``,
    ``yesterday``, ``7d`` (seven days ago) or ``2w`` (two weeks ago); else None."""
    value = text.strip().lower()
    match = _written(_RELATIVE).fullmatch(value)
    if value in ("today", "yesterday"):
        days = 0 if value == "today" else 1
    elif match:
        days = int(match["count"]) * (7 if match["unit"] == "w" else 1)
    else:
        return None
    today = datetime.combine(to_utc(now).date(), time(), UTC)
    try:
        return in_range(today - timedelta(days=days))
    except OverflowError:
        return in_range(datetime.min)  # too far back: refused with the range's message


def parse_day(text: str, now: datetime | None = None) -> datetime:
    """A date given on the command line: as ``parse_date`` reads it, or a day relative
    to ``now`` (default: the current time) as ``relative_day`` reads it."""
    relative = relative_day(text, now or _current())
    return relative if relative is not None else parse_date(text, relative=True)


def parse_date(text: str, *, relative: bool = False) -> datetime:
    """Parse an ISO-8601 date or datetime, or a written date, into UTC.

    Times without an offset are taken as UTC; a date alone means midnight UTC. A date
    outside ``EARLIEST`` to ``LATEST`` raises InvalidInput, whose message lists the
    relative forms too when they were accepted (``relative``).
    """
    value = text.strip()
    if not value:
        raise InvalidInput("empty date")
    try:
        return in_range(datetime.fromisoformat(re.sub(r"[Zz]$", "+00:00", value)))
    except ValueError:
        pass
    match = _written(_MONTH_DAY_YEAR).fullmatch(value) or _written(_DAY_MONTH_YEAR).fullmatch(value)
    parsed = match and _from_parts(match["year"], match["month"], match["day"])
    if not parsed:
        raise InvalidInput(
            f"cannot read date '{value}': use YYYY-MM-DD, an ISO-8601 time, "
            + (f"'June 6, 2024', or {RELATIVE_FORMS}" if relative else "or 'June 6, 2024'")
        )
    return in_range(parsed)


def iso(value: datetime) -> str:
    """ISO-8601 text for a UTC datetime, with a ``Z`` suffix."""
    return to_utc(value).isoformat().replace("+00:00", "Z")


_LONG_DATE = (
    rf"(?:[a-z]+,?\s+)?{_MONTH_DAY_YEAR}"
    r"(?:,?\s+(?P<hour>\d\d?):(?P<minute>\d\d)(?:\s*UTC)?)?"
)


def read_long_date(text: str) -> datetime | None:
    """A date as ``show`` writes it (``Thursday, June 6, 2024``, ``..., 12:05 UTC``), else None."""
    match = _written(_LONG_DATE).fullmatch(text.strip())
    if not match:
        return None
    day = _from_parts(match["year"], match["month"], match["day"])
    if day is None or match["hour"] is None:
        return day
    try:
        return day.replace(hour=int(match["hour"]), minute=int(match["minute"]))
    except ValueError:
        return None
