"""The index is a cache: a damaged file is rebuilt and the question answered; ``check``
notices the damage. Search words that look like SQLite's own error texts are query
errors, and a limit past SQLite's integers lists everything."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import Runner
from newscli import api, settings
from newscli.index.index import VERSION

Adder = Callable[..., str]


@pytest.fixture
def three(add: Adder) -> list[str]:
    return [
        add("--published", "2024-01-02", title="Harbour Wall Mended", body="Stones and tides."),
        add("--published", "2024-02-03", title="Tram Line Opens", body="Rails and stones."),
        add("--published", "2024-03-04", title="Library Hours", body="Books till ten."),
    ]


def _spoil_pages(path: Path, tables: tuple[str, ...]) -> None:
    """Overwrite every page of these tables in the index file with garbage."""
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = con.execute("PRAGMA page_size").fetchone()[0]
        marks = ", ".join("?" * len(tables))
        pages = [
            n
            for (n,) in con.execute(
                f"SELECT pageno FROM dbstat WHERE name IN ({marks})",  # noqa: S608
                tables,
            )
        ]
    con.close()
    assert pages
    with path.open("r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * size)
            handle.write(b"\xa5" * size)


def _no_tables(path: Path) -> None:
    """The right version and nothing else."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {VERSION}")
    con.close()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "no tables": _no_tables,
    "full-text pages": lambda p: _spoil_pages(p, ("fts_data", "fts_idx", "fts_content")),
    "list pages": lambda p: _spoil_pages(p, ("articles", "articles_by_date")),
}


def _commands(article: str) -> dict[str, tuple[str, ...]]:
    return {
        "list": ("list", "--format", "json"),
        "list --search": ("list", "--search", "stones", "--format", "json"),
        "search": ("search", "stones", "--format", "json"),
        "show": ("show", article, "--plain"),
    }


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_is_rebuilt_and_answers(
    damage: str, three: list[str], run: Runner, data_dir: Path
) -> None:
    expected = {name: run(*args) for name, args in _commands(three[0]).items()}
    assert len(json.loads(expected["search"].stdout)) == 2
    for name, args in _commands(three[0]).items():
        DAMAGE[damage](settings.index_path(data_dir))
        assert run(*args) == expected[name], name


@pytest.mark.parametrize("damage", DAMAGE)
def test_check_notices_a_damaged_index_and_fix_rebuilds_it(
    damage: str, three: list[str], run: Runner, data_dir: Path
) -> None:
    assert run("list").exit_code == 0
    DAMAGE[damage](settings.index_path(data_dir))
    found = run("check")
    assert found.exit_code == 1
    assert found.stdout.startswith("index: damaged: ")
    assert len(found.stdout.splitlines()) == 1
    fixed = run("check", "--fix")
    assert "index: rebuilt" in fixed.stderr
    after = run("check")
    assert (after.exit_code, after.stdout) == (0, "")


def test_damage_found_half_way_through_a_listing_is_read_on_after_a_rebuild(
    three: list[str], data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = api.open_store(data_dir, tmp_path / "index.sqlite3")
    expected = [row.id for row in api.list_articles(store).rows]
    real = store.index._execute

    def fails_after_one_row(*args: Any) -> Iterator[tuple[Any, ...]]:
        monkeypatch.undo()
        cursor = real(*args)
        yield next(cursor)
        damaged = sqlite3.DatabaseError("database disk image is malformed")
        damaged.sqlite_errorcode = 11  # type: ignore[attr-defined]
        raise damaged

    monkeypatch.setattr(store.index, "_execute", fails_after_one_row)
    assert [row.id for row in api.list_articles(store).rows] == expected


@pytest.mark.parametrize("word", ["disk:x", "locked:x", "readonly:x", "interrupted:x", "busy:x"])
def test_words_like_sqlite_error_texts_are_query_errors(
    word: str, three: list[str], run: Runner
) -> None:
    for args in (("search", word), ("list", "--search", word)):
        result = run(*args)
        assert (result.exit_code, result.stdout) == (1, ""), result.stderr
        column = word.split(":")[0]
        assert result.stderr == (
            f"newscli: error: cannot read the search '{word}': no such column: {column}"
            ' (put words with punctuation in "double quotes")\n'
        )


@pytest.mark.parametrize("limit", [2**63 - 1, 2**63, 2**64, 10**30])
def test_a_limit_past_sqlite_integers_lists_everything(
    limit: int, three: list[str], run: Runner
) -> None:
    listed = run("list", "--limit", str(limit), "--format", "ids")
    assert (listed.exit_code, listed.stderr) == (0, "")
    assert sorted(listed.stdout.split()) == sorted(three)
    found = run("search", "stones", "--limit", str(limit), "--format", "ids")
    assert (found.exit_code, found.stderr) == (0, "")
    assert sorted(found.stdout.split()) == sorted(three[:2])
    searched = run("list", "--search", "stones", "--limit", str(limit), "--format", "ids")
    assert sorted(searched.stdout.split()) == sorted(three[:2])
