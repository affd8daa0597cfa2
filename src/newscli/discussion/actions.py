"""Changing an article's discussion: star ratings and taking them back, comments and
replies, votes on comments, editing and deleting comments, and a reader's tags.

Every change is a read-modify-write of the article file under its lock (``Store.update``);
a refusal raises before anything is written, so the file stays as it was. Taking back a
vote and deleting a comment leave a dated record (a ``Retraction``, a tombstone), so that
a merge with a copy that has not seen them yet carries them out there too. Every record is
dated with a stamp of the store's clock (``Store.stamp``), past everything in the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from newscli import ids
from newscli.discussion.signing import Signer, sign_entry
from newscli.errors import InvalidInput
from newscli.model import limits
from newscli.model.article import Article, Comment, CommentVote, Rating, Retraction, Vote, tag_key
from newscli.model.cleaning import clean_body, clean_line, clean_tags
from newscli.model.people import person_name, same_person
from newscli.model.signed import (
    comment_form,
    comment_vote_form,
    deletion_form,
    retraction_form,
    vote_form,
)
from newscli.model.threads import imported_net, net_votes, shown_comments
from newscli.store.store import Store

if TYPE_CHECKING:
    from newscli.model.quotes import Passage

VOTE_VALUES = {"up": 1, "down": -1, "clear": 0}


def find_comment(article: Article, comment_ref: str) -> Comment:
    """The comment of ``article`` whose id starts with ``comment_ref`` (at least 4
    characters); raises InvalidId, NotFound or AmbiguousId."""
    found = ids.resolve(comment_ref, [c.id for c in article.comments], "comment")
    return next(c for c in article.comments if c.id == found)


@dataclass(frozen=True)
class CommentVoted:
    """A comment's net votes after a vote, and the voter's earlier vote, if any."""

    article_id: str
    comment_id: str
    net: int
    replaced: CommentVote | None
    imported: int = 0  # the net of the tally the comment was imported with


def vote_comment(
    store: Store,
    ref: str,
    comment_ref: str,
    voter: str,
    value: str,
    signer: Signer | None = None,
) -> CommentVoted:
    """Record ``voter``'s vote ``up`` or ``down`` on a comment, replacing their earlier one,
    or take it back with ``clear``; ``signer`` signs the vote.

    Refused: voting on one's own comment or on a deleted one, voting twice the same way,
    clearing a vote that is not there.
    """
    if value not in VOTE_VALUES:
        raise InvalidInput(f"a vote is up, down or clear, not {value!r}")
    amount = VOTE_VALUES[value]
    name = person_name(voter, "the voter's name")
    ids.normalise_prefix(comment_ref, "comment")  # refuse a bad id before taking the lock
    article_id = store.resolve(ref)

    def vote(article: Article) -> CommentVoted:
        comment = find_comment(article, comment_ref)
        live_comment(comment)
        if same_person(comment.author, name):
            raise InvalidInput(f"comment {comment.id} is yours: you cannot vote on it")
        earlier = next((v for v in reversed(comment.votes) if same_person(v.voter, name)), None)
        if amount == 0 and earlier is None:
            raise InvalidInput(f"{name} has no vote on comment {comment.id} to clear")
        if earlier is not None and earlier.value == amount:
            raise InvalidInput(f"{name} has already voted {value} on comment {comment.id}")
        at = store.stamp(article)  # past the vote replaced too
        comment.votes = [v for v in comment.votes if not same_person(v.voter, name)]
        comment.retracted = [r for r in comment.retracted if not same_person(r.voter, name)]
        if amount:
            cast = CommentVote(voter=name, value=amount, at=at)
            cast.signature = sign_entry(signer, comment_vote_form(article.id, comment.id, cast))
            comment.votes.append(cast)
        else:
            taken = Retraction(voter=name, at=at)
            taken.signature = sign_entry(signer, retraction_form(article.id, comment.id, taken))
            comment.retracted.append(taken)
        net = net_votes(comment)
        return CommentVoted(article.id, comment.id, net, earlier, imported_net(comment))

    return store.update(article_id, vote)


def _authorise(comment: Comment, actor: str | None, force: bool, verb: str) -> None:
    """Refuse unless ``actor`` wrote the comment (names compared in their one spelling);
    a comment with no author has no owner and can be changed only with ``force``."""
    if comment.deleted:
        raise InvalidInput(f"comment {comment.id} is deleted already")
    if comment.author is None:
        if not force:
            raise InvalidInput(
                f"comment {comment.id} is anonymous: only the store's owner can {verb} it,"
                " with --force"
            )
    elif not same_person(comment.author, person_name(actor, "your name")):
        raise InvalidInput(f"comment {comment.id} is {comment.author}'s: only they can {verb} it")


def edit_comment(
    store: Store,
    ref: str,
    comment_ref: str,
    text: str,
    actor: str | None,
    force: bool = False,
    signer: Signer | None = None,
) -> Comment:
    """Replace the text of ``actor``'s comment and mark it ``edited`` now; returns it.

    The earlier text is not kept. An empty or unchanged text is refused. ``signer`` signs
    the comment as it now stands; without one, an earlier signature goes (it no longer
    matches).
    """
    body = limits.body(clean_body(text, "the comment"), "the comment")
    if not body:
        raise InvalidInput("the new text is empty; nothing was saved (delete the comment instead)")
    ids.normalise_prefix(comment_ref, "comment")
    article_id = store.resolve(ref)

    def edit(article: Article) -> Comment:
        comment = find_comment(article, comment_ref)
        _authorise(comment, actor, force, "edit")
        if comment.text == body:
            raise InvalidInput(f"the text of comment {comment.id} is unchanged; nothing was saved")
        comment.text = body
        comment.edited = store.stamp(article)
        comment.signature = sign_entry(signer, comment_form(article.id, comment))
        return comment

    return store.update(article_id, edit)


def editable_text(
    store: Store, ref: str, comment_ref: str, actor: str | None, force: bool = False
) -> str:
    """The text of a comment that ``actor`` may edit (to start an editor with); refuses
    as ``edit_comment`` would. Nothing is locked or written."""
    ids.normalise_prefix(comment_ref, "comment")
    comment = find_comment(store.load(store.resolve(ref)), comment_ref)
    _authorise(comment, actor, force, "edit")
    return comment.text


@dataclass(frozen=True)
class Deleted:
    """What deleting a comment did: ``kept`` when the page still shows it, as a
    placeholder, because it has replies."""

    article_id: str
    comment_id: str
    kept: bool


def delete_comment(
    store: Store,
    ref: str,
    comment_ref: str,
    actor: str | None,
    force: bool = False,
    signer: Signer | None = None,
) -> Deleted:
    """Delete ``actor``'s comment: it becomes a tombstone (id, time, parent and when it was
    deleted; nothing else, unless ``signer`` signs the deletion: then who deleted it and
    the signature), which the page shows only while it has replies. Deleting twice is
    refused."""
    ids.normalise_prefix(comment_ref, "comment")
    article_id = store.resolve(ref)

    def delete(article: Article) -> Deleted:
        comment = find_comment(article, comment_ref)
        _authorise(comment, actor, force, "delete")
        stone = tombstone(comment, store.stamp(article))
        if signer is not None and actor is not None:
            stone.deleted_by = person_name(actor, "your name")
            stone.signature = sign_entry(signer, deletion_form(article.id, stone))
        article.comments[article.comments.index(comment)] = stone
        shown = {c.id for c in shown_comments(article.comments)}
        return Deleted(article.id, comment.id, kept=comment.id in shown)

    return store.update(article_id, delete)


def tombstone(comment: Comment, at: datetime) -> Comment:
    """What is left of a deleted comment: where it was, and when it went (``at``)."""
    return Comment(id=comment.id, text="", at=comment.at, parent=comment.parent, deleted=at)


@dataclass(frozen=True)
class RatingCleared:
    """The article's rating once a vote was taken back, and that vote."""

    article_id: str
    rating: Rating
    removed: Vote


