"""The options several commands share, and turning option text into values.

A value that cannot be used raises ``typer.BadParameter`` naming its option, or
``UsageProblem`` for a combination of options: both exit 2.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from newscli.choices import Format, Sort
from newscli.cli import completion
from newscli.errors import NewsError

if TYPE_CHECKING:
    from datetime import datetime

    from newscli.api import ListQuery


class UsageProblem(Exception):
    """A command was called with a combination of arguments it cannot use (exit 2)."""


class Failed(Exception):
    """A command that has said on stderr what went wrong ends with exit ``code``: the
    one way a command fails without a NewsError (``main`` prints nothing more)."""

    def __init__(self, code: int = 1) -> None:
        super().__init__(code)
        self.code = code


_Number = TypeVar("_Number", int, float)


def allow_private(given: bool) -> bool:
    """``--allow-private``, else the ``NEWSCLI_ALLOW_PRIVATE`` setting."""
    from newscli import settings

    return given or settings.allow_private()


def within(low: _Number, high: _Number | None = None) -> Callable[[_Number | None], _Number | None]:
    """A callback refusing a number below ``low`` or above ``high``.

    Used instead of click's ranges, whose type names (``<int range> [x>=1]``) would show
    in the help; the help says the range in words.
    """

    def check(value: _Number | None) -> _Number | None:
        if value is not None and not (low <= value and (high is None or value <= high)):
            span = f"from {low} to {high}" if high is not None else f"of at least {low}"
            raise typer.BadParameter(f"{value} is not a number {span}")
        return value

    return check


IdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="An article id, or a unique prefix of 4+ characters.",
        show_default=False,
        autocompletion=completion.article_ids,
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", "-t", metavar="TAG", help="A tag (repeatable).", autocompletion=completion.tags
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: table on a terminal, tsv in a pipe: a line an article).",
        show_default=False,
    ),
]
AllowPrivateOpt = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Let image addresses found in pages, feeds and records reach private and local"
        " addresses (also: NEWSCLI_ALLOW_PRIVATE=1).",
    ),
]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", metavar="N", callback=within(1), help="At most N rows."),
]
DATE_FORMS = "YYYY-MM-DD, an ISO-8601 time, today, yesterday, or N days/weeks ago as 7d, 2w"
SinceOpt = Annotated[
    str | None,
    typer.Option(
        metavar="DATE",
        help=f"Only articles dated on or after DATE (published, else added): {DATE_FORMS}.",
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(metavar="DATE", help="Only articles dated on or before DATE (a whole day)."),
]
MinRatingOpt = Annotated[
    float | None,
    typer.Option(
        "--min-rating",
        metavar="STARS",
        callback=within(0.0, 5.0),
        help="Only articles rated at least this (0 to 5).",
    ),
]
AsOpt = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="NAME",
        help="Who you are (default: $NEWSCLI_USER, else name in the config file, else your"
        " login; 'newscli whoami' says which).",
        show_default=False,
    ),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        metavar="NAMES",
        help="Columns for csv, jsonl and table, e.g. id,title,rating.",
        show_default=False,
    ),
]


def columns(text: str | None, fmt: Format | None, valid: tuple[str, ...]) -> tuple[str, ...] | None:
    """The ``--fields`` names, if given and valid for ``fmt``."""
    if text is None:
        return None
    from newscli.render.formats import FIELD_FORMATS, parse_fields

    if fmt is not None and fmt not in FIELD_FORMATS:
        raise UsageProblem(f"--fields applies to the csv, jsonl and table formats, not {fmt}")
    try:
        return parse_fields(text, valid)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--fields'") from None


def date(text: str | None, option: str, end_of_day: bool = False) -> datetime | None:
    """A date option in UTC; with ``end_of_day``, a date alone means its last moment."""
    from datetime import timedelta

    from newscli.dates import parse_day

    if text is None:
        return None
    try:
        value = parse_day(text)
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
    from newscli.api import ListQuery

    return ListQuery(
        tuple(tag or ()),
        search,
        sort,
        limit,
        since=date(since, "--since"),
        until=date(until, "--until", end_of_day=True),
        min_rating=min_rating,
    )


def stars(text: str | None) -> int | None:
    """The ``STARS`` of ``rate`` (None: not given), refused with the api's one message for
    a word and for a number out of range alike."""
    from newscli import api

    if text is None:
        return None
    try:
        return api.parse_stars(text)
    except NewsError as exc:
        raise typer.BadParameter(str(exc)) from None


def tag_changes(changes: list[str] | None) -> tuple[list[str], list[str]]:
    """``+TAG`` (or ``TAG``) and ``-TAG`` arguments as the tags to add and to remove."""
    changes = changes or []
    add = [c.removeprefix("+") for c in changes if not c.startswith("-")]
    remove = [c.removeprefix("-") for c in changes if c.startswith("-")]
    return add, remove
