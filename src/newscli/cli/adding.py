"""Adding commands: add (one article) and import (batches)."""

from typing import TYPE_CHECKING, Annotated

import typer

from newscli.choices import InputFormat, PageFormat
from newscli.cli import context, output
from newscli.cli.options import AllowPrivateOpt, Failed, TagOpt, UsageProblem, allow_private, date

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newscli import api

PROGRESS_FROM = 500  # records: smaller imports finish before a bar would help

NoImagesOpt = Annotated[
    bool,
    typer.Option(
        "--no-images",
        help="Do not fetch feature images (fetched with the web and images extras installed).",
    ),
]


def add(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="[SOURCE]",
            help="A text file shaped like the article's web page, or - for standard input.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help="The headline.")
    ] = None,
    body: Annotated[
        str | None, typer.Option(metavar="TEXT", help="The text; paragraphs split by a blank line.")
    ] = None,
    dateline: Annotated[
        str | None, typer.Option(metavar="PLACE", help="Where it was filed, e.g. TAIPEI.")
    ] = None,
    published: Annotated[
        str | None, typer.Option(metavar="DATE", help="Date, e.g. 2024-06-06 (UTC).")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="Where the article came from.")
    ] = None,
    site: Annotated[
        str | None, typer.Option("--source", metavar="NAME", help="The site's name.")
    ] = None,
    author: Annotated[str | None, typer.Option(metavar="NAME", help="Who wrote it.")] = None,
    image: Annotated[
        str | None, typer.Option(metavar="URL", help="The feature image's URL or path.")
    ] = None,
    tag: TagOpt = None,
    sample: Annotated[
        bool, typer.Option("--sample", help="Add the bundled sample article.")
    ] = False,
    fmt: Annotated[
        PageFormat, typer.Option("--format", "-f", help="SOURCE's format (auto: by name/content).")
    ] = PageFormat.AUTO,
    force: Annotated[
        bool,
        typer.Option("--force", help="Add it even if it is stored already (same url, or text)."),
    ] = False,
    no_images: NoImagesOpt = False,
    private: AllowPrivateOpt = False,
) -> None:
    """Add an article from a page-shaped text, Markdown or HTML file, a URL, standard input,
    or options.

    Prints the new article's id; an article already stored (the same url, else the same
    title and body) is not added again: its id is printed, with a note. The new article's
    feature image is fetched into the data directory; a failed fetch is a warning.
    """
    from newscli import api

    if source and sample:
        raise UsageProblem("give either SOURCE or --sample, not both")
    if not (source or sample) and title is None and body is None:
        raise UsageProblem("give a SOURCE file, - for standard input, or --title and --body")
    given = api.Draft(title, body, dateline, url=url, source=site, author=author, image=image)
    given.tags = tag or []
    given.published = date(published, "--published")
    page = context.page(source, fmt.value, sample)
    if page is not None:  # the fields given go on top of the ones read
        given = api.draft_from(page.data, page.name, given, page.format, page.url)
    store = context.store()
    added = api.add_new(store, given, force=force)
    if added.existing:
        output.note(f"Already stored as {added.article_id}; nothing added (--force adds it).")
    output.line(added.article_id)
    if not (added.existing or no_images or sample):  # the sample is for trying newscli offline
        # An address the person gave, or found in a page from their own network, may be theirs.
        trusted = image is not None or (page is not None and page.private)
        _keep_images(store, [added.article_id], trusted, allow_private(private))


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
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Also name each record already stored."),
    ] = False,
    no_images: NoImagesOpt = False,
    pages: Annotated[
        bool, typer.Option("--pages", help="WordPress: import pages as well as posts.")
    ] = False,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help="WordPress: import posts of this status (repeat; default: publish).",
            show_default=False,
        ),
    ] = None,
    keep_unapproved: Annotated[
        bool,
        typer.Option(
            "--keep-unapproved",
            help="WordPress, Disqus: keep comments not approved aside in the article file.",
        ),
    ] = False,
    private: AllowPrivateOpt = False,
) -> None:
    """Import articles from JSON Lines, JSON, TOML, text, Markdown, HTML, feeds, or a
    WordPress (wxr) or Disqus export with their comments.

    Prints the ids of the articles created; bad records are named on stderr as
    SOURCE:LINE and skipped (exit 1). Articles already stored are not added again: they
    are counted (--verbose names each); a site export's comments join the stored article
    they belong to. The feature images of the new articles are fetched once they are all
    written.
    """
    from newscli import api

    if quiet and verbose:
        raise UsageProblem("--quiet and --verbose do not go together")
    statuses = frozenset(s.strip().lower() for s in status or ["publish"])
    options = api.ReadOptions(pages, statuses, keep_unapproved)
    entries = context.entries(sources, fmt.value, options)
    store = context.store()
    outcomes = api.import_entries(store, entries, update=update, dry_run=dry_run)
    created: list[api.Outcome] = []
    total = 0 if quiet else len(entries)  # len reads the files again
    bad = _tell_outcomes(outcomes, total, dry_run, quiet, created, verbose)
    if not (no_images or dry_run):
        ids = [o.article_id or "" for o in created]
        trusted = {o.article_id or "" for o in created if entries.from_private(o.where)}
        _keep_images(store, ids, trusted, allow_private(private))
    if bad:
        raise Failed


