"""The field-by-field merge: rules from the issue, and random operations on both sides."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscli.errors import NewsError
from newscli.model import codec
from newscli.model.article import Article, Comment, CommentVote, Retraction, Vote
from newscli.sharing.merge import merge_texts
from newscli.sharing.merge_files import merge_file, merge_state_texts

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
    ours.votes = [Vote("mei", 2, _at(5))]
    ours.retracted = [Retraction("old", _at(4))]  # took back "old"
    theirs.votes = [Vote("old", 3, T0), Vote("mei", 5, _at(9)), Vote("kai", 1, _at(3))]
    merged = _merge(base, ours, theirs)
    assert [(v.voter, v.stars) for v in merged.votes] == [("kai", 1), ("mei", 5)]
    assert merged.retracted == [Retraction("old", _at(4))]


def test_comment_edits_deletions_and_tombstones() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.comments[0] = Comment("c00000", "mine", T0, author="lin", edited=_at(20))
    theirs.comments[0] = Comment("c00000", "theirs", T0, author="lin", edited=_at(30))
    ours.comments[1].votes = [CommentVote("kai", 1, _at(4))]
    theirs.comments[1] = Comment("c00001", "", _at(1), parent="c00000", deleted=_at(35))
    theirs.comments.append(Comment("c00002", "new", _at(40), author="kai", parent="c00001"))
    merged = _merge(base, ours, theirs)
    first = merged.comments[0]
    assert (first.text, first.edited) == ("theirs", _at(30))
    assert [(h.text, h.at) for h in first.history] == [("mine", _at(20))]
    reply = merged.comments[1]
    assert reply.deleted == _at(35) and reply.text == "" and not reply.votes  # a tombstone
    assert merged.comments[2].parent == "c00001"


def test_scalar_conflict_keeps_the_later_and_notes_the_other() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.title, ours.changed = "Ours", {"title": _at(10)}
    theirs.title, theirs.changed = "Theirs", {"title": _at(20)}
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


def test_driver_writes_ours_and_refuses_two_broken_files(tmp_path: Path) -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.votes.append(Vote("mei", 4, _at(1)))
    theirs.votes.append(Vote("kai", 2, _at(2)))
    files = [tmp_path / n for n in ("o", "a", "b")]
    for path, article in zip(files, (base, ours, theirs), strict=True):
        path.write_text(codec.dumps(article))
    merge_file(*files, "articles/abcd1234.toml")
    assert {v.voter for v in codec.loads(files[1].read_text()).votes} == {"old", "mei", "kai"}
    files[1].write_text("title = ")
    files[2].write_text("title = [")
    before = files[1].read_bytes()
    with pytest.raises(NewsError, match="neither copy can be read"):
        merge_file(*files, "articles/abcd1234.toml")
    assert files[1].read_bytes() == before


def test_conflicts_and_history_survive_an_export_and_import(tmp_path: Path) -> None:
    from newscli import api

    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.title, theirs.title, theirs.changed = "Ours", "Theirs", {"title": _at(5)}
    ours.comments[0] = Comment("c00000", "mine", T0, author="lin", edited=_at(2))
    theirs.comments[0] = Comment("c00000", "yours", T0, author="lin", edited=_at(3))
    merged = _merge(base, ours, theirs)
    store = api.open_store(tmp_path / "data")
    records = api.export_text([merged], "jsonl").encode()
    outcomes = api.import_entries(store, api.read_input(records, "stdin", "jsonl"))
    assert [o.kind for o in outcomes] == ["created"]
    assert store.load(merged.id) == merged


# --- dated retractions, symmetry and tie-breaks (issue 24) --------------------------------

HOUR = 3600


def test_a_vote_after_a_retraction_stands_and_a_retraction_after_a_vote_wins() -> None:
    base = _base()
    base.votes = [Vote("alice", 3, T0)]
    cleared, voted = copy.deepcopy(base), copy.deepcopy(base)
    cleared.votes, cleared.retracted = [], [Retraction("alice", _at(HOUR))]
    voted.votes = [Vote("alice", 5, _at(2 * HOUR))]
    merged = _merge(base, cleared, voted)  # either side merging
    assert [(v.voter, v.stars) for v in merged.votes] == [("alice", 5)]
    assert merged.retracted == []
    cleared.retracted = [Retraction("alice", _at(3 * HOUR))]  # taken back after that vote
    merged = _merge(base, cleared, voted)
    assert merged.votes == []
    assert merged.retracted == [Retraction("alice", _at(3 * HOUR))]


def test_comment_votes_and_their_retractions_are_dated_alike() -> None:
    base = _base()
    base.comments[0].votes = [CommentVote("kai", 1, T0)]
    cleared, voted = copy.deepcopy(base), copy.deepcopy(base)
    cleared.comments[0].votes = []
    cleared.comments[0].retracted = [Retraction("kai", _at(HOUR))]
    voted.comments[0].votes = [CommentVote("kai", -1, _at(2 * HOUR))]
    assert _merge(base, cleared, voted).comments[0].votes == [CommentVote("kai", -1, _at(2 * HOUR))]
    voted.comments[0].votes = [CommentVote("kai", -1, _at(HOUR // 2))]
    merged = _merge(base, cleared, voted).comments[0]
    assert (merged.votes, merged.retracted) == ([], [Retraction("kai", _at(HOUR))])


def test_nothing_leaves_a_merge_but_through_a_dated_record() -> None:
    """A vote or a comment one side has no record of stays: only a retraction or a
    tombstone (a deletion, with its date) takes one out; a deleted comment's votes go."""
    base = _base()
    base.comments[1].votes = [CommentVote("kai", 1, T0)]
    bare, other = copy.deepcopy(base), copy.deepcopy(base)
    bare.votes, bare.comments = [], []  # removed by hand, or by an older newscli
    other.comments[0].votes = [CommentVote("mei", -1, _at(5))]
    other.comments[1] = Comment("c00001", "", _at(1), parent="c00000", deleted=_at(6))
    merged = _merge(base, bare, other)
    assert [(v.voter, v.stars) for v in merged.votes] == [("old", 3)]
    assert [c.id for c in merged.comments] == ["c00000", "c00001"]
    assert merged.comments[0].votes == [CommentVote("mei", -1, _at(5))]
    assert merged.comments[1].deleted == _at(6) and merged.comments[1].votes == []


