"""Large imports: records made ready by worker processes, files written in batches, the
outcomes still one an entry and in input order."""

from __future__ import annotations

import stat
from pathlib import Path

from newscli import api, atomic
from newscli.import_records import CHUNK
from newscli.importers.entry import Entry


def _record(number: int, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "title": f"Ferry timetable {number}",
        "body": f"The ferry leaves at {number % 24} o'clock.\n\nIt returns at dusk.",
        "url": f"https://news.example.org/ferry/{number}",
    }
    record.update(changes)
    return record


def _entries(count: int) -> list[Entry]:
    entries = [Entry(f"in:{n + 1}", record=_record(n)) for n in range(count)]
    entries[5] = Entry("in:6", problem="not JSON")
    entries[70] = Entry("in:71", record=_record(70, body="   "))
    entries[2 * CHUNK] = Entry("in:dup", record=_record(3))  # same url as an earlier chunk's
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
