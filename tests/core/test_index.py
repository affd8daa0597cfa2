"""The index agrees with the files: after newscli's writes, edits made elsewhere, deletions,
a lost cache, a corrupt or foreign index, and whatever the cache directory allows."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Runner
from newscli import api, settings
from newscli.index import db, index, parsing
from newscli.model.listing import Row
from newscli.store import listings
from newscli.store.store import Store

Adder = Callable[..., str]


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """The test's own cache directory (conftest points NEWSCLI_CACHE at it)."""
    return tmp_path / "cache"


def _index_file(data_dir: Path) -> Path:
    return settings.index_path(data_dir)


def _rows(run: Runner) -> list[dict[str, Any]]:
    result = run("list", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def _from_files(data_dir: Path) -> list[dict[str, Any]]:
    """The rows as the files say, straight from TOML, in list's default order."""
    scan = Store(data_dir).scan()
    rows = [Row.of(a) for a in scan.articles]
    rows.sort(key=lambda r: (r.date, r.added, r.id), reverse=True)
    return [r.as_json() for r in rows]


def _file(data_dir: Path, article_id: str) -> Path:
    return data_dir / "articles" / f"{article_id}.toml"


@pytest.fixture
def three(add: Adder) -> list[str]:
    return [
        add("--published", "2024-01-02", "--tag", "Rail", title="Tram Line Opens", body="Rails."),
        add("--published", "2024-03-04", title="Harbour Wall Mended", body="Stones."),
        add("--published", "2024-05-06", title="Bakery Wins Prize", body="Bread."),
    ]


def test_rows_agree_with_the_files_after_adds_rates_and_comments(
    three: list[str], run: Runner, data_dir: Path
) -> None:
    assert run("rate", three[0], "4", "--as", "kim").exit_code == 0
    assert run("comment", three[1], "Well done.").exit_code == 0
    rows = _rows(run)
    assert rows == _from_files(data_dir)
    assert rows[2]["rating"] == {"average": 4.0, "votes": 1}
    assert rows[1]["comments"] == 1


def test_writes_update_the_index_at_once(three: list[str], data_dir: Path) -> None:
    store = api.open_store(data_dir, _index_file(data_dir))
    store.index.sync()
    api.rate_article(store, three[1], "kim", 5)
    # Straight from the index, without a sync: the row already carries the vote.
    (row,) = [r for r in store.index.iter_rows(api.ListQuery()) if r.id == three[1]]
    assert row.rating.votes == 1


def test_an_edit_in_place_that_keeps_the_size_is_seen(
    three: list[str], run: Runner, data_dir: Path
) -> None:
    _rows(run)
    path = _file(data_dir, three[0])
    before = path.stat()
    text = path.read_text("utf-8").replace("Tram Line Opens", "Tram Line Shuts")
    with path.open("r+", encoding="utf-8") as handle:  # same inode, same size
        handle.write(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))
    assert (path.stat().st_size, path.stat().st_ino) == (before.st_size, before.st_ino)

    rows = _rows(run)
    assert [r["title"] for r in rows if r["id"] == three[0]] == ["Tram Line Shuts"]
    assert rows == _from_files(data_dir)


def test_a_replaced_file_with_the_old_size_and_mtime_is_seen(
    three: list[str], run: Runner, data_dir: Path
) -> None:
    # What `sed -i` does: a new file renamed over the old one (a new inode).
    _rows(run)
    path = _file(data_dir, three[1])
    before = path.stat()
    new = path.with_name("sed-tmp")
    new.write_text(path.read_text("utf-8").replace("Harbour", "Hurbaar"), "utf-8")
    os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    new.replace(path)
    assert path.stat().st_ino != before.st_ino

    assert [r["title"] for r in _rows(run) if r["id"] == three[1]] == ["Hurbaar Wall Mended"]


