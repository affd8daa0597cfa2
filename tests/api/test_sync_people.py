"""people/ travels with a sync (issue 25), local/ never does."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Runner
from newscli import api
from sync_helpers import Person, bare_remote, git, isolate_git

KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBD2vgvBBLR8YSDwSUsuMa6yYvPWIBbKTmjgbAHnqH7T mei"


@pytest.fixture(autouse=True)
def _git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path, monkeypatch)


def test_registered_keys_travel_and_local_marks_stay(run: Runner, tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    mei, kai = Person("mei", tmp_path / "mei"), Person("kai", tmp_path / "kai")
    article = api.add_article(mei.store, api.Draft(title="T", body="B.")).id
    api.comment_on(mei.store, article, "Hi.", author="mei")
    assert run("--data-dir", str(mei.data), "sync", "init", str(remote)).exit_code == 0
    api.add_person(mei.store, "mei", KEY, "Mei Lin")
    assert run("--data-dir", str(mei.data), "show", article, "--as", "mei").exit_code == 0
    synced = run("--data-dir", str(mei.data), "sync")
    assert "Committed: update subscriptions or keys" in synced.stderr
    assert (mei.data / "local").is_dir()
    assert not [p for p in git(mei.data, "ls-files").splitlines() if p.startswith("local/")]
    assert run("--data-dir", str(kai.data), "sync", "init", str(remote)).exit_code == 0
    people = api.list_people(kai.store).people
    assert (people["mei"].display, [str(k) for k in people["mei"].keys]) == (
        "Mei Lin",
        [" ".join(KEY.split()[:2])],
    )
