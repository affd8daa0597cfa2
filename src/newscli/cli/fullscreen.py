"""The full-screen reader: ``newscli read``."""

from typing import Annotated

import typer

from newscli.cli import context
from newscli.cli.options import AsOpt, TagOpt


def read(
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="[QUERY]",
            help="Open on the articles matching this search (as for 'newscli search').",
            show_default=False,
        ),
    ] = None,
    tag: TagOpt = None,
    unread: Annotated[
        bool, typer.Option("--unread", help="Only articles you never opened or with new comments.")
    ] = False,
    person: AsOpt = None,
) -> None:
    """Read, rate, vote and comment in a full-screen reader; '?' inside shows the keys.

    Keys can be changed in the keys table of the config file ('newscli path --config').
    """
    from newscli import reader, settings
    from newscli.api import ListQuery

    reader.require_terminal()  # before Textual is imported
    name = context.me(person)  # rates, votes, comments and owns the read marks alike
    reader.run(
        context.store(),
        voter=name,
        author=name,
        signer=context.signer(),
        query=ListQuery(tuple(tag or ()), text),
        unread_only=unread,
        keys=settings.config_path(),
        editor=settings.editor_command(),
    )
