"""Issue 25's acceptance, as a test: Alice and Bob share a bare remote, Bob's clock a day
behind (injected clocks, never today's date). Comments, replies, votes, a vote taken back
then cast again on the other side, a title edited by both, an ``rm`` against a comment;
after syncs in either order both stores hold the same bytes, both were told of the
conflicts, ``resolve --keep mine`` keeps the typist's value and says so, Bob's comment on
the removed article is in his trash, and each inbox lists exactly what arrived for them,
with titles. With keys registered, a commit forging Alice's vote is flagged by
``check --verify``, by the sync that brings it, and on the page."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api
from newscli.model import codec
from newscli.model.threads import threads
from ssh_signing import needs_ssh_signing
from sync_helpers import bare_remote, git, isolate_git, no_markers

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DAY, MINUTE = timedelta(days=1), timedelta(minutes=1)
SHARED = ("articles", "state", "people")


@pytest.fixture(autouse=True)
def _git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path, monkeypatch)


class Machine:
    """One person's copy: their data directory, their store on a clock ``offset`` from the
    true time the test moves on, and what their syncs said."""

    def __init__(self, name: str, data: Path, now: Callable[[], datetime]) -> None:
        self.name = name
        self.data = data
        self.store = api.open_store(data, clock=now)
        self.told: list[str] = []

    def run(self, run: Runner, *args: str, named: bool = True) -> tuple[str, str]:
        """A command run on this copy (``named``: as this person, with --as)."""
        said = ("--as", self.name) if named else ()
        result = run("--data-dir", str(self.data), *args, *said)
        assert result.exit_code == 0, result.stderr
        return result.stdout, result.stderr

    def sync(self, run: Runner) -> str:
        said = self.run(run, "sync")[1]
        no_markers(self.data)
        self.told.append(said)
        return said


class Time:
    def __init__(self) -> None:
        self.passed = timedelta()

    def clock(self, offset: timedelta) -> Callable[[], datetime]:
        return lambda: T0 + self.passed + offset

    def tick(self) -> None:
        self.passed += MINUTE


def _shared_files(data: Path) -> dict[str, bytes]:
    return {
        p.relative_to(data).as_posix(): p.read_bytes()
        for folder in SHARED
        for p in sorted((data / folder).glob("*.toml"))
    }


def _retitle(tmp_path: Path, title: str) -> str:
    """An editor (a script) that puts ``title`` in the file, as a person would type it."""
    script = tmp_path / f"retitle-{len(list(tmp_path.glob('retitle-*')))}.sh"
    script.write_text(f'#!/bin/sh\nsed -i \'s/^title = .*/title = "{title}"/\' "$1"\n')
    script.chmod(0o700)
    return str(script)


@pytest.mark.parametrize("first", ["alice", "bob"])
def test_two_people_one_clock_a_day_behind(run: Runner, tmp_path: Path, first: str) -> None:
    time = Time()
    remote = bare_remote(tmp_path)
    alice = Machine("alice", tmp_path / "alice", time.clock(timedelta()))
    bob = Machine("bob", tmp_path / "bob", time.clock(-DAY))
    ferry = api.add_article(alice.store, api.Draft(title="Ferry", body="The night ferry.")).id
    port = api.add_article(alice.store, api.Draft(title="Port", body="The old port.")).id
    alice.run(run, "sync", "init", str(remote))
    bob.run(run, "sync", "init", str(remote))
    api.subscribe(alice.store, ferry, "alice")

    time.tick()
    opening = api.comment_on(alice.store, ferry, "Alice opens.", author="alice").id
    api.rate_article(alice.store, ferry, "alice", 4)
    alice.sync(run)
    bob.sync(run)
    time.tick()
    answer = api.comment_on(bob.store, ferry, "Bob answers.", author="bob", reply_to=opening).id
    mention = api.comment_on(bob.store, ferry, "Look, @alice: a timetable.", author="bob").id
    api.vote_comment(bob.store, ferry, opening, "bob", "up")
    bob.sync(run)
    alice.sync(run)
    time.tick()
    api.clear_rating(alice.store, ferry, "alice")  # taken back on her side...
    alice.sync(run)
    bob.sync(run)
    time.tick()
    api.rate_article(bob.store, ferry, "alice", 5)  # ...cast again on the other side
    bob.sync(run)
    alice.sync(run)

    time.tick()  # apart: neither syncs until both have written
    api.edit_article(alice.store, ferry, _retitle(tmp_path, "Night Ferry Returns"), "alice")
    api.edit_article(bob.store, ferry, _retitle(tmp_path, "The Ferry Is Back"), "bob")
    api.remove_articles(alice.store, [port])
    kept = api.comment_on(bob.store, port, "Keep the port story!", author="bob").id
    reply = api.comment_on(alice.store, ferry, "Alice replies.", author="alice", reply_to=answer)
    order = [alice, bob] if first == "alice" else [bob, alice]
    for machine in order * 2:
        machine.sync(run)

    assert _shared_files(alice.data) == _shared_files(bob.data)
    for machine in (alice, bob):  # each was told of both conflicts by a sync of their own
        said = "".join(machine.told[-4:])
        assert f"Conflict in {ferry} “" in said and "title changed on both sides" in said
        assert f"Conflict in {port} “Port”: deleted by alice and changed" in said
    stored = alice.store.load(ferry)
    assert [(v.voter, v.stars) for v in stored.votes] == [("alice", 5)]
    assert stored.retracted == []
    assert [v.voter for c in stored.comments for v in c.votes] == ["bob"]
    shown = [c.id for thread in threads(stored.comments) for _, c in thread]
    assert shown == [opening, answer, reply.id, mention]  # in the order they were written

    bobs_view = tmp_path / "bob-resolves"  # what bob's --keep mine would keep, apart
    shutil.copytree(bob.data, bobs_view)
    theirs = run("--data-dir", str(bobs_view), "resolve", ferry, "--as", "bob")
    assert theirs.stderr == 'Kept title "The Ferry Is Back" (yours).\n'
    settled = alice.run(run, "resolve", ferry, "--keep", "mine")
    assert settled == (f"{ferry}\n", 'Kept title "Night Ferry Returns" (yours).\n')
    gone = alice.run(run, "resolve", port, "--keep", "mine")
    assert gone[1] == "Kept the deletion: the article is in the trash (yours).\n"
    alice.sync(run)
    said = bob.sync(run)
    assert f"{port} “Port” was removed by alice: your copy of it is in the trash" in said
    assert not (bob.data / "articles" / f"{port}.toml").exists()
    [trashed] = [a for a in api.list_trash(bob.store).rows if a.id == port]
    assert kept in (bob.data / "trash" / f"{port}.toml").read_text()
    assert trashed.title == "Port"
    assert _shared_files(alice.data) == _shared_files(bob.data)
    assert bob.store.load(ferry).title == "Night Ferry Returns"

    inbox = {m.name: m.run(run, "inbox", "--all", "--format", "tsv")[0] for m in (alice, bob)}
    rows = {
        name: sorted((line.split("\t")[1], line.split("\t")[4], line.split("\t")[5])
                     for line in text.splitlines())
        for name, text in inbox.items()
    }  # fmt: skip
    assert rows["alice"] == sorted(
        [(answer, "reply", "Night Ferry Returns"), (mention, "mention", "Night Ferry Returns")]
    )
    assert rows["bob"] == [(reply.id, "reply", "Night Ferry Returns")]


@needs_ssh_signing
def test_a_commit_forging_alices_vote_is_flagged(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    time = Time()
    key = tmp_path / "alice-key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    remote = bare_remote(tmp_path)
    alice = Machine("alice", tmp_path / "alice", time.clock(timedelta()))
    bob = Machine("bob", tmp_path / "bob", time.clock(-DAY))
    ferry = api.add_article(alice.store, api.Draft(title="Ferry", body="The night ferry.")).id
    monkeypatch.setenv("NEWSCLI_SIGNING_KEY", str(key))
    alice.run(run, "people", "add", "alice", "--key", f"{key}.pub", named=False)
    alice.run(run, "rate", ferry, "4")
    assert alice.run(run, "check", "--verify", named=False)[0] == ""
    alice.run(run, "sync", "init", str(remote))
    monkeypatch.delenv("NEWSCLI_SIGNING_KEY")
    bob.run(run, "sync", "init", str(remote))

    forger = tmp_path / "forger"  # anyone who can push: a plain clone and a text editor
    git(tmp_path, "clone", "-q", str(remote), str(forger))
    path = forger / "articles" / f"{ferry}.toml"
    article = codec.loads(path.read_text())
    article.votes = [api.Vote("alice", 1, T0 + DAY)]  # her name, no signature of hers
    path.write_text(codec.dumps(article))
    git(forger, "commit", "-q", "-am", "rate ferry", "--author", "alice <alice@example.org>")
    git(forger, "push", "-q")

    said = alice.sync(run)
    assert f"articles/{ferry}.toml: unverified: vote alice: no signature" in said
    assert alice.store.load(ferry).votes[0].stars == 1
    checked = run("--data-dir", str(alice.data), "check", "--verify")
    assert checked.exit_code == 1
    assert f"articles/{ferry}.toml: unverified: vote alice: no signature" in checked.stdout
    page = alice.run(run, "show", ferry)[0]
    assert "unverified: alice's vote" in page
    said = bob.sync(run)  # bob pinned alice's key when it first came: his copy says so too
    assert f"articles/{ferry}.toml: unverified: vote alice: no signature" in said
