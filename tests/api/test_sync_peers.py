"""A hostile peer with push access, working with plain git: what it commits is screened
before it is merged. Links, paths newscli does not share, files that cannot be read and
changes to newscli's own .gitignore and .gitattributes are not taken (kept aside, with a
warning naming the commit and its author); nothing here is read through a link, and no
stray file here is ever committed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from conftest import Result, Runner
from newscli import api
from newscli.sharing.peers import OWNED
from sync_helpers import Person, bare_remote, git, isolate_git, no_markers

SECRET = b"-----BEGIN OPENSSH PRIVATE KEY-----\nnot really a key\n"


@pytest.fixture(autouse=True)
def _git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path, monkeypatch)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "home" / ".ssh" / "id_rsa"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(SECRET)
    return path


class Eve:
    """A peer who clones the remote with plain git and pushes whatever she likes."""

    def __init__(self, tmp_path: Path, remote: Path) -> None:
        self.root = tmp_path / "eve"
        subprocess.run(["git", "clone", "-q", str(remote), str(self.root)], check=True)

    def push(self, message: str) -> str:
        env = {**os.environ, "GIT_AUTHOR_NAME": "Eve Hostile", "GIT_COMMITTER_NAME": "Eve"}
        for args in (["add", "-A", "-f"], ["commit", "-qm", message], ["push", "-q"]):
            subprocess.run(["git", "-C", str(self.root), *args], check=True, env=env)
        return git(self.root, "rev-parse", "--short=7", "HEAD").strip()


@pytest.fixture
def world(run: Runner, tmp_path: Path) -> tuple[Person, Person, Eve, str]:
    """mei and kai share a store with one article; eve has a plain clone of it."""
    remote = bare_remote(tmp_path)
    mei, kai = Person("mei", tmp_path / "mei"), Person("kai", tmp_path / "kai")
    article = api.add_article(mei.store, api.Draft(title="Shared", body="Text."))
    for person in (mei, kai):
        done = run("--data-dir", str(person.data), "sync", "init", str(remote))
        assert done.exit_code == 0, done.stderr
    return mei, kai, Eve(tmp_path, remote), article.id


def _sync(run: Runner, person: Person) -> Result:
    result = run("--data-dir", str(person.data), "sync")
    assert result.exit_code == 0, result.stderr
    no_markers(person.data)
    return result


def _warned(result: Result, path: str, commit: str) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("newscli: warning:")]
    found = [line for line in lines if f" {path} from {commit} by Eve Hostile not taken" in line]
    assert found, result.stderr
    return found[0]


def _history(person: Person) -> str:
    return git(person.data, "log", "-p", "--all", "--format=%H %an %s")


def test_a_linked_gitattributes_never_carries_a_key_anywhere(
    run: Runner, world: tuple[Person, Person, Eve, str], secret: Path
) -> None:
    mei, kai, eve, _ = world
    (eve.root / ".gitattributes").unlink()
    (eve.root / ".gitattributes").symlink_to(secret)
    (eve.root / ".gitignore").unlink()
    (eve.root / ".gitignore").symlink_to(secret)
    commit = eve.push("tidy")
    synced = _sync(run, mei)
    _warned(synced, ".gitattributes", commit)
    assert "a symbolic link, never followed" in _warned(synced, ".gitignore", commit)
    for name, content in OWNED.items():
        path = mei.data / name
        assert not path.is_symlink() and path.read_bytes() == content
    _sync(run, kai)
    for person in (mei, kai):
        assert SECRET.decode() not in _history(person).replace(str(secret), "")
        assert git(person.data, "ls-tree", "-r", "--format=%(objectmode)", "HEAD").split() == [
            "100644"
        ] * len(git(person.data, "ls-tree", "-r", "--name-only", "HEAD").split())
    assert secret.read_bytes() == SECRET


@pytest.mark.parametrize(
    "path",
    ["media/{id}.png", "articles/{id}.toml", "state", "notes/run.sh", "articles/zz.toml"],
)
def test_links_and_paths_newscli_does_not_share_are_not_taken(
    path: str, run: Runner, world: tuple[Person, Person, Eve, str], secret: Path
) -> None:
    mei, kai, eve, article = world
    where = eve.root / path.format(id=article)
    if where.exists():
        where.unlink()
    where.parent.mkdir(parents=True, exist_ok=True)
    if path == "state":
        where.symlink_to(secret.parent, target_is_directory=True)
    elif path == "notes/run.sh":
        where.write_text("#!/bin/sh\necho owned\n")
    else:
        where.symlink_to(secret)
    commit = eve.push("add things")
    synced = _sync(run, mei)
    _warned(synced, path.format(id=article), commit)
    assert not (mei.data / path.format(id=article)).is_symlink()
    assert not (mei.data / "notes").exists()
    assert mei.store.load(article).title == "Shared"  # the article kept as it was
    api.subscribe(mei.store, article, "mei")  # the state folder is a real one
    assert not (secret.parent / "mei").exists() and sorted(os.listdir(secret.parent)) == ["id_rsa"]
    _sync(run, mei)
    _sync(run, kai)
    assert not (kai.data / path.format(id=article)).is_symlink()
    assert git(mei.data, "ls-tree", "-r", "--name-only", "HEAD").split() == sorted(
        [".gitattributes", ".gitignore", f"articles/{article}.toml", *_state_files(mei)]
    )


def _state_files(person: Person) -> list[str]:
    folder = person.data / "state"
    return [f"state/{p.name}" for p in folder.glob("*.toml")] if folder.exists() else []


@pytest.mark.parametrize(
    ("name", "line"),
    [(".gitattributes", "articles/*.toml merge=union\n"), (".gitignore", "*.toml\n")],
)
def test_newscli_owns_its_git_files(
    name: str, line: str, run: Runner, world: tuple[Person, Person, Eve, str]
) -> None:
    mei, kai, eve, article = world
    with (eve.root / name).open("a") as handle:
        handle.write(line)
    commit = eve.push("a small fix")
    warned = _warned(_sync(run, mei), name, commit)
    assert "kept as quarantine/" in warned
    kept = mei.data / warned.rsplit("kept as ", 1)[1]
    assert kept.read_text().endswith(line)
    assert (mei.data / name).read_bytes() == OWNED[name]
    _sync(run, kai)
    assert (kai.data / name).read_bytes() == OWNED[name]
    # Shared as before: a new article travels, and edits on both sides merge field by field.
    new = api.add_article(mei.store, api.Draft(title="New", body="Shared still."))
    api.rate_article(mei.store, article, "mei", 5)
    api.rate_article(kai.store, article, "kai", 2)
    for person in (mei, kai, mei):
        _sync(run, person)
    assert "Up to date." in _sync(run, kai).stderr
    assert kai.store.load(new.id).title == "New"
    merged = (kai.data / "articles" / f"{article}.toml").read_bytes()
    assert merged == (mei.data / "articles" / f"{article}.toml").read_bytes()
    assert {v.voter for v in kai.store.load(article).votes} == {"mei", "kai"}


def test_an_article_that_cannot_be_read_is_not_taken_and_ours_noted(
    run: Runner, world: tuple[Person, Person, Eve, str]
) -> None:
    mei, kai, eve, article = world
    path = eve.root / "articles" / f"{article}.toml"
    deep = path.read_text().replace('title = "Shared"', 'title = "Shared\\u0021"')
    path.write_text(deep + "\n[extra" + ".a" * 1200 + "]\nb = 1\n")
    (eve.root / "articles" / "abcd2345.toml").write_text("title = [")
    commit = eve.push("deep")
    api.rate_article(mei.store, article, "mei", 4)
    synced = _sync(run, mei)
    assert "nested too deeply" in _warned(synced, f"articles/{article}.toml", commit)
    _warned(synced, "articles/abcd2345.toml", commit)
    kept = mei.store.load(article)
    assert [v.voter for v in kept.votes] == ["mei"]
    assert [c.field for c in kept.conflicts] == ["file"]
    assert not (mei.data / "articles" / "abcd2345.toml").exists()
    assert run("--data-dir", str(mei.data), "check").exit_code == 1  # the note, listed
    _sync(run, kai)
    assert kai.store.load(article).conflicts == kept.conflicts


def test_a_state_file_that_cannot_be_read_is_neither_taken_nor_committed(
    run: Runner, world: tuple[Person, Person, Eve, str]
) -> None:
    mei, _, eve, article = world
    api.subscribe(mei.store, article, "mei")
    _sync(run, mei)
    git(eve.root, "pull", "-q")
    [state] = (eve.root / "state").glob("*.toml")
    state.write_text("schema = 1\nname = [\n")
    commit = eve.push("break it")
    _warned(_sync(run, mei), f"state/{state.name}", commit)
    assert api.subscribe(mei.store, article, "mei", replies_only=True) == article
    broken = mei.data / "state" / state.name
    broken.write_text("schema = 1\nname = [\n")
    refused = run("--data-dir", str(mei.data), "sync")
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert f"state/{state.name} cannot be read" in refused.stderr
    assert "nothing was committed" in refused.stderr


@pytest.mark.parametrize("place", [".gitattributes", ".gitignore", "articles/{id}.toml"])
def test_a_folder_where_a_file_should_be_is_one_line(
    place: str, run: Runner, world: tuple[Person, Person, Eve, str]
) -> None:
    mei, _, _, article = world
    path = mei.data / place.format(id=article)
    path.unlink()
    path.mkdir()
    (path / "inside.txt").write_text("x")
    result = run("--data-dir", str(mei.data), "sync")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("newscli: error: ")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert place.format(id=article) in result.stderr
    (path / "inside.txt").unlink()
    path.rmdir()
    git(mei.data, "checkout", "-q", "--", place.format(id=article))
    _sync(run, mei)


def test_a_linked_git_file_here_is_refused_in_one_line(
    run: Runner, world: tuple[Person, Person, Eve, str], secret: Path
) -> None:
    mei = world[0]
    (mei.data / ".gitignore").unlink()
    (mei.data / ".gitignore").symlink_to(secret)
    result = run("--data-dir", str(mei.data), "sync")
    assert (result.exit_code, result.stdout) == (1, "")
    assert ".gitignore: a symbolic link, never followed" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert secret.read_bytes() == SECRET


def test_stray_files_are_never_committed_or_pushed(
    run: Runner, world: tuple[Person, Person, Eve, str]
) -> None:
    mei, kai, _, article = world
    (mei.data / "notes.txt").write_text("my own notes\n")
    (mei.data / "articles" / "draft.txt").write_text("half an idea\n")
    (mei.data / "state" / "mine.txt").parent.mkdir(exist_ok=True)
    (mei.data / "state" / "mine.txt").write_text("x\n")
    api.rate_article(mei.store, article, "mei", 3)
    _sync(run, mei)
    tracked = git(mei.data, "ls-tree", "-r", "--name-only", "@{upstream}").split()
    assert tracked == [".gitattributes", ".gitignore", f"articles/{article}.toml"]
    _sync(run, kai)
    assert not (kai.data / "notes.txt").exists()
    assert not (kai.data / "articles" / "draft.txt").exists()
    status = run("--data-dir", str(mei.data), "sync", "--status")
    assert "uncommitted: 0" in status.stdout


def test_joining_a_store_whose_git_files_differ_works(run: Runner, tmp_path: Path) -> None:
    """``sync init REMOTE`` joins whatever the remote's .gitignore and .gitattributes
    hold, and plain ``sync`` goes on working."""
    remote = bare_remote(tmp_path)
    lin = Person("lin", tmp_path / "lin")
    first = api.add_article(lin.store, api.Draft(title="Lin's", body="Text."))
    assert run("--data-dir", str(lin.data), "sync", "init", str(remote)).exit_code == 0
    with (lin.data / ".gitignore").open("a") as handle:
        handle.write("*.swp\n")  # an older newscli, or a person, added a line
    git(lin.data, "commit", "-qam", "ignore swap files")
    git(lin.data, "push", "-q")
    ana = Person("ana", tmp_path / "ana")
    second = api.add_article(ana.store, api.Draft(title="Ana's", body="Text."))
    joined = run("--data-dir", str(ana.data), "sync", "init", str(remote))
    assert joined.exit_code == 0, joined.stderr
    assert ".gitignore" in joined.stderr  # not taken, and said so
    for person in (lin, ana, lin):
        _sync(run, person)
    assert "Up to date." in _sync(run, ana).stderr
    for person in (lin, ana):
        assert sorted(api.list_ids(person.store)[0]) == sorted([first.id, second.id])
        assert (person.data / ".gitignore").read_bytes() == OWNED[".gitignore"]


def test_a_peers_folder_in_place_of_a_git_file_wedges_nothing(
    run: Runner, world: tuple[Person, Person, Eve, str]
) -> None:
    mei, kai, eve, article = world
    (eve.root / ".gitattributes").unlink()
    (eve.root / ".gitattributes").mkdir()
    (eve.root / ".gitattributes" / "x").write_text("*.toml merge=union\n")
    commit = eve.push("a folder")
    synced = _sync(run, mei)
    _warned(synced, ".gitattributes", commit)
    _warned(synced, ".gitattributes/x", commit)
    assert (mei.data / ".gitattributes").read_bytes() == OWNED[".gitattributes"]
    api.rate_article(kai.store, article, "kai", 4)
    for person in (kai, mei, kai):
        _sync(run, person)
    assert [v.voter for v in mei.store.load(article).votes] == ["kai"]


def test_screening_works_from_a_data_directory_named_relatively(
    run: Runner, world: tuple[Person, Person, Eve, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mei, _, eve, _ = world
    (eve.root / "run.sh").write_text("#!/bin/sh\necho owned\n")
    commit = eve.push("a script")
    monkeypatch.chdir(mei.data.parent)
    result = run("--data-dir", mei.data.name, "sync")
    assert result.exit_code == 0, result.stderr
    _warned(result, "run.sh", commit)
    assert not (mei.data / "run.sh").exists()


def test_a_file_committed_by_hand_that_cannot_be_read_is_never_pushed(
    run: Runner, world: tuple[Person, Person, Eve, str], tmp_path: Path
) -> None:
    mei, _, _, article = world
    remote = tmp_path / "remote.git"
    before = git(remote, "rev-parse", "HEAD")
    (mei.data / "articles" / f"{article}.toml").write_text("title = [\n")
    git(mei.data, "commit", "-qam", "by hand")
    result = run("--data-dir", str(mei.data), "sync")
    assert (result.exit_code, result.stdout) == (1, "")
    assert f"articles/{article}.toml: " in result.stderr and "not pushed" in result.stderr
    assert git(remote, "rev-parse", "HEAD") == before
