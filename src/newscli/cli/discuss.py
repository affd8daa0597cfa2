"""Discussion commands: rate, comment, tag."""

from typing import Annotated

import typer

from newscli.cli import completion, context, output
from newscli.cli.options import IdArg, UsageProblem, stars, tag_changes


def rate(
    ref: IdArg,
    count: Annotated[
        int,
        typer.Argument(metavar="STARS", help="1 to 5 stars.", show_default=False, parser=stars),
    ],
    voter: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="NAME",
            help="Voter name (default: $NEWSCLI_USER, else your login).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Rate an article from 1 to 5 stars; rating again replaces your vote."""
    from newscli import api, settings
    from newscli.render.wording import plural

    name = voter if voter is not None else settings.voter_name()
    if name is None:
        raise UsageProblem("cannot tell who you are: give --as NAME or set NEWSCLI_USER")
    result = api.rate_article(context.store(), ref, name, count)
    if result.replaced:
        output.note(f"Replaced the earlier vote of {plural(result.replaced.stars, 'star')}.")
    votes = plural(result.rating.votes, "vote")
    output.note(f"{result.article_id}: {result.rating.average:.1f} from {votes}")


def comment(
    ref: IdArg,
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="[TEXT]",
            help="The comment; - reads standard input; none opens $EDITOR.",
            show_default=False,
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="NAME",
            help="Your name (default: $NEWSCLI_USER, else guest).",
            show_default=False,
        ),
    ] = None,
    email: Annotated[
        str | None, typer.Option(metavar="ADDRESS", help="Your e-mail address (kept, not shown).")
    ] = None,
    reply_to: Annotated[
        str | None, typer.Option("--reply-to", metavar="COMMENT_ID", help="Reply to this comment.")
    ] = None,
    quote: Annotated[
        str | None,
        typer.Option(
            metavar="PASSAGE", help="Inline feedback: the passage of the article this is about."
        ),
    ] = None,
) -> None:
    """Comment on an article, reply to a comment, or give feedback on a passage.

    Prints the comment's id.
    """
    from newscli import api, settings

    store = context.store()
    # Refuse a wrong id, address, parent or passage before the user types anything.
    api.check_comment(store, ref, email=email, reply_to=reply_to, quote=quote)
    if text == "-":
        text = context.stdin_text()
    elif text is None:
        text = context.compose(
            "no comment text: give TEXT, - to read standard input, or set $EDITOR"
        )
    name = author if author is not None else settings.commenter_name()
    made = api.comment_on(
        store, ref, text, author=name, email=email, reply_to=reply_to, quote=quote
    )
    output.line(made.id)


def tag(
    ref: IdArg,
    changes: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[+TAG|-TAG]...",
            autocompletion=completion.tag_changes,
            help="+TAG (or TAG) adds a tag, -TAG removes one; none lists the tags.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add or remove an article's tags; prints its tags, one a line.

    -h is help, as everywhere: to remove a tag named h, put it after --, as in
    'newscli tag ID -- -h'.
    """
    from newscli import api

    add, remove = tag_changes(changes)
    output.lines(api.tag_article(context.store(), ref, add, remove))
