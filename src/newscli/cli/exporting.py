"""The export command."""

from pathlib import Path
from typing import Annotated

import typer

from newscli.choices import ExportFormat
from newscli.cli import completion, context, output
from newscli.cli.options import UsageProblem


def export(
    refs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID ...]",
            help="Articles to export (default: all).",
            show_default=False,
            autocompletion=completion.article_ids,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.JSONL,
    to: Annotated[
        str | None,  # not Path, which drops the trailing "/" that marks a new directory
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="A file, or a directory (existing, or ending in /) for one file an article"
            " (for --format site: the site's folder, default site/ in the data directory).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export articles with their votes and comments; jsonl imports back unchanged;
    site writes a static web site (-o DIR/) and brings it up to date when run again."""
    from newscli import api
    from newscli.api import ONE_PER_FILE

    if fmt is ExportFormat.SITE:
        _site(refs or [], to)
        return
    store = context.store()
    scan = api.get_articles(store, refs or [])
    output.warn(scan.problems)
    articles, media = scan.articles, store.data.media
    if to is not None and (Path(to).is_dir() or to.endswith("/")):
        from newscli.text.wording import plural

        written = api.export_folder(articles, fmt, to, media)
        output.note(f"newscli: wrote {plural(len(written), 'file')} to {to}")
        return
    if fmt in ONE_PER_FILE and len(articles) != 1:
        raise UsageProblem(
            f"--format {fmt} holds one article, not {len(articles)}: name one ID "
            "or give -o DIRECTORY"
        )
    if to is not None:
        api.export_file(articles, fmt, Path(to), media)
    else:
        output.text(api.export_text(articles, fmt, media))


def _site(refs: list[str], to: str | None) -> None:
    """Write the site in ``to`` (default: ``site/`` in the data directory) and print the
    path of its index page, e.g. for ``xdg-open "$(newscli export -f site)"``."""
    from newscli import api
    from newscli.text.wording import plural

    if to is not None and not to.strip():
        raise UsageProblem("-o needs a folder for the site, not an empty path")
    store = context.store()
    folder = Path(to) if to is not None else store.data.site
    done = api.export_site(store, folder if to is not None else None, refs)
    output.warn(done.problems)
    output.note(
        f"newscli: site in {folder}: {plural(len(done.written), 'file')} written, "
        f"{len(done.removed)} removed, {done.unchanged} unchanged"
    )
    output.text(f"{folder.resolve() / 'index.html'}\n")