def test_a_change_in_the_same_clock_tick_as_the_read_is_seen(
    add: Adder, run: Runner, data_dir: Path
) -> None:
    # A file read right after it was written is marked racy and read again next time,
    # even if a later edit keeps its size, inode and mtime.
    article_id = add(title="Ferry Late", body="x")
    path = _file(data_dir, article_id)
    os.utime(path)  # "now": the next read of it is racy
    before = path.stat()
    assert _rows(run)[0]["title"] == "Ferry Late"
    with path.open("r+", encoding="utf-8") as handle:
        handle.write(path.read_text("utf-8").replace("Ferry Late", "Ferry Gone"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _rows(run)[0]["title"] == "Ferry Gone"


def test_a_deleted_file_drops_its_row_and_its_prefix(
    three: list[str], run: Runner, data_dir: Path
) -> None:
    _rows(run)
    _file(data_dir, three[2]).unlink()
    assert sorted(r["id"] for r in _rows(run)) == sorted(three[:2])
    result = run("show", three[2][:5])
    assert result.exit_code == 1
    assert "no article" in result.stderr


def test_a_file_added_by_hand_is_listed_and_found_by_prefix(
    three: list[str], run: Runner, data_dir: Path
) -> None:
    _rows(run)
    source = _file(data_dir, three[0]).read_text("utf-8")
    _file(data_dir, "zzzz2345").write_text(source.replace(three[0], "zzzz2345"), "utf-8")
    # Resolved before any list has seen the file: the index knows files came, and lists.
    result = run("show", "zzzz")
    assert result.exit_code == 0, result.stderr
    assert "zzzz2345" in [r["id"] for r in _rows(run)]


@pytest.mark.parametrize("damage", ["deleted", "garbage", "truncated", "foreign", "empty"])
def test_a_lost_or_spoilt_index_is_rebuilt(
    three: list[str], run: Runner, data_dir: Path, cache: Path, damage: str
) -> None:
    expected = _rows(run)
    path = _index_file(data_dir)
    assert path.exists()
    if damage == "deleted":
        for item in cache.iterdir():
            item.unlink()
        cache.rmdir()
    elif damage == "garbage":
        path.write_bytes(b"not a database at all\n" * 400)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:2048])
    elif damage == "foreign":
        with sqlite3.connect(path) as con:
            con.execute("PRAGMA user_version = 99")
        con.close()
    else:
        path.write_bytes(b"")

    assert _rows(run) == expected
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == index.VERSION
    con.close()


def test_reindex_rebuilds_and_reports(three: list[str], run: Runner, data_dir: Path) -> None:
    before = _rows(run)
    result = run("reindex")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "Indexed 3 articles.\n"
    assert _rows(run) == before


def test_an_unreadable_file_is_a_problem_every_time_and_never_a_row(
    three: list[str], run: Runner, data_dir: Path
) -> None:
    bad = _file(data_dir, "bbbb2345")
    bad.write_text('title = "unclosed\n', "utf-8")
    for _ in range(2):  # the second run reads the problem from the index
        result = run("list", "--format", "ids")
        assert result.exit_code == 0
        assert sorted(result.stdout.split()) == sorted(three)
        assert len(result.stderr.splitlines()) == 1
        assert "bbbb2345.toml" in result.stderr
    good = _file(data_dir, three[0]).read_text("utf-8").replace(three[0], "bbbb2345")
    bad.write_text(good, "utf-8")
    result = run("list", "--format", "ids")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "bbbb2345" in result.stdout.split()


def test_a_cold_build_on_several_processes_gives_the_same_rows(
    three: list[str], data_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsing, "PARALLEL_MIN", 2)
    monkeypatch.setattr(parsing, "WINDOW", 2)  # three files: two windows, one ahead
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    seen: list[tuple[int, int]] = []
    store = api.open_store(data_dir, cache / "fresh.sqlite3")
    listing = api.list_articles(store, progress=lambda done, total: seen.append((done, total)))
    assert [r.as_json() for r in listing.rows] == _from_files(data_dir)
    assert seen[-1] == (3, 3)