def _keep_images(
    store: "api.Store", articles: "list[str]", trusted: "bool | set[str]", private: bool
) -> None:
    """Fetch the feature images of new articles (those ``trusted``, or all, may reach a
    private address; ``private``: any may); the first few failures are named."""
    from newscli import api

    if not api.fetching_available():
        return
    sure = set(articles) if trusted is True else trusted or set()
    output.images_kept(api.keep_images(store, articles, trusted=sure, private=private))


QUIET_KINDS = ("duplicate",)  # counted; named one a line only with --verbose


def _tell_outcomes(
    outcomes: "Iterable[api.Outcome]",
    total: int,
    dry_run: bool,
    quiet: bool,
    created: "list[api.Outcome]",
    verbose: bool = False,
) -> int:
    """Print new ids on stdout (and add their outcomes to ``created``) and the other
    outcomes on stderr (records already stored or unchanged only when ``verbose``), under
    a bar on a terminal for long imports; returns how many were bad."""
    kinds = ("created", "updated", "unchanged", "duplicate", "bad", "warning", "note")
    counts = dict.fromkeys(kinds, 0)
    show_bar = not quiet and total >= PROGRESS_FROM
    with output.reporter(total if show_bar else None) as report:
        for outcome in outcomes:
            counts[outcome.kind] += 1
            if outcome.kind == "created" and not dry_run:
                output.line(outcome.article_id or "")
                created.append(outcome)
            message = _message(outcome, dry_run)
            loud = outcome.kind in ("bad", "warning")
            told = loud or (not quiet and (verbose or outcome.kind not in QUIET_KINDS))
            report(message if message and told else None)
    if not quiet:
        output.note(_summary(counts, dry_run))
        if not verbose and any(counts[kind] for kind in QUIET_KINDS):
            output.note("newscli: --verbose names each record already stored")
    return counts["bad"]


def _message(outcome: "api.Outcome", dry_run: bool) -> str | None:
    would = "would be " if dry_run else ""
    if outcome.kind == "warning":
        return f"newscli: warning: skipped {outcome.reason}"
    if outcome.kind in ("bad", "note"):
        return f"{outcome.where}: {outcome.reason}"
    if outcome.kind == "duplicate":
        return f"{outcome.where}: already stored as {outcome.article_id}, skipped"
    if outcome.kind == "updated":
        why = f" ({outcome.reason})" if outcome.reason else ""
        return f"{outcome.where}: {outcome.article_id} {would}updated{why}"
    if outcome.kind == "unchanged":
        return f"{outcome.where}: {outcome.article_id} unchanged"
    return None


def _summary(counts: dict[str, int], dry_run: bool) -> str:
    from newscli.text.wording import plural

    done = "would import" if dry_run else "imported"
    parts = [f"{counts[kind]} {kind}" for kind in ("updated", "unchanged") if counts[kind]]
    parts += [plural(counts["duplicate"], "duplicate"), f"{counts['bad']} bad"]
    tail = "; nothing was written" if dry_run else ""
    return f"newscli: {done} {plural(counts['created'], 'article')} ({', '.join(parts)}){tail}"
