"""A person's own commands: whoami, people, subscribe, unsubscribe, inbox."""

from pathlib import Path
from typing import Annotated

import typer

from newscli.choices import InboxFormat
from newscli.cli import context, output
from newscli.cli.options import AsOpt, IdArg, UsageProblem


def whoami(person: AsOpt = None) -> None:
    """Print who you are to newscli, and (on stderr) why: --as, $NEWSCLI_USER, the config
    file's name, else your login name; and which key signs for you."""
    from newscli import settings

    found = context.identity(person)
    name = context.me(person)
    output.line(name)
    output.note(f"{name}: {_why(found.source)}")
    key = settings.signing_key()
    if key is not None:
        output.note(f"Signing with {key[0]} (from {key[1]}).")


people = typer.Typer(
    name="people",
    help="Who is who: display names and the SSH keys that sign votes and comments.",
    no_args_is_help=False,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@people.callback()
def _people(ctx: typer.Context) -> None:
    """Who is who: each person's display name and SSH public keys (people/ in the store).
    With no command, lists them."""
    if ctx.invoked_subcommand is None:
        people_list()


@people.command("list")
def people_list() -> None:
    """List everyone with a display name or keys, a line each: name, display name and
    how many keys, tab-separated."""
    from newscli import api
    from newscli.text.safe import one_line

    found = api.list_people(context.store())
    for problem in found.problems:
        output.note(f"newscli: warning: {one_line(problem)}")
    for person in found.people.values():
        cells = (person.name, person.display or "", f"{len(person.keys)} key(s)")
        output.line("\t".join(one_line(cell).replace("\t", " ") for cell in cells))


@people.command("add")
def people_add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Whose key or display name.")],
    key: Annotated[
        Path | None,
        typer.Option("--key", metavar="FILE.pub", help="An SSH public key file to register."),
    ] = None,
    display: Annotated[
        str | None, typer.Option("--display", metavar="TEXT", help="Their display name.")
    ] = None,
) -> None:
    """Register a person's SSH public key (and display name) in the shared store; their
    signed votes and comments are then checked, and the unsigned ones flagged."""
    from newscli import api

    if key is None and display is None:
        raise UsageProblem("give --key FILE.pub, --display TEXT, or both")
    text = context.read_small_file(key, "--key") if key is not None else None
    signer = context.signer()
    added = api.add_person(context.store(), name, text, display, signer)
    keys = f"{len(added.keys)} key(s)"
    signed = "signed with your key" if signer else "unsigned: set a signing key to sign it"
    output.note(f"{added.name}: {keys}, {added.display or 'no display name'} ({signed}).")


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
