"""Large imports: records made ready by worker processes, files written in batches, the
outcomes still one an entry and in input order."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from newscli import api
from newscli.disk import atomic
from newscli.ingest.input_record import InputRecord
from newscli.ingest.prepare import CHUNK


def _record(number: int, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "title": f"Ferry timetable {number}",
        "body": f"The ferry leaves at {number % 24} o'clock.\n\nIt returns at dusk.",
        "url": f"https://news.example.org/ferry/{number}",
    }
    record.update(changes)
    return record


def _entries(count: int) -> list[InputRecord]:
    entries = [InputRecord(f"in:{n + 1}", record=_record(n)) for n in range(count)]
    entries[5] = InputRecord("in:6", problem="not JSON")
    entries[70] = InputRecord("in:71", record=_record(70, body="   "))
    entries[2 * CHUNK] = InputRecord("in:dup", record=_record(3))  # same url as an earlier chunk's
    return entries


def test_many_records_keep_their_order_and_their_fate(tmp_path: Path) -> None:
    count = 5 * CHUNK + 7
    store = api.open_store(tmp_path / "data", tmp_path / "index.sqlite3")
    outcomes = list(api.import_entries(store, _entries(count)))

    assert [o.where for o in outcomes] == [e.where for e in _entries(count)]
    kinds = [o.kind for o in outcomes]
    assert kinds[5] == kinds[70] == "bad"
    assert outcomes[70].reason == "the record has no body"
    assert kinds[2 * CHUNK] == "duplicate"
    assert outcomes[2 * CHUNK].article_id == outcomes[3].article_id
    created = [o.article_id for o in outcomes if o.kind == "created"]
    assert len(created) == count - 3
    assert len(set(created)) == len(created)
    assert sorted(store.ids()) == sorted(created)
    assert store.load(outcomes[100].article_id or "").title == "Ferry timetable 100"
    # The index was written with the files: it already lists every one of them.
    assert store.index.count() == len(created)


def test_a_dry_run_of_many_records_writes_nothing(tmp_path: Path) -> None:
    store = api.open_store(tmp_path / "data", tmp_path / "index.sqlite3")
    outcomes = list(api.import_entries(store, _entries(3 * CHUNK), dry_run=True))
    assert [o.kind for o in outcomes].count("created") == 3 * CHUNK - 3
    assert store.ids() == []


def test_new_files_in_one_batch_never_replace_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "b.toml").write_bytes(b"kept")
    placed = atomic.write_new_files(folder, [("a.toml", b"one"), ("b.toml", b"two")])

    assert placed[1] is None
    assert placed[0] is not None
    assert placed[0].st_ino == (folder / "a.toml").stat().st_ino
    assert (folder / "a.toml").read_bytes() == b"one"
    assert (folder / "b.toml").read_bytes() == b"kept"
    assert stat.S_IMODE((folder / "a.toml").stat().st_mode) == atomic.FILE_MODE
    assert sorted(p.name for p in folder.iterdir()) == ["a.toml", "b.toml"]  # no temp left


def test_a_drawn_id_already_stored_is_drawn_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records' ids are drawn where they are made ready, not knowing the store: one that
    is taken there is drawn again, and the file written under the new one."""
    from newscli import ids

    store = api.open_store(tmp_path / "data", tmp_path / "index.sqlite3")
    kept = list(api.import_entries(store, [InputRecord("in:1", record=_record(1, id="aaaaaaaa"))]))
    assert kept[0].article_id == "aaaaaaaa"
    drawn = iter(["aaaaaaaa", "bbbbbbbb"])
    monkeypatch.setattr(ids, "new_id", lambda length, taken=(): next(drawn))

    outcomes = list(api.import_entries(store, [InputRecord("in:2", record=_record(2))]))
    assert [(o.kind, o.article_id) for o in outcomes] == [("created", "bbbbbbbb")]
    assert store.load("bbbbbbbb").title == "Ferry timetable 2"
    assert store.load("aaaaaaaa").title == "Ferry timetable 1"


def test_a_short_input_is_made_ready_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    store = api.open_store(tmp_path / "data", tmp_path / "index.sqlite3")
    entries = [InputRecord(f"in:{n}", record=_record(n)) for n in range(CHUNK - 1)]
    outcomes = list(api.import_entries(store, entries))
    assert [o.kind for o in outcomes] == ["created"] * (CHUNK - 1)


def test_without_syncfs_each_file_is_flushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        flushed.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(atomic, "_syncfs", lambda folder: False)
    monkeypatch.setattr(os, "fsync", fsync)
    placed = atomic.write_new_files(tmp_path, [("a.toml", b"one"), ("b.toml", b"two")])
    assert all(status is not None for status in placed)
    assert len(flushed) == 3  # each file, then the folder
    assert (tmp_path / "b.toml").read_bytes() == b"two"
