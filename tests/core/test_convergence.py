"""Convergence of the merge, as a property: copies of an article that went their own ways
end byte for byte the same whatever order they are merged in, and keep every entry that
no dated record took out.

Histories of 2 and 3 copies: each copy votes, takes votes back, comments, edits, deletes
comments, votes on them and takes those votes back, tags, changes fields and ``extra``
keys, and removes and restores the article, as the commands do, some of it signed; then
every order of merging the copies (each copy branched from the same ancestor, as git
merges them) must give the same bytes. A second round starts every copy from that result
and does it again. Each copy stamps what it writes with its own hybrid logical clock
(``store.clock``), on a machine clock set wrong by a year ahead, a day behind or not at
all: stamps still never go back within a copy, and every stamp is past what its article
held.

CI runs a small number of examples; ``NEWSCLI_CONVERGENCE=nightly`` runs 10,000::

    NEWSCLI_CONVERGENCE=nightly .venv/bin/pytest tests/core/test_convergence.py
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscli.disk.datadir import DataDir
from newscli.model import codec
from newscli.model.article import (
    Article,
    Comment,
    CommentVote,
    Retraction,
    Vote,
    tag_key,
)
from newscli.model.stamps import newest_stamp
from newscli.sharing.merge import merge_texts
from newscli.store.clock import Clock

NIGHTLY = os.environ.get("NEWSCLI_CONVERGENCE") == "nightly"
EXAMPLES = 10_000 if NIGHTLY else 60
T0 = datetime(2026, 1, 1, tzinfo=UTC)
PEOPLE = ["ann", "bo", "cy"]
FIELD_VALUES = {
    "title": ["Ferry", "Night ferry", "Ferries"],
    "dateline": [None, "KEELUNG", "TAIPEI"],
    "extra.desk": [None, "port", "city"],
}

SKEWS = [timedelta(), timedelta(days=-1), timedelta(days=365), timedelta(seconds=-2)]
Op = tuple[str, int, int, int]  # what, a person or a choice, another choice, seconds later
OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "rate",
                "unrate",
                "comment",
                "reply",
                "edit",
                "delete",
                "vote",
                "unvote",
                "tag",
                "untag",
                "field",
                "rm",
                "restore",
            ]
        ),
        st.integers(0, 8),
        st.integers(0, 8),
        st.integers(0, 3),  # 0: the same second as the last step: ties happen
    ),
    max_size=10,
)


@dataclass
class Copy:
    """One person's copy: the article (None once removed), its bytes before removal, the
    true time, and the copy's own clock (``store.clock``, in ``folder``) on a machine
    whose time is the true time plus ``skew``."""

    name: str  # the first two characters of the ids of its comments
    article: Article | None
    folder: Path
    removed: Article | None = None
    time: datetime = T0
    skew: timedelta = timedelta()
    stamps: list[datetime] = field(default_factory=list)
    made: int = 0
    comments: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.clock = Clock(DataDir(self.folder), wall=lambda: self.time + self.skew)

    def stamp(self, article: Article) -> datetime:
        """The stamp the store's clock gives a record written into ``article``; it is past
        every stamp the article held."""
        held = newest_stamp(article)
        stamp = self.clock.stamp(held)
        assert held is None or stamp > held, (stamp, held)
        self.stamps.append(stamp)
        return stamp


def _base() -> Article:
    article = Article("abcd2345", "Ferry", "The night ferry sails again.", T0, T0, tags=["port"])
    article.votes = [Vote("ann", 3, T0)]
    article.comments = [
        Comment("c00000", "First.", T0, author="bo"),
        Comment("c00001", "A reply.", T0, author="cy", parent="c00000"),
    ]
    return article


def _ballot(records: list, retracted: list[Retraction], person: str) -> tuple[list, list]:
    return (
        [r for r in records if r.voter != person],
        [r for r in retracted if r.voter != person],
    )


def _signature(one: int, two: int, when: datetime) -> str | None:
    """Some of it signed: the merge reads a signature as there or not."""
    return f"U1NIU0lH{when.timestamp():.0f}" if (one + two) % 3 == 0 else None


def _apply(copy_: Copy, op: Op) -> None:
    """One command's change, as ``discussion.actions`` and ``Store.update`` make it."""
    what, one, two, seconds = op
    copy_.time += timedelta(seconds=seconds)
    article = copy_.article
    if what == "restore":
        if article is None and copy_.removed is not None:
            copy_.article, copy_.removed = copy_.removed, None
        return
    if article is None:
        return
    if what == "rm":
        copy_.article, copy_.removed = None, article
        return
    when = copy_.stamp(article)
    signed = _signature(one, two, when)
    person = PEOPLE[one % len(PEOPLE)]
    live = [c for c in article.comments if not c.deleted]
    target = live[two % len(live)] if live else None
    if what == "rate":
        article.votes, article.retracted = _ballot(article.votes, article.retracted, person)
        article.votes.append(Vote(person, 1 + two % 5, when, signature=signed))
    elif what == "unrate":
        if not any(v.voter == person for v in article.votes):
            return
        article.votes, article.retracted = _ballot(article.votes, article.retracted, person)
        article.retracted.append(Retraction(person, when, signature=signed))
    elif what in ("comment", "reply"):
        copy_.made += 1
        parent = target.id if what == "reply" and target else None
        cid = f"{copy_.name}{copy_.made:04d}"
        made = Comment(cid, f"{cid} says", when, author=person, parent=parent, signature=signed)
        article.comments.append(made)
    elif what == "edit" and target:
        target.text, target.edited = f"{copy_.name} edit {when.isoformat()}", when
        target.signature = signed
    elif what == "delete" and target:
        place = article.comments.index(target)
        article.comments[place] = Comment(
            target.id, "", target.at, parent=target.parent, deleted=when, signature=signed
        )
    elif what == "vote" and target and target.author != person:
        target.votes, target.retracted = _ballot(target.votes, target.retracted, person)
        target.votes.append(CommentVote(person, 1 if one % 2 else -1, when, signature=signed))
    elif what == "unvote" and target and any(v.voter == person for v in target.votes):
        target.votes, target.retracted = _ballot(target.votes, target.retracted, person)
        target.retracted.append(Retraction(person, when, signature=signed))
    elif what == "tag":
        tag = ["port", "ferry", "night", "Port"][two % 4]
        if tag_key(tag) not in {tag_key(t) for t in article.tags}:
            article.tags = [*article.tags, tag]
    elif what == "untag":
        tag = ["port", "ferry", "night"][two % 3]
        article.tags = [t for t in article.tags if tag_key(t) != tag]
    elif what == "field":
        key = list(FIELD_VALUES)[one % len(FIELD_VALUES)]
        value = FIELD_VALUES[key][two % 3]
        before = article.extra.get(key[6:]) if key.startswith("extra.") else getattr(article, key)
        if value == before:
            return
        if key.startswith("extra."):
            if value is None:
                article.extra.pop(key[6:], None)
            else:
                article.extra[key[6:]] = value
        else:
            setattr(article, key, value)
        article.changed[key] = when
        article.changed_by[key] = person
    else:
        return
    article.updated = max(article.updated, when)