def clear_rating(store: Store, ref: str, voter: str, signer: Signer | None = None) -> RatingCleared:
    """Take back ``voter``'s star rating of an article; refused when they have none.
    ``signer`` signs the retraction."""
    name = person_name(voter, "the voter's name")
    article_id = store.resolve(ref)

    def clear(article: Article) -> RatingCleared:
        earlier = next((v for v in article.votes if same_person(v.voter, name)), None)
        if earlier is None:
            raise InvalidInput(f"{name} has not rated article {article.id}")
        at = store.stamp(article)  # past the vote taken back too
        article.votes.remove(earlier)
        article.retracted = [r for r in article.retracted if not same_person(r.voter, name)]
        taken = Retraction(voter=name, at=at)
        taken.signature = sign_entry(signer, retraction_form(article.id, None, taken))
        article.retracted.append(taken)
        return RatingCleared(article.id, article.rating, earlier)

    return store.update(article_id, clear)


@dataclass(frozen=True)
class RateResult:
    """The article's rating after a vote, and the vote it replaced, if any."""

    article_id: str
    rating: Rating
    replaced: Vote | None


def rate_article(
    store: Store, ref: str, voter: str, stars: int, signer: Signer | None = None
) -> RateResult:
    """Record ``voter``'s vote of 1..5 stars; a voter's new vote replaces their earlier one.
    ``signer`` signs it."""
    stars = limits.stars(stars)
    name = person_name(voter, "the voter's name")
    article_id = store.resolve(ref)

    def vote(article: Article) -> RateResult:
        earlier = next((v for v in article.votes if same_person(v.voter, name)), None)
        at = store.stamp(article)  # past the vote replaced too
        if earlier is not None:
            article.votes.remove(earlier)
        article.retracted = [r for r in article.retracted if not same_person(r.voter, name)]
        vote = Vote(voter=name, stars=stars, at=at)
        vote.signature = sign_entry(signer, vote_form(article.id, vote))
        article.votes.append(vote)
        return RateResult(article.id, article.rating, earlier)

    return store.update(article_id, vote)


