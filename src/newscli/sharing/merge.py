"""Merging two copies of an article file against their common ancestor, field by field.

``newscli sync`` and git's merge driver (``python -m newscli.merge_driver``) both merge with this.
The result does not depend on which copy is "ours": every choice between the two sides
is made by time, then by comparing the values themselves, and keyed collections are
written in a canonical order, so two people merging the same copies get the same bytes.

- votes (on the article and on comments): one per person; the same person on both sides:
  the later vote; a vote one side took back stays taken back;
- comments: every comment of both sides; an edit on one side wins over no change; two
  edits: the later text stays and the other goes to the comment's ``history``; a deletion
  wins over an edit (a comment deleted on one side that the other side replied to stays
  as a tombstone);
- imported tallies (votes counted on the site an article came from): a constant, three-way,
  never added up nor noted as a conflict; two different imports: the greater value;
- tags: a set, three-way; conflict notes: a set, three-way (a settled one stays settled);
- other fields (title, body, dateline, extra keys...): three-way; changed differently on
  both sides: the later side's value stays and the other's is noted in ``conflicts``;
- an article deleted on one side and changed on the other is kept, with a note.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from newscli.disk import atomic
from newscli.errors import CorruptArticle, InvalidInput
from newscli.model import codec
from newscli.model.article import (
    DELETED,
    Article,
    Comment,
    CommentVote,
    Conflict,
    EarlierText,
    Vote,
    canon,
    tag_key,
)

_T = TypeVar("_T")
SCALARS = (
    "title",
    "body",
    "dateline",
    "published",
    "url",
    "source",
    "author",
    "image",
    "image_caption",
    "format",
)
_COMMENT_FIELDS = (
    *("at", "author", "email", "parent", "quote", "quote_prefix", "quote_suffix"),
    *("signature", "deleted_by"),
)


@dataclass(frozen=True)
class Merged:
    """A merged file's text (None: the article stays deleted) and the conflicts it noted."""

    text: str | None
    conflicts: list[Conflict]


