"""Small pieces of wording shared by the renderers: counts, stars and dates."""

from __future__ import annotations

from datetime import UTC, datetime, time

from newscli.models import MAX_STARS, Rating
from newscli.render.safe import one_line

FULL_STAR, HALF_STAR, EMPTY_STAR = "★", "½", "☆"


def plural(count: int, noun: str) -> str:
    """``1 vote``, ``2 votes``, ``0 votes``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def hashtag(tag: str) -> str:
    """``#tag`` made inert; a tag that already starts with ``#`` keeps its one ``#``."""
    name = one_line(tag)
    return name if name.startswith("#") else f"#{name}"


def average_text(average: float | None) -> str:
    """The average as the page writes it: one decimal, or ``0`` before any vote."""
    return "0" if average is None else f"{average:.1f}"


def stars(average: float | None) -> str:
    """Five stars for an average, rounded to the nearest half star."""
    halves = round((average or 0) * 2)
    full, half = divmod(halves, 2)
    return FULL_STAR * full + HALF_STAR * half + EMPTY_STAR * (MAX_STARS - full - half)


def rating_short(rating: Rating) -> str:
    """``4.5 (2)`` for tables; ``-`` when nobody has voted."""
    if rating.average is None:
        return "-"
    return f"{rating.average:.1f} ({rating.votes})"


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)


def _utc(value: datetime) -> datetime:
    """``value`` in UTC; at the calendar's edges, where that cannot be, as it is.

    Dates are stored in UTC, so only a file edited by hand can hold the second case.
    """
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        return value


def is_date_only(value: datetime) -> bool:
    """True for dates stored without a time of day (midnight UTC)."""
    return _utc(value).time() == time()


def long_date(value: datetime) -> str:
    """``Thursday, June 6, 2024`` in English whatever the locale; the time too when known."""
    utc = _utc(value)
    text = f"{_DAYS[utc.weekday()]}, {_MONTHS[utc.month - 1]} {utc.day}, {utc.year}"
    return text if is_date_only(value) else f"{text}, {utc.hour:02d}:{utc.minute:02d} UTC"


def short_date(value: datetime) -> str:
    """``2024-06-06`` (the UTC date)."""
    return _utc(value).date().isoformat()


def timestamp(value: datetime) -> str:
    """``2024-06-06 14:05`` in the local time zone, for comments; ``... UTC`` for a time
    so near the calendar's edge that the local zone cannot write it."""
    try:
        local, zone = value.astimezone(), ""
    except (OverflowError, ValueError):
        local, zone = _utc(value), " UTC"
    return f"{local.date().isoformat()} {local.hour:02d}:{local.minute:02d}{zone}"
