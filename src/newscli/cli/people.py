"""A person's own commands: subscribe, unsubscribe, inbox."""

from typing import Annotated

import typer

from newscli.choices import InboxFormat
from newscli.cli import context, output
from newscli.cli.options import IdArg, NamedOpt


def subscribe(
    ref: IdArg,
    replies_only: Annotated[
        bool,
        typer.Option(
            "--replies-only", help="Only new replies to your comments, not every new comment."
        ),
    ] = False,
    person: NamedOpt = None,
) -> None:
    """Follow an article's new comments in your inbox (replies and @mentions always come)."""
    from newscli import api

    article_id = api.subscribe(context.store(), ref, context.known_person(person), replies_only)
    kind = "new replies to your comments" if replies_only else "new follow-up comments"
    output.note(f"Subscribed to {kind} on {article_id}.")


def unsubscribe(ref: IdArg, person: NamedOpt = None) -> None:
    """Stop following an article's new comments."""
    from newscli import api

    article_id = api.unsubscribe(context.store(), ref, context.known_person(person))
    output.note(f"Unsubscribed from {article_id}.")


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
            help="Output format (default: table on a terminal, tsv in a pipe: a line an item).",
            show_default=False,
        ),
    ] = None,
    person: NamedOpt = None,
) -> None:
    """Replies to your comments, @mentions of you and comments on articles you follow,
    newest first: what arrived since you last read your inbox."""
    from newscli import api

    name = context.known_person(person)
    found = api.inbox(context.store(), name, all=every, mark_read=read)
    output.inbox(found, fmt)
