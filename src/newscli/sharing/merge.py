"""Merging two copies of an article file, field by field, against their common ancestor
when there is one.

``newscli sync`` and git's merge driver (``python -m newscli.merge_driver``) both merge
with this. The result never depends on which copy is "ours", nor, for three or more
copies, on the order they are merged in: every choice between two values is made by the
time each was written, then by comparing the values themselves (``_later``), and keyed
collections are written in a canonical order, so everyone merging the same copies gets
the same bytes.

- votes (on the article and on comments): one per person; of a person's vote and their
  taking it back (a dated ``Retraction``), changed on both sides, the later stands.
  Nothing one side has is dropped for the other side's not having it: an entry leaves a
  merge only through a dated record that says so;
- comments: every comment of both sides. An edit on one side wins over no change; two
  edits: the later text stays and the other goes to the comment's ``history``; a deletion
  (a tombstone, dated) wins over an edit, and the earlier of two deletions stays;
- imported tallies (votes counted on the site an article came from): a constant, three-way,
  never added up nor noted as a conflict; two different imports: the greater value;
- tags: a set, three-way; conflict notes: a set, three-way (a settled one stays settled);
- other fields (title, body, dateline, ``extra`` keys...): three-way; changed differently
  on both sides: the one changed later (``Article.changed``) stays and the other is
  noted in ``conflicts``;
- a copy that cannot be read (its TOML, its shape, nesting past the limit) is refused:
  the other copy is kept, with a note; an article deleted on one side and changed on the
  other is kept, with a note.

Without an ancestor (two copies that came to be apart), a field the copies hold
differently counts as changed on both sides.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from newscli.disk import atomic
from newscli.errors import CorruptArticle, InvalidInput
from newscli.model import codec
from newscli.model.article import (
    DELETED,
    FIELDS,
    UNREADABLE,
    Article,
    Comment,
    CommentVote,
    Conflict,
    EarlierText,
    Retraction,
    Vote,
    canon,
    tag_key,
)

_T = TypeVar("_T")
_COMMENT_FIELDS = (
    *("at", "author", "email", "parent", "quote", "quote_prefix", "quote_suffix"),
    *("signature", "deleted_by"),
)
_NONE: Any = object()
"""Stands for "no ancestor": every value differs from it."""


@dataclass(frozen=True)
class Merged:
    """A merged file's text (None: the article stays deleted) and the conflicts it noted."""

    text: str | None
    conflicts: list[Conflict]

    @property
    def refused(self) -> bool:
        """Whether a copy could not be read, and the other was kept."""
        return any(c.field == UNREADABLE for c in self.conflicts)


def _order(value: Any, at: datetime | None) -> tuple[str, str]:
    """What ``_later`` compares: the time (none is earliest), then the value's canonical
    text, so that two values of the same time still have one order, the same everywhere."""
    return (at.isoformat() if at else "", canon(_plain(value)))


def _later(a: _T, a_time: datetime | None, b: _T, b_time: datetime | None) -> _T:
    """The value written later; of the same time, the greater value, so either order agrees."""
    return a if _order(a, a_time) >= _order(b, b_time) else b


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


# --- files ------------------------------------------------------------------------------


def merge_texts(base: str | None, ours: str | None, theirs: str | None, name: str) -> Merged:
    """Merge three texts of one article file (None: no such file on that side).

    A side that cannot be read is refused and the other kept, with a note; raises
    CorruptArticle naming ``name`` only when neither side can be read. An ancestor that
    cannot be read is merged as if there were none.
    """
    if ours == theirs or theirs == base:
        return Merged(ours, [])
    if ours == base:
        return Merged(theirs, [])
    mine, mine_problem = _parse(ours)
    other, other_problem = _parse(theirs)
    if mine_problem and other_problem:
        raise CorruptArticle(f"{name} cannot be merged: neither copy can be read ({mine_problem})")
    if mine_problem or other_problem:
        return _noted(
            other if mine_problem else mine, Conflict(UNREADABLE, mine_problem or other_problem)
        )
    if mine is None or other is None:
        if mine is None and other is None:  # deleted on both sides, with different texts before
            return Merged(None, [])
        return _noted(mine or other, Conflict(DELETED))
    merged, noted = merge_articles(_parse(base)[0], mine, other)
    return Merged(codec.dumps(merged), noted)


def _noted(kept: Article | None, note: Conflict) -> Merged:
    """``kept`` with ``note`` among its conflicts (None stays deleted)."""
    if kept is None:
        return Merged(None, [])
    kept.conflicts = _merge_conflicts([], kept.conflicts, [], [note])
    return Merged(codec.dumps(kept), [note])


