"""The ``newscli`` command line: parse, call the API, render, print.

stdout carries data only; messages and errors go to stderr. ``main`` is the one
place that turns errors into a one-line message and an exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli import __version__, settings
from newscli.errors import NewsError
from newscli.query import Sort
from newscli.render.formats import Format

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from newscli import api
    from newscli.listing import Listing
    from newscli.query import ListQuery

app = typer.Typer(
    name="newscli",
    help="Keep, read, rate and discuss news articles in the terminal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class UsageProblem(Exception):
    """A command was called with a combination of arguments it cannot use (exit 2)."""


class _Options:
    """The root options, for the command that runs (a plain class: dataclasses cost start-up)."""

    data_dir: Path | None = None
    debug: bool = False


_options = _Options()

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
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        help="Columns for csv, jsonl and table, e.g. id,title,rating.", show_default=False
    ),
]


def _store() -> api.Store:
    from newscli import api

    data = settings.data_dir(_options.data_dir)
    return api.open_store(data, settings.index_path(data))


def _note(message: str) -> None:
    """A message for the user on stderr; it may quote file contents, so it is made inert."""
    from newscli.render.safe import one_line

    print(one_line(message), file=sys.stderr)


def _warn(problems: Iterable[NewsError]) -> None:
    for problem in problems:
        _note(f"newscli: warning: skipped {problem}")


def _stdout_console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _read_input(source: str) -> bytes:
    """The bytes of a file, or of standard input for ``-``, up to the input limit."""
    from newscli.models import MAX_INPUT_BYTES

    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with Path(source).open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
    except OSError as exc:
        raise NewsError(f"cannot read '{source}': {exc.strerror}") from None
    if len(data) > MAX_INPUT_BYTES:
        raise NewsError(f"'{source}' is larger than the limit of {MAX_INPUT_BYTES // 2**20} MB")
    return data


def _version(value: bool) -> None:
    if value:
        print(f"newscli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Where articles are kept (default: $NEWSCLI_HOME, else the user data directory).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Keep, read, rate and discuss news articles in the terminal."""
    _options.data_dir = data_dir
    _options.debug = debug


@app.command()
def add(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="[SOURCE]",
            help="A text file shaped like the article's web page, or - for standard input.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="The headline.")] = None,
    body: Annotated[
        str | None, typer.Option(help="The text; paragraphs split by a blank line.")
    ] = None,
    dateline: Annotated[str | None, typer.Option(help="Where it was filed, e.g. TAIPEI.")] = None,
    published: Annotated[str | None, typer.Option(help="Date, e.g. 2024-06-06 (UTC).")] = None,
    url: Annotated[str | None, typer.Option(help="Where the article came from.")] = None,
    site: Annotated[str | None, typer.Option("--source", help="The site's name.")] = None,
    author: Annotated[str | None, typer.Option(help="Who wrote it.")] = None,
    image: Annotated[str | None, typer.Option(help="The feature image's URL or path.")] = None,
    tag: TagOpt = None,
    sample: Annotated[
        bool, typer.Option("--sample", help="Add the bundled sample article.")
    ] = False,
) -> None:
    """Add an article from a page-shaped text file, standard input, or options.

    Prints the new article's id.
    """
    from newscli import api
    from newscli.dates import parse_date
    from newscli.models import Draft

    if source and sample:
        raise UsageProblem("give either SOURCE or --sample, not both")
    if not (source or sample) and title is None and body is None:
        raise UsageProblem("give a SOURCE file, - for standard input, or --title and --body")
    given = Draft(title, body, dateline, url=url, source=site, author=author, image=image)
    given.tags = tag or []
    try:
        given.published = parse_date(published) if published is not None else None
    except NewsError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--published'") from None
    page: bytes | None
    if sample:
        from newscli.samples import sample_page

        page, name = sample_page(), "sample"
    else:
        page = _read_input(source) if source else None
        name = "stdin" if source == "-" else str(source)
    print(api.add_article(_store(), api.draft_from(page, name, given)).id)


@app.command("list")
def list_(
    fmt: FormatOpt = Format.TABLE,
    tag: TagOpt = None,
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Full-text query, as for 'newscli search'."),
    ] = None,
    sort: Annotated[Sort, typer.Option(help="Order of the rows.")] = Sort.NEWEST,
    limit: LimitOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_rating: MinRatingOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """List articles, newest first."""
    from newscli import api
    from newscli.listing import FIELDS

    chosen = _fields(fields, fmt, FIELDS)
    spec = _query(tag, search, sort, limit, since, until, min_rating)
    if fmt is Format.IDS:
        with _progress() as progress:
            found, problems = api.list_ids(_store(), spec, progress)
        _warn(problems)
        sys.stdout.write("".join(f"{i}\n" for i in found))
        return
    with _progress() as progress:
        listing = api.list_articles(_store(), spec, progress)
    _print_rows(listing, fmt, chosen, bool(search or tag or since or until or min_rating))


