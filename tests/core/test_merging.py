"""The field-by-field merge: rules from the issue, and random operations on both sides."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.errors import NewsError
from newscli.model import codec
from newscli.model.article import Article, Comment, CommentVote, Vote
from newscli.sharing.merge import merge_file, merge_texts

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def _base() -> Article:
    return Article(
        id="abcd1234",
        title="Title",
        body="Body.",
        added=T0,
        updated=T0,
        tags=["a", "b"],
        votes=[Vote("old", 3, T0)],
        comments=[
            Comment("c00000", "first", T0, author="lin"),
            Comment("c00001", "second", _at(1), author="lin", parent="c00000"),
        ],
    )


def _merge(base: Article, ours: Article, theirs: Article) -> Article:
    merged = merge_texts(codec.dumps(base), codec.dumps(ours), codec.dumps(theirs), "a.toml")
    flipped = merge_texts(codec.dumps(base), codec.dumps(theirs), codec.dumps(ours), "a.toml")
    assert merged.text == flipped.text  # the same whichever side merges
    assert merged.text is not None
    return codec.loads(merged.text)


def test_votes_later_wins_and_taken_back_stays_taken_back() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.votes = [Vote("mei", 2, _at(5))]  # took back "old"
    theirs.votes = [Vote("old", 3, T0), Vote("mei", 5, _at(9)), Vote("kai", 1, _at(3))]
    merged = _merge(base, ours, theirs)
    assert [(v.voter, v.stars) for v in merged.votes] == [("kai", 1), ("mei", 5)]


def test_comment_edits_deletions_and_tombstones() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.comments[0] = Comment("c00000", "mine", T0, author="lin", edited=_at(20))
    theirs.comments[0] = Comment("c00000", "theirs", T0, author="lin", edited=_at(30))
    ours.comments[1].votes = [CommentVote("kai", 1, _at(4))]
    theirs.comments = [theirs.comments[0]]  # deleted the reply outright
    theirs.comments.append(Comment("c00002", "new", _at(40), author="kai", parent="c00001"))
    merged = _merge(base, ours, theirs)
    first = merged.comments[0]
    assert (first.text, first.edited) == ("theirs", _at(30))
    assert [(h.text, h.at) for h in first.history] == [("mine", _at(20))]
    reply = merged.comments[1]
    assert reply.deleted is not None and reply.text == "" and not reply.votes  # a tombstone
    assert merged.comments[2].parent == "c00001"


def test_scalar_conflict_keeps_the_later_and_notes_the_other() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.title, ours.updated = "Ours", _at(10)
    theirs.title, theirs.updated = "Theirs", _at(20)
    ours.dateline = "KEELUNG"
    theirs.tags = ["b", "c"]
    ours.tags = ["a", "b", "d"]
    merged = _merge(base, ours, theirs)
    assert merged.title == "Theirs" and merged.dateline == "KEELUNG"
    assert [(c.field, c.value, c.at) for c in merged.conflicts] == [("title", "Ours", _at(10))]
    assert merged.tags == ["b", "c", "d"]


def test_deleted_on_one_side_and_changed_on_the_other_is_kept() -> None:
    base = _base()
    theirs = copy.deepcopy(base)
    theirs.comments.append(Comment("c00009", "keep me", _at(9)))
    for ours, other in ((None, codec.dumps(theirs)), (codec.dumps(theirs), None)):
        merged = merge_texts(codec.dumps(base), ours, other, "a.toml")
        assert merged.text is not None
        kept = codec.loads(merged.text)
        assert [c.field for c in kept.conflicts] == ["article"]
        assert kept.comments[-1].text == "keep me"


def test_driver_writes_ours_and_refuses_a_broken_file(tmp_path: Path) -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.votes.append(Vote("mei", 4, _at(1)))
    theirs.votes.append(Vote("kai", 2, _at(2)))
    files = [tmp_path / n for n in ("o", "a", "b")]
    for path, article in zip(files, (base, ours, theirs), strict=True):
        path.write_text(codec.dumps(article))
    merge_file(*files, "articles/abcd1234.toml")
    assert {v.voter for v in codec.loads(files[1].read_text()).votes} == {"old", "mei", "kai"}
    files[2].write_text("title = ")
    before = files[1].read_bytes()
    with pytest.raises(NewsError, match="theirs"):
        merge_file(*files, "articles/abcd1234.toml")
    assert files[1].read_bytes() == before


# --- random operations on both sides ------------------------------------------------------

NAMES = st.sampled_from(["ann", "bo", "cy", "di"])
OPS = st.lists(
    st.tuples(
        st.sampled_from(["rate", "unrate", "comment", "edit", "delete", "vote", "tag", "title"]),
        NAMES,
        st.integers(0, 5),
        st.integers(1, 60),
    ),
    max_size=12,
)


def _apply(article: Article, ops: list[tuple[str, str, int, int]], side: str) -> None:
    for number, (op, name, n, seconds) in enumerate(ops):
        when = _at(seconds)
        live = [c for c in article.comments if not c.deleted]
        target = live[n % len(live)] if live else None
        if op == "rate":
            article.votes = [v for v in article.votes if v.voter != name]
            article.votes.append(Vote(name, 1 + n % 5, when))
        elif op == "unrate":
            article.votes = [v for v in article.votes if v.voter != name]
        elif op == "comment":
            cid = f"{side}{number:05d}"
            article.comments.append(Comment(cid, f"{side} {number}", when, author=name))
        elif op == "edit" and target:
            target.text, target.edited = f"{side} edit {number}", when
        elif op == "delete" and target:
            replies = any(c.parent == target.id for c in article.comments)
            if replies:
                target.text, target.deleted, target.votes = "", when, []
                target.author = None
            else:
                article.comments.remove(target)
        elif op == "vote" and target:
            target.votes = [v for v in target.votes if v.voter != name]
            target.votes.append(CommentVote(name, 1 if n % 2 else -1, when))
        elif op == "tag":
            article.tags = (
                [t for t in article.tags if t != name] if n % 2 else [*article.tags, name]
            )
        elif op == "title":
            article.title = f"{side} title {n}"
        article.updated = max(article.updated, when)


@settings(max_examples=150, deadline=None)
@given(OPS, OPS)
def test_random_operations_merge_alike_and_lose_nothing(
    ours_ops: list[tuple[str, str, int, int]], theirs_ops: list[tuple[str, str, int, int]]
) -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    _apply(ours, ours_ops, "m")
    _apply(theirs, theirs_ops, "t")
    merged = _merge(base, ours, theirs)  # checks that the order of the sides does not matter
    ids = {c.id for c in merged.comments}
    for side, other in ((ours, theirs), (theirs, ours)):
        for comment in side.comments:
            if comment.id not in {c.id for c in base.comments}:
                assert comment.id in ids  # a new comment is never lost
        for vote in side.votes:
            untouched = vote.voter not in {v.voter for v in base.votes}
            if untouched and vote.voter not in {v.voter for v in other.votes}:
                assert vote in merged.votes  # a new vote only one side cast is kept
    assert codec.loads(codec.dumps(merged)) == merged
    voters = [v.voter for v in merged.votes]
    assert len(voters) == len(set(voters))


def test_conflicts_and_history_survive_an_export_and_import(tmp_path: Path) -> None:
    from newscli import api

    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.title, theirs.title, theirs.updated = "Ours", "Theirs", _at(5)
    ours.comments[0] = Comment("c00000", "mine", T0, author="lin", edited=_at(2))
    theirs.comments[0] = Comment("c00000", "yours", T0, author="lin", edited=_at(3))
    merged = _merge(base, ours, theirs)
    store = api.open_store(tmp_path / "data")
    records = api.export_text([merged], "jsonl").encode()
    outcomes = api.import_entries(store, api.read_input(records, "stdin", "jsonl"))
    assert [o.kind for o in outcomes] == ["created"]
    assert store.load(merged.id) == merged
