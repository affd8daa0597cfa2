"""How long newscli lets a git command run: a command that talks to the remote has the
short limit (a peer or a link may hang); one that works only here has the long one
(``git add`` of a large store takes minutes on a busy machine)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newscli.sharing.git import LOCAL_TIMEOUT, Git, GitError
from sync_helpers import bare_remote, isolate_git

TOO_SHORT = 1e-6  # no process starts, let alone finishes, within a microsecond


@pytest.fixture
def git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Git:
    isolate_git(tmp_path, monkeypatch)
    work = tmp_path / "work"
    work.mkdir()
    made = Git(work, os.environ, timeout=TOO_SHORT)
    made.timeout = LOCAL_TIMEOUT  # for the set-up only
    made.run("init", "-q")
    made.run("remote", "add", "origin", str(bare_remote(tmp_path)))
    made.timeout = TOO_SHORT
    return made


def test_a_command_that_works_here_is_not_held_to_the_network_limit(git: Git) -> None:
    assert git.run("status", "--porcelain").returncode == 0


@pytest.mark.parametrize("args", [("fetch", "-q", "origin"), ("ls-remote", "origin")])
def test_a_command_that_talks_to_the_remote_is(git: Git, args: tuple[str, ...]) -> None:
    with pytest.raises(GitError, match=rf"^git {args[0]} took more than 0 s and was stopped$"):
        git.run(*args)
