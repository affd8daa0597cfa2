"""No write is lost while a sync runs: a sync holds the store while it commits and
merges (writers wait, and say so), a writer refuses to write over a merge a killed sync
left unfinished, and a sync killed at any step loses nothing written before or after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api
from newscli.store.hold import MergeUnfinished
from sync_helpers import Person, isolate_git, no_markers, sharing_one_article


@pytest.fixture(autouse=True)
def _git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path, monkeypatch)


@pytest.fixture
def pair(run: Runner, tmp_path: Path) -> tuple[Person, Person, str]:
    return sharing_one_article(run, tmp_path)


def _newscli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newscli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _ok(run: Runner, person: Person) -> None:
    result = run("--data-dir", str(person.data), "sync")
    assert result.exit_code == 0, result.stderr
    no_markers(person.data)


def test_a_write_waits_for_a_sync_holding_the_store_and_says_so(
    pair: tuple[Person, Person, str],
) -> None:
    mei, _, article = pair
    store = mei.store
    with store.hold.exclusive():  # as a sync merging
        rate = _newscli("--data-dir", str(mei.data), "rate", article, "4", "--as", "late")
        assert rate.stderr is not None
        said = rate.stderr.readline()  # printed when it first finds the store held
        assert said == f"Waiting for the newscli sync running in {mei.data}\n"
        assert "late" not in (mei.data / "articles" / f"{article}.toml").read_text()
    _, err = rate.communicate(timeout=120)
    assert rate.returncode == 0, err
    assert [v.voter for v in store.load(article).votes] == ["late"]


def test_a_sync_waits_for_the_writers_under_way(pair: tuple[Person, Person, str]) -> None:
    mei, _, article = pair
    with mei.store.hold.shared():  # as a writer in the middle of its write
        sync = _newscli("--data-dir", str(mei.data), "sync")
        assert sync.stderr is not None
        said = ""
        while not said.startswith("Waiting for the newscli commands writing"):
            said = sync.stderr.readline()
            assert said, "the sync ended without waiting"
        api.rate_article(mei.store, article, "mei", 5)  # still this writer's turn
    _, err = sync.communicate(timeout=120)
    assert sync.returncode == 0, err


def _killing_git(tmp_path: Path, command: str, nth: int) -> dict[str, str]:
    """An environment whose git kills newscli (its parent) right after the ``nth`` run
    of ``git COMMAND`` has finished."""
    real = subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip()
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    counter = tmp_path / "count"
    wrapper = folder / "git"
    wrapper.write_text(
        f'#!/bin/sh\n"{real}" "$@"; rc=$?\n'
        'sub=""; skip=0\n'
        'for a in "$@"; do\n'
        "  if [ $skip = 1 ]; then skip=0; continue; fi\n"
        '  case "$a" in -C|-c) skip=1;; -*) ;; *) sub="$a"; break;; esac\n'
        "done\n"
        f'if [ "$sub" = "{command}" ]; then\n'
        f'  n=$(cat "{counter}" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "{counter}"\n'
        f'  if [ "$n" = "{nth}" ]; then kill -9 $PPID; fi\n'
        "fi\nexit $rc\n"
    )
    wrapper.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


# Each git step of kai's sync, in order: staging and committing his vote, fetching mei's,
# merging (the article changed on both sides is left unmerged), staging the merged
# files, committing the merge, pushing.
STEPS = [("add", 1), ("commit", 1), ("fetch", 1), ("merge", 1), ("add", 2), ("commit", 2)]
STEPS += [("push", 1)]


@pytest.mark.parametrize(("command", "nth"), STEPS, ids=[f"{c}-{n}" for c, n in STEPS])
def test_a_sync_killed_at_any_step_loses_nothing_written(
    command: str, nth: int, run: Runner, pair: tuple[Person, Person, str], tmp_path: Path
) -> None:
    mei, kai, article = pair
    api.rate_article(mei.store, article, "mei", 5)
    api.comment_on(mei.store, article, "From mei.", author="mei")
    _ok(run, mei)
    api.rate_article(kai.store, article, "kai", 1)
    killed = _newscli("--data-dir", str(kai.data), "sync", env=_killing_git(tmp_path, command, nth))
    killed.communicate(timeout=120)
    assert killed.returncode == -9

    written, refused = [], []
    for voter in ("late", "later"):
        try:
            api.rate_article(kai.store, article, voter, 3)
            api.comment_on(kai.store, article, f"By {voter}.", author=voter)
        except MergeUnfinished as exc:
            assert "run 'newscli sync' to finish it" in str(exc)
            refused.append(voter)
        else:
            written.append(voter)
    if kai.store.data.merge_head.exists():
        assert refused == ["late", "later"]  # nothing may land on an unfinished merge
    else:
        assert written == ["late", "later"]

    for person in (kai, mei, kai):
        _ok(run, person)
    for person in (mei, kai):
        shared = person.store.load(article)
        assert {v.voter for v in shared.votes} == {"mei", "kai", *written}
        assert {c.text for c in shared.comments} == {"From mei.", *(f"By {v}." for v in written)}
    assert (mei.data / "articles" / f"{article}.toml").read_bytes() == (
        kai.data / "articles" / f"{article}.toml"
    ).read_bytes()