def test_a_row_noted_by_another_writer_during_a_build_is_replaced(
    three: list[str], data_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync decides which files are new before it writes them; another newscli may
    note one of them in between. The sync then replaces that row instead of failing."""
    path = cache / "race.sqlite3"
    other = api.open_store(data_dir, path)
    real_parse = parsing.parse_file
    noted: list[str] = []

    def parse_while_another_writer_notes(root: Path, article_id: str) -> index.Parsed:
        if article_id == three[1] and not noted:
            noted.append(article_id)
            other.index.note(article_id)  # reads the file itself, through this function
        return real_parse(root, article_id)

    other.index.con.execute("SELECT 1")  # the index file exists, empty
    monkeypatch.setattr(parsing, "parse_file", parse_while_another_writer_notes)
    store = api.open_store(data_dir, path)
    assert [r.as_json() for r in api.list_articles(store).rows] == _from_files(data_dir)
    assert store.index.count() == 3


def _settings(con: sqlite3.Connection) -> tuple[int, int, int, bool]:
    return (
        con.execute("PRAGMA synchronous").fetchone()[0],
        con.execute("PRAGMA wal_autocheckpoint").fetchone()[0],
        con.execute("PRAGMA busy_timeout").fetchone()[0],
        con.in_transaction,
    )


NORMAL = (1, 1000, 30000, False)  # synchronous NORMAL, SQLite's checkpoints, 30 s waits


def test_a_bulk_sync_puts_back_the_normal_settings(
    three: list[str], data_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsing, "PARALLEL_MIN", 2)  # three files make a bulk sync
    ix = index.Index(data_dir, cache / "bulk.sqlite3")
    assert _settings(ix.con) == NORMAL
    ix.sync()
    assert ix.count() == 3
    assert _settings(ix.con) == NORMAL


def test_a_bulk_sync_interrupted_in_a_batch_rolls_it_back_and_puts_back_the_settings(
    three: list[str], data_dir: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsing, "PARALLEL_MIN", 2)

    def interrupted(self: index.Index, parsed: list[index.Parsed]) -> None:
        self.con.execute("DELETE FROM meta")  # a write the rollback must undo
        raise KeyboardInterrupt

    ix = index.Index(data_dir, cache / "bulk.sqlite3")
    ix.con.execute("INSERT INTO meta VALUES ('kept', 1)")
    monkeypatch.setattr(index.Index, "_save_rows", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ix.sync()
    assert _settings(ix.con) == NORMAL
    assert ix.con.execute("SELECT value FROM meta WHERE key = 'kept'").fetchone() == (1,)


def test_an_interrupt_just_after_begin_still_rolls_back(tmp_path: Path) -> None:
    real = sqlite3.connect(tmp_path / "t.sqlite3", isolation_level=None)

    class InterruptedAfterBegin:
        """A connection on which Ctrl-C lands the moment BEGIN has returned."""

        in_transaction = property(lambda self: real.in_transaction)

        def execute(self, sql: str) -> sqlite3.Cursor:
            cursor = real.execute(sql)
            if sql.startswith("BEGIN"):
                raise KeyboardInterrupt
            return cursor

    with pytest.raises(KeyboardInterrupt), db.transaction(InterruptedAfterBegin()):  # type: ignore[arg-type]
        pass
    assert not real.in_transaction
    real.close()


def test_an_unusable_cache_directory_still_lists(
    three: list[str], run: Runner, data_dir: Path, cache: Path
) -> None:
    expected = _rows(run)
    for item in cache.iterdir():
        item.unlink()
    cache.rmdir()
    cache.write_text("a file where the cache directory should be", "utf-8")
    assert _rows(run) == expected


def test_a_store_without_an_index_file_indexes_in_memory(three: list[str], data_dir: Path) -> None:
    store = api.open_store(data_dir)
    assert [r.as_json() for r in api.list_articles(store).rows] == _from_files(data_dir)
    assert api.list_ids(store, api.ListQuery(limit=1)) == ([three[2]], [])


def test_the_index_is_private(three: list[str], run: Runner, data_dir: Path, cache: Path) -> None:
    _rows(run)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(_index_file(data_dir).stat().st_mode) == 0o600


def test_listing_an_empty_store_creates_no_index(run: Runner, cache: Path) -> None:
    assert _rows(run) == []
    assert not cache.exists()


def test_one_index_per_data_directory(tmp_path: Path, cache: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert settings.index_path(one).parent == cache
    assert settings.index_path(one) != settings.index_path(two)
    assert settings.index_path(one) == settings.index_path(tmp_path / "two" / ".." / "one")


def test_show_by_prefix_uses_the_index_not_a_listing(
    three: list[str], run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Files came a while ago (a directory changed within the last moment is listed anyway).
    os.utime(data_dir / "articles", ns=(0, 1_000_000_000))
    _rows(run)

    def no_listing(self: Store) -> list[str]:
        raise AssertionError("the articles directory was listed")

    monkeypatch.setattr(Store, "ids", no_listing)
    for ref in (three[1][:5], three[1]):
        result = run("show", ref)
        assert result.exit_code == 0, result.stderr
        assert "Harbour Wall Mended" in result.stdout


def test_show_newest_reads_the_index(three: list[str], run: Runner) -> None:
    result = run("show")
    assert result.exit_code == 0
    assert "Bakery Wins Prize" in result.stdout


def test_writes_before_the_first_listing_make_no_index_file(
    three: list[str], run: Runner, cache: Path
) -> None:
    """Adding to a store whose index was never built leaves it to the first listing."""
    assert not cache.exists()
    assert sorted(r["id"] for r in _rows(run)) == sorted(three)
    assert list(cache.glob("index-*.sqlite3"))


def test_the_progress_bar_never_takes_stdout(
    three: list[str], run: Runner, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newscli.render import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    shutil.rmtree(cache, ignore_errors=True)  # a cold build, whether or not one was made
    result = run("list", "--format", "ids")
    assert result.exit_code == 0
    assert sorted(result.stdout.split()) == sorted(three)
    assert three[0] not in result.stderr


def test_check_reports_an_index_behind_the_files_and_fix_rebuilds_it(
    three: list[str], run: Runner, data_dir: Path
) -> None:
    for article_id in three:  # old enough that the index trusts its stamps
        os.utime(_file(data_dir, article_id), ns=(10**18, 10**18))
    _rows(run)
    path = _file(data_dir, three[0])
    path.write_text(path.read_text("utf-8").replace("Tram Line Opens", "Tram Line Shuts"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 5_000_000_000))

    found = run("check")
    assert found.exit_code == 1
    assert found.stdout == "index: out of date: 1 article file changed since it last read them\n"
    fixed = run("check", "--fix")
    assert fixed.exit_code == 0
    assert "index: rebuilt\n" in fixed.stderr
    again = run("check")
    assert (again.exit_code, again.stdout) == (0, "")
    assert [r["title"] for r in _rows(run) if r["id"] == three[0]] == ["Tram Line Shuts"]


def test_a_dry_run_import_leaves_the_index_alone(
    three: list[str], run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    _file(data_dir, three[1]).write_text("not an article")  # its id is free to match nothing
    assert run("list", "--format", "ids").exit_code == 0  # builds the index
    records = tmp_path / "new.jsonl"
    record = {"id": three[1], "title": "Only Imagined", "body": "Never written."}
    records.write_text(json.dumps(record) + "\n")
    assert run("import", "--dry-run", "--quiet", str(records)).exit_code == 0
    listed = run("list", "--format", "json")
    assert "Only Imagined" not in listed.stdout
    assert f"articles/{three[1]}.toml" in listed.stderr  # still named as unreadable


def test_a_write_noted_after_another_writer_came_between_is_read_again(
    three: list[str], data_dir: Path
) -> None:
    from newscli.disk import atomic
    from newscli.model import codec

    store = api.open_store(data_dir, _index_file(data_dir))
    store.index.sync()
    path = _file(data_dir, three[0])
    mine = store.load(three[0])
    mine.title = "Mine"
    written = atomic.write_bytes(path, codec.dumps(mine).encode("utf-8"))
    theirs = store.load(three[0])
    theirs.title = "Theirs"
    atomic.write_bytes(path, codec.dumps(theirs).encode("utf-8"))  # before my note
    store.note_change(three[0], mine, written)
    (row,) = [r for r in store.index.iter_rows(api.ListQuery()) if r.id == three[0]]
    assert row.title == "Theirs"


def test_a_prefix_before_the_first_listing_makes_no_index_for_check_to_blame(
    three: list[str], run: Runner, cache: Path
) -> None:
    assert run("show", three[0][:4], "--plain").exit_code == 0
    found = run("check")
    assert (found.exit_code, found.stdout) == (0, "")


def test_export_skips_an_article_removed_after_it_was_listed(
    three: list[str], run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = listings.list_articles

    def list_then_remove(store: Store, *args: Any, **kwargs: Any) -> Any:
        listing = listed(store, *args, **kwargs)
        _file(data_dir, three[1]).unlink()  # another process's rm, just after the listing
        return listing

    monkeypatch.setattr(listings, "list_articles", list_then_remove)
    result = run("export")
    assert result.exit_code == 0, result.stderr
    assert sorted(json.loads(line)["id"] for line in result.stdout.splitlines()) == sorted(
        [three[0], three[2]]
    )
