"""Sharing commands: sync (and sync init) and resolve; git's merge driver is
``newscli.merge_driver``, which starts without Typer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.cli import context, output
from newscli.cli.options import AllowPrivateOpt, AsOpt, IdArg, UsageProblem, allow_private

if TYPE_CHECKING:
    from newscli import api


def _options(person: str | None) -> api.SyncOptions:
    """git's environment, the person's name (by the one identity rule: their commits'
    author), and the command git runs to merge a file."""
    import shlex
    import sys

    from newscli import api, settings

    driver = f"{shlex.quote(sys.executable)} -m newscli.merge_driver"
    return api.SyncOptions(driver, settings.git_environment(), context.me(person))


def sync(
    action: Annotated[
        str | None,
        typer.Argument(
            metavar="[init [REMOTE]]",
            help="init: make the data directory a git repository and, with REMOTE, share it there.",
            show_default=False,
        ),
    ] = None,
    remote: Annotated[str | None, typer.Argument(hidden=True, show_default=False)] = None,
    no_push: Annotated[
        bool, typer.Option("--no-push", help="Commit, fetch and merge, but do not push.")
    ] = False,
    status: Annotated[
        bool,
        typer.Option("--status", help="Show commits ahead and behind, and uncommitted files."),
    ] = False,
    no_images: Annotated[
        bool,
        typer.Option(
            "--no-images", help="Fetch no feature image of the articles the sync brought."
        ),
    ] = False,
    private: AllowPrivateOpt = False,
    person: AsOpt = None,
) -> None:
    """Share the store through git: commit what changed here, fetch, merge, push.

    Votes, comments and fields are merged one by one; fields two people changed
    differently are listed by 'newscli check' until 'newscli resolve' settles them.
    """
    from newscli import api

    if action not in (None, "init") or (remote is not None and action is None):
        raise UsageProblem(f"sync takes 'init [REMOTE]' or nothing, not {action!r}")
    if action == "init" and (status or no_push):
        raise UsageProblem("sync init takes no --status or --no-push")
    import time

    store = context.store()
    if status:
        output.lines(_status_lines(api.sync_state(store, _options(person))))
        return
    started = time.time_ns()
    if action == "init":
        local = Path(remote).expanduser() if remote else None
        if local is not None and local.exists():  # a path, as git would read it from here
            remote = str(local.resolve())
        result = api.sync_init(store, remote, _options(person), output.note)
    else:
        result = api.sync_store(store, _options(person), not no_push, output.note)
    _tell_synced(result)
    if result.received and not no_images and api.fetching_available():
        _fetch_images(store, api.arrived_without_image(store, started), allow_private(private))


def _fetch_images(store: api.Store, arrived: list[api.Article], private: bool) -> None:
    """Fetch the feature images of articles a sync brought (images are not shared: see
    the README), as ``add`` does; the first few failures are named."""
    from newscli import api
    from newscli.text.wording import plural

    if not arrived:
        return
    kept = output.images_kept(api.keep_images(store, arrived, private=private))
    if kept:
        output.note(f"Fetched {plural(kept, 'feature image')} of articles that arrived.")


def _status_lines(found: api.SyncState) -> list[str]:
    lines = [
        f"branch: {found.branch}",
        f"remote: {found.remote or '(none: newscli sync init REMOTE adds one)'}",
        f"ahead: {found.ahead}",
        f"behind: {found.behind} (as of the last sync)",
        f"uncommitted: {len(found.uncommitted)}",
    ]
    lines += [f"  {path}" for path in found.uncommitted]
    if found.merging:
        lines.append("merging: unfinished (newscli sync finishes it)")
    return lines


WARNINGS_SHOWN = 20  # lines of what a sync did not take; the rest are counted


def _tell_synced(result: api.Synced) -> None:
    from newscli.text.wording import plural

    for warning in result.warnings[:WARNINGS_SHOWN]:
        output.note(f"newscli: warning: {warning}")
    if len(result.warnings) > WARNINGS_SHOWN:
        more = len(result.warnings) - WARNINGS_SHOWN
        output.note(f"newscli: warning: and {plural(more, 'more file')} not taken")
    if result.received:
        output.note(f"Merged {plural(result.received, 'changed article file')}.")
    if result.pushed:
        output.note(f"Pushed to {result.remote}.")
    if result.remote is None:
        output.note("No remote to sync with: 'newscli sync init REMOTE' adds one.")
    elif not (result.committed or result.received or result.pushed):
        output.note("Up to date.")
    for gone in result.trashed[:WARNINGS_SHOWN]:
        who = f" by {gone.removed_by}" if gone.removed_by else ""
        output.note(
            f"{gone.article_id} “{gone.title}” was removed{who}: your copy of it is in the"
            f" trash ('newscli restore {gone.article_id}' brings it back)."
        )
    if len(result.trashed) > WARNINGS_SHOWN:
        more = len(result.trashed) - WARNINGS_SHOWN
        output.note(f"And {plural(more, 'more article')} removed, each kept in the trash.")
    for entry in result.unverified[:WARNINGS_SHOWN]:
        output.note(f"newscli: warning: articles/{entry.article_id}.toml: unverified: {entry}")
    if len(result.unverified) > WARNINGS_SHOWN:
        more = len(result.unverified) - WARNINGS_SHOWN
        output.note(f"newscli: warning: and {plural(more, 'more unverified entry')}")
    if result.conflicts:
        _tell_conflicts(result.conflicts)


def _tell_conflicts(unsettled: list[api.Unsettled]) -> None:
    """The articles with open conflicts the sync brought, on stdout, and each conflict (who
    wrote each side) on stderr."""
    from newscli.api import describe_conflict
    from newscli.text.wording import plural

    output.lines([found.article_id for found in unsettled])
    for found in unsettled:
        for conflict in found.conflicts:
            output.note(f"Conflict in {found.article_id} “{found.title}”: "
                        f"{describe_conflict(conflict)}.")  # fmt: skip
    output.note(
        f"{plural(len(unsettled), 'article')} with open conflicts: 'newscli resolve ID"
        " --keep mine|theirs|VALUE' settles them ('newscli check' lists them all)."
    )


def resolve(
    ref: IdArg,
    keep: Annotated[
        str,
        typer.Option(
            "--keep",
            metavar="mine|theirs|VALUE",
            help="mine: the value you wrote; theirs: the other person's; anything else: the"
            " value to keep (with --field when there are several conflicts).",
        ),
    ] = "mine",
    field: Annotated[
        str | None,
        typer.Option(
            "--field", metavar="NAME", help="Settle only this field's conflict (e.g. title)."
        ),
    ] = None,
    person: AsOpt = None,
) -> None:
    """Settle the conflicts a merge noted in an article (see 'newscli check'); prints its
    id, and on stderr each field and the value kept."""
    from newscli import api

    if keep in ("ours", ""):
        raise typer.BadParameter(
            "say mine (the value you wrote), theirs (the other person's) or the value to keep",
            param_hint="'--keep'",
        )
    name = context.me(person)
    result = api.resolve_conflicts(context.store(), ref, keep, name, field)
    output.line(result.article_id)
    for kept in result.kept:
        output.note(_kept_line(kept))


def _kept_line(kept: api.KeptValue) -> str:
    """What was kept for one field, and whose it was, from the person's side."""
    from newscli.api import DELETED, UNREADABLE, shown_value

    if kept.side == "given":
        owner = "as you gave it"
    elif kept.guessed:
        owner = (
            f"{'the file' if kept.side == 'mine' else 'the other side'}'s: this conflict does"
            " not say who wrote each side, so yours is taken to be the file's"
        )
    elif kept.yours:
        owner = "yours"
    else:
        owner = f"{kept.whose}'s" if kept.whose else "theirs"
    if kept.field == DELETED:
        what = "the article" if kept.value else "the deletion: the article is in the trash"
        return f"Kept {what} ({owner})."
    if kept.field == UNREADABLE:
        return f"Kept the copy that could be read ({owner})."
    return f"Kept {kept.field} {shown_value(kept.value)} ({owner})."
