"""The options several commands share, and turning option text into values.

A value that cannot be used raises ``typer.BadParameter`` naming its option, or
``UsageProblem`` for a combination of options: both exit 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from newscli.choices import Format, Sort
from newscli.errors import NewsError

if TYPE_CHECKING:
    from datetime import datetime

    from newscli.query import ListQuery


class UsageProblem(Exception):
    """A command was called with a combination of arguments it cannot use (exit 2)."""


IdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="An article id, or a unique prefix of 4+ characters.", show_default=False
    ),
]
TagOpt = Annotated[list[str] | None, typer.Option("--tag", "-t", help="A tag (repeatable).")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=1, help="At most N rows.")]
SinceOpt = Annotated[
    str | None,
    typer.Option(help="Only articles dated on or after this date (published, else added)."),
]
UntilOpt = Annotated[
    str | None, typer.Option(help="Only articles dated on or before this date (a whole day).")
]
MinRatingOpt = Annotated[
    float | None,
    typer.Option("--min-rating", min=0, max=5, help="Only articles rated at least this."),
]
VoterOpt = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="NAME",
        help="Voter name (default: $NEWSCLI_USER, else your login).",
        show_default=False,
    ),
]
PersonOpt = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="NAME",
        help="Your name (default: $NEWSCLI_USER, else guest).",
        show_default=False,
    ),
]
NamedOpt = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="NAME",
        help="Whose subscriptions and read marks (default: $NEWSCLI_USER).",
        show_default=False,
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        help="Columns for csv, jsonl and table, e.g. id,title,rating.", show_default=False
    ),
]


def columns(text: str | None, fmt: Format, valid: tuple[str, ...]) -> tuple[str, ...] | None:
    """The ``--fields`` names, if given and valid for ``fmt``."""
    if text is None:
        return None
    from newscli.render.formats import FIELD_FORMATS, parse_fields

    if fmt not in FIELD_FORMATS:
        raise UsageProblem(f"--fields applies to the csv, jsonl and table formats, not {fmt}")
    try:
        return parse_fields(text, valid)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--fields'") from None


def date(text: str | None, option: str, end_of_day: bool = False) -> datetime | None:
    """A date option in UTC; with ``end_of_day``, a date alone means its last moment."""
    from datetime import timedelta

    from newscli.dates import parse_date

    if text is None:
        return None
    try:
        value = parse_date(text)
    except NewsError as exc:
        raise typer.BadParameter(str(exc), param_hint=f"'{option}'") from None
    if end_of_day and ":" not in text:  # a date without a time of day
        value += timedelta(days=1, microseconds=-1)
    return value


def query(
    tag: list[str] | None,
    search: str | None,
    sort: Sort,
    limit: int | None,
    since: str | None,
    until: str | None,
    min_rating: float | None,
) -> ListQuery:
    """The filters and order of a listing."""
    from newscli.query import ListQuery

    return ListQuery(
        tuple(tag or ()),
        search,
        sort,
        limit,
        since=date(since, "--since"),
        until=date(until, "--until", end_of_day=True),
        min_rating=min_rating,
    )


def check_stars(value: int | None) -> int | None:
    """The ``STARS`` of ``rate``: a whole number from 1 to 5 (None: not given)."""
    from newscli.models import MAX_STARS

    if value is not None and not 1 <= value <= MAX_STARS:
        raise typer.BadParameter(f"{value} is not a whole number from 1 to {MAX_STARS}")
    return value


def tag_changes(changes: list[str] | None) -> tuple[list[str], list[str]]:
    """``+TAG`` (or ``TAG``) and ``-TAG`` arguments as the tags to add and to remove."""
    changes = changes or []
    add = [c.removeprefix("+") for c in changes if not c.startswith("-")]
    remove = [c.removeprefix("-") for c in changes if c.startswith("-")]
    return add, remove