def _later(a: _T, a_time: datetime | None, b: _T, b_time: datetime | None) -> _T:
    """The value changed later; equal times: the greater value, so either order agrees."""
    key_a = (a_time.isoformat() if a_time else "", canon(_plain(a)))
    key_b = (b_time.isoformat() if b_time else "", canon(_plain(b)))
    return a if key_a >= key_b else b


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def three_way(base: _T, ours: _T, theirs: _T) -> tuple[_T, bool]:
    """The merged value, and whether both sides changed it differently (then ``ours``)."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def merge_texts(base: str | None, ours: str | None, theirs: str | None, name: str) -> Merged:
    """Merge three texts of one article file (None: no such file on that side).

    Raises CorruptArticle naming ``name`` and the side when ours or theirs cannot be read;
    an ancestor that cannot be read is merged as if there were none.
    """
    if ours == theirs or theirs == base:
        return Merged(ours, [])
    if ours == base:
        return Merged(theirs, [])
    ancestor = _parse_base(base)
    mine, other = _parse(ours, name, "ours"), _parse(theirs, name, "theirs")
    if mine is None or other is None:
        kept = mine if mine is not None else other
        if kept is None:  # deleted on both sides, with different texts before
            return Merged(None, [])
        note = Conflict(DELETED)
        if note not in kept.conflicts:
            kept.conflicts = _sorted_conflicts([*kept.conflicts, note])
        return Merged(codec.dumps(kept), [note])
    merged, noted = merge_articles(ancestor, mine, other)
    return Merged(codec.dumps(merged), noted)


def _parse(text: str | None, name: str, side: str) -> Article | None:
    if text is None:
        return None
    try:
        return codec.loads(text)
    except (InvalidInput, OverflowError, ValueError) as exc:
        raise CorruptArticle(f"{name} ({side}) cannot be merged: {exc}") from None


def _parse_base(text: str | None) -> Article | None:
    try:
        return codec.loads(text) if text else None
    except (InvalidInput, OverflowError, ValueError):
        return None


def merge_articles(
    base: Article | None, ours: Article, theirs: Article
) -> tuple[Article, list[Conflict]]:
    """The merge of two copies of an article, and the conflicts this merge noted."""
    if ours.id != theirs.id:
        raise CorruptArticle(f"cannot merge article {ours.id} with article {theirs.id}")
    old = base or Article(ours.id, "", "", ours.added, ours.added)
    noted: list[Conflict] = []
    values: dict[str, Any] = {}
    for key in SCALARS:
        values[key] = _field(key, getattr(old, key), ours, theirs, noted, getattr)
    values["extra"] = _merge_extra(old.extra, ours, theirs, noted)
    merged = Article(
        id=ours.id,
        added=min(ours.added, theirs.added),
        updated=max(ours.updated, theirs.updated),
        tags=_merge_tags(old.tags, ours.tags, theirs.tags),
        votes=_merge_votes(old.votes, ours.votes, theirs.votes),
        comments=_merge_comments(old.comments, ours, theirs),
        conflicts=_merge_conflicts(old.conflicts, ours.conflicts, theirs.conflicts, noted),
        imported_rating=_constant(*(a.imported_rating for a in (old, ours, theirs))),
        **values,
    )
    return merged, noted


def _field(
    key: str,
    base: Any,
    ours: Article,
    theirs: Article,
    noted: list[Conflict],
    get: Callable[[Article, str], Any],
) -> Any:
    """A field three-way; changed on both sides: the later one, noting the other."""
    mine, other = get(ours, key), get(theirs, key)
    value, clash = three_way(base, mine, other)
    if not clash:
        return value
    kept = _later(mine, ours.updated, other, theirs.updated)
    lost, lost_at = (other, theirs.updated) if kept is mine else (mine, ours.updated)
    noted.append(Conflict(key, lost, lost_at))
    return kept


def _merge_extra(
    base: dict[str, Any], ours: Article, theirs: Article, noted: list[Conflict]
) -> dict[str, Any]:
    merged = {}
    for key in sorted(ours.extra.keys() | theirs.extra.keys() | base.keys()):
        found: list[Conflict] = []
        value = _field(key, base.get(key), ours, theirs, found, lambda a, k: a.extra.get(k))
        noted += [replace(c, field=f"extra.{c.field}") for c in found]
        if value is not None:
            merged[key] = value
    return merged


def _merge_tags(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Tags as a set: what one side added or removed is added or removed."""
    value, clash = three_way(base, ours, theirs)
    if not clash:
        return list(value)
    old, mine, other = ({tag_key(t) for t in tags} for tags in (base, ours, theirs))
    keep = (mine & other) | (mine - old) | (other - old)
    spelling: dict[str, str] = {}
    for tag in sorted([*ours, *theirs]):
        spelling.setdefault(tag_key(tag), tag)
    first = [t for t in base if tag_key(t) in keep]
    seen = {tag_key(t) for t in first}
    return first + [spelling[k] for k in sorted(keep - seen)]


_V = TypeVar("_V", Vote, CommentVote)


def _merge_votes(base: list[_V], ours: list[_V], theirs: list[_V]) -> list[_V]:
    """One vote per voter; the later of two; one taken back on a side stays taken back."""
    return _merge_keyed(
        _by(base, _voter), _by(ours, _voter), _by(theirs, _voter), _vote_choice, _vote_order
    )


def _voter(vote: Vote | CommentVote) -> str:
    return vote.voter


def _vote_order(vote: Vote | CommentVote) -> tuple[datetime, str]:
    return vote.at, vote.voter


def _vote_choice(base: _V | None, ours: _V, theirs: _V) -> _V:
    value, clash = three_way(base, ours, theirs)
    if clash:
        return _later(ours, ours.at, theirs, theirs.at)
    return theirs if value is theirs else ours


