"""Reading commands: list, search, show, reindex, path."""

from typing import Annotated

import typer

from newscli.choices import CommentOrder, Format, Sort
from newscli.cli import completion, context, output
from newscli.cli.options import (
    AsOpt,
    FieldsOpt,
    FormatOpt,
    LimitOpt,
    MinRatingOpt,
    SinceOpt,
    TagOpt,
    UntilOpt,
    columns,
    query,
    within,
)

NO_MATCH = "No articles found."
SEARCH_LIMIT = 20
MIN_WIDTH, MAX_WIDTH = 20, 1000  # wider than any screen is no use, and costs memory


def list_(
    fmt: FormatOpt = None,
    tag: TagOpt = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search", "-s", metavar="QUERY", help="Full-text query, as for 'newscli search'."
        ),
    ] = None,
    sort: Annotated[
        Sort,
        typer.Option(
            metavar="ORDER", help=f"Order of the rows: {', '.join(s.value for s in Sort)}."
        ),
    ] = Sort.NEWEST,
    limit: LimitOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_rating: MinRatingOpt = None,
    fields: FieldsOpt = None,
    unread: Annotated[
        bool,
        typer.Option(
            "--unread", help="Only articles you never opened, or with comments new to you."
        ),
    ] = False,
    person: AsOpt = None,
    pager: Annotated[
        bool | None,
        typer.Option(
            "--pager/--no-pager",
            help="On a terminal, page through $NEWSCLI_PAGER, $PAGER or less -R (default: "
            "when taller than the screen); --no-pager shows a screenful.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List articles, newest first."""
    from newscli import api
    from newscli.api import FIELDS

    chosen = columns(fields, fmt, FIELDS)
    # Whose read marks the rows carry: --unread's, and full JSON rows' when the person
    # named themselves (--as, $NEWSCLI_USER or the config file, not the login name).
    reader = context.me(person) if unread else None
    if fmt in (Format.JSON, Format.JSONL) and not chosen and not unread:
        reader = context.me(person) if context.named(person) else None
    spec = query(tag, search, sort, None if unread else limit, since, until, min_rating)
    if fmt is Format.IDS and reader is None:  # the cheapest listing: no row is read
        with output.progress() as progress:
            found, problems = api.list_ids(context.store(), spec, progress)
        output.ids(found, problems)
        return
    filtered = bool(search or tag or since or until or min_rating or unread)
    empty = NO_MATCH if filtered else "No articles yet: add one with 'newscli add'."
    store = context.store()
    if reader is None and pager is not False and output.pages(fmt):  # the first screen at once
        from newscli.cli import paging

        with output.progress() as progress:
            browsed = api.browse_articles(store, spec, output.screen_rows(), progress)
        paging.browse(browsed, chosen, empty=empty, pager=bool(pager))
        return
    with output.progress() as progress:
        rows, problems = api.iter_articles(store, spec, progress, fields=None if reader else chosen)
    if reader is not None:
        rows = api.with_read_status(store, reader, rows, unread_only=unread, limit=limit)
    if pager is not False and output.pages(fmt):  # --unread's rows come as they are read
        from newscli.cli import paging

        paging.stream_rows(rows, problems, chosen, empty=empty, pager=bool(pager))
        return
    screenful = pager is False and limit is None
    output.listing(rows, problems, fmt, chosen, empty=empty, screenful=screenful)


def search(
    text: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help='Words (all must occur), "a phrase", AND, OR, NOT, (groups), prefix*.',
            show_default=False,
        ),
    ],
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: each hit with its passage; with --fields, as list).",
            show_default=False,
        ),
    ] = None,
    tag: TagOpt = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", metavar="N", callback=within(1), help="At most N hits, the best ones."
        ),
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
    from newscli.api import SEARCH_FIELDS

    chosen = columns(fields, fmt, SEARCH_FIELDS)
    spec = query(tag, None, Sort.NEWEST, None if every else limit, since, until, min_rating)
    # The passages cost the most: made only for the outputs that show them.
    snippets = (
        "snippet" in chosen if chosen else fmt in (None, Format.JSON, Format.JSONL, Format.CSV)
    )
    with output.progress() as progress:
        found = api.search_articles(context.store(), text, spec, progress, snippets)
    output.listing(found.rows, found.problems, fmt, chosen, empty=NO_MATCH, hits=True)
    if not every and limit == SEARCH_LIMIT == len(found.rows):
        output.note(f"Showing the best {limit} hits; --limit N or --all shows more.")


def show(
    ref: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="Article id or prefix (default: the newest).",
            show_default=False,
            autocompletion=completion.article_ids,
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
            metavar="N",
            callback=within(MIN_WIDTH, MAX_WIDTH),
            help=f"Columns to lay out in, {MIN_WIDTH} to {MAX_WIDTH} (default: the terminal's, "
            "at most 88).",
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
    sort: Annotated[
        CommentOrder,
        typer.Option(
            "--sort",
            metavar="ORDER",
            help=f"Order of the comment threads: {', '.join(o.value for o in CommentOrder)}.",
        ),
    ] = CommentOrder.OLDEST,
    feedback_only: Annotated[
        bool, typer.Option("--feedback-only", help="Show only the inline feedback.")
    ] = False,
    no_image: Annotated[
        bool,
        typer.Option("--no-image", help="Keep the text placeholder of the feature image."),
    ] = False,
    person: AsOpt = None,
) -> None:
    """Show an article like its web page: text, rating and comments.

    Remembers when you opened it: comments added since your last visit are marked new.
    On a terminal, the stored feature image is drawn (see 'newscli image').
    """
    from newscli import api
    from newscli.collector import collector_paused

    name = context.me(person)
    # Reading and drawing a large discussion makes many objects and no cycles; they are
    # gone before the collector comes back (it would walk them all once more).
    with collector_paused():
        output.article(
            api.view_article(
                context.store(),
                ref,
                name,
                on_problem=lambda p: output.warn([p]),
                image_room=output.image_room(plain, no_image, width),
            ),
            all_comments=all_comments,
            order=sort.value,
            feedback_only=feedback_only,
            plain=plain,
            width=width,
            pager=pager,
        )


def reindex() -> None:
    """Rebuild the index of the articles (it is kept up to date by itself)."""
    from newscli import api
    from newscli.text.wording import plural

    with output.progress() as progress:
        result = api.reindex(context.store(), progress)
    output.warn(result.problems)
    output.note(f"Indexed {plural(result.articles, 'article')}.")


def path(
    config: Annotated[
        bool, typer.Option("--config", help="Print the config file's path instead.")
    ] = False,
) -> None:
    """Print the data directory (or the config file's path, which need not exist)."""
    from newscli import settings

    output.line(str(settings.config_path() if config else context.data_dir()))