def _parse(text: str | None) -> tuple[Article | None, str | None]:
    """The article in ``text`` (None: no file), or why it cannot be read."""
    if text is None:
        return None, None
    try:
        return codec.loads(text), None
    except (InvalidInput, OverflowError, ValueError, RecursionError) as exc:
        return None, " ".join(str(exc).split()) or type(exc).__name__


# --- articles ---------------------------------------------------------------------------


def merge_articles(
    base: Article | None, ours: Article, theirs: Article
) -> tuple[Article, list[Conflict]]:
    """The merge of two copies of an article, and the conflicts this merge noted."""
    if ours.id != theirs.id:
        raise CorruptArticle(f"cannot merge article {ours.id} with article {theirs.id}")
    noted: list[Conflict] = []
    values: dict[str, Any] = {}
    changed: dict[str, datetime] = {}
    for key in (*FIELDS, *(f"extra.{k}" for k in _extra_keys(base, ours, theirs))):
        value, when = _field(key, base, ours, theirs, noted)
        values[key] = value
        if when is not None:
            changed[key] = when
    votes, retracted = _merge_ballots(
        (base.votes, base.retracted) if base else ([], []),
        (ours.votes, ours.retracted),
        (theirs.votes, theirs.retracted),
    )
    merged = Article(
        id=ours.id,
        added=min(ours.added, theirs.added),
        updated=max(ours.updated, theirs.updated),
        tags=_merge_tags(base.tags if base else [], ours.tags, theirs.tags),
        votes=votes,
        retracted=retracted,
        comments=_merge_comments(base.comments if base else [], ours.comments, theirs.comments),
        conflicts=_merge_conflicts(
            base.conflicts if base else [], ours.conflicts, theirs.conflicts, noted
        ),
        extra={k[6:]: v for k, v in values.items() if k.startswith("extra.") and v is not None},
        changed=dict(sorted(changed.items())),
        imported_rating=_constant(
            base.imported_rating if base else None, ours.imported_rating, theirs.imported_rating
        ),
        **{k: v for k, v in values.items() if not k.startswith("extra.")},
    )
    return merged, noted


def _extra_keys(base: Article | None, ours: Article, theirs: Article) -> list[str]:
    """Every key of ``extra`` on either side or in the ancestor, or dated on either side
    (a key one side took away)."""
    keys = ours.extra.keys() | theirs.extra.keys() | (base.extra.keys() if base else set())
    for copy in (ours, theirs):
        keys |= {k[6:] for k in copy.changed if k.startswith("extra.")}
    return sorted(keys)


def _get(article: Article, key: str) -> Any:
    return article.extra.get(key[6:]) if key.startswith("extra.") else getattr(article, key)


def _field(
    key: str, base: Article | None, ours: Article, theirs: Article, noted: list[Conflict]
) -> tuple[Any, datetime | None]:
    """A field (or ``extra.KEY``) three-way, and when it was last changed; changed on both
    sides: the one changed later, noting the other."""
    mine, other = _get(ours, key), _get(theirs, key)
    mine_at, other_at = ours.changed.get(key), theirs.changed.get(key)
    old = _get(base, key) if base is not None else _NONE
    if mine == other:
        return mine, max((t for t in (mine_at, other_at) if t), default=None)
    if other == old:
        return mine, mine_at
    if mine == old:
        return other, other_at
    if _later(mine, mine_at, other, other_at) is mine:
        noted.append(Conflict(key, other, other_at))
        return mine, mine_at
    noted.append(Conflict(key, mine, mine_at))
    return other, other_at


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


# --- votes and their retractions --------------------------------------------------------

_V = TypeVar("_V", Vote, CommentVote)
Ballots = tuple[list[_V], list[Retraction]]
"""One side's votes and retractions of them."""


def _merge_ballots(
    base: Ballots[_V],
    ours: Ballots[_V],
    theirs: Ballots[_V],
) -> tuple[list[_V], list[Retraction]]:
    """One record per voter, a vote or a retraction: the one side's, when the other has
    none or the ancestor's; else the later of the two. A voter one side has no record of
    has not been seen there: nothing leaves but through a later retraction."""
    old, mine, other = (_records(*ballots) for ballots in (base, ours, theirs))
    chosen: list[_V | Retraction] = []
    for voter in mine.keys() | other.keys():
        a, b = mine.get(voter), other.get(voter)
        if a is None or b is None or a == b:
            chosen.append(a or b)  # type: ignore[arg-type]
        elif b == old.get(voter):
            chosen.append(a)
        elif a == old.get(voter):
            chosen.append(b)
        else:
            chosen.append(_later(a, a.at, b, b.at))
    chosen.sort(key=lambda r: (r.at, r.voter))
    votes = [r for r in chosen if not isinstance(r, Retraction)]
    return votes, [r for r in chosen if isinstance(r, Retraction)]