def _by(items: Iterable[_T], key: Callable[[_T], str]) -> dict[str, _T]:
    """Items by key; a repeated key: the last one counts (as when a file is read)."""
    return {key(item): item for item in items}


def _merge_keyed(
    base: dict[str, _T],
    ours: dict[str, _T],
    theirs: dict[str, _T],
    choose: Callable[[_T | None, _T, _T], _T],
    order: Callable[[_T], Any],
) -> list[_T]:
    """Union by key: on both sides, ``choose``; on one side only, kept if it is new, and
    left out if the other side removed it."""
    merged = []
    for key in ours.keys() | theirs.keys():
        mine, other = ours.get(key), theirs.get(key)
        if mine is not None and other is not None:
            merged.append(choose(base.get(key), mine, other))
        elif key not in base:
            merged.append(mine if mine is not None else other)  # type: ignore[arg-type]
    return sorted(merged, key=order)


def _merge_comments(base: list[Comment], ours: Article, theirs: Article) -> list[Comment]:
    old, mine, other = _by(base, _cid), _by(ours.comments, _cid), _by(theirs.comments, _cid)
    merged = {c.id: c for c in _merge_keyed(old, mine, other, _merge_comment, _comment_order)}
    # A comment one side deleted outright, that the other side's replies still need: a tombstone.
    gone = {
        cid: (comment, (theirs if cid in mine else ours).updated)
        for cid, comment in (mine | other).items()
        if cid not in merged
    }
    wanted = [c.parent for c in merged.values() if c.parent in gone]
    while wanted:
        cid = wanted.pop()
        if cid in merged or cid not in gone:
            continue
        comment, when = gone[cid]
        merged[cid] = Comment(id=cid, text="", at=comment.at, parent=comment.parent, deleted=when)
        if comment.parent:
            wanted.append(comment.parent)
    return sorted(merged.values(), key=_comment_order)


def _cid(comment: Comment) -> str:
    return comment.id


def _comment_order(comment: Comment) -> tuple[datetime, str]:
    return comment.at, comment.id


def _merge_comment(base: Comment | None, ours: Comment, theirs: Comment) -> Comment:
    if ours == theirs:
        return ours
    if ours.deleted or theirs.deleted:  # a deletion wins over an edit
        stones = [c for c in (ours, theirs) if c.deleted]
        return min(stones, key=lambda c: (c.deleted, canon(_plain(c))))
    old = base or Comment(ours.id, "", ours.at)
    text, edited, earlier = _merge_text(old, ours, theirs)
    fields = {}
    for key in _COMMENT_FIELDS:
        value, clash = three_way(getattr(old, key), getattr(ours, key), getattr(theirs, key))
        mine, other = getattr(ours, key), getattr(theirs, key)
        fields[key] = _later(mine, None, other, None) if clash else value
    history = {(h.at, h.text): h for h in [*ours.history, *theirs.history, *earlier]}
    return Comment(
        id=ours.id,
        text=text,
        edited=edited,
        votes=_merge_votes(old.votes, ours.votes, theirs.votes),
        history=[history[k] for k in sorted(history)],
        imported_votes=_constant(old.imported_votes, ours.imported_votes, theirs.imported_votes),
        extra=_merge_mapping(old.extra, ours.extra, theirs.extra),
        **fields,
    )


def _merge_text(
    base: Comment, ours: Comment, theirs: Comment
) -> tuple[str, datetime | None, list[EarlierText]]:
    """A comment's text and edit time; two different edits: the later, and the other."""
    if ours.text == theirs.text:
        edited = max((t for t in (ours.edited, theirs.edited) if t), default=None)
        return ours.text, edited, []
    if ours.text == base.text:
        return theirs.text, theirs.edited, []
    if theirs.text == base.text:
        return ours.text, ours.edited, []
    mine, other = (ours.text, ours.edited or ours.at), (theirs.text, theirs.edited or theirs.at)
    kept = _later(mine, mine[1], other, other[1])
    lost = other if kept is mine else mine
    winner = ours if kept is mine else theirs
    return winner.text, winner.edited, [EarlierText(text=lost[0], at=lost[1])]


