"""Signed actions (issue 25): with keys registered in people/, votes, comments, votes on
comments and deletions carry an SSH signature; `check --verify`, `show` and the reader
flag every entry under a registered name that no signature vouches for: forged, altered,
replayed and wrong-key entries alike. A peer cannot slip a key in for someone else."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli import api
from newscli.discussion.people import person_path, public_key, registry
from newscli.discussion.signing import MISSING, OTHER_KEY, WRONG, Signer
from newscli.errors import InvalidInput
from newscli.model.article import Comment, CommentVote, Vote
from ssh_signing import needs_ssh_signing

pytestmark = needs_ssh_signing
AT = datetime(2026, 2, 2, 9, tzinfo=UTC)


def _key(folder: Path, name: str) -> Path:
    path = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@test", "-f", str(path)],
        check=True,
    )
    return path


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    return {name: _key(folder, name) for name in ("alice", "mallory", "alice2")}


@pytest.fixture
def store(data_dir: Path) -> api.Store:
    return api.open_store(data_dir)


def _pub(keys: dict[str, Path], name: str) -> str:
    return keys[name].with_suffix(".pub").read_text()


@pytest.fixture
def world(store: api.Store, keys: dict[str, Path]) -> dict[str, str]:
    """Alice registered, with a signed vote, comment, vote on bob's comment and deletion
    (of a comment bob replied to); bob unregistered and unsigned."""
    alice = Signer(keys["alice"])
    api.add_person(store, "alice", _pub(keys, "alice"), "Alice A.", alice)
    first = api.add_article(store, api.Draft(title="First", body="One.")).id
    other = api.add_article(store, api.Draft(title="Other", body="Two.")).id
    api.rate_article(store, first, "alice", 4, alice)
    api.rate_article(store, first, "bob", 2)
    said = api.comment_on(store, first, "Signed words.", author="alice", signer=alice).id
    bobs = api.comment_on(store, first, "Bob's words.", author="bob").id
    api.vote_comment(store, first, bobs, "alice", "up", alice)
    gone = api.comment_on(store, first, "To be deleted.", author="alice", signer=alice).id
    api.comment_on(store, first, "A reply keeps it.", author="bob", reply_to=gone)
    api.delete_comment(store, first, gone, "alice", signer=alice)
    return {"first": first, "other": other, "said": said, "bobs": bobs, "gone": gone}


def _reasons(store: api.Store) -> dict[tuple[str, str], str]:
    found = api.verify_store(store)
    return {(u.article_id, u.key): u.reason for u in found.unverified}


def test_signed_entries_verify_and_unregistered_names_are_not_checked(
    store: api.Store, world: dict[str, str], run: Runner
) -> None:
    article = store.load(world["first"])
    assert all(v.signature for v in article.votes if v.voter == "alice")
    stone = next(c for c in article.comments if c.id == world["gone"])
    assert (stone.deleted_by, bool(stone.signature), stone.text) == ("alice", True, "")
    assert _reasons(store) == {}
    result = run("check", "--verify")
    assert (result.exit_code, result.stdout) == (0, "")


def _change(store: api.Store, article_id: str, change: object) -> None:
    store.update(article_id, change)  # type: ignore[arg-type]


def test_forged_altered_replayed_and_wrong_key_entries_are_all_flagged(
    store: api.Store, world: dict[str, str], keys: dict[str, Path], run: Runner
) -> None:
    first, other = world["first"], world["other"]
    signed_vote = next(v for v in store.load(first).votes if v.voter == "alice")

    def forge(article: api.Article) -> None:  # a peer's commit: an unsigned vote as alice
        article.comments.append(Comment(id="f0rged", text="Forged.", at=AT, author="alice"))

    def alter(article: api.Article) -> None:  # alice's signed comment, its text changed
        said = next(c for c in article.comments if c.id == world["said"])
        said.text = "Words alice never wrote."

    def replay(article: api.Article) -> None:  # alice's signed vote copied onto another
        article.votes.append(replace(signed_vote))

    mallory = Signer(keys["mallory"])

    def wrong_key(article: api.Article) -> None:  # signed, by mallory's key, as alice
        bobs = next(c for c in article.comments if c.id == world["bobs"])
        bobs.votes = [v for v in bobs.votes if v.voter != "alice"]
        cast = CommentVote("alice", -1, AT)
        from newscli.model.signed import comment_vote_form

        cast.signature = mallory.sign(comment_vote_form(article.id, bobs.id, cast))
        bobs.votes.append(cast)

    for change in (forge, alter, wrong_key):
        _change(store, first, change)
    _change(store, other, replay)
    assert _reasons(store) == {
        (first, "comment f0rged"): MISSING,
        (first, f"comment {world['said']}"): WRONG,
        (first, f"vote alice on {world['bobs']}"): OTHER_KEY,
        (other, "vote alice"): WRONG,
    }
    result = run("check", "--verify")
    assert result.exit_code == 1
    assert f"articles/{first}.toml: unverified: comment f0rged: no signature\n" in result.stdout
    assert f"articles/{other}.toml: unverified: vote alice: {WRONG}\n" in result.stdout
    assert run("check").exit_code == 0  # without --verify, signatures are not looked at

    page = run("show", first, "--as", "bob").stdout
    head = next(line for line in page.splitlines() if world["said"] in line)
    assert head.endswith("unverified")
    bobs = next(line for line in page.splitlines() if world["bobs"] in line)
    assert bobs.endswith("unverified vote by alice")
    assert "unverified: alice's vote" in run("show", other, "--as", "bob").stdout
    plain = run("show", other, "--as", "bob", "--plain")
    assert plain.exit_code == 0
    rating = next(line for line in plain.stdout.splitlines() if " vote" in line)
    assert rating.endswith("  unverified: alice's vote")
    again = run("add", "-", "--force", input=plain.stdout)  # the mark is no part of the body
    assert again.exit_code == 0, again.stderr
    kept = store.load(again.stdout.strip())
    assert (kept.title, kept.body) == (store.load(other).title, store.load(other).body)


def test_a_forged_deletion_is_flagged(store: api.Store, world: dict[str, str]) -> None:
    def stone(article: api.Article) -> None:
        said = next(c for c in article.comments if c.id == world["said"])
        article.comments.append(Comment(id="r3pqy0", text="Re.", at=AT, parent=said.id))
        gone = next(c for c in article.comments if c.id == world["gone"])
        said.text, said.author, said.deleted = "", None, AT
        said.deleted_by, said.signature = "alice", gone.signature  # replayed from another

    _change(store, world["first"], stone)
    assert _reasons(store) == {(world["first"], f"deletion {world['said']}"): WRONG}


def test_an_unsigned_edit_of_a_signed_comment_loses_its_signature(
    store: api.Store, world: dict[str, str]
) -> None:
    api.edit_comment(store, world["first"], world["said"], "Edited, unsigned.", "alice")
    assert _reasons(store) == {(world["first"], f"comment {world['said']}"): MISSING}


def test_a_key_slipped_in_by_a_peer_is_not_trusted(
    store: api.Store, world: dict[str, str], keys: dict[str, Path], data_dir: Path
) -> None:
    _reasons(store)  # this copy has seen alice's key: pinned
    path = person_path(store.data, "alice")
    text = path.read_text()
    mallory_key = str(public_key(_pub(keys, "mallory")))
    path.write_text(text.replace('keys = [\n    "', f'keys = [\n    "{mallory_key}",\n    "'))
    assert len(registry(store.data).people["alice"].keys) == 2

    def as_alice(article: api.Article) -> None:
        from newscli.model.signed import vote_form

        article.votes = [v for v in article.votes if v.voter != "alice"]
        vote = Vote("alice", 1, AT)
        vote.signature = Signer(keys["mallory"]).sign(vote_form(article.id, vote))
        article.votes.append(vote)

    _change(store, world["first"], as_alice)
    found = api.verify_store(store)
    assert [(u.key, u.reason) for u in found.unverified] == [("vote alice", OTHER_KEY)]
    assert found.problems == [
        f"people/{path.name}: 1 key(s) added for alice without the signature of a key this"
        " copy trusts for them: not trusted"
    ]
    path.unlink()  # removing her record does not turn the checking off either
    assert [(u.key, u.reason) for u in api.verify_store(store).unverified] == [
        ("vote alice", OTHER_KEY)
    ]


def test_a_key_added_by_its_owner_is_trusted(
    store: api.Store, world: dict[str, str], keys: dict[str, Path]
) -> None:
    _reasons(store)  # alice's first key pinned here
    api.add_person(store, "alice", _pub(keys, "alice2"), None, Signer(keys["alice"]))
    api.rate_article(store, world["other"], "alice", 5, Signer(keys["alice2"]))
    assert _reasons(store) == {}
    assert api.verify_store(store).problems == []


def test_without_keys_nothing_changes(store: api.Store, data_dir: Path, run: Runner) -> None:
    article = api.add_article(store, api.Draft(title="T", body="B.")).id
    api.rate_article(store, article, "alice", 3)
    text = (data_dir / "articles" / f"{article}.toml").read_text()
    assert "signature" not in text
    before = snapshot(data_dir)
    result = run("check", "--verify")
    assert (result.exit_code, result.stdout) == (0, "")
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("cert-authority ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA", "of type 'cert-authority'"),
        ("ssh-ed25519 not*base64", "not base64"),
        ("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQAB", "holds a 'ssh-rsa' key"),
        ("ssh-ed25519", "one line: TYPE BASE64"),
        ("ssh-ed25519 AAAA\nnewscli-signer ssh-ed25519 AAAA", "one line: TYPE BASE64"),
    ],
)
def test_only_a_bare_public_key_is_ever_registered(line: str, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        public_key(line)


def test_people_add_and_list_from_the_command_line(
    run: Runner, keys: dict[str, Path], tmp_path: Path, data_dir: Path
) -> None:
    pub = keys["alice"].with_suffix(".pub")
    added = run("people", "add", "alice", "--key", str(pub), "--display", "Alice  A.")
    assert (added.exit_code, added.stdout) == (0, "")
    assert added.stderr == ("alice: 1 key(s), Alice A. (unsigned: set a signing key to sign it).\n")
    assert run("people").stdout == "alice\tAlice A.\t1 key(s)\n"
    again = run("people", "add", "alice", "--key", str(pub))
    assert (again.exit_code, again.stderr) == (1, "newscli: error: alice has this key already\n")
    bad = tmp_path / "bad.pub"
    bad.write_text("-oProxyCommand=sh ssh-ed25519 AAAA\n")
    before = snapshot(data_dir)
    refused = run("people", "add", "bob", "--key", str(bad))
    assert refused.exit_code == 1 and len(refused.stderr.splitlines()) == 1
    assert snapshot(data_dir) == before


def test_a_signing_key_configured_signs_every_write(
    run: Runner, keys: dict[str, Path], monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    pub = keys["alice"].with_suffix(".pub")
    assert run("people", "add", "alice", "--key", str(pub)).exit_code == 0
    monkeypatch.setenv("NEWSCLI_SIGNING_KEY", str(keys["alice"]))
    monkeypatch.setenv("NEWSCLI_USER", "alice")
    article = run("add", "--title", "T", "--body", "B.").stdout.strip()
    assert run("rate", article, "5").exit_code == 0
    comment = run("comment", article, "Mine.").stdout.strip()
    assert run("comment", article, "Re.", "--as", "bob", "--reply-to", comment).exit_code == 0
    assert run("comment", article, "--edit", comment, "Mine, edited.").exit_code == 0
    assert run("vote", article, run("inbox", "-f", "ids").stdout.split()[1], "up").exit_code == 0
    assert run("comment", article, "--delete", comment).exit_code == 0
    assert run("whoami").stderr.endswith(
        f"Signing with {keys['alice']} (from $NEWSCLI_SIGNING_KEY).\n"
    )
    checked = run("check", "--verify")
    assert (checked.exit_code, checked.stdout) == (0, ""), checked.stdout
    monkeypatch.setenv("NEWSCLI_SIGNING_KEY", str(data_dir / "no-such-key"))
    failed = run("rate", article, "1")
    assert failed.exit_code == 1 and "is not a file" in failed.stderr


def test_a_good_signature_is_checked_once_per_copy(
    store: api.Store, world: dict[str, str], monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    assert _reasons(store) == {}
    assert (data_dir / "local" / "signatures.sqlite3").is_file()
    monkeypatch.setenv("PATH", "")  # no ssh-keygen: what was found good is remembered
    assert _reasons(store) == {}
    api.edit_comment(store, world["first"], world["said"], "Changed.", "alice")
    assert _reasons(store) == {(world["first"], f"comment {world['said']}"): MISSING}
