"""Merging the other files a store shares, and git's merge driver's entry for them all.

- a person's state (``state/``, the same person on two machines): subscriptions and
  other keys three-way;
- a person's record (``people/``: display name and public keys): keys as a set, the
  display name three-way; a record changed on both sides, signed on one only: the signed
  one, as it stands (only a signed record can add a key another copy trusts); signed on
  both and merged into neither: the merge of them, unsigned until its owner signs it
  again (``people add``).

Each is the same whichever side is "ours", as the article merge is (``merge``).
"""

from __future__ import annotations

from pathlib import Path

from newscli.disk import atomic
from newscli.errors import CorruptArticle, InvalidInput
from newscli.sharing.merge import Merged, merge_texts
from newscli.sharing.merge_rules import later, merge_mapping, three_way


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
    subscriptions = merge_mapping(old.subscriptions, mine.subscriptions, other.subscriptions)
    merged = PersonState(
        name=mine.name,
        subscriptions=subscriptions,
        extra=merge_mapping(old.extra, mine.extra, other.extra),
    )
    return state_text(merged)


def merge_person_texts(base: str | None, ours: str, theirs: str, name: str) -> str:
    """Merge two copies of one person's record in ``people/`` (see the module's docstring).
    Raises InvalidInput when a copy cannot be read or they are not the same person's."""
    from newscli.discussion.people import Person, person_from_text, person_text

    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    try:
        mine, other = person_from_text(ours), person_from_text(theirs)
        old = person_from_text(base) if base else None
    except (InvalidInput, CorruptArticle, OverflowError, ValueError) as exc:
        raise InvalidInput(f"{name} cannot be merged: {exc}") from None
    if mine.name != other.name:
        raise InvalidInput(f"{name} cannot be merged: it names {mine.name} and {other.name}")
    if bool(mine.signature) != bool(other.signature):
        return ours if mine.signature else theirs
    if old is None or old.name != mine.name:
        old = Person(mine.name)
    was, here, there = ({str(k) for k in p.keys} for p in (old, mine, other))
    keep = (here & there) | (here - was) | (there - was)
    first = [k for k in old.keys if str(k) in keep]
    by_text = {str(k): k for k in [*mine.keys, *other.keys]}
    rest = sorted(keep - {str(k) for k in first})
    display, clash = three_way(old.display, mine.display, other.display)
    merged = Person(
        name=mine.name,
        display=later(mine.display, None, other.display, None) if clash else display,
        keys=[*first, *(by_text[k] for k in rest)],
        extra=merge_mapping(old.extra, mine.extra, other.extra),
    )
    signed = [p for p in (mine, other) if p.signature and p.form() == merged.form()]
    if signed:  # the merge is one side's record: its signature still vouches for it
        merged.signature = later(signed[0].signature, None, signed[-1].signature, None)
    return person_text(merged)


def merge_file(base: Path, ours: Path, theirs: Path, name: str) -> Merged:
    """What git's merge driver does: merge the three files of ``name`` (a path in the data
    directory: ``articles/ID.toml``, ``state/NAME.toml`` or ``people/NAME.toml``) and write
    the result over ``ours``. Raises a NewsError, leaving ``ours`` as it was, when it
    cannot merge them."""
    texts = [_read(path, name) for path in (base, ours, theirs)]
    old, mine, other = texts
    if name.startswith("state/"):
        merged = Merged(merge_state_texts(old or None, mine or "", other or "", name), [])
    elif name.startswith("people/"):
        merged = Merged(merge_person_texts(old or None, mine or "", other or "", name), [])
    elif name.startswith("articles/"):
        merged = merge_texts(old or None, mine, other, name)
    else:
        raise InvalidInput(f"{name} is not a newscli article, state or person file")
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