def _constant(base: _T, ours: _T, theirs: _T) -> _T:
    """An imported tally: the side that changed it (an import with ``--update``); both,
    differently: the greater, so that either order agrees. Never summed: both sides
    hold the same count from the same source."""
    value, clash = three_way(base, ours, theirs)
    return _later(ours, None, theirs, None) if clash else value


def _merge_mapping(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> dict[str, Any]:
    merged = {}
    for key in sorted(ours.keys() | theirs.keys() | base.keys()):
        mine, other = ours.get(key), theirs.get(key)
        value, clash = three_way(base.get(key), mine, other)
        value = _later(mine, None, other, None) if clash else value
        if value is not None:
            merged[key] = value
    return merged


def _conflict_key(conflict: Conflict) -> Hashable:
    return canon(_plain(conflict))


def _merge_conflicts(
    base: list[Conflict], ours: list[Conflict], theirs: list[Conflict], noted: list[Conflict]
) -> list[Conflict]:
    """Notes as a three-way set: a note one side settled stays settled; new ones added."""
    old, mine, other = ({_conflict_key(c): c for c in notes} for notes in (base, ours, theirs))
    keep = (mine.keys() & other.keys()) | (mine.keys() - old.keys()) | (other.keys() - old.keys())
    return _sorted_conflicts([(mine | other)[k] for k in keep] + noted)


def _sorted_conflicts(conflicts: Iterable[Conflict]) -> list[Conflict]:
    unique = {_conflict_key(c): c for c in conflicts}
    return [unique[k] for k in sorted(unique, key=lambda k: (unique[k].field, str(k)))]


def merge_state_texts(base: str | None, ours: str, theirs: str, name: str) -> str:
    """Merge two copies of one person's state file (the same person on two machines):
    subscriptions three-way. Raises InvalidInput."""
    from newscli.discussion.state import PersonState, state_from_text, state_text

    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    try:
        old = state_from_text(base) if base else None
        mine, other = state_from_text(ours), state_from_text(theirs)
    except (InvalidInput, OverflowError, ValueError) as exc:
        raise InvalidInput(f"{name} cannot be merged: {exc}") from None
    if old is None or old.name != mine.name:
        old = PersonState(mine.name)
    subscriptions = _merge_mapping(old.subscriptions, mine.subscriptions, other.subscriptions)
    merged = PersonState(
        name=mine.name,
        subscriptions=subscriptions,
        extra=_merge_mapping(old.extra, mine.extra, other.extra),
    )
    return state_text(merged)


def merge_file(base: Path, ours: Path, theirs: Path, name: str) -> Merged:
    """What git's merge driver does: merge the three files of ``name`` (a path in the data
    directory, ``articles/ID.toml`` or ``state/NAME.toml``) and write the result over
    ``ours``. Raises a NewsError, leaving ``ours`` as it was, when it cannot merge them."""
    texts = [_read(path, name) for path in (base, ours, theirs)]
    old, mine, other = texts
    if name.startswith("state/"):
        merged = Merged(merge_state_texts(old or None, mine or "", other or "", name), [])
    elif name.startswith("articles/"):
        merged = merge_texts(old or None, mine, other, name)
    else:
        raise InvalidInput(f"{name} is not a newscli article or state file")
    if merged.text is not None and merged.text != mine:
        atomic.write_bytes(ours, merged.text.encode("utf-8"))
    return merged


def _read(path: Path, name: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptArticle(f"{name}: not valid UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise CorruptArticle(f"{name}: cannot read: {exc.strerror}") from None
