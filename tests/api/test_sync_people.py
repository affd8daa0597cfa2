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


def _key(seed: int) -> str:
    """An SSH public key line (an ed25519 key of 32 bytes of ``seed``)."""
    import base64
    import struct

    kind = b"ssh-ed25519"
    blob = struct.pack(">I", len(kind)) + kind + struct.pack(">I", 32) + bytes([seed]) * 32
    return f"ssh-ed25519 {base64.b64encode(blob).decode()} key{seed}"


def test_a_persons_record_changed_on_both_sides_is_merged(run: Runner, tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    mei, kai = Person("mei", tmp_path / "mei"), Person("kai", tmp_path / "kai")
    api.add_person(mei.store, "mei", _key(1))
    assert run("--data-dir", str(mei.data), "sync", "init", str(remote)).exit_code == 0
    assert run("--data-dir", str(kai.data), "sync", "init", str(remote)).exit_code == 0
    api.add_person(mei.store, "mei", _key(2))  # mei on her laptop
    api.add_person(kai.store, "mei", None, "Mei Lin")  # mei on kai's, the same day
    for person in (mei, kai, mei):
        synced = run("--data-dir", str(person.data), "sync")
        assert synced.exit_code == 0, synced.stderr
    files = [p.data / "people" for p in (mei, kai)]
    assert [sorted(f.iterdir()) != [] for f in files] == [True, True]
    assert {f.name: f.read_bytes() for f in files[0].iterdir()} == {
        f.name: f.read_bytes() for f in files[1].iterdir()
    }
    record = api.list_people(kai.store).people["mei"]
    assert record.display == "Mei Lin"
    assert sorted(str(k) for k in record.keys) == sorted(
        " ".join(_key(n).split()[:2]) for n in (1, 2)
    )