def _text(article: Article | None) -> str | None:
    return None if article is None else codec.dumps(article)


def _merged_in_every_order(base: str | None, texts: list[str | None]) -> str | None:
    """Merge the copies in every order (each branched from ``base``): all give one text."""
    results = set()
    for order in itertools.permutations(texts):
        merged = order[0]
        for other in order[1:]:
            merged = merge_texts(base, merged, other, "articles/abcd2345.toml").text
        results.add(merged)
    assert len(results) == 1, "the order of merging changed the result"
    return results.pop()


def _expected(base: list, copies: list[list]) -> dict[str, object]:
    """Each voter's record after the merge, of the records the copies hold: a signed one
    over any without a signature; of those, one that is not the ancestor's over the
    ancestor's; of those, the latest (by stamp, then the record's fields as sorted JSON:
    any rule that breaks ties the same everywhere would do; this is newscli's)."""
    old = {r.voter: r for r in base}
    best: dict[str, object] = {}
    for record in (r for records in copies for r in records):
        earlier = best.get(record.voter)
        if (
            earlier is None
            or _rank(earlier, old) < _rank(record, old)
            or (_rank(earlier, old) == _rank(record, old) and _newness(record) > _newness(earlier))
        ):
            best[record.voter] = record
    return best


def _newness(record: object) -> tuple[datetime, str]:
    fields = dataclasses.asdict(record)  # type: ignore[call-overload]
    return record.at, json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)  # type: ignore[attr-defined]


