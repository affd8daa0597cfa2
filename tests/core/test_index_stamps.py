"""Knowing what changed: every kind of outside change is seen, and an import leaves the
index so that the next listing reads no file again."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api, settings
from newscli.index import parsing
from newscli.ingest.input_record import InputRecord

Adder = Callable[..., str]
OLD_NS = 1_600_000_000 * 10**9  # long ago: no stamp is racy


@pytest.fixture
def four(add: Adder, data_dir: Path) -> list[str]:
    made = [add(title=f"Story {n}", body=f"Body {n}.") for n in range(4)]
    for article_id in made:
        os.utime(_file(data_dir, article_id), ns=(OLD_NS, OLD_NS))
    return made


def _file(data_dir: Path, article_id: str) -> Path:
    return data_dir / "articles" / f"{article_id}.toml"


def _titles(run: Runner) -> dict[str, str]:
    result = run("list", "--format", "jsonl", "--fields", "id,title")
    assert (result.exit_code, result.stderr) == (0, "")
    return {r["id"]: r["title"] for r in map(json.loads, result.stdout.splitlines())}


def test_an_edit_in_place_with_the_mtime_set_back_is_seen(
    four: list[str], run: Runner, data_dir: Path
) -> None:
    assert _titles(run)[four[0]] == "Story 0"
    path = _file(data_dir, four[0])
    before = path.stat()
    with path.open("r+", encoding="utf-8") as handle:  # same inode, same size
        handle.write(path.read_text("utf-8").replace("Story 0", "Storm 0"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the mtime put back
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )
    assert _titles(run)[four[0]] == "Storm 0"


def test_a_rename_over_a_deletion_and_a_new_file_are_seen(
    four: list[str], run: Runner, data_dir: Path
) -> None:
    _titles(run)
    path = _file(data_dir, four[1])
    before = path.stat()
    new = path.with_name("editor-tmp")
    new.write_text(path.read_text("utf-8").replace("Story 1", "Stony 1"), "utf-8")
    os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    new.replace(path)
    _file(data_dir, four[2]).unlink()
    copy = _file(data_dir, four[3]).read_text("utf-8")
    _file(data_dir, "newf2345").write_text(
        copy.replace(four[3], "newf2345").replace("Story 3", "Story 9"), "utf-8"
    )

    titles = _titles(run)
    assert titles[four[1]] == "Stony 1"
    assert four[2] not in titles
    assert titles["newf2345"] == "Story 9"
    assert len(titles) == 4


def _records(count: int) -> list[InputRecord]:
    return [
        InputRecord(f"in:{n}", record={"title": f"Item {n}", "body": f"Text {n}.", "tags": ["x"]})
        for n in range(count)
    ]


def test_an_import_leaves_the_index_ready(
    four: list[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = api.open_store(data_dir, settings.index_path(data_dir))
    outcomes = list(api.import_entries(store, _records(30)))
    assert [o.kind for o in outcomes] == ["created"] * 30
    store.close()

    def no_reading(*args: object) -> object:
        raise AssertionError("a file was read again")

    monkeypatch.setattr(parsing, "parse_file", no_reading)
    again = api.open_store(data_dir, settings.index_path(data_dir))
    assert again.index.outdated() == 0
    titles = {row.title for row in api.list_articles(again, api.ListQuery()).rows}
    assert {f"Item {n}" for n in range(30)} | {f"Story {n}" for n in range(4)} == titles


def test_an_import_finds_duplicates_by_digest_of_what_is_stored(data_dir: Path) -> None:
    store = api.open_store(data_dir, settings.index_path(data_dir))
    first = list(api.import_entries(store, _records(3)))
    second = list(api.import_entries(api.open_store(data_dir), _records(4)))
    assert [o.kind for o in second] == ["duplicate"] * 3 + ["created"]
    assert [o.article_id for o in second[:3]] == [o.article_id for o in first]


def test_the_duplicate_check_keeps_digests_not_texts() -> None:
    from datetime import UTC, datetime

    from newscli.ingest.batch import Seen, article_from_record

    stamp = datetime(2024, 1, 1, tzinfo=UTC)
    record = {"title": "T", "body": "B" * 5000}
    stored, _ = article_from_record(record, stamp, lambda: "strd2345")
    seen = Seen([stored])
    assert [len(key) for key in seen.by_content] == [16]
    again, given = article_from_record(
        {"title": "T", "body": "B" * 5000}, stamp, lambda: "new12345"
    )
    assert seen.match(again, given) == "strd2345"


def test_add_finds_a_copy_that_came_from_elsewhere(
    four: list[str], run: Runner, data_dir: Path
) -> None:
    """``add`` looks only at files that came or went (not at each file's stamp): a copy
    put in the store by another program since the last listing is still found."""
    _titles(run)
    copy = _file(data_dir, four[0]).read_text("utf-8")
    _file(data_dir, "cafe2345").write_text(
        copy.replace(four[0], "cafe2345").replace("Story 0", "Pasted story"), "utf-8"
    )
    result = run("add", "--title", "Pasted story", "--body", "Body 0.")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "cafe2345"
    assert result.stderr.startswith("Already stored as cafe2345")


def test_a_sync_without_edits_reads_no_file_that_stayed(
    four: list[str], run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sync(edits=False)`` (what ``add`` asks) trusts the rows of files still there;
    the next full sync reads the one edited in place."""
    _titles(run)
    path = _file(data_dir, four[0])
    with path.open("r+", encoding="utf-8") as handle:
        handle.write(path.read_text("utf-8").replace("Story 0", "Storm 0"))
    store = api.open_store(data_dir, settings.index_path(data_dir))
    real_parse = parsing.parse_file
    read: list[str] = []

    def parse(root: Path, article_id: str) -> object:
        read.append(article_id)
        return real_parse(root, article_id)

    monkeypatch.setattr(parsing, "parse_file", parse)
    assert store.index.sync(edits=False)
    assert read == []
    assert store.index.sync()
    assert read == [four[0]]
