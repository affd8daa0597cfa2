"""The ``newscli`` command line: parse, call the API, render, print.

stdout carries data only; messages and errors go to stderr. ``main`` is the one
place that turns errors into a one-line message and an exit code.
"""

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli import __version__, settings
from newscli.choices import ExportFormat, Format, InputFormat, PageFormat, Sort
from newscli.errors import MissingExtra, NewsError

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
    """The root options and the stores the command opened (a plain class: dataclasses
    cost start-up)."""

    def __init__(self) -> None:
        self.data_dir: Path | None = None
        self.debug = False
        self.stores: list[api.Store] = []  # opened by the command; main closes them


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


def _store() -> "api.Store":
    from newscli import api

    data = settings.data_dir(_options.data_dir)
    store = api.open_store(data, settings.index_path(data))
    _options.stores.append(store)
    return store


def _note(message: str) -> None:
    """A message for the user on stderr; it may quote file contents, so it is made inert."""
    from newscli.render.safe import one_line

    print(one_line(message), file=sys.stderr)


def _warn(problems: Iterable[NewsError]) -> None:
    for problem in problems:
        _note(f"newscli: warning: skipped {problem}")


def _stdout_console() -> "Console":
    from rich.console import Console

    return Console(highlight=False)


def _read_input(source: str, limit: int | None = None) -> bytes:
    """The bytes of a file, or of standard input for ``-``, up to ``limit`` (default: the
    limit of one page)."""
    if limit is None:
        from newscli.models import MAX_INPUT_BYTES

        limit = MAX_INPUT_BYTES
    try:
        if source == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with Path(source).open("rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise NewsError(f"cannot read '{source}': {exc.strerror}") from None
    if len(data) > limit:
        raise NewsError(f"'{source}' is larger than the limit of {limit // 2**20} MB")
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
    fmt: Annotated[
        PageFormat, typer.Option("--format", "-f", help="SOURCE's format (auto: by name/content).")
    ] = PageFormat.AUTO,
) -> None:
    """Add an article from a page-shaped text, Markdown or HTML file, a URL, standard input,
    or options.

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
    page_url, kind = None, "text"
    if sample:
        from newscli.samples import sample_page

        page, name = sample_page(), "sample"
    else:
        page, name, page_url, kind = _page(source, fmt) if source else (None, "", None, "text")
    article = api.add_article(_store(), api.draft_from(page, name, given, kind, page_url))
    print(article.id)


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
    if fmt is not Format.TABLE:  # written as read: any number of rows in little memory
        from newscli.render.formats import pieces

        with _progress() as progress:
            rows, problems = api.iter_articles(_store(), spec, progress)
        _warn(problems)
        _print_pieces(pieces(rows, fmt, chosen))
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
    all_comments: Annotated[
        bool, typer.Option("--all-comments", help="Show every thread, not only the first 10.")
    ] = False,
    plain: Annotated[
        bool, typer.Option("--plain", help="Plain text in the web page's shape, for pipes.")
    ] = False,
    width: Annotated[
        int | None,
        typer.Option(
            min=20, metavar="N", help="Columns to lay out in (default: the terminal's, at most 88)."
        ),
    ] = None,
    pager: Annotated[
        bool | None,
        typer.Option(
            "--pager/--no-pager",
            help="Page through $NEWSCLI_PAGER, $PAGER or less -R (default: when taller than "
            "the screen).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show an article like its web page: text, rating and comments."""
    from newscli import api

    article = api.get_article(_store(), ref, on_problem=lambda p: _warn([p]))
    if plain:
        from newscli.render.plain import plain_page

        sys.stdout.write(plain_page(article, all_comments))
        return
    from newscli.render.page import MEASURE, article_page

    console = _stdout_console()
    if width is not None:
        console.width = width  # Rich would not print wider than the console
    with console.capture() as captured:
        console.print(
            article_page(article, all_comments), width=width or min(console.width, MEASURE)
        )
    _print_page(captured.get(), console, pager)


def _print_page(page: str, console: "Console", pager: bool | None) -> None:
    """Write a rendered page: paged when asked or taller than the screen, if stdout is a tty."""
    if not console.is_terminal:
        # Piped: plain text (Rich adds no ANSI codes here) without trailing padding.
        sys.stdout.writelines(line.rstrip() + "\n" for line in page.splitlines())
        return
    if pager is None:
        pager = page.count("\n") > console.height
    if pager:
        from newscli.pager import show_in_pager

        if show_in_pager(page, settings.pager_command(), settings.pager_environment()):
            return
        _note("newscli: warning: cannot start the pager; printing instead")
    sys.stdout.write(page)


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
    quote: Annotated[
        str | None,
        typer.Option(
            metavar="PASSAGE", help="Inline feedback: the passage of the article this is about."
        ),
    ] = None,
) -> None:
    """Comment on an article, reply to a comment, or give feedback on a passage.

    Prints the comment's id.
    """
    from newscli import api

    store = _store()
    # Refuse a wrong id, address, parent or passage before the user types anything.
    api.check_comment(store, ref, email=email, reply_to=reply_to, quote=quote)
    if text == "-":
        from newscli.importers.decode import decode_text

        text = decode_text(_read_input("-"), "stdin")
    elif text is None:
        text = _compose()
    name = author if author is not None else settings.commenter_name()
    made = api.comment_on(
        store, ref, text, author=name, email=email, reply_to=reply_to, quote=quote
    )
    print(made.id)


