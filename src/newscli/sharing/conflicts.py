"""The conflicts a merge noted in an article, and settling them (``newscli resolve``).

A conflict is a field two people changed differently: the file holds one side's value
(written by ``kept_by``: the field's writer in ``changed_by``) and the conflict the
other's (``value``, written by ``by``); for an article deleted on one side, ``by`` deleted
it. ``resolve`` speaks from the side of the person typing: ``mine`` keeps the value they
wrote, ``theirs`` the other person's, and any other word is the value to keep. A side
whose writer is not known is taken to be the person's when the other is someone else's.
A record that does not say who wrote either side (an older newscli's) is read with the
file's value as ``mine`` and the noted one as ``theirs``, as that newscli did; the
output says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newscli.dates import parse_date
from newscli.errors import InvalidInput
from newscli.model.article import DELETED, FIELDS, UNREADABLE, Article, Conflict
from newscli.model.cleaning import checked_text, clean_body, clean_line
from newscli.model.people import same_person
from newscli.model.record import from_record
from newscli.model.written import to_record
from newscli.store.store import Store

MINE, THEIRS = "mine", "theirs"
_REQUIRED = ("title", "body", "format")


@dataclass(frozen=True)
class KeptValue:
    """What ``resolve`` kept for one field: its value now (for ``article``: True when the
    article stays; for ``file``: True, the copy that could be read), who wrote it (None:
    not known) and whether that is the person resolving, and why: ``mine``, ``theirs`` or
    ``given``; ``guessed`` when the record did not say whose each side was."""

    field: str
    value: Any
    whose: str | None
    yours: bool
    side: str
    guessed: bool = False


@dataclass(frozen=True)
class Resolved:
    """What ``resolve`` did: the value kept for each field it settled, and whether the
    article went to the trash (the deletion was kept)."""

    article_id: str
    kept: list[KeptValue]
    removed: bool


def resolve(store: Store, ref: str, keep: str, person: str, field: str | None = None) -> Resolved:
    """Settle the conflicts of the article ``ref`` names (with ``field``: that one only),
    keeping ``person``'s value (``mine``), the other's (``theirs``) or ``keep`` itself.

    Refused, with nothing written: no such conflict; ``mine`` or ``theirs`` when neither
    side is ``person``'s; a value for more than one field, or for a deletion; a value the
    field cannot hold.
    """
    article_id = store.resolve(ref)
    outcome: list[KeptValue] = []

    def settle(article: Article) -> bool:
        chosen = [c for c in article.conflicts if field is None or c.field == field]
        if not chosen:
            what = f"a conflict about {field}" if field else "conflicts"
            raise InvalidInput(f"article {article.id} has no {what} to resolve")
        if keep not in (MINE, THEIRS) and (len(chosen) > 1 or chosen[0].field == DELETED):
            fields = ", ".join(sorted({c.field for c in chosen}))
            raise InvalidInput(
                f"--keep VALUE sets one field, and these conflicts are about {fields}:"
                " add --field NAME (or keep mine or theirs)"
            )
        outcome.clear()
        deleted = False
        for conflict in chosen:
            kept = _settle(article, conflict, keep, person)
            deleted = deleted or (conflict.field == DELETED and kept.value is False)
            outcome.append(kept)
        article.conflicts = [c for c in article.conflicts if c not in chosen]
        from_record(to_record(article))  # the values put in must make a valid article
        return deleted

    settle(store.load(article_id))  # a refusal leaves nothing behind, not even a lock file
    removed = store.update(article_id, settle, by=person)
    if removed:
        from newscli.store import trash

        trash.remove(store, [article_id])
    return Resolved(article_id, list(outcome), removed)


def _settle(article: Article, conflict: Conflict, keep: str, person: str) -> KeptValue:
    """Put the value kept for one conflict in the article; says what was kept."""
    if keep not in (MINE, THEIRS):
        _put(article, conflict.field, _typed(conflict.field, keep))
        return KeptValue(conflict.field, _value(article, conflict.field), person, True, "given")
    guessed = conflict.by is None and conflict.kept_by is None
    noted = (keep == MINE) == _noted_is_mine(conflict, person)
    whose = conflict.by if noted else conflict.kept_by
    yours = keep == MINE
    if conflict.field == DELETED:
        return KeptValue(DELETED, not noted, whose, yours, keep, guessed)
    if conflict.field == UNREADABLE:
        if noted:
            raise InvalidInput("the other side's copy could not be read: only this one can stay")
        return KeptValue(UNREADABLE, True, whose, yours, keep, guessed)
    if noted:
        _put(article, conflict.field, conflict.value)
    value = _value(article, conflict.field)
    return KeptValue(conflict.field, value, whose, yours, keep, guessed)


def _noted_is_mine(conflict: Conflict, person: str) -> bool:
    """Whether the value the note holds (rather than the file's) is ``person``'s. A side
    whose writer is not known is the person's when the other side is someone else's; a
    record that names neither side (an older newscli's), or names the person on both,
    counts the file's value as theirs. Refused: both sides named, neither the person."""
    by, kept_by = conflict.by, conflict.kept_by
    if same_person(kept_by, person) or (by is None and kept_by is None):
        return False
    if same_person(by, person) or by is None:
        return True
    if kept_by is None:
        return False
    raise InvalidInput(
        f"neither side of the {conflict.field} conflict is yours ({kept_by} and {by} wrote"
        " them): --keep VALUE says which value to keep"
    )


def _value(article: Article, field: str) -> Any:
    if field.startswith("extra."):
        return article.extra.get(field.removeprefix("extra."))
    return getattr(article, field)


def _put(article: Article, field: str, value: Any) -> None:
    if field in FIELDS:
        if value is None and field in _REQUIRED:
            raise InvalidInput(f"the other side's {field} is missing: it cannot be kept")
        kind = datetime if field == "published" else str
        if value is not None and not isinstance(value, kind):
            raise InvalidInput(f"the other side's {field} is not a {kind.__name__}")
        setattr(article, field, value)
    elif field.startswith("extra."):
        key = field.removeprefix("extra.")
        if value is None:
            article.extra.pop(key, None)
        else:
            article.extra[key] = value
    else:
        raise InvalidInput(f"newscli cannot put a value in {field!r}")


def _typed(field: str, text: str) -> Any:
    """A value typed for ``--keep``, as the field holds it."""
    if field == "published":
        return parse_date(text)
    if field == "title":
        return checked_text(text, "-")[0]
    if field == "body":
        body = clean_body(text, "the body")
        if not body:
            raise InvalidInput("the article has no body")
        return body
    if field in FIELDS or field.startswith("extra."):
        return clean_line(text, f"the {field}")
    raise InvalidInput(f"newscli cannot put a value in {field!r}")