def _rank(record: object, old: dict[str, object]) -> tuple[bool, bool]:
    return bool(record.signature), record != old.get(record.voter)  # type: ignore[attr-defined]


def _records(entry: Article | Comment) -> list:
    return [*entry.votes, *entry.retracted]


def _nothing_lost(base: Article | None, copies: list[Article], merged: Article) -> None:
    """Every entry of any copy is in the merge, unless a dated record took it out: each
    voter's latest vote or retraction stands; every comment is there, deleted if any copy
    deleted it; and a comment still standing keeps each voter's latest record."""
    before = _records(base) if base else []
    assert {r.voter: r for r in _records(merged)} == _expected(
        before, [_records(a) for a in copies]
    )
    comments = {c.id: c for c in merged.comments}
    old = {c.id: c for c in base.comments} if base else {}
    for article in copies:
        for comment in article.comments:
            assert comment.id in comments, f"comment {comment.id} was lost"
            if comment.deleted:
                assert comments[comment.id].deleted is not None
    for cid, comment in comments.items():
        if comment.deleted:
            assert not comment.votes and not comment.retracted
            continue
        versions = [_records(c) for a in copies for c in a.comments if c.id == cid]
        ancestor = _records(old[cid]) if cid in old else []
        assert {r.voter: r for r in _records(comment)} == _expected(ancestor, versions)


@contextmanager
def _folders(count: int) -> Iterator[list[Path]]:
    """A data directory for each copy's clock, for one round (Hypothesis runs many)."""
    with tempfile.TemporaryDirectory() as root:
        yield [Path(root) / str(n) for n in range(count)]


def _round(
    base: Article | None,
    histories: list[list[Op]],
    start: datetime,
    number: int,
    skews: list[int],
) -> Article | None:
    base_text = _text(base)
    with _folders(len(histories)) as folders:
        copies = [
            Copy(f"{name}{number}", copy.deepcopy(base), folder, time=start, skew=SKEWS[skew])
            for name, folder, skew in zip("mpt", folders, skews, strict=False)
        ]
        for copy_, ops in zip(copies, histories, strict=True):
            for op in ops:
                _apply(copy_, op)
            assert copy_.stamps == sorted(set(copy_.stamps))  # they never go back, nor repeat
    texts = [_text(c.article) for c in copies]
    merged_text = _merged_in_every_order(base_text, texts)
    changed = [c.article for c, text in zip(copies, texts, strict=True) if text != base_text]
    if len(changed) == 1:  # the one copy that changed is taken as it is, as git takes it
        assert merged_text == _text(changed[0])
    if merged_text is None:
        return None
    merged = codec.loads(merged_text)
    assert codec.dumps(merged) == merged_text  # written as it reads
    if len(changed) > 1:  # merged field by field
        _nothing_lost(base, [a for a in changed if a is not None], merged)
    return merged


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    first=st.lists(OPS, min_size=2, max_size=3),
    second=st.lists(OPS, min_size=2, max_size=3),
    skews=st.lists(st.integers(0, len(SKEWS) - 1), min_size=3, max_size=3),
)
def test_copies_converge_in_every_order_and_lose_nothing(
    first: list[list[Op]], second: list[list[Op]], skews: list[int]
) -> None:
    merged = _round(_base(), first, T0, 1, skews)
    if merged is None:
        return  # removed everywhere it was changed: nothing left to share
    _round(merged, second, merged.updated, 2, skews[::-1])
