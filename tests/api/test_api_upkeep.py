"""Trash, export and edit called from Python through ``newscli.api``: what each returns
and what it leaves on disk (the CLI's side is in tests/cli/)."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

from newscli import api
from newscli.errors import DraftKept, NotFound
from newscli.ingest.parse.markdown import parse_markdown
from newscli.text.plain import plain_page


@pytest.fixture
def store(data_dir: Path) -> api.Store:
    return api.open_store(data_dir)


@pytest.fixture
def two(store: api.Store) -> list[str]:
    """Two articles, the older first."""
    first = api.add_article(store, api.Draft(title="Ferry timetable", body="Boats hourly."))
    second = api.add_article(
        store, api.Draft(title="Crane repaired", body="Back in service.", tags=["harbour"])
    )
    return [first.id, second.id]


def _editor(code: str) -> str:
    """An editor command: Python running ``code`` on ``text``, the draft file's content."""
    script = (
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        f"{code}\n"
        "open(path, 'w', encoding='utf-8').write(text)\n"
    )
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"


# --- trash --------------------------------------------------------------------------------


def test_removed_articles_leave_the_listing_for_the_trash(
    store: api.Store, two: list[str], data_dir: Path
) -> None:
    first, second = two
    assert api.remove_articles(store, [first[:5], first]) == [first]  # resolved, once
    assert not (data_dir / "articles" / f"{first}.toml").exists()
    assert [row.id for row in api.list_articles(store).rows] == [second]
    trashed = api.list_trash(store)
    assert [(row.id, row.title) for row in trashed.rows] == [(first, "Ferry timetable")]
    assert trashed.problems == []


def test_an_unknown_id_moves_nothing(store: api.Store, two: list[str], data_dir: Path) -> None:
    with pytest.raises(NotFound):
        api.remove_articles(store, [two[0], "zzzzzzzz"])
    assert sorted(p.stem for p in (data_dir / "articles").iterdir()) == sorted(two)
    assert api.list_trash(store).rows == []


def test_a_restored_article_is_the_same_file(
    store: api.Store, two: list[str], data_dir: Path
) -> None:
    first = two[0]
    path = data_dir / "articles" / f"{first}.toml"
    before = path.read_bytes()
    api.remove_articles(store, [first])
    assert api.restore_article(store, first[:4]) == first
    assert path.read_bytes() == before
    assert api.list_trash(store).rows == []
    assert {row.id for row in api.list_articles(store).rows} == set(two)


def test_emptying_the_trash_counts_and_deletes_its_files(
    store: api.Store, two: list[str], data_dir: Path
) -> None:
    assert api.empty_trash(store) == 0
    api.remove_articles(store, two)
    assert api.empty_trash(store) == 2
    assert api.list_trash(store).rows == []
    assert list((data_dir / "trash").iterdir()) == []
    with pytest.raises(NotFound):
        api.restore_article(store, two[0])


# --- export -------------------------------------------------------------------------------


def test_jsonl_holds_one_record_a_line(store: api.Store, two: list[str]) -> None:
    articles = api.get_articles(store, two).articles
    text = api.export_text(articles, "jsonl")
    records = [json.loads(line) for line in text.splitlines()]
    assert [(r["id"], r["title"]) for r in records] == [
        (two[0], "Ferry timetable"),
        (two[1], "Crane repaired"),
    ]
    assert records[1]["tags"] == ["harbour"]
    assert api.export_text([], "jsonl") == ""


def test_one_article_formats(store: api.Store, two: list[str], data_dir: Path) -> None:
    article = store.load(two[1])
    toml = api.export_text([article], "toml")
    assert toml == (data_dir / "articles" / f"{two[1]}.toml").read_text("utf-8")
    assert api.export_text([article], "text") == plain_page(article)
    draft = parse_markdown(api.export_text([article], "markdown"))
    read_back = (draft.title, draft.body.strip(), draft.tags)
    assert read_back == ("Crane repaired", "Back in service.", ["harbour"])
    with pytest.raises(ValueError):
        api.export_text(api.get_articles(store, two).articles, "toml")


def test_export_folder_writes_one_file_an_article(
    store: api.Store, two: list[str], tmp_path: Path
) -> None:
    articles = api.get_articles(store, two).articles
    folder = tmp_path / "out" / "md"
    written = api.export_folder(articles, "markdown", folder)
    assert sorted(written) == sorted(folder / f"{i}.md" for i in two)
    for article in articles:
        path = folder / f"{article.id}.md"
        assert path.read_text("utf-8") == api.export_text([article], "markdown")


# --- edit ---------------------------------------------------------------------------------


def test_an_edit_is_saved(store: api.Store, two: list[str]) -> None:
    editor = _editor("text = text.replace('Crane repaired', 'Crane back')")
    edited = api.edit_article(store, two[1][:4], editor)
    assert (edited.article_id, edited.saved, edited.resumed, edited.conflicts) == (
        two[1],
        True,
        False,
        0,
    )
    assert store.load(two[1]).title == "Crane back"
    assert store.load(two[1]).updated is not None


def test_an_unchanged_draft_saves_nothing(store: api.Store, two: list[str], data_dir: Path) -> None:
    path = data_dir / "articles" / f"{two[0]}.toml"
    before = path.read_bytes()
    edited = api.edit_article(store, two[0], _editor("pass"))
    assert (edited.saved, edited.resumed) == (False, False)
    assert path.read_bytes() == before
    assert list((data_dir / "drafts").iterdir()) == []


def test_a_bad_draft_is_kept_and_the_next_edit_resumes_it(
    store: api.Store, two: list[str], data_dir: Path
) -> None:
    path = data_dir / "articles" / f"{two[0]}.toml"
    before = path.read_bytes()
    with pytest.raises(DraftKept) as kept:
        api.edit_article(store, two[0], _editor("text = text.replace('title = ', 'titel = ')"))
    assert path.read_bytes() == before
    assert b"titel = " in kept.value.draft.read_bytes()
    fix = _editor("text = text.replace('titel = \"Ferry timetable\"', 'title = \"Ferries\"')")
    edited = api.edit_article(store, two[0], fix)
    assert (edited.saved, edited.resumed) == (True, True)
    assert store.load(two[0]).title == "Ferries"
    assert not kept.value.draft.exists()