@app.command()
def show(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", help="Article id or prefix (default: the newest).", show_default=False
        ),
    ] = None,
) -> None:
    """Show an article like its web page: text, rating and comments."""
    from newscli import api
    from newscli.render.page import MEASURE, article_page

    article = api.get_article(_store(), ref, on_problem=lambda p: _warn([p]))
    console = _stdout_console()
    width = min(console.width, MEASURE)
    if console.is_terminal:
        console.print(article_page(article), width=width)
        return
    # Piped: plain text (Rich adds no ANSI codes here) without trailing padding.
    with console.capture() as captured:
        console.print(article_page(article), width=width)
    sys.stdout.writelines(line.rstrip() + "\n" for line in captured.get().splitlines())


def _check_stars(value: int) -> int:
    from newscli.models import MAX_STARS

    if not 1 <= value <= MAX_STARS:
        raise typer.BadParameter(f"{value} is not a whole number from 1 to {MAX_STARS}")
    return value


@app.command()
def rate(
    ref: IdArg,
    stars: Annotated[
        int,
        typer.Argument(
            metavar="STARS", help="1 to 5 stars.", show_default=False, callback=_check_stars
        ),
    ],
    voter: Annotated[
        str | None,
        typer.Option(
            "--as", help="Voter name (default: $NEWSCLI_USER, else your login).", show_default=False
        ),
    ] = None,
) -> None:
    """Rate an article from 1 to 5 stars; rating again replaces your vote."""
    from newscli import api
    from newscli.render.wording import plural

    name = voter if voter is not None else settings.voter_name()
    if name is None:
        raise UsageProblem("cannot tell who you are: give --as NAME or set NEWSCLI_USER")
    result = api.rate_article(_store(), ref, name, stars)
    if result.replaced:
        _note(f"Replaced the earlier vote of {plural(result.replaced.stars, 'star')}.")
    votes = plural(result.rating.votes, "vote")
    _note(f"{result.article_id}: {result.rating.average:.1f} from {votes}")


@app.command()
def comment(
    ref: IdArg,
    text: Annotated[
        str | None,
        typer.Argument(
            help="The comment; - reads standard input; none opens $EDITOR.", show_default=False
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--as", help="Your name (default: $NEWSCLI_USER, else guest).", show_default=False
        ),
    ] = None,
    email: Annotated[
        str | None, typer.Option(help="Your e-mail address (kept, not shown).")
    ] = None,
    reply_to: Annotated[
        str | None, typer.Option("--reply-to", metavar="COMMENT_ID", help="Reply to this comment.")
    ] = None,
) -> None:
    """Comment on an article, or reply to a comment. Prints the comment's id."""
    from newscli import api

    store = _store()
    # Refuse a wrong id, address or parent before the user types anything.
    api.check_comment(store, ref, email=email, reply_to=reply_to)
    if text == "-":
        from newscli.importers.decode import decode_text

        text = decode_text(_read_input("-"), "stdin")
    elif text is None:
        text = _compose()
    name = author if author is not None else settings.commenter_name()
    print(api.comment_on(store, ref, text, author=name, email=email, reply_to=reply_to).id)


def _compose() -> str:
    from newscli.editor import edit_text

    command = settings.editor_command()
    if command is None:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise NewsError("no comment text: give TEXT, - to read standard input, or set $EDITOR")
        command = "vi"
    return edit_text(command)


@app.command()
def path() -> None:
    """Print the data directory."""
    print(settings.data_dir(_options.data_dir))


SEARCH_LIMIT = 20