def _compose() -> str:
    from newscli.editor import choose_editor, edit_text

    missing = "no comment text: give TEXT, - to read standard input, or set $EDITOR"
    return edit_text(choose_editor(_interactive(), missing))


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@app.command()
def path() -> None:
    """Print the data directory."""
    print(settings.data_dir(_options.data_dir))


def _page(source: str, fmt: PageFormat) -> tuple[bytes, str, str | None, str]:
    """The bytes of a file, URL or ``-``, its name, the URL fetched and its format."""
    from newscli import api
    from newscli.fetch import is_url
    from newscli.importers.formats import PAGE_FORMATS, guess_format

    url, kind = None, None
    if is_url(source):
        got = api.fetch_url(source)
        page, name, url, kind = got.data, source, got.url, got.content_type
    else:
        page, name = _read_input(source), "stdin" if source == "-" else source
    if fmt is not PageFormat.AUTO:
        return page, name, url, fmt.value
    guessed = guess_format(url or name, page, kind, "html" if url else "text")
    if guessed not in PAGE_FORMATS:
        raise UsageProblem(f"{name} looks like {guessed}: use 'newscli import' for batches")
    return page, name, url, guessed


MAX_BATCH_BYTES = 256 * 2**20  # a JSON Lines batch may hold far more than one article
PROGRESS_FROM = 500  # records: smaller imports finish before a bar would help


def _entries(source: str, fmt: InputFormat) -> "list[api.Entry]":
    """The records of one FILE, URL or ``-``; an unreadable one is a single bad entry."""
    from newscli import api
    from newscli.fetch import is_url

    try:
        if is_url(source):
            got = api.fetch_url(source)
            if fmt is InputFormat.AUTO:
                from newscli.importers.formats import guess_format

                fmt = InputFormat(guess_format(got.url, got.data, got.content_type, "html"))
            return api.read_input(got.data, source, fmt, url=got.url)
        name = "stdin" if source == "-" else source
        return api.read_input(_read_input(source, MAX_BATCH_BYTES), name, fmt)
    except MissingExtra:
        raise
    except NewsError as exc:
        return [api.Entry(source, problem=str(exc).removeprefix(f"{source}: "))]


@app.command("import")
def import_(
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE|URL ...]",
            help="Files, http(s) URLs, or - for standard input (the default).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        InputFormat, typer.Option("--format", "-f", help="Input format (auto: by name/content).")
    ] = InputFormat.AUTO,
    update: Annotated[
        bool, typer.Option("--update", help="Replace the fields of articles already stored.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report; write nothing.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only new ids and errors.")
    ] = False,
) -> None:
    """Import articles from JSON Lines, JSON, TOML, text, Markdown, HTML or feeds.

    Prints the ids of the articles created; bad records are named on stderr as
    SOURCE:LINE and skipped (exit 1). Articles already stored are not added again.
    """
    from newscli import api
    from newscli.render.progress import reporter

    if not sources and sys.stdin.isatty():
        raise UsageProblem("give FILEs or URLs to import, or pipe records into standard input")
    entries = [e for source in sources or ["-"] for e in _entries(source, fmt)]
    counts = dict.fromkeys(("created", "updated", "duplicate", "bad", "warning"), 0)
    show_bar = not quiet and len(entries) >= PROGRESS_FROM and sys.stderr.isatty()
    with reporter(len(entries) if show_bar else None) as report:
        for outcome in api.import_entries(_store(), entries, update=update, dry_run=dry_run):
            counts[outcome.kind] += 1
            if outcome.kind == "created" and not dry_run:
                print(outcome.article_id)
            message = _import_message(outcome, dry_run)
            loud = outcome.kind in ("bad", "warning")
            report(message if message and (loud or not quiet) else None)
    if not quiet:
        _note(_import_summary(counts, dry_run))
    if counts["bad"]:
        raise typer.Exit(1)


def _import_message(outcome: "api.Outcome", dry_run: bool) -> str | None:
    would = "would be " if dry_run else ""
    if outcome.kind == "warning":
        return f"newscli: warning: skipped {outcome.reason}"
    if outcome.kind == "bad":
        return f"{outcome.where}: {outcome.reason}"
    if outcome.kind == "duplicate":
        return f"{outcome.where}: already stored as {outcome.article_id}, skipped"
    if outcome.kind == "updated":
        return f"{outcome.where}: {outcome.article_id} {would}updated"
    return None


