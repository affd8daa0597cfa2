"""The issue's acceptance: two people, one bare remote, syncing in turns until nothing moves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api
from newscli.discussion import actions as discussing
from sync_helpers import Person, bare_remote, git, isolate_git, no_markers


@pytest.fixture(autouse=True)
def _git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path, monkeypatch)


def _sync(run: Runner, person: Person, *args: str) -> str:
    result = run("--data-dir", str(person.data), "sync", *args)
    assert result.exit_code == 0, result.stderr
    no_markers(person.data)
    return result.stderr


def _settle(run: Runner, people: list[Person]) -> None:
    """Sync in turns until a whole round moves nothing."""
    for _ in range(5):
        said = [_sync(run, p) for p in people]
        if all("Up to date." in s for s in said):
            return
    raise AssertionError("the stores never settled")


def _set(store: api.Store, article_id: str, **values: str) -> None:
    def change(article: api.Article) -> None:
        for key, value in values.items():
            setattr(article, key, value)

    store.update(article_id, change)


def _export(run: Runner, person: Person) -> str:
    result = run("--data-dir", str(person.data), "export", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_two_people_end_byte_for_byte_equal(run: Runner, tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    mei, kai = Person("mei", tmp_path / "mei"), Person("kai", tmp_path / "kai")
    shared = api.add_article(mei.store, api.Draft(title="Ferry", body="Night ferry."))
    fields = api.add_article(mei.store, api.Draft(title="Tram", body="Tram line."))
    clash = api.add_article(mei.store, api.Draft(title="Port", body="Port news."))
    doomed = api.add_article(mei.store, api.Draft(title="Gone", body="Soon gone."))
    first = [api.comment_on(mei.store, shared.id, f"Opening {n}", author="lin") for n in range(3)]
    assert run("--data-dir", str(mei.data), "sync", "init", str(remote)).exit_code == 0
    assert run("--data-dir", str(kai.data), "sync", "init", str(remote)).exit_code == 0

    for person in (mei, kai):
        store = person.store
        api.add_article(store, api.Draft(title=f"{person.name}'s own", body="Mine."))
        for n in range(30):
            api.rate_article(store, shared.id, f"{person.name}-{n}", 1 + n % 5)
        for n in range(20):  # several votes on the same comments
            discussing.vote_comment(
                store, shared.id, first[n % 3].id, f"{person.name}-{n}", "up" if n % 2 else "down"
            )
        for n in range(20):
            api.comment_on(store, shared.id, f"{person.name} says {n}", author=person.name)
        api.rate_article(store, shared.id, "sam", 2 if person is mei else 5)
    _set(mei.store, fields.id, title="Tram, renamed")
    _set(kai.store, fields.id, dateline="TAICHUNG")
    _set(mei.store, clash.id, title="Port, by mei")
    _set(kai.store, clash.id, title="Port, by kai")
    assert run("--data-dir", str(mei.data), "rm", doomed.id).exit_code == 0
    api.comment_on(kai.store, doomed.id, "Keep this one!", author="kai")

    _settle(run, [kai, mei])

    assert _export(run, mei) == _export(run, kai)
    assert sorted(p.name for p in (mei.data / "articles").iterdir()) == sorted(
        p.name for p in (kai.data / "articles").iterdir()
    )
    for path in (mei.data / "articles").iterdir():
        assert path.read_bytes() == (kai.data / "articles" / path.name).read_bytes()
    article = mei.store.load(shared.id)
    voters = {v.voter for v in article.votes}
    assert voters == {f"{p}-{n}" for p in ("mei", "kai") for n in range(30)} | {"sam"}
    texts = {c.text for c in article.comments}
    assert {f"{p} says {n}" for p in ("mei", "kai") for n in range(20)} <= texts
    assert len(article.comments) == 43
    opening = {c.id for c in first}
    on_first = {v.voter for c in article.comments if c.id in opening for v in c.votes}
    assert on_first == {f"{p}-{n}" for p in ("mei", "kai") for n in range(20)}
    assert mei.store.load(fields.id).title == "Tram, renamed"
    assert mei.store.load(fields.id).dateline == "TAICHUNG"
    kept = mei.store.load(doomed.id)
    assert [c.text for c in kept.comments] == ["Keep this one!"]
    assert [c.field for c in kept.conflicts] == ["article"]

    checked = run("--data-dir", str(mei.data), "check")
    assert checked.exit_code == 1
    listed = [line for line in checked.stdout.splitlines() if "conflict" in line]
    assert len(listed) == 2
    assert any(line.startswith(f"articles/{clash.id}.toml: conflict: title") for line in listed)
    other = mei.store.load(clash.id).conflicts[0].value
    assert {other, mei.store.load(clash.id).title} == {"Port, by mei", "Port, by kai"}

    settled = run("--data-dir", str(kai.data), "resolve", clash.id, "--keep", "theirs")
    assert settled.exit_code == 0, settled.stderr
    assert settled.stdout == f"{clash.id}\n"
    # The deletion is by "mei"'s sync, under the login name both share here: kai says who he is.
    assert run("--data-dir", str(kai.data), "resolve", doomed.id, "--as", "kai").exit_code == 0
    _settle(run, [kai, mei])
    assert mei.store.load(clash.id).title == other
    for person in (mei, kai):
        result = run("--data-dir", str(person.data), "check")
        assert result.exit_code == 0, result.stdout
    assert _export(run, mei) == _export(run, kai)
    history = git(mei.data, "log", "-p", "--all")
    assert "\n+<<<<<<<" not in history and "\n+>>>>>>>" not in history
    rows = json.loads(run("--data-dir", str(kai.data), "list", "--format", "json").stdout)
    assert len(rows) == 6  # four shared, one each