@app.command()
def search(
    text: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help='Words (all must occur), "a phrase", AND, OR, NOT, (groups), prefix*.',
            show_default=False,
        ),
    ],
    fmt: FormatOpt = Format.TABLE,
    tag: TagOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="At most N hits, the best ones.")
    ] = SEARCH_LIMIT,
    every: Annotated[bool, typer.Option("--all", help="Every hit, however many.")] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_rating: MinRatingOpt = None,
    fields: FieldsOpt = None,
) -> None:
    """Search titles, bodies, datelines, tags and comments; best matches first.

    Each hit comes with the passage that matched.
    """
    from newscli import api
    from newscli.listing import SEARCH_FIELDS

    chosen = _fields(fields, fmt, SEARCH_FIELDS)
    spec = _query(tag, None, Sort.NEWEST, None if every else limit, since, until, min_rating)
    with _progress() as progress:
        listing = api.search_articles(_store(), text, spec, progress)
    _print_rows(listing, fmt, chosen, filtered=True)
    if not every and limit == SEARCH_LIMIT == len(listing.rows):
        _note(f"Showing the best {limit} hits; --limit N or --all shows more.")


@app.command()
def reindex() -> None:
    """Rebuild the index of the articles (it is kept up to date by itself)."""
    from newscli import api
    from newscli.render.wording import plural

    with _progress() as progress:
        result = api.reindex(_store(), progress)
    _warn(result.problems)
    _note(f"Indexed {plural(result.articles, 'article')}.")


def _fields(text: str | None, fmt: Format, valid: tuple[str, ...]) -> tuple[str, ...] | None:
    from newscli.render.formats import FIELD_FORMATS, parse_fields

    if text is None:
        return None
    if fmt not in FIELD_FORMATS:
        raise UsageProblem(f"--fields applies to the csv, jsonl and table formats, not {fmt}")
    try:
        return parse_fields(text, valid)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--fields'") from None


def _date(text: str | None, option: str, end_of_day: bool = False) -> datetime | None:
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


def _query(
    tag: list[str] | None,
    search: str | None,
    sort: Sort,
    limit: int | None,
    since: str | None,
    until: str | None,
    min_rating: float | None,
) -> ListQuery:
    from newscli.query import ListQuery

    return ListQuery(
        tuple(tag or ()),
        search,
        sort,
        limit,
        since=_date(since, "--since"),
        until=_date(until, "--until", end_of_day=True),
        min_rating=min_rating,
    )


@contextmanager
def _progress() -> Iterator[api.Progress | None]:
    """A progress callback drawing a bar on stderr when it is a terminal and work is slow."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    from newscli.render.progress import LazyProgress

    with LazyProgress("Indexing", Console(stderr=True)) as bar:
        yield bar


def _print_rows(
    listing: Listing, fmt: Format, fields: tuple[str, ...] | None, filtered: bool
) -> None:
    _warn(listing.problems)
    if fmt is not Format.TABLE:
        from newscli.render.formats import render

        sys.stdout.write(render(listing.rows, fmt, fields))
    elif listing.rows:
        from newscli.render.table import article_table

        _stdout_console().print(article_table(listing.rows, fields))
    else:
        _note("No articles found." if filtered else "No articles yet: add one with 'newscli add'.")


def _error(message: str) -> None:
    from newscli.render.safe import one_line

    print(f"newscli: error: {one_line(message)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run newscli; return the exit code (0 ok, 1 error, 2 usage, 130 interrupted)."""
    command = typer.main.get_command(app)
    _options.debug = False
    try:
        result = command.main(args=argv, prog_name="newscli", standalone_mode=False)
        sys.stdout.flush()
    except BrokenPipeError:
        return _reader_gone()
    except SystemExit as exc:
        # Typer turns a broken pipe met while a command writes into sys.exit(1).
        if isinstance(exc.__context__, BrokenPipeError):
            return _reader_gone()
        raise
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if _options.debug:
            import traceback

            traceback.print_exc()
        return _report(exc)
    return result if isinstance(result, int) else 0


def _reader_gone() -> int:
    """The reader closed our stdout (``newscli list | head``): not an error, exit 0."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _report(exc: Exception) -> int:
    """Print a one-line message for ``exc`` and return its exit code."""
    if isinstance(exc, NewsError):
        _error(str(exc))
        return 1
    if isinstance(exc, UsageProblem):
        _error(str(exc))
        return 2
    if isinstance(exc, typer.TyperException):  # usage errors, bad values
        ctx = getattr(exc, "ctx", None)
        message = exc.format_message()
        if message:  # empty after `newscli` alone, which has printed the help
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            _error(message + hint)
        return exc.exit_code
    if isinstance(exc, typer.Abort):
        _error("aborted")
        return 1
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        _error(f"{exc.strerror or exc}{where}")
        return 1
    # Only the type: the message of an unexpected error may quote stored data.
    _error(f"internal error ({type(exc).__name__}); run with --debug for the traceback")
    return 1
