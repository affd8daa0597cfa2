"""An article from the mapping its TOML file holds (``model.written`` makes that mapping):
every key checked (a wrong type, a repeated voter, a reply to no comment are errors that
name the key), keys newscli does not know kept under ``extra``, nesting held to the limit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from newscli import ids
from newscli.dates import to_utc
from newscli.errors import InvalidInput
from newscli.model.article import (
    BODY_FORMATS,
    COMMENT_VOTE_VALUES,
    MAX_STARS,
    OPTIONAL_TEXT,
    QUOTE_KEYS,
    READABLE_SCHEMAS,
    Article,
    Comment,
    CommentVote,
    Conflict,
    EarlierText,
    Retraction,
    Vote,
)
from newscli.model.fields import Fields
from newscli.model.tally import ImportedVotes, imported_rating, imported_votes
from newscli.model.values import nesting
from newscli.model.written import kept_side


def from_record(data: Mapping[str, Any]) -> Article:
    """Build an Article from a TOML record, checking every type; raises InvalidInput.

    Unknown top-level keys are kept under ``extra`` so that nothing is lost.
    """
    read = Fields(data, "")
    schema = read.integer("schema")
    if schema not in READABLE_SCHEMAS:
        raise InvalidInput(
            f"unsupported schema {schema} (this newscli reads schemas"
            f" {' and '.join(map(str, READABLE_SCHEMAS))})"
        )
    article_id = read.text("id")
    if not ids.ARTICLE_ID_RE.fullmatch(article_id):
        raise InvalidInput(
            f"'id' is not a valid article id: {article_id[:40]!r}"
            f" ({ids.shape(ids.ARTICLE_ID_LENGTH)})"
        )
    article = Article(
        id=article_id,
        title=read.text("title"),
        body=read.text("body"),
        added=read.time("added"),
        updated=read.optional_time("updated") or read.time("added"),
        published=read.optional_time("published"),
        tags=read.strings("tags"),
        votes=_checked_votes(read.items("votes", _vote_from)),
        retracted=read.items("retracted", _retraction_from),
        comments=_checked_comments(read.items("comments", _comment_from)),
        conflicts=read.items("conflicts", _conflict_from),
        imported_rating=imported_rating(read.data.get("imported_rating")),
        format=body_format(read.optional_text("format") or "text"),
        extra=read.table("extra"),
        changed=_changed(read.table("changed")),
        changed_by=_changed_by(read.table("changed_by")),
        **{key: read.optional_text(key) for key in OPTIONAL_TEXT},
    )
    read.seen.add("imported_rating")
    _one_ballot_each(article.votes, article.retracted)
    unknown = read.rest()
    clash = sorted(unknown.keys() & article.extra.keys())
    if clash:
        raise InvalidInput(f"'{clash[0]}' is both a top-level key and a key in [extra]")
    article.extra.update(unknown)
    article.conflicts = [kept_side(article, c) for c in article.conflicts]
    return _within_nesting(article)


def _within_nesting(article: Article) -> Article:
    """``article`` if its free-form values (``extra``, unknown keys, a conflict's value)
    nest within ``MAX_NESTING`` levels, counted from the file's top; raises InvalidInput.
    The typed keys have a fixed shape, so only these can hide a deep table."""
    nesting(article.extra, "extra", 1)
    for number, vote in enumerate(article.votes, start=1):
        nesting(vote.extra, f"votes #{number}", 2)
    for number, retraction in enumerate(article.retracted, start=1):
        nesting(retraction.extra, f"retracted #{number}", 2)
    for number, comment in enumerate(article.comments, start=1):
        if comment.extra:
            nesting(comment.extra, f"comments #{number}", 2)
        for place, cast in enumerate(comment.votes, start=1):
            if cast.extra:  # votes written as newscli writes them have none
                nesting(cast.extra, f"comments #{number} votes #{place}", 4)
        for place, taken in enumerate(comment.retracted, start=1):
            nesting(taken.extra, f"comments #{number} retracted #{place}", 4)
    for number, conflict in enumerate(article.conflicts, start=1):
        nesting(conflict.value, f"conflicts #{number}.value", 3)
    return article


def body_format(value: str) -> str:
    """``value`` if it is a body format newscli knows; raises InvalidInput."""
    if value not in BODY_FORMATS:
        raise InvalidInput(f"'format' must be one of {', '.join(BODY_FORMATS)}, not {value!r}")
    return value


def _checked_comments(comments: list[Comment]) -> list[Comment]:
    """Comment ids must be well formed and unique, or replies could not name them."""
    seen: set[str] = set()
    for number, comment in enumerate(comments, start=1):
        if not ids.COMMENT_ID_RE.fullmatch(comment.id):
            raise InvalidInput(
                f"comments #{number}: 'id' is not a valid comment id: {comment.id[:40]!r}"
                f" ({ids.shape(ids.COMMENT_ID_LENGTH)})"
            )
        if comment.id in seen:
            raise InvalidInput(f"comments #{number}: the id '{comment.id}' is used twice")
        seen.add(comment.id)
    return comments


def _changed(table: dict[str, Any]) -> dict[str, datetime]:
    """The ``changed`` table: a date-time for each field named."""
    for key, value in table.items():
        if not isinstance(value, datetime):
            raise InvalidInput(f"'changed.{key}' must be a date-time")
    return {key: to_utc(value) for key, value in table.items()}


def _changed_by(table: dict[str, Any]) -> dict[str, str]:
    """The ``changed_by`` table: a name for each field named."""
    for key, value in table.items():
        if not isinstance(value, str):
            raise InvalidInput(f"'changed_by.{key}' must be a string")
    return dict(table)


def _one_ballot_each(votes: list[Vote], retracted: list[Retraction]) -> None:
    """A voter has a vote or a retraction of one, not both (nor two retractions)."""
    seen = {vote.voter for vote in votes}
    for number, retraction in enumerate(retracted, start=1):
        if retraction.voter in seen:
            raise InvalidInput(
                f"retracted #{number}: '{retraction.voter}' has a vote or a retraction already"
            )
        seen.add(retraction.voter)


def _checked_votes(votes: list[Vote]) -> list[Vote]:
    """One vote per voter, or ``rate`` could not tell which vote to replace."""
    seen: set[str] = set()
    for number, vote in enumerate(votes, start=1):
        if vote.voter in seen:
            raise InvalidInput(f"votes #{number}: '{vote.voter}' has voted already")
        seen.add(vote.voter)
    return votes


def _vote_from(read: Fields) -> Vote:
    stars = read.integer("stars")
    if not 1 <= stars <= MAX_STARS:
        raise InvalidInput(f"{read.where}'stars' must be 1 to {MAX_STARS}, not {stars}")
    return Vote(
        voter=read.text("voter"),
        stars=stars,
        at=read.time("at"),
        signature=read.optional_text("signature"),
        extra=read.rest(),
    )


def _comment_from(read: Fields) -> Comment:
    written = _written_comment(read.data)
    if written is not None:
        return written
    deleted = read.optional_time("deleted")
    return Comment(
        id=read.text("id"),
        # A tombstone has no text; a file that still has one keeps it (``check`` says so).
        text=(read.optional_text("text") or "") if deleted else read.text("text"),
        at=read.time("at"),
        author=read.optional_text("author"),
        email=read.optional_text("email"),
        parent=read.optional_text("parent"),
        **{key: read.optional_text(key) for key in QUOTE_KEYS},
        edited=read.optional_time("edited"),
        deleted=deleted,
        deleted_by=read.optional_text("deleted_by"),
        signature=read.optional_text("signature"),
        # Repeated voters are read (a merge can make them); the last vote counts.
        votes=_comment_votes(read),
        retracted=read.items("retracted", _retraction_from),
        history=read.items("history", _earlier_text_from),
        imported_votes=_imported_votes(read),
        extra=read.rest(),
    )


def _imported_votes(read: Fields) -> ImportedVotes | None:
    read.seen |= {"imported_up", "imported_down"}
    get = read.data.get
    return imported_votes(get("imported_up"), get("imported_down"), read.where)


# The keys of a comment as newscli writes it (no history, no unknown keys) and their types.
_WRITTEN_COMMENT: dict[str, type] = {
    **dict.fromkeys(("id", "author", "email", "parent", "text", "signature", "deleted_by"), str),
    **dict.fromkeys(QUOTE_KEYS, str),
    **dict.fromkeys(("at", "edited", "deleted"), datetime),
    "votes": list,
}


def _written_comment(data: Mapping[str, Any]) -> Comment | None:
    """The comment, if ``data`` has the shape newscli writes: every key known and of its
    exact type, and votes as ``_written_votes`` takes them. The same Comment the checks key
    by key would give, in a third of their time; None for any other shape."""
    for key, value in data.items():
        if type(value) is not _WRITTEN_COMMENT.get(key):
            return None
    get = data.get
    deleted, text = get("deleted"), get("text")
    votes = _written_votes(get("votes", []))
    if "id" not in data or "at" not in data or (text is None and deleted is None) or votes is None:
        return None
    edited = get("edited")
    return Comment(
        id=data["id"],
        text=text or "",
        at=to_utc(data["at"]),
        author=get("author") or None,
        email=get("email") or None,
        parent=get("parent") or None,
        quote=get("quote") or None,
        quote_prefix=get("quote_prefix") or None,
        quote_suffix=get("quote_suffix") or None,
        edited=None if edited is None else to_utc(edited),
        deleted=None if deleted is None else to_utc(deleted),
        votes=votes,
        signature=get("signature") or None,
        deleted_by=get("deleted_by") or None,
    )


def _retraction_from(read: Fields) -> Retraction:
    return Retraction(
        voter=read.text("voter"),
        at=read.time("at"),
        signature=read.optional_text("signature"),
        extra=read.rest(),
    )


def _earlier_text_from(read: Fields) -> EarlierText:
    return EarlierText(text=read.text("text"), at=read.time("at"))


def _conflict_from(read: Fields) -> Conflict:
    read.seen.add("value")
    return Conflict(
        field=read.text("field"),
        value=read.data.get("value"),
        at=read.optional_time("at"),
        by=read.optional_text("by"),
        kept_by=read.optional_text("kept_by"),
        kept_at=read.optional_time("kept_at"),
    )


def _comment_votes(read: Fields) -> list[CommentVote]:
    """A comment's votes: as ``_written_votes`` takes them, else checked key by key, as
    every other record is."""
    values = read.data.get("votes")
    votes = _written_votes(values) if type(values) is list else None
    if votes is None:
        return read.items("votes", _comment_vote_from)
    read.seen.add("votes")
    return votes


def _written_votes(values: list[Any]) -> list[CommentVote] | None:
    """Votes in the exact shape newscli writes (a voter, a value of 1 or -1, a date-time,
    perhaps a signature), taken as they are, so that an article with tens of thousands
    loads quickly; None when any vote has another shape."""
    votes = []
    for vote in values:
        if type(vote) is not dict or len(vote) != 3 + ("signature" in vote):
            return None
        voter, value, at = vote.get("voter"), vote.get("value"), vote.get("at")
        if type(voter) is not str or type(value) is not int or type(at) is not datetime:
            return None
        if value not in COMMENT_VOTE_VALUES:
            return None
        signature = vote.get("signature")
        if signature is not None and type(signature) is not str:
            return None
        votes.append(CommentVote(voter, value, to_utc(at), signature=signature or None))
    return votes


def _comment_vote_from(read: Fields) -> CommentVote:
    value = read.integer("value")
    if value not in COMMENT_VOTE_VALUES:
        raise InvalidInput(f"{read.where}'value' must be 1 or -1, not {value}")
    return CommentVote(
        voter=read.text("voter"),
        value=value,
        at=read.time("at"),
        signature=read.optional_text("signature"),
        extra=read.rest(),
    )
