"""sync's faults (one line, exit 1, nothing lost, run again) and plain git beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api
from sync_helpers import Person, git, isolate_git, no_markers, sharing_one_article


@pytest.fixture(autouse=True)
def _git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path, monkeypatch)


@pytest.fixture
def pair(run: Runner, tmp_path: Path) -> tuple[Person, Person, str]:
    return sharing_one_article(run, tmp_path)


def _fails(run: Runner, person: Person, *args: str) -> str:
    result = run("--data-dir", str(person.data), "sync", *args)
    assert result.exit_code == 1 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("newscli: error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def _ok(run: Runner, person: Person, *args: str) -> str:
    result = run("--data-dir", str(person.data), "sync", *args)
    assert result.exit_code == 0, result.stderr
    no_markers(person.data)
    return result.stderr


def test_no_git_on_the_path(run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert "git is not installed" in _fails(run, Person("x", tmp_path / "d"), "init")


def test_not_shared_yet(run: Runner, tmp_path: Path) -> None:
    assert "sync init" in _fails(run, Person("x", tmp_path / "d"))


def test_unreachable_remote_keeps_the_commit(
    run: Runner, pair: tuple[Person, Person, str], tmp_path: Path
) -> None:
    mei, _, article_id = pair
    (tmp_path / "remote.git").rename(tmp_path / "moved.git")
    api.rate_article(mei.store, article_id, "mei", 4)
    assert "cannot fetch" in _fails(run, mei)
    assert git(mei.data, "log", "-1", "--format=%s").strip() == f"rate {article_id[:4]}"
    (tmp_path / "moved.git").rename(tmp_path / "remote.git")
    assert "Pushed" in _ok(run, mei)


def test_rejected_push(run: Runner, pair: tuple[Person, Person, str], tmp_path: Path) -> None:
    mei, _, article_id = pair
    hook = tmp_path / "remote.git" / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'closed for the night' >&2\nexit 1\n")
    hook.chmod(0o755)
    api.rate_article(mei.store, article_id, "mei", 4)
    assert "cannot push" in _fails(run, mei)
    hook.unlink()
    assert "Pushed" in _ok(run, mei)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda d: (d / ".git" / "rebase-merge").mkdir(), "a rebase is in progress"),
        (lambda d: git(d, "checkout", "-q", "--detach"), "HEAD is detached"),
    ],
)
def test_states_only_the_person_can_finish(
    run: Runner, pair: tuple[Person, Person, str], make: object, says: str
) -> None:
    mei = pair[0]
    make(mei.data)  # type: ignore[operator]
    assert says in _fails(run, mei)


def test_a_repository_of_something_else(run: Runner, tmp_path: Path) -> None:
    other = tmp_path / "project"
    other.mkdir()
    git(other, "init", "-q")
    (other / "README.md").write_text("a project\n")
    git(other, "add", "README.md")
    git(other, "commit", "-qm", "start")
    assert "something else" in _fails(run, Person("x", other), "init")
    assert "inside the git repository" in _fails(run, Person("x", other / "data"), "init")
    assert git(other, "status", "--porcelain") == ""


def test_a_file_broken_by_hand_is_not_committed(
    run: Runner, pair: tuple[Person, Person, str]
) -> None:
    mei, _, article_id = pair
    path = mei.data / "articles" / f"{article_id}.toml"
    good = path.read_bytes()
    path.write_text("title = ")
    assert "cannot be read" in _fails(run, mei)
    assert git(mei.data, "status", "--porcelain").strip() == f"M articles/{article_id}.toml"
    path.write_bytes(good)
    _ok(run, mei)


def test_plain_git_pull_uses_the_driver_and_the_index_notices(
    run: Runner, pair: tuple[Person, Person, str]
) -> None:
    mei, kai, article_id = pair
    assert run("--data-dir", str(kai.data), "list").exit_code == 0  # builds kai's index
    api.rate_article(mei.store, article_id, "mei", 5)
    _ok(run, mei)
    api.rate_article(kai.store, article_id, "kai", 1)
    git(kai.data, "add", "-A")
    git(kai.data, "commit", "-qm", "by hand")
    git(kai.data, "pull", "-q", "--no-rebase", "--no-edit")
    no_markers(kai.data)
    rows = json.loads(run("--data-dir", str(kai.data), "list", "--format", "json").stdout)
    assert rows[0]["rating"] == {"average": 3.0, "votes": 2}
    _ok(run, kai)


def test_a_clone_made_with_plain_git_works_after_one_sync(
    run: Runner, pair: tuple[Person, Person, str], tmp_path: Path
) -> None:
    mei, _, article_id = pair
    lin = Person("lin", tmp_path / "lin")
    subprocess.run(["git", "clone", "-q", str(tmp_path / "remote.git"), str(lin.data)], check=True)
    _ok(run, lin)
    assert git(lin.data, "config", "merge.newscli.driver").endswith("%O %A %B %P\n")
    api.rate_article(lin.store, article_id, "lin", 2)
    api.rate_article(mei.store, article_id, "mei", 4)
    _ok(run, mei)
    _ok(run, lin)
    assert {v.voter for v in lin.store.load(article_id).votes} == {"lin", "mei"}


def test_an_unfinished_merge_is_finished_by_the_next_sync(
    run: Runner, pair: tuple[Person, Person, str]
) -> None:
    mei, kai, article_id = pair
    api.rate_article(mei.store, article_id, "mei", 5)
    _ok(run, mei)
    api.rate_article(kai.store, article_id, "kai", 1)
    _ok(run, kai, "--no-push")
    git(kai.data, "fetch", "-q")
    api.rate_article(mei.store, article_id, "ann", 3)
    _ok(run, mei)
    git(kai.data, "fetch", "-q")
    done = subprocess.run(
        ["git", "-C", str(kai.data), "-c", "merge.newscli.driver=false", "merge", "@{upstream}"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1  # left unmerged, as a killed sync would leave it
    assert "merging: unfinished" in run("--data-dir", str(kai.data), "sync", "--status").stdout
    _ok(run, kai)
    assert {v.voter for v in kai.store.load(article_id).votes} == {"mei", "kai", "ann"}


def test_sigkill_during_sync_leaves_a_repository_the_next_sync_finishes(
    run: Runner, pair: tuple[Person, Person, str], tmp_path: Path
) -> None:
    mei, kai, article_id = pair
    api.rate_article(mei.store, article_id, "mei", 5)
    _ok(run, mei)
    api.rate_article(kai.store, article_id, "kai", 1)
    real = subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip()
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    # A git that kills newscli (its parent) as soon as a merge has run.
    wrapper.write_text(
        f'#!/bin/sh\n"{real}" "$@"; rc=$?\n'
        'case " $* " in *" merge "*) kill -9 $PPID;; esac\nexit $rc\n'
    )
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}"}
    killed = subprocess.run(
        [sys.executable, "-m", "newscli", "--data-dir", str(kai.data), "sync"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -9
    _ok(run, kai)
    _ok(run, mei)
    assert {v.voter for v in mei.store.load(article_id).votes} == {"mei", "kai"}
    assert git(kai.data, "status", "--porcelain") == ""


def test_a_push_that_loses_a_race_is_tried_once_more(
    run: Runner, pair: tuple[Person, Person, str], tmp_path: Path
) -> None:
    mei, kai, article = pair
    _ok(run, kai)  # kai is level with the remote
    marker = tmp_path / "raced"
    # While mei's sync pushes, kai's push lands first, once: mei's push is refused.
    hook = mei.data / ".git" / "hooks" / "pre-push"
    hook.write_text(
        "#!/bin/sh\n"
        f'[ -e "{marker}" ] && exit 0\n'
        f'touch "{marker}"\n'
        f'git -C "{kai.data}" commit -q --allow-empty -m "kai got there first"\n'
        f'git -C "{kai.data}" push -q origin HEAD\n',
        "utf-8",
    )
    hook.chmod(0o755)
    api.rate_article(mei.store, article, "mei", 5)

    _ok(run, mei)

    assert marker.exists()
    log = git(mei.data, "log", "--format=%s", "@{upstream}")
    assert "kai got there first" in log
    assert git(mei.data, "rev-parse", "HEAD") == git(mei.data, "rev-parse", "@{upstream}")