def _import_summary(counts: dict[str, int], dry_run: bool) -> str:
    from newscli.render.wording import plural

    done = "would import" if dry_run else "imported"
    parts = [f"{counts['updated']} updated"] if counts["updated"] else []
    parts += [plural(counts["duplicate"], "duplicate"), f"{counts['bad']} bad"]
    tail = "; nothing was written" if dry_run else ""
    return f"newscli: {done} {plural(counts['created'], 'article')} ({', '.join(parts)}){tail}"


@app.command()
def export(
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID ...]", help="Articles to export (default: all).", show_default=False
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.JSONL,
    output: Annotated[
        str | None,  # not Path, which drops the trailing "/" that marks a new directory
        typer.Option(
            "--output",
            "-o",
            help="A file, or a directory (existing, or ending in /) for one file an article.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export articles with their votes and comments; jsonl imports back unchanged."""
    from newscli import api
    from newscli.render.export import ONE_PER_FILE, SUFFIXES, export

    scan = api.get_articles(_store(), refs or [])
    _warn(scan.problems)
    articles = scan.articles
    if output is not None and (Path(output).is_dir() or output.endswith("/")):
        from newscli import atomic
        from newscli.render.wording import plural

        folder = Path(output)
        try:
            atomic.make_dirs(folder)
        except OSError as exc:
            raise NewsError(f"cannot create the directory '{output}': {exc.strerror}") from None
        for article in articles:
            _write(folder / f"{article.id}{SUFFIXES[fmt]}", export([article], fmt))
        _note(f"newscli: wrote {plural(len(articles), 'file')} to {output}")
        return
    if fmt in ONE_PER_FILE and len(articles) != 1:
        raise UsageProblem(
            f"--format {fmt} holds one article, not {len(articles)}: name one ID "
            "or give -o DIRECTORY"
        )
    text = export(articles, fmt)
    if output is not None:
        _write(Path(output), text)
    elif sys.stdout.isatty():
        from newscli.render.safe import neutralise

        sys.stdout.write(neutralise(text))
    else:
        sys.stdout.write(text)


def _write(path: Path, text: str) -> None:
    from newscli import atomic

    try:
        atomic.write_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise NewsError(f"cannot write '{path}': {exc.strerror}") from None


# --- integrity: check, rm, restore, trash, edit, tag ---------------------------------------


@app.command("check")
def check_(
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Quarantine unreadable files, remove stale temp files and unused locks.",
        ),
    ] = False,
) -> int:
    """Read every file and report problems, one line each; exit 1 if there are any."""
    from newscli import api
    from newscli.render.safe import one_line
    from newscli.render.wording import plural

    store = _store()
    report = api.check_store(store)
    sys.stdout.writelines(f"{one_line(str(problem))}\n" for problem in report.problems)
    if not fix:
        if not report.problems:
            _note(f"No problems found ({plural(report.checked, 'article file')} read).")
            return 0
        _note(f"{plural(len(report.problems), 'problem')} found; 'newscli check --fix' fixes some.")
        return 1
    fixed, locks = api.fix_store(store, report)
    for item in fixed:
        done = item.done or f"left alone ({item.problem.kind}): see to it by hand"
        _note(f"{item.problem.name}: {done}")
    if locks:
        _note(f"Removed {plural(locks, 'unused lock file')}.")
    return 1 if any(item.done is None for item in fixed) else 0


@app.command()
def rm(
    refs: Annotated[
        list[str],
        typer.Argument(metavar="ID...", help="Articles to move to the trash.", show_default=False),
    ],
) -> None:
    """Move articles to the trash; prints their ids. 'newscli restore ID' brings one back."""
    from newscli import api
    from newscli.render.wording import plural

    removed = api.remove_articles(_store(), refs)
    sys.stdout.writelines(f"{article_id}\n" for article_id in removed)
    _note(f"Moved {plural(len(removed), 'article')} to the trash.")


@app.command()
def restore(ref: IdArg) -> None:
    """Bring back an article from the trash, byte for byte; prints its id."""
    from newscli import api

    print(api.restore_article(_store(), ref))


@app.command("trash")
def trash_(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
    empty: Annotated[
        bool, typer.Option("--empty", help="Delete everything in the trash for good.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before --empty.")] = False,
) -> None:
    """List the articles in the trash, or empty it."""
    from newscli import api

    store = _store()
    if empty:
        _empty_trash(store, yes)
        return
    found = api.list_trash(store)
    _warn(found.problems)
    if fmt is not Format.TABLE:
        from newscli.render.formats import render

        sys.stdout.write(render(found.rows, fmt))
    elif found.rows:
        from newscli.render.table import article_table

        _stdout_console().print(article_table(found.rows))
    else:
        _note("The trash is empty.")


