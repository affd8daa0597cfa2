"""Adding commands: add (one article) and import (batches)."""

from typing import TYPE_CHECKING, Annotated

import typer

from newscli.choices import InputFormat, PageFormat
from newscli.cli import context, output
from newscli.cli.options import TagOpt, UsageProblem, date

if TYPE_CHECKING:
    from collections.abc import Iterable

    from newscli import api

PROGRESS_FROM = 500  # records: smaller imports finish before a bar would help


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
    output.line(api.add_article(context.store(), given).id)


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

    entries = context.entries(sources, fmt.value)
    outcomes = api.import_entries(context.store(), entries, update=update, dry_run=dry_run)
    if _report(outcomes, 0 if quiet else len(entries), dry_run, quiet):  # len reads again
        raise typer.Exit(1)


def _report(outcomes: "Iterable[api.Outcome]", total: int, dry_run: bool, quiet: bool) -> int:
    """Print new ids on stdout and the other outcomes on stderr, under a bar on a terminal
    for long imports; returns how many records were bad."""
    counts = dict.fromkeys(("created", "updated", "duplicate", "bad", "warning"), 0)
    show_bar = not quiet and total >= PROGRESS_FROM
    with output.reporter(total if show_bar else None) as report:
        for outcome in outcomes:
            counts[outcome.kind] += 1
            if outcome.kind == "created" and not dry_run:
                output.line(outcome.article_id or "")
            message = _message(outcome, dry_run)
            loud = outcome.kind in ("bad", "warning")
            report(message if message and (loud or not quiet) else None)
    if not quiet:
        output.note(_summary(counts, dry_run))
    return counts["bad"]


def _message(outcome: "api.Outcome", dry_run: bool) -> str | None:
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


def _summary(counts: dict[str, int], dry_run: bool) -> str:
    from newscli.render.wording import plural

    done = "would import" if dry_run else "imported"
    parts = [f"{counts['updated']} updated"] if counts["updated"] else []
    parts += [plural(counts["duplicate"], "duplicate"), f"{counts['bad']} bad"]
    tail = "; nothing was written" if dry_run else ""
    return f"newscli: {done} {plural(counts['created'], 'article')} ({', '.join(parts)}){tail}"
