"""Upkeep commands: check, rm, restore, trash, edit, image."""

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.choices import Format
from newscli.cli import completion, context, output
from newscli.cli.options import (
    AllowPrivateOpt,
    AsOpt,
    Failed,
    FormatOpt,
    IdArg,
    UsageProblem,
    allow_private,
)

if TYPE_CHECKING:
    from newscli import api


def check_(
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Quarantine unreadable files, remove stale temp files and unused locks.",
        ),
    ] = False,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify",
            help="Also report votes, comments and deletions under the name of someone with"
            " registered keys whose signature is missing or wrong.",
        ),
    ] = False,
) -> None:
    """Read every file and report problems, one line each; exit 1 if there are any."""
    from newscli import api
    from newscli.text.wording import plural

    store = context.store()
    report = api.check_store(store, verify)
    output.lines(str(problem) for problem in report.problems)
    if not fix:
        if not report.problems:
            output.note(f"No problems found ({plural(report.checked, 'article file')} read).")
            return
        output.note(_found(report))
        raise Failed
    fixed, locks = api.fix_store(store, report)
    for item in fixed:
        done = item.done or f"left alone ({item.problem.kind}): see to it by hand"
        output.note(f"{item.problem.name}: {done}")
    if locks:
        output.note(f"Removed {plural(locks, 'unused lock file')}.")
    if any(item.done is None for item in fixed):
        raise Failed


def _found(report: "api.Report") -> str:
    """How many problems, and what 'check --fix' does about them (each line says the rest)."""
    from newscli.text.wording import plural

    problems = report.problems
    found = f"{plural(len(problems), 'problem')} found"
    fixable = sum(problem.fixable for problem in problems)
    if fixable == len(problems):
        return f"{found}; 'newscli check --fix' fixes {'it' if fixable == 1 else 'them'}."
    if fixable:
        return f"{found}; 'newscli check --fix' fixes {fixable} of them."
    if all(problem.kind == "conflict" for problem in problems):
        return f"{found}; 'newscli resolve' settles a conflict, as its line says."
    return f"{found}; each needs a look by hand ('newscli check --fix' leaves it alone)."


def rm(
    refs: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="Articles to move to the trash.",
            show_default=False,
            autocompletion=completion.article_ids,
        ),
    ],
) -> None:
    """Move articles to the trash; prints their ids. 'newscli restore ID' brings one back."""
    from newscli import api
    from newscli.text.wording import plural

    removed = api.remove_articles(context.store(), refs)
    output.lines(removed)
    output.note(f"Moved {plural(len(removed), 'article')} to the trash.")


def restore(ref: IdArg) -> None:
    """Bring back an article from the trash, byte for byte; prints its id."""
    from newscli import api

    output.line(api.restore_article(context.store(), ref))


# The trash's columns in a table and tab-separated (JSON rows add ``removed`` to their
# usual shape, CSV rows to their usual columns).
TRASH_COLUMNS = ("id", "removed", "title", "comments")


def trash_(
    fmt: FormatOpt = None,
    empty: Annotated[
        bool, typer.Option("--empty", help="Delete everything in the trash for good.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before --empty.")] = False,
) -> None:
    """List the articles in the trash, the one removed last first, with when each was
    removed; or empty it."""
    from newscli import api

    store = context.store()
    if empty:
        _empty_trash(store, yes)
        return
    found = api.list_trash(store)
    columns = {
        None: TRASH_COLUMNS,
        Format.TABLE: TRASH_COLUMNS,
        Format.TSV: TRASH_COLUMNS,
        Format.CSV: (*api.FIELDS, "removed"),
    }.get(fmt)
    output.listing(found.rows, found.problems, fmt, columns, empty="The trash is empty.")


def _empty_trash(store: "api.Store", yes: bool) -> None:
    from newscli import api
    from newscli.text.wording import plural

    found = api.list_trash(store)
    count = len(found.rows) + len(found.problems)
    if not count:
        output.note("The trash is already empty.")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise UsageProblem("emptying the trash cannot be undone: give --yes to confirm")
        if not context.confirm(f"Delete {plural(count, 'article')} in the trash for good?"):
            output.note("Nothing was deleted.")  # an answer, not an error: exit 0
            return
    output.note(f"Deleted {plural(api.empty_trash(store), 'article')} from the trash.")


def edit(ref: IdArg, person: AsOpt = None) -> None:
    """Edit an article's file in $VISUAL / $EDITOR; it is checked before it is saved.

    An invalid draft is kept (its path is printed) and the article is left as it was. The
    fields you changed are noted as yours (see 'newscli whoami').
    """
    from newscli import api

    command = context.editor("no editor: set $VISUAL or $EDITOR")
    result = api.edit_article(context.store(), ref, command, context.me(person))
    if result.resumed:
        output.note("Continued the draft kept from your earlier edit.")
    output.note(f"Saved {result.article_id}." if result.saved else "No changes; nothing saved.")
    if result.conflicts:
        output.note(
            f"{result.article_id} has {result.conflicts} unsettled conflict(s) (under"
            f" [[conflicts]] in the file): 'newscli resolve {result.article_id}' settles them."
        )


def image(
    ref: IdArg,
    fetch: Annotated[
        bool, typer.Option("--fetch", help="Fetch it (again) from the article's image address.")
    ] = False,
    remove: Annotated[bool, typer.Option("--rm", help="Delete the stored image.")] = False,
    path: Annotated[
        bool, typer.Option("--path", help="Print the stored image's path (the default).")
    ] = False,
    private: AllowPrivateOpt = False,
) -> None:
    """Locate, fetch or delete an article's stored feature image (needs Pillow: the
    images extra); prints its path."""
    from newscli import api

    if fetch + remove + path > 1:
        raise UsageProblem("give one of --fetch, --rm and --path")
    store = context.store()
    if remove:
        output.note(f"Removed the image of {api.remove_article_image(store, ref)}.")
    elif fetch:
        output.line(str(api.fetch_article_image(store, ref, private=allow_private(private))))
    else:
        output.line(str(api.article_image(store, ref)))
