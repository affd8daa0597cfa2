"""Discussion commands: rate, comment (and editing or deleting one), vote, tag."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.choices import VoteValue
from newscli.cli import completion, context, output
from newscli.cli.options import (
    AsOpt,
    IdArg,
    UsageProblem,
    stars,
    tag_changes,
)

if TYPE_CHECKING:
    from newscli.api import Store

CommentArg = Annotated[
    str,
    typer.Argument(
        metavar="COMMENT",
        help="A comment id, or a unique prefix of 4+ characters.",
        show_default=False,
    ),
]


def rate(
    ref: IdArg,
    count: Annotated[
        int | None,
        typer.Argument(metavar="[STARS]", help="1 to 5 stars.", show_default=False, parser=stars),
    ] = None,
    voter: AsOpt = None,
    clear: Annotated[bool, typer.Option("--clear", help="Take your rating back.")] = False,
) -> None:
    """Rate an article from 1 to 5 stars; rating again replaces your vote."""
    from newscli import api
    from newscli.text.wording import average_text, plural

    if (count is None) != clear:
        raise UsageProblem("give STARS, or --clear to take your rating back")
    name = context.me(voter)
    if count is None:
        cleared = api.clear_rating(context.store(), ref, name)
        output.note(f"Took back the vote of {plural(cleared.removed.stars, 'star')} as {name}.")
        article_id, rating = cleared.article_id, cleared.rating
    else:
        result = api.rate_article(context.store(), ref, name, count, context.signer())
        output.note(f"Rated {count} as {name}.")
        if result.replaced:
            output.note(f"Replaced the earlier vote of {plural(result.replaced.stars, 'star')}.")
        article_id, rating = result.article_id, result.rating
    votes = plural(rating.votes, "vote")
    output.note(f"{article_id}: {average_text(rating.average)} from {votes}")


def vote(
    ref: IdArg,
    comment_ref: CommentArg,
    value: Annotated[
        VoteValue,
        typer.Argument(metavar="up|down|clear", help="Your vote; clear takes it back."),
    ],
    voter: AsOpt = None,
) -> None:
    """Vote a comment up or down (again: replaces your vote); clear takes it back."""
    from newscli import api
    from newscli.text.wording import standing_text

    name = context.me(voter)
    done = api.vote_comment(context.store(), ref, comment_ref, name, value, context.signer())
    did = "Took back your vote" if value is VoteValue.CLEAR else f"Voted {value}"
    standing = standing_text(done.imported, done.net)
    output.note(f"{did} as {name}: comment {done.comment_id} now stands at {standing}.")


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
    author: AsOpt = None,
    anonymous: Annotated[
        bool,
        typer.Option("--anonymous", help="Comment without a name (shown as guest)."),
    ] = False,
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
    edit: Annotated[
        str | None,
        typer.Option(
            "--edit",
            metavar="COMMENT_ID",
            help="Change your comment's text (no TEXT: $EDITOR).",
        ),
    ] = None,
    delete: Annotated[
        str | None, typer.Option("--delete", metavar="COMMENT_ID", help="Delete your comment.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Edit or delete an anonymous comment (store owner)."),
    ] = False,
) -> None:
    """Comment on an article, reply to a comment, or give feedback on a passage; or edit or
    delete your comment.

    Prints the comment's id.
    """
    from newscli import api

    _check_combination(text, email, reply_to, quote, edit, delete, force)
    if anonymous and (author is not None or edit is not None or delete is not None):
        raise UsageProblem("--anonymous is for a new comment, without --as")
    store = context.store()
    name = None if anonymous else context.me(author)
    signer = None if anonymous else context.signer()
    if delete is not None:
        gone = api.delete_comment(store, ref, delete, name, force, signer)
        kept = " (kept as a placeholder: it has replies)" if gone.kept else ""
        output.note(f"Deleted comment {gone.comment_id} as {name}{kept}.")
        return
    if edit is not None:
        # Refuse someone else's comment before the user types anything.
        current = api.editable_text(store, ref, edit, name, force)
        text = _text(text, current, lambda: _template(store, ref, editing=True))
        edited = api.edit_comment(store, ref, edit, text, name, force, signer)
        output.line(edited.id)
        output.note(f"Edited comment {edited.id} as {name}.")
        return
    # Refuse a wrong id, address, parent or passage before the user types anything.
    api.check_comment(store, ref, email=email, reply_to=reply_to, quote=quote)
    text = _text(text, "", lambda: _template(store, ref, reply_to, quote))
    made = api.comment_on(
        store, ref, text, author=name, email=email, reply_to=reply_to, quote=quote, signer=signer
    )
    output.line(made.id)
    who = f"as {name}" if name else f"anonymously (shown as {api.ANONYMOUS})"
    output.note(f"Commented {who}.")


def _check_combination(
    text: str | None,
    email: str | None,
    reply_to: str | None,
    quote: str | None,
    edit: str | None,
    delete: str | None,
    force: bool,
) -> None:
    """Refuse options that do not go together (exit 2)."""
    if edit is not None and delete is not None:
        raise UsageProblem("--edit and --delete do not go together")
    changing = edit is not None or delete is not None
    if changing and (email is not None or reply_to is not None or quote is not None):
        raise UsageProblem("--email, --reply-to and --quote are for new comments")
    if delete is not None and text is not None:
        raise UsageProblem("--delete takes no TEXT")
    if force and not changing:
        raise UsageProblem("--force goes with --edit or --delete")


def _text(given: str | None, current: str, template: Callable[[], str]) -> str:
    """The comment's text: given, read from standard input (``-``), or written in $EDITOR
    starting from ``current``, above the ``template`` (cut off again)."""
    from newscli.text.drafts import without_template

    if given == "-":
        return context.stdin_text()
    if given is not None:
        return given
    missing = "no comment text: give TEXT, - to read standard input, or set $EDITOR"
    return without_template(context.compose(missing, current + template()))


def _template(
    store: "Store",
    ref: str,
    reply_to: str | None = None,
    quote: str | None = None,
    editing: bool = False,
) -> str:
    """What the editor says under the text: the article, the comment replied to, the
    passage, and how to give up."""
    from newscli import api
    from newscli.text.drafts import comment_template

    article = api.get_article(store, ref)
    wanted = (reply_to or "").strip().lower()
    parent = next((c for c in article.comments if wanted and c.id.startswith(wanted)), None)
    return comment_template(
        article.title, article.id, reply_to=parent, quote=quote, editing=editing
    )


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