def check_comment(
    store: Store,
    ref: str,
    *,
    email: str | None = None,
    reply_to: str | None = None,
    quote: str | None = None,
) -> str:
    """Refuse a comment's article, address, parent or quoted passage before any text is written.

    Returns the article's full id. Nothing is locked or written, so a refusal leaves the
    data directory exactly as it was.
    """
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", email.strip()):
        raise InvalidInput(f"'{email}' does not look like an e-mail address")
    article_id = store.resolve(ref)
    if reply_to is not None or quote is not None:
        article = store.load(article_id)
        if reply_to is not None:
            parent = ids.normalise_prefix(reply_to, "comment")
            live_comment(find_comment(article, parent))
        if quote is not None:
            _passage(article.body, limits.text(quote, "the quoted passage"))
    return article_id


def live_comment(comment: Comment) -> Comment:
    """``comment``, if it may be voted on or replied to: not a deleted one's placeholder
    (one rule for both). Raises InvalidInput."""
    if comment.deleted:
        raise InvalidInput(f"comment {comment.id} was deleted: it takes no votes or replies")
    return comment


def _passage(body: str, quote: str) -> Passage:
    from newscli.model.quotes import find_passage  # only comments that quote need it

    return find_passage(body, quote)


def comment_on(
    store: Store,
    ref: str,
    text: str,
    *,
    author: str | None = None,
    email: str | None = None,
    reply_to: str | None = None,
    quote: str | None = None,
    at: datetime | None = None,
    signer: Signer | None = None,
) -> Comment:
    """Add a comment (or, with ``reply_to``, a reply to one) and return it.

    With ``quote``, the comment is inline feedback on that passage of the body, which
    must occur there once (white space and the style of quote marks aside). ``at`` is
    the comment's time (default: now). ``signer`` signs it (an anonymous one is unsigned).
    """
    body = limits.body(clean_body(text, "the comment"), "the comment")
    if not body:
        raise InvalidInput("the comment is empty; nothing was saved")
    name = None if author is None else person_name(author, "the author's name")
    address = clean_line(email, "the e-mail address")
    article_id = check_comment(store, ref, email=address, reply_to=reply_to, quote=quote)
    parent_prefix = ids.normalise_prefix(reply_to, "comment") if reply_to is not None else None

    def add(article: Article) -> Comment:
        taken = [c.id for c in article.comments]
        parent = live_comment(find_comment(article, parent_prefix)).id if parent_prefix else None
        # Found again under the lock: the body may have changed since the check.
        passage = _passage(article.body, quote) if quote is not None else None
        comment = Comment(
            id=ids.new_id(ids.COMMENT_ID_LENGTH, taken),
            text=body,
            at=at or store.stamp(article),
            author=name,
            email=address,
            parent=parent,
            quote=passage.quote if passage else None,
            quote_prefix=passage.prefix if passage else None,
            quote_suffix=passage.suffix if passage else None,
        )
        if name is not None:
            comment.signature = sign_entry(signer, comment_form(article.id, comment))
        limits.comments([*article.comments, comment])  # refused before anything is written
        article.comments.append(comment)
        return comment

    return store.update(article_id, add)


def tag_article(
    store: Store, ref: str, add: Sequence[str] = (), remove: Sequence[str] = ()
) -> list[str]:
    """Add and remove tags (compared ignoring case and spacing); returns the tags after."""
    if any(not tag.split() for tag in [*add, *remove]):
        raise InvalidInput("a tag cannot be empty")
    article_id = store.resolve(ref)
    adding, removing = clean_tags(list(add)), {tag_key(t) for t in clean_tags(list(remove))}
    if not (adding or removing):
        return store.load(article_id).tags

    def change(article: Article) -> list[str]:
        kept = [t for t in article.tags if tag_key(t) not in removing]
        after = clean_tags([*kept, *adding])
        if len(after) > len(article.tags):  # an article over the limit may still shed tags
            limits.tags(after)
        article.tags = after
        return article.tags

    return store.update(article_id, change)
