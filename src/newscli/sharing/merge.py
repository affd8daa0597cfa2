"""Merging two copies of an article file, field by field, against their common ancestor
when there is one.

``newscli sync`` and git's merge driver (``python -m newscli.merge_driver``) both merge
with this. The result never depends on which copy is "ours", nor, for three or more
copies, on the order they are merged in: what git's history orders (a change made on top
of the other's, so that the ancestor holds the other's value) wins outright; every other
choice between two values is made by their stamps (``store.clock``: a hybrid logical
clock, so that a change made after seeing another is later whatever the machines'
clocks said), then by who wrote them, then by comparing the values themselves
(``later``); keyed collections are written in a canonical order, so everyone merging the
same copies gets the same bytes.

- votes (on the article and on comments): one per person; of a person's vote and their
  taking it back (a dated ``Retraction``), changed on both sides, the later stands.
  Nothing one side has is dropped for the other side's not having it: an entry leaves a
  merge only through a dated record that says so;
- comments: every comment of both sides, ordered by stamp, then author, then id. An edit
  on one side wins over no change; two edits: the later text stays (with its signature)
  and the other goes to the comment's ``history``; a deletion (a tombstone, dated) wins
  over an edit, and the earlier of two deletions stays;
- signatures: an entry with a signature is never replaced by one without of the same
  person (a vote, a retraction, a comment's text; of two deletions, the signed one),
  whatever the stamps say: ``check --verify`` tells a good signature from a forged one;
- imported tallies (votes counted on the site an article came from): a constant, three-way,
  never added up nor noted as a conflict; two different imports: the greater value;
- tags: a set, three-way; conflict notes: a set, three-way (a settled one stays settled);
- other fields (title, body, dateline, ``extra`` keys...): three-way; changed differently
  on both sides: the one changed later (``Article.changed``) stays and the other is
  noted in ``conflicts``, with who wrote each (``changed_by``) and when;
- a copy that cannot be read (its TOML, its shape, nesting past the limit) is refused:
  the other copy is kept, with a note; an article deleted on one side and changed on the
  other is kept, with a note naming who deleted it and who changed it, when known.

Without an ancestor (two copies that came to be apart), a field the copies hold
differently counts as changed on both sides.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from newscli.errors import CorruptArticle, InvalidInput
from newscli.model import codec
from newscli.model.article import (
    DELETED,
    FIELDS,
    UNREADABLE,
    Article,
    Conflict,
    canon,
    tag_key,
)
from newscli.sharing.merge_entries import merge_ballots, merge_comments
from newscli.sharing.merge_rules import NONE, constant, later, plain, three_way


@dataclass(frozen=True)
class Merged:
    """A merged file's text (None: the article stays deleted) and the conflicts it noted."""

    text: str | None
    conflicts: list[Conflict]

    @property
    def refused(self) -> bool:
        """Whether a copy could not be read, and the other was kept."""
        return any(c.field == UNREADABLE for c in self.conflicts)


# --- files ------------------------------------------------------------------------------


