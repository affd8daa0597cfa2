"""What the merge knows of people (issue 25): who wrote each side of a conflict, ties broken
by person then id, an unsigned entry never replacing a signed one of the same person, a
signature following the text it signs, and people's records merged (keys as a set, the
signed record over an unsigned one), all the same whichever side merges."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscli.discussion.people import Person, person_text, public_key
from newscli.model import codec
from newscli.model.article import DELETED, Article, Comment, CommentVote, Retraction, Vote
from newscli.sharing.merge import merge_texts
from newscli.sharing.merge_files import merge_file, merge_person_texts

T0 = datetime(2026, 1, 1, tzinfo=UTC)
SIGNED, FORGED = "U1NIU0lHc2lnbmVk", None  # the merge reads signatures as there or not


def _at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def _base() -> Article:
    return Article(
        id="abcd1234",
        title="Title",
        body="Body.",
        added=T0,
        updated=T0,
        votes=[Vote("alice", 4, T0, signature=SIGNED)],
        comments=[
            Comment("c00000", "Signed words.", T0, author="alice", signature=SIGNED),
            Comment("c00001", "A reply.", _at(1), author="bob", parent="c00000"),
        ],
    )


def _merge(base: Article | None, ours: Article, theirs: Article) -> Article:
    old = codec.dumps(base) if base else None
    merged = merge_texts(old, codec.dumps(ours), codec.dumps(theirs), "a.toml")
    flipped = merge_texts(old, codec.dumps(theirs), codec.dumps(ours), "a.toml")
    assert merged.text == flipped.text  # the same whichever side merges
    assert merged.text is not None
    return codec.loads(merged.text)


def test_a_conflict_names_who_wrote_each_side_and_when() -> None:
    base = _base()
    alice, bob = copy.deepcopy(base), copy.deepcopy(base)
    alice.title, alice.changed, alice.changed_by = "Alice's", {"title": _at(9)}, {"title": "alice"}
    bob.title, bob.changed, bob.changed_by = "Bob's", {"title": _at(5)}, {"title": "bob"}
    merged = _merge(base, alice, bob)
    assert (merged.title, merged.changed_by) == ("Alice's", {"title": "alice"})
    [note] = merged.conflicts
    assert (note.value, note.at, note.by) == ("Bob's", _at(5), "bob")
    assert (note.kept_by, note.kept_at) == ("alice", _at(9))


def test_a_deletion_note_names_who_deleted_the_article() -> None:
    base = _base()
    bob = copy.deepcopy(base)
    bob.comments.append(Comment("c00002", "Keep it!", _at(3), author="bob"))
    text, gone = codec.dumps(bob), None
    for authors, ours, theirs in ((("alice", "bob"), gone, text), (("bob", "alice"), text, gone)):
        merged = merge_texts(codec.dumps(base), ours, theirs, "a.toml", authors)
        assert merged.text is not None
        [note] = codec.loads(merged.text).conflicts
        assert (note.field, note.by) == (DELETED, "alice")


def test_comments_of_the_same_stamp_are_ordered_by_person_then_id() -> None:
    base = _base()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.comments.append(Comment("zzzzzz", "From zoe.", _at(7), author="zoe"))
    ours.comments.append(Comment("bbbbbb", "From ann, second.", _at(7), author="ann"))
    theirs.comments.append(Comment("aaaaaa", "From ann.", _at(7), author="ann"))
    theirs.comments.append(Comment("cccccc", "From bo.", _at(7), author="bo"))
    merged = _merge(base, ours, theirs)
    assert [c.id for c in merged.comments][2:] == ["aaaaaa", "bbbbbb", "cccccc", "zzzzzz"]


def test_an_unsigned_vote_or_retraction_never_replaces_a_signed_one() -> None:
    base = _base()
    forged, alice = copy.deepcopy(base), copy.deepcopy(base)
    forged.votes = [Vote("alice", 1, _at(50))]  # later, but unsigned
    alice.comments[1].votes = [CommentVote("alice", 1, _at(2), signature=SIGNED)]
    assert [(v.stars, v.signature) for v in _merge(base, forged, alice).votes] == [(4, SIGNED)]
    forged.votes, forged.retracted = [], [Retraction("alice", _at(60))]
    merged = _merge(base, forged, alice)
    assert [(v.stars, v.signature) for v in merged.votes] == [(4, SIGNED)]
    assert merged.retracted == []
    taken = copy.deepcopy(base)
    taken.votes, taken.retracted = [], [Retraction("alice", _at(3), signature=SIGNED)]
    assert _merge(base, taken, alice).votes == []  # her own, signed, taking back stands
    forged.comments[1].votes = [CommentVote("alice", -1, _at(70))]
    assert _merge(base, forged, alice).comments[1].votes == alice.comments[1].votes


def test_an_unsigned_edit_never_replaces_a_signed_comment() -> None:
    base = _base()
    forged, alice = copy.deepcopy(base), copy.deepcopy(base)
    forged.comments[0] = Comment("c00000", "Words put in her mouth.", T0, author="alice",
                                 edited=_at(90))  # fmt: skip
    alice.votes.append(Vote("bob", 2, _at(4)))
    kept = _merge(base, forged, alice).comments[0]
    assert (kept.text, kept.signature, kept.edited) == ("Signed words.", SIGNED, None)
    assert [h.text for h in kept.history] == ["Words put in her mouth."]


def test_of_two_deletions_the_signed_one_stands() -> None:
    base = _base()
    plain, signed = copy.deepcopy(base), copy.deepcopy(base)
    plain.comments[0] = Comment("c00000", "", T0, deleted=_at(2))
    signed.comments[0] = Comment("c00000", "", T0, deleted=_at(5), deleted_by="alice",
                                 signature="U1NIU0lHZGVsZXRpb24=")  # fmt: skip
    stone = _merge(base, plain, signed).comments[0]
    assert (stone.deleted, stone.deleted_by) == (_at(5), "alice")


def test_a_signature_follows_the_text_it_signs() -> None:
    base = _base()
    first, second = copy.deepcopy(base), copy.deepcopy(base)
    first.comments[0] = Comment("c00000", "Edit one.", T0, author="alice", edited=_at(5),
                                signature="U1NIU0lHb25l")  # fmt: skip
    second.comments[0] = Comment("c00000", "Edit two.", T0, author="alice", edited=_at(8),
                                 signature="U1NIU0lHdHdv")  # fmt: skip
    kept = _merge(base, first, second).comments[0]
    assert (kept.text, kept.edited, kept.signature) == ("Edit two.", _at(8), "U1NIU0lHdHdv")
    assert [h.text for h in kept.history] == ["Edit one."]
    second.comments[0].edited = _at(3)  # now the first edit is the later one
    kept = _merge(base, first, second).comments[0]
    assert (kept.text, kept.edited, kept.signature) == ("Edit one.", _at(5), "U1NIU0lHb25l")


KEYS = [
    public_key(f"ssh-ed25519 {blob}")
    for blob in (
        "AAAAC3NzaC1lZDI1NTE5AAAAIBD2vgvBBLR8YSDwSUsuMa6yYvPWIBbKTmjgbAHnqH7T",
        "AAAAC3NzaC1lZDI1NTE5AAAAIEm5hCnKmJmCfpaXjJQ7xHN4hLLb0XTR0lfBdAbc8iK/",
        "AAAAC3NzaC1lZDI1NTE5AAAAIC5v0yY3bxGvG9j3B/nq0bVOJs1pJjm0qf0sXZ2mdQRm",
    )
]


def _person(*keys: int, display: str | None = None, signature: str | None = None) -> str:
    return person_text(Person("mei", display, [KEYS[k] for k in keys], signature))


def _both_ways(base: str | None, one: str, two: str) -> str:
    merged = merge_person_texts(base, one, two, "people/mei.toml")
    assert merged == merge_person_texts(base, two, one, "people/mei.toml")
    return merged


def test_a_persons_record_changed_on_both_sides_merges_its_keys_as_a_set() -> None:
    base = _person(0, 1)
    merged = _both_ways(base, _person(0, 1, 2), _person(0, display="Mei Lin"))
    assert merged == _person(0, 2, display="Mei Lin")  # 1 taken away, 2 added
    unrelated = _both_ways(None, _person(2), _person(0, 1))  # no ancestor: by their text
    assert unrelated == person_text(Person("mei", None, sorted(KEYS, key=str)))


def test_a_signed_record_wins_over_an_unsigned_one_and_a_merge_of_two_is_unsigned() -> None:
    base = _person(0, signature="U1NIU0lHYmFzZQ==")
    signed = _person(0, 1, signature="U1NIU0lHbmV3")
    slipped = _person(0, 2)  # a key added without a signature
    assert _both_ways(base, signed, slipped) == signed
    other = _person(0, display="Mei", signature="U1NIU0lHb3RoZXI=")
    assert _both_ways(base, signed, other) == _person(0, 1, display="Mei")
    same = _person(0, 1, signature="U1NIU0lHbmV3")
    assert _both_ways(base, signed, same) == signed


def test_the_merge_driver_merges_a_persons_record(tmp_path: Path) -> None:
    files = []
    for name, text in (("O", _person(0)), ("A", _person(0, 1)), ("B", _person(0, display="Mei"))):
        files.append(tmp_path / name)
        files[-1].write_text(text)
    merged = merge_file(*files, "people/mei-4a1c0f9b2e7d.toml")
    assert (merged.conflicts, files[1].read_text()) == ([], _person(0, 1, display="Mei"))