def _empty_trash(store: "api.Store", yes: bool) -> None:
    from newscli import api
    from newscli.render.wording import plural

    found = api.list_trash(store)
    count = len(found.rows) + len(found.problems)
    if not count:
        _note("The trash is already empty.")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise UsageProblem("emptying the trash cannot be undone: give --yes to confirm")
        if not _confirm(f"Delete {plural(count, 'article')} in the trash for good?"):
            raise NewsError("the trash was not emptied")
    _note(f"Deleted {plural(api.empty_trash(store), 'article')} from the trash.")


def _confirm(question: str) -> bool:
    """Ask on the terminal; Ctrl-C stays an interrupt (exit 130), not Typer's Abort."""
    try:
        return typer.confirm(question, err=True)
    except typer.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            print(file=sys.stderr)  # end the question's line, as an answer would
            raise KeyboardInterrupt from None
        raise


@app.command()
def edit(ref: IdArg) -> None:
    """Edit an article's file in $VISUAL / $EDITOR; it is checked before it is saved.

    An invalid draft is kept (its path is printed) and the article is left as it was.
    """
    from newscli import api
    from newscli.editor import choose_editor

    command = choose_editor(_interactive(), "no editor: set $VISUAL or $EDITOR")
    result = api.edit_article(_store(), ref, command)
    if result.resumed:
        _note("Continued the draft kept from your earlier edit.")
    _note(f"Saved {result.article_id}." if result.saved else "No changes; nothing saved.")


@app.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
def tag(
    ref: IdArg,
    changes: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[+TAG|-TAG]...",
            help="+TAG (or TAG) adds a tag, -TAG removes one; none lists the tags.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add or remove an article's tags; prints its tags, one a line."""
    from newscli import api
    from newscli.render.safe import one_line

    changes = changes or []
    add = [c.removeprefix("+") for c in changes if not c.startswith("-")]
    remove = [c.removeprefix("-") for c in changes if c.startswith("-")]
    tags = api.tag_article(_store(), ref, add, remove)
    sys.stdout.writelines(f"{one_line(name)}\n" for name in tags)


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
    _print_rows(listing, fmt, chosen, filtered=True, hits=True)
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
    if text is None:
        return None
    from newscli.render.formats import FIELD_FORMATS, parse_fields

    if fmt not in FIELD_FORMATS:
        raise UsageProblem(f"--fields applies to the csv, jsonl and table formats, not {fmt}")
    try:
        return parse_fields(text, valid)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--fields'") from None


def _date(text: str | None, option: str, end_of_day: bool = False) -> "datetime | None":
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
) -> "ListQuery":
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
def _progress() -> "Iterator[api.Progress | None]":
    """A progress callback drawing a bar on stderr when it is a terminal and work is slow."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    from newscli.render.progress import LazyProgress

    with LazyProgress("Indexing", Console(stderr=True)) as bar:
        yield bar


def _print_rows(
    listing: "Listing",
    fmt: Format,
    fields: tuple[str, ...] | None,
    filtered: bool,
    hits: bool = False,
) -> None:
    """Print rows in ``fmt``; a table shows search ``hits`` as a list unless given fields."""
    _warn(listing.problems)
    if fmt is not Format.TABLE:
        from newscli.render.formats import render

        sys.stdout.write(render(listing.rows, fmt, fields))
    elif listing.rows and hits and not fields:
        from newscli.render.hits import hit_lines, hit_list

        if sys.stdout.isatty():
            _stdout_console().print(hit_list(listing.rows))
        else:
            sys.stdout.write(hit_lines(listing.rows))
    elif listing.rows:
        from newscli.render.table import article_table

        _stdout_console().print(article_table(listing.rows, fields))
    else:
        _note("No articles found." if filtered else "No articles yet: add one with 'newscli add'.")


def _print_pieces(texts: Iterable[str]) -> None:
    """Write ``texts`` to stdout in pieces of about 64 KB: one system call each, even
    when Python's output is unbuffered."""
    batch: list[str] = []
    size = 0
    for text in texts:
        batch.append(text)
        size += len(text)
        if size >= 65536:
            sys.stdout.write("".join(batch))
            batch, size = [], 0
    sys.stdout.write("".join(batch))


def _error(message: str) -> None:
    from newscli.render.safe import one_line

    print(f"newscli: error: {one_line(message)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run newscli; return the exit code (0 ok, 1 error, 2 usage, 130 interrupted)."""
    command = typer.main.get_command(app)
    _options.debug = False
    _options.stores = []
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
    finally:
        # Closed now, not when Python gets round to it: an open connection keeps another
        # from changing the index file (in-process callers, such as tests, run many).
        for store in _options.stores:
            store.close()
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
