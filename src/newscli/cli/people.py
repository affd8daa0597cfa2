"""A person's own commands: whoami, subscribe, unsubscribe, inbox."""

from typing import Annotated

import typer

from newscli.choices import InboxFormat
from newscli.cli import context, output
from newscli.cli.options import AsOpt, IdArg


def whoami(person: AsOpt = None) -> None:
    """Print who you are to newscli, and (on stderr) why: --as, $NEWSCLI_USER, the config
    file's name, else your login name."""
    found = context.identity(person)
    name = context.me(person)
    output.line(name)
    output.note(f"{name}: {_why(found.source)}")


def _why(source: str) -> str:
    from newscli import settings

    if source == "--as":
        return "given with --as"
    if source == "$NEWSCLI_USER":
        return "from $NEWSCLI_USER (--as NAME overrides it)"
    if source == settings.DEFAULT_NAME:
        return (
            "your login name, since no --as, no $NEWSCLI_USER and no name in the config"
            f" file ({settings.config_path()}) says otherwise"
        )
    return f"the name in {source} ($NEWSCLI_USER or --as NAME overrides it)"


def subscribe(
    ref: IdArg,
    replies_only: Annotated[
        bool,
        typer.Option(
            "--replies-only", help="Only new replies to your comments, not every new comment."
        ),
    ] = False,
    person: AsOpt = None,
) -> None:
    """Follow an article's new comments in your inbox, from now on (replies and @mentions
    always come)."""
    from newscli import api

    name = context.me(person)
    article_id = api.subscribe(context.store(), ref, name, replies_only)
    kind = "new replies to your comments" if replies_only else "new follow-up comments"
    output.note(f"Subscribed {name} to {kind} on {article_id}.")


def unsubscribe(ref: IdArg, person: AsOpt = None) -> None:
    """Stop following an article's new comments."""
    from newscli import api

    name = context.me(person)
    article_id = api.unsubscribe(context.store(), ref, name)
    output.note(f"Unsubscribed {name} from {article_id}.")


def inbox(
    every: Annotated[
        bool, typer.Option("--all", help="Everything that ever reached you, not only what is new.")
    ] = False,
    read: Annotated[bool, typer.Option("--read", help="Mark what is listed as read.")] = False,
    fmt: Annotated[
        InboxFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: table on a terminal, tsv in a pipe: a line an item;"
            " atom: a feed).",
            show_default=False,
        ),
    ] = None,
    person: AsOpt = None,
) -> None:
    """Replies to your comments, @mentions of you and comments on articles you follow,
    newest first: what arrived in this copy of the store since you last read your inbox."""
    from newscli import api

    name = context.me(person)
    found = api.inbox(context.store(), name, all=every, mark_read=read)
    output.inbox(found, fmt, name)
    if read:
        output.note(f"Marked {name}'s inbox read.")
