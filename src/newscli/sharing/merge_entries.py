"""Merging the dated entries of a discussion, those on both sides one by one: votes and
their retractions (one record a voter), and comments (every comment of both sides; their
text, votes, history and fields). ``sharing.merge`` says the rules."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from itertools import chain
from typing import TypeVar

from newscli.model.article import Comment, CommentVote, EarlierText, Retraction, Vote, canon
from newscli.model.people import normal_name
from newscli.sharing.merge_rules import (
    NONE,
    by_key,
    constant,
    later,
    merge_mapping,
    plain,
    three_way,
)

_COMMENT_FIELDS = (
    *("at", "author", "email", "parent", "quote", "quote_prefix", "quote_suffix"),
    "deleted_by",
)


_V = TypeVar("_V", Vote, CommentVote)
Ballots = tuple[list[_V], list[Retraction]]
"""One side's votes and retractions of them."""


def merge_ballots(
    base: Ballots[_V],
    ours: Ballots[_V],
    theirs: Ballots[_V],
) -> tuple[list[_V], list[Retraction]]:
    """One record per voter, a vote or a retraction: the one side's, when the other has
    none; a signed one over one without a signature; the one side's, when the other has
    the ancestor's; else the later of the two. A voter one side has no record of has not
    been seen there: nothing leaves but through a later retraction."""
    old, mine, other = (_records(*ballots) for ballots in (base, ours, theirs))
    chosen: list[_V | Retraction] = []
    for voter in mine.keys() | other.keys():
        a, b = mine.get(voter), other.get(voter)
        if a is None or b is None or a == b:
            chosen.append(a or b)  # type: ignore[arg-type]
        elif bool(a.signature) != bool(b.signature):
            chosen.append(a if a.signature else b)
        elif b == old.get(voter):
            chosen.append(a)
        elif a == old.get(voter):
            chosen.append(b)
        else:
            chosen.append(later(a, a.at, b, b.at))
    chosen.sort(key=lambda r: (r.at, normal_name(r.voter), r.voter))
    votes = [r for r in chosen if not isinstance(r, Retraction)]
    return votes, [r for r in chosen if isinstance(r, Retraction)]


def _records(votes: list[_V], retracted: list[Retraction]) -> dict[str, _V | Retraction]:
    """Each voter's record on one side (a file holding both for one voter: the later)."""
    found: dict[str, _V | Retraction] = {}
    records: Iterable[_V | Retraction] = votes
    for record in chain(records, retracted):
        earlier = found.get(record.voter)
        if earlier is None or later(earlier, earlier.at, record, record.at) is record:
            found[record.voter] = record
    return found


def _cid(comment: Comment) -> str:
    return comment.id


def _comment_order(comment: Comment) -> tuple[datetime, str, str]:
    """Comments in the order they were written: by stamp, then author, then id."""
    return comment.at, normal_name(comment.author or ""), comment.id


def merge_comments(
    base: list[Comment], ours: list[Comment], theirs: list[Comment]
) -> list[Comment]:
    """Every comment of both sides, those on both merged one by one."""
    old, mine, other = by_key(base, _cid), by_key(ours, _cid), by_key(theirs, _cid)
    merged = []
    for cid in mine.keys() | other.keys():
        a, b = mine.get(cid), other.get(cid)
        if a is None or b is None:
            merged.append(a or b)
        else:
            merged.append(_merge_comment(old.get(cid), a, b))
    return sorted((c for c in merged if c is not None), key=_comment_order)


def _merge_comment(base: Comment | None, ours: Comment, theirs: Comment) -> Comment:
    if ours == theirs:
        return ours
    if ours.deleted or theirs.deleted:
        # A deletion wins over an edit (a tombstone names nobody, unless its deletion was
        # signed); of two, a signed one, then the first, stands.
        stones = [c for c in (ours, theirs) if c.deleted]
        return min(stones, key=lambda c: (not c.signature, c.deleted, canon(plain(c))))
    kept, earlier = _merge_content(base, ours, theirs)
    fields = {}
    for key in _COMMENT_FIELDS:
        mine, other = getattr(ours, key), getattr(theirs, key)
        old = getattr(base, key) if base is not None else NONE
        value, clash = three_way(old, mine, other)
        fields[key] = later(mine, None, other, None) if clash else value
    votes, retracted = merge_ballots(
        (base.votes, base.retracted) if base else ([], []),
        (ours.votes, ours.retracted),
        (theirs.votes, theirs.retracted),
    )
    return Comment(
        id=ours.id,
        text=kept.text,
        edited=kept.edited,
        signature=kept.signature,
        votes=votes,
        retracted=retracted,
        history=_merge_history([*ours.history, *theirs.history, *earlier]),
        imported_votes=constant(
            base.imported_votes if base else None, ours.imported_votes, theirs.imported_votes
        ),
        extra=merge_mapping(base.extra if base else {}, ours.extra, theirs.extra),
        **fields,
    )


def _content(comment: Comment) -> tuple[str, datetime | None, str | None]:
    """What its author wrote and signed: the text, when it was edited, the signature."""
    return comment.text, comment.edited, comment.signature


def _merge_content(
    base: Comment | None, ours: Comment, theirs: Comment
) -> tuple[Comment, list[EarlierText]]:
    """The side whose text stays, with its edit time and its signature (a signature follows
    the text it signs), and the other text if it goes: one with a signature over one
    without; the side that changed over the ancestor's; else the later edit."""
    mine, other = _content(ours), _content(theirs)
    if mine == other:
        return ours, []
    old = _content(base) if base is not None else NONE
    if bool(ours.signature) != bool(theirs.signature):
        kept = ours if ours.signature else theirs
    elif other == old:
        kept = ours
    elif mine == old:
        kept = theirs
    else:
        first = later(mine, ours.edited or ours.at, other, theirs.edited or theirs.at)
        kept = ours if first is mine else theirs
    lost = theirs if kept is ours else ours
    if lost.text == kept.text:
        return kept, []
    return kept, [EarlierText(text=lost.text, at=lost.edited or lost.at)]


def _merge_history(texts: list[EarlierText]) -> list[EarlierText]:
    """Texts set aside, once each (the latest time a text had), oldest first."""
    latest: dict[str, EarlierText] = {}
    for item in texts:
        if item.text not in latest or item.at > latest[item.text].at:
            latest[item.text] = item
    return sorted(latest.values(), key=lambda h: (h.at, h.text))