def merge_texts(
    base: str | None,
    ours: str | None,
    theirs: str | None,
    name: str,
    authors: tuple[str | None, str | None] = (None, None),
) -> Merged:
    """Merge three texts of one article file (None: no such file on that side).

    A side that cannot be read is refused and the other kept, with a note; raises
    CorruptArticle naming ``name`` only when neither side can be read. An ancestor that
    cannot be read is merged as if there were none. ``authors``: who last changed the
    file on our side and on theirs, when known (git knows; a file gone cannot say who
    deleted it), for the note of an article deleted on one side.
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
    if mine is not None and other is None:
        return _deleted(mine, deleter=authors[1])
    if other is not None and mine is None:
        return _deleted(other, deleter=authors[0])
    if mine is None or other is None:  # deleted on both sides, with different texts before
        return Merged(None, [])
    merged, noted = merge_articles(_parse(base)[0], mine, other)
    return Merged(codec.dumps(merged), noted)


def _deleted(kept: Article, deleter: str | None) -> Merged:
    """An article deleted on one side and changed on the other: kept, with a note saying
    who deleted it. (Not who changed it: a merge of three copies may meet either change
    first, and the note must come out the same.)"""
    return _noted(kept, Conflict(DELETED, by=deleter))


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
    changed_by: dict[str, str] = {}
    for key in (*FIELDS, *(f"extra.{k}" for k in _extra_keys(base, ours, theirs))):
        value, when, who = _field(key, base, ours, theirs, noted)
        values[key] = value
        if when is not None:
            changed[key] = when
        if who is not None:
            changed_by[key] = who
    votes, retracted = merge_ballots(
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
        comments=merge_comments(base.comments if base else [], ours.comments, theirs.comments),
        conflicts=_merge_conflicts(
            base.conflicts if base else [], ours.conflicts, theirs.conflicts, noted
        ),
        extra={k[6:]: v for k, v in values.items() if k.startswith("extra.") and v is not None},
        changed=dict(sorted(changed.items())),
        changed_by=dict(sorted(changed_by.items())),
        imported_rating=constant(
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
) -> tuple[Any, datetime | None, str | None]:
    """A field (or ``extra.KEY``) three-way, and when and by whom it was last changed;
    changed on both sides: the one changed later, noting the other."""
    mine, other = _get(ours, key), _get(theirs, key)
    mine_at, other_at = ours.changed.get(key), theirs.changed.get(key)
    mine_by, other_by = ours.changed_by.get(key), theirs.changed_by.get(key)
    old = _get(base, key) if base is not None else NONE
    if mine == other:
        latest = later((mine_at, mine_by), mine_at, (other_at, other_by), other_at)
        return (mine, *latest) if latest[0] else (mine, None, None)
    if other == old:
        return mine, mine_at, mine_by
    if mine == old:
        return other, other_at, other_by
    if later(mine, mine_at, other, other_at, mine_by, other_by) is mine:
        noted.append(Conflict(key, other, other_at, other_by, mine_by, mine_at))
        return mine, mine_at, mine_by
    noted.append(Conflict(key, mine, mine_at, mine_by, other_by, other_at))
    return other, other_at, other_by


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


# --- conflict notes ---------------------------------------------------------------------


def _conflict_key(conflict: Conflict) -> Hashable:
    """A note is the field and the value noted (the same value noted twice is one note)."""
    return conflict.field, canon(plain(conflict.value))


def _noted_side(conflict: Conflict) -> Conflict:
    """A note as a merge keeps it: the other side's value, who wrote it and when. Who wrote
    the value the file holds is the field's writer now (``changed_by``), whichever merge
    noted it: so the notes come out the same in every order of merging."""
    return replace(conflict, kept_by=None, kept_at=None)


def _merge_conflicts(
    base: list[Conflict], ours: list[Conflict], theirs: list[Conflict], noted: list[Conflict]
) -> list[Conflict]:
    """Notes as a three-way set: a note one side settled stays settled; new ones added;
    a note made twice keeps the later time."""
    old, mine, other = (
        {_conflict_key(c): _noted_side(c) for c in notes} for notes in (base, ours, theirs)
    )
    keep = (mine.keys() & other.keys()) | (mine.keys() - old.keys()) | (other.keys() - old.keys())
    unique: dict[Hashable, Conflict] = {}
    for note in [
        *(c for k, c in mine.items() if k in keep),
        *(c for k, c in other.items() if k in keep),
        *map(_noted_side, noted),
    ]:
        key = _conflict_key(note)
        known = unique.get(key)
        if known is None or later(note, note.at, known, known.at, note.by, known.by) is note:
            unique[key] = note
    return [unique[k] for k in sorted(unique, key=lambda k: (unique[k].field, str(k)))]