def test_a_comment_on_both_sides_but_not_in_the_ancestor_merges_alike() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.comments.append(Comment("c00007", "same", _at(10), author="ann"))
    theirs.comments.append(Comment("c00007", "same", _at(20), author="ann"))
    merged = _merge(base, ours, theirs)  # byte for byte the same either way
    assert merged.comments[-1].at == _at(20)
    without = merge_texts(None, codec.dumps(ours), codec.dumps(theirs), "a.toml")
    assert without.text == merge_texts(None, codec.dumps(theirs), codec.dumps(ours), "a.toml").text


def test_a_deleted_comment_stays_deleted_when_edited_later_on_the_other_side() -> None:
    base = _base()  # c00000 has a reply, c00001
    deleted, edited = copy.deepcopy(base), copy.deepcopy(base)
    deleted.comments[0] = Comment("c00000", "", T0, deleted=_at(HOUR))
    edited.comments[0] = Comment("c00000", "changed", T0, author="lin", edited=_at(2 * HOUR))
    merged = _merge(base, deleted, edited)
    assert merged.comments[0].deleted == _at(HOUR)
    assert merged.comments[0].text == "" and merged.comments[0].author is None
    assert merged.comments[1].parent == "c00000"


def test_merging_the_same_key_changed_on_both_sides_is_symmetric() -> None:
    from newscli.discussion.state import PersonState, state_text

    old = state_text(PersonState("mei", subscriptions={"abcd1234": "all"}))
    one = state_text(PersonState("mei", subscriptions={"abcd1234": "replies", "zzzz9999": "all"}))
    two = state_text(PersonState("mei", subscriptions={}, extra={"theme": "dark"}))
    assert merge_state_texts(old, one, two, "s") == merge_state_texts(old, two, one, "s")
    three = state_text(PersonState("mei", subscriptions={"abcd1234": "all", "zzzz9999": "replies"}))
    assert merge_state_texts(old, one, three, "s") == merge_state_texts(old, three, one, "s")
    base = _base()
    base.comments[0].extra = {"mood": "calm"}
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.comments[0].extra = {"mood": "glad"}
    theirs.comments[0].extra = {"mood": "sad"}
    assert _merge(base, ours, theirs).comments[0].extra == {"mood": "sad"}  # the greater


def test_later_wins_and_a_tie_goes_to_the_greater_value_on_every_side() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.votes.append(Vote("kai", 2, _at(7)))
    theirs.votes.append(Vote("kai", 5, _at(7)))  # the same second
    ours.title, ours.changed = "Apples", {"title": _at(9)}
    theirs.title, theirs.changed = "Pears", {"title": _at(9)}
    ours.comments[0] = Comment("c00000", "aaa", T0, author="lin", edited=_at(11))
    theirs.comments[0] = Comment("c00000", "bbb", T0, author="lin", edited=_at(11))
    merged = _merge(base, ours, theirs)
    assert [(v.voter, v.stars) for v in merged.votes if v.voter == "kai"] == [("kai", 5)]
    assert merged.title == "Pears"
    assert [(c.field, c.value) for c in merged.conflicts] == [("title", "Apples")]
    assert (merged.comments[0].text, [h.text for h in merged.comments[0].history]) == (
        "bbb",
        ["aaa"],
    )
    ours.changed = {"title": _at(10)}  # a later change wins over the greater value
    assert _merge(base, ours, theirs).title == "Apples"


def test_a_copy_nested_too_deep_is_refused_and_the_other_kept_with_a_note() -> None:
    base = _base()
    ours = copy.deepcopy(base)
    ours.votes.append(Vote("mei", 4, _at(3)))
    deep = codec.dumps(base).replace('title = "Title"', 'title = "Title\\u0021"')
    deep += "\n[extra" + ".a" * 1200 + "]\nb = 1\n"
    for mine, other in ((codec.dumps(ours), deep), (deep, codec.dumps(ours))):
        merged = merge_texts(codec.dumps(base), mine, other, "articles/abcd1234.toml")
        assert merged.text is not None
        kept = codec.loads(merged.text)
        assert [v.voter for v in kept.votes] == ["old", "mei"]
        assert [c.field for c in kept.conflicts] == ["file"]
        assert "nested too deeply" in kept.conflicts[0].value