def _records(votes: list[_V], retracted: list[Retraction]) -> dict[str, _V | Retraction]:
    """Each voter's record on one side (a file holding both for one voter: the later)."""
    found: dict[str, _V | Retraction] = {}
    records: Iterable[_V | Retraction] = votes
    for record in chain(records, retracted):
        earlier = found.get(record.voter)
        if earlier is None or _later(earlier, earlier.at, record, record.at) is record:
            found[record.voter] = record
    return found


# --- comments ---------------------------------------------------------------------------


def _by(items: Iterable[_T], key: Callable[[_T], str]) -> dict[str, _T]:
    """Items by key; a repeated key: the last one counts (as when a file is read)."""
    return {key(item): item for item in items}


def _cid(comment: Comment) -> str:
    return comment.id


def _comment_order(comment: Comment) -> tuple[datetime, str]:
    return comment.at, comment.id


def _merge_comments(
    base: list[Comment], ours: list[Comment], theirs: list[Comment]
) -> list[Comment]:
    """Every comment of both sides, those on both merged one by one."""
    old, mine, other = _by(base, _cid), _by(ours, _cid), _by(theirs, _cid)
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
    if ours.deleted or theirs.deleted:  # a deletion wins over an edit; the first one stands
        stones = [c for c in (ours, theirs) if c.deleted]
        return min(stones, key=lambda c: (c.deleted, canon(_plain(c))))
    text, edited, earlier = _merge_text(base, ours, theirs)
    fields = {}
    for key in _COMMENT_FIELDS:
        mine, other = getattr(ours, key), getattr(theirs, key)
        old = getattr(base, key) if base is not None else _NONE
        value, clash = three_way(old, mine, other)
        fields[key] = _later(mine, None, other, None) if clash else value
    votes, retracted = _merge_ballots(
        (base.votes, base.retracted) if base else ([], []),
        (ours.votes, ours.retracted),
        (theirs.votes, theirs.retracted),
    )
    return Comment(
        id=ours.id,
        text=text,
        edited=edited,
        votes=votes,
        retracted=retracted,
        history=_merge_history([*ours.history, *theirs.history, *earlier]),
        imported_votes=_constant(
            base.imported_votes if base else None, ours.imported_votes, theirs.imported_votes
        ),
        extra=_merge_mapping(base.extra if base else {}, ours.extra, theirs.extra),
        **fields,
    )


def _merge_text(
    base: Comment | None, ours: Comment, theirs: Comment
) -> tuple[str, datetime | None, list[EarlierText]]:
    """A comment's text and edit time; two different edits: the later, and the other."""
    if ours.text == theirs.text:
        edited = max((t for t in (ours.edited, theirs.edited) if t), default=None)
        return ours.text, edited, []
    old = base.text if base is not None else _NONE
    if ours.text == old:
        return theirs.text, theirs.edited, []
    if theirs.text == old:
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


def _merge_history(texts: list[EarlierText]) -> list[EarlierText]:
    """Texts set aside, once each (the latest time a text had), oldest first."""
    latest: dict[str, EarlierText] = {}
    for item in texts:
        if item.text not in latest or item.at > latest[item.text].at:
            latest[item.text] = item
    return sorted(latest.values(), key=lambda h: (h.at, h.text))


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


# --- conflict notes ---------------------------------------------------------------------


def _conflict_key(conflict: Conflict) -> Hashable:
    """A note is the field and the value noted (the same value noted twice is one note)."""
    return conflict.field, canon(_plain(conflict.value))


def _merge_conflicts(
    base: list[Conflict], ours: list[Conflict], theirs: list[Conflict], noted: list[Conflict]
) -> list[Conflict]:
    """Notes as a three-way set: a note one side settled stays settled; new ones added;
    a note made twice keeps the later time."""
    old, mine, other = ({_conflict_key(c): c for c in notes} for notes in (base, ours, theirs))
    keep = (mine.keys() & other.keys()) | (mine.keys() - old.keys()) | (other.keys() - old.keys())
    unique: dict[Hashable, Conflict] = {}
    for note in [
        *(c for k, c in mine.items() if k in keep),
        *(c for k, c in other.items() if k in keep),
        *noted,
    ]:
        key = _conflict_key(note)
        if key not in unique or _order(None, note.at) > _order(None, unique[key].at):
            unique[key] = note
    return [unique[k] for k in sorted(unique, key=lambda k: (unique[k].field, str(k)))]


# --- each person's state ----------------------------------------------------------------


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
        atomic.write_bytes(ours, merged.text.encode("utf-8", "surrogateescape"))
    return merged


def _read(path: Path, name: str) -> str:
    """A file git hands the driver, as text; bytes that are not UTF-8 are kept as they are
    (escaped), for the reader to refuse and a write to give back."""
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")
    except OSError as exc:
        raise CorruptArticle(f"{name}: cannot read: {exc.strerror}") from None
