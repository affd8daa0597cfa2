"""Sharing commands: sync (and sync init) and resolve; git's merge driver is
``newscli.merge_driver``, which starts without Typer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.cli import context, output
from newscli.cli.options import IdArg, UsageProblem

if TYPE_CHECKING:
    from newscli import api


def _options() -> api.SyncOptions:
    """git's environment, the person's name, and the command git runs to merge a file."""
    import shlex
    import sys

    from newscli import api, settings

    driver = f"{shlex.quote(sys.executable)} -m newscli.merge_driver"
    return api.SyncOptions(driver, settings.git_environment(), settings.commenter_name())


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
    store = context.store()
    if status:
        output.lines(_status_lines(api.sync_state(store, _options())))
        return
    if action == "init":
        local = Path(remote).expanduser() if remote else None
        if local is not None and local.exists():  # a path, as git would read it from here
            remote = str(local.resolve())
        result = api.sync_init(store, remote, _options(), output.note)
    else:
        result = api.sync_store(store, _options(), not no_push, output.note)
    _tell_synced(result)


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
    if result.conflicts:
        output.lines(result.conflicts)
        output.note(
            f"{plural(len(result.conflicts), 'article')} with fields changed on both sides:"
            " 'newscli check' lists them, 'newscli resolve ID' settles them."
        )


def resolve(
    ref: IdArg,
    keep: Annotated[
        str,
        typer.Option(
            "--keep",
            metavar="ours|theirs",
            help="ours: the article as it stands; theirs: the other side's values.",
        ),
    ] = "ours",
) -> None:
    """Settle the conflicts a merge noted in an article (see 'newscli check')."""
    from newscli import api
    from newscli.text.wording import plural

    if keep not in ("ours", "theirs"):
        raise typer.BadParameter(f"{keep!r} is not ours or theirs", param_hint="'--keep'")
    result = api.resolve_conflicts(context.store(), ref, keep)
    output.line(result.article_id)
    kept = "their deletion: moved to the trash" if result.removed else f"{keep}"
    output.note(f"Settled {plural(result.settled, 'conflict')}, keeping {kept}.")
