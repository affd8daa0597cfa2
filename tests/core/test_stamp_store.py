"""The packed copy of the index's stamps: believed only when it is whole and of the
index's present state, else made again from the rows; never a reason to miss an edit."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api, settings
from newscli.index import stamps

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


def _kept(data_dir: Path) -> Path:
    return stamps.path_of(settings.index_path(data_dir))


def _titles(run: Runner) -> dict[str, str]:
    result = run("list", "--format", "jsonl", "--fields", "id,title")
    assert (result.exit_code, result.stderr) == (0, "")
    return {r["id"]: r["title"] for r in map(json.loads, result.stdout.splitlines())}


def _edit_in_place(path: Path, old: str, new: str) -> None:
    """Same size, same inode, mtime put back: only the change time tells."""
    before = path.stat()
    with path.open("r+", encoding="utf-8") as handle:
        handle.write(path.read_text("utf-8").replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _forge(data_dir: Path, article_id: str) -> None:
    """Put the file's present stamp into the kept copy, as a damaged copy could claim it
    (the checksum left as it was)."""
    kept = _kept(data_dir)
    data = bytearray(kept.read_bytes())
    snap = stamps.load(kept)
    assert snap is not None
    position = snap.names.index(f"{article_id}.toml".encode())
    start = len(data) - len(snap.packed) + position * stamps.SIZE  # the stamps come last
    data[start : start + stamps.SIZE] = stamps.stamp(_file(data_dir, article_id).stat())
    kept.write_bytes(bytes(data))


def test_a_listing_keeps_every_stamp_in_one_file(
    four: list[str], run: Runner, data_dir: Path
) -> None:
    _titles(run)
    snap = stamps.load(_kept(data_dir))
    assert snap is not None
    assert sorted(snap.ids()) == sorted(four)
    for position, name in enumerate(snap.names):
        status = (data_dir / "articles" / name.decode()).stat()
        assert snap.recorded(position) == stamps.stamp(status)


@pytest.mark.parametrize("keep", [0, 10, 31, -33, -1])
def test_a_cut_short_copy_is_made_again_and_the_edit_seen(
    four: list[str], run: Runner, data_dir: Path, keep: int
) -> None:
    _titles(run)
    kept = _kept(data_dir)
    data = kept.read_bytes()
    _edit_in_place(_file(data_dir, four[0]), "Story 0", "Storm 0")
    kept.write_bytes(data[:keep])
    assert stamps.load(kept) is None
    assert _titles(run)[four[0]] == "Storm 0"
    assert stamps.load(kept) is not None  # made again


def test_a_damaged_copy_claiming_an_edited_file_is_not_believed(
    four: list[str], run: Runner, data_dir: Path
) -> None:
    _titles(run)
    _edit_in_place(_file(data_dir, four[1]), "Story 1", "Stork 1")
    _forge(data_dir, four[1])  # the copy now says the edited file is as it was read
    assert stamps.load(_kept(data_dir)) is None  # its checksum tells
    assert _titles(run)[four[1]] == "Stork 1"


@pytest.mark.parametrize("which", ["gen", "epoch"])
def test_a_whole_copy_of_another_state_is_not_believed(
    four: list[str], run: Runner, data_dir: Path, which: str
) -> None:
    """A copy with a good checksum that claims the edited file, but names another state
    of the index (or another index), is made again from the rows."""
    _titles(run)
    _edit_in_place(_file(data_dir, four[2]), "Story 2", "Stony 2")
    kept = _kept(data_dir)
    snap = stamps.load(kept)
    assert snap is not None
    fresh = b"".join(
        stamps.stamp((data_dir / "articles" / name.decode()).stat()) for name in snap.names
    )
    other = (
        {"gen": snap.gen + 1, "epoch": snap.epoch}
        if which == "gen"
        else {
            "gen": snap.gen,
            "epoch": snap.epoch + 1,
        }
    )
    stamps.save(kept, stamps.Snapshot(other["epoch"], other["gen"], snap.names, fresh))
    assert _titles(run)[four[2]] == "Stony 2"


def test_a_copy_left_by_a_lost_index_is_not_believed(
    four: list[str], run: Runner, data_dir: Path
) -> None:
    """An index deleted and built again is another index (a new epoch): a copy of the old
    one's stamps, put back, says nothing about it."""
    _titles(run)
    kept = _kept(data_dir)
    old = kept.read_bytes()
    index_file = settings.index_path(data_dir)
    index_file.unlink()
    _titles(run)
    _edit_in_place(_file(data_dir, four[3]), "Story 3", "Storm 3")
    kept.write_bytes(old)
    assert _titles(run)[four[3]] == "Storm 3"


def test_a_write_through_newscli_then_an_edit_elsewhere_are_both_seen(
    four: list[str], run: Runner, data_dir: Path
) -> None:
    """newscli's own write moves the index to a new state; the copy is made again for
    it, and an edit elsewhere after it is still seen."""
    _titles(run)
    assert run("rate", four[0], "4", "--as", "ana").exit_code == 0
    os.utime(_file(data_dir, four[0]), ns=(OLD_NS, OLD_NS))
    _edit_in_place(_file(data_dir, four[0]), "Story 0", "Storm 0")
    assert _titles(run)[four[0]] == "Storm 0"
    assert run("list", "--format", "ids").stdout.split().count(four[0]) == 1


def test_a_listing_that_finds_nothing_changed_writes_nothing(
    four: list[str], run: Runner, data_dir: Path
) -> None:
    os.utime(data_dir / "articles", ns=(OLD_NS, OLD_NS))  # its listing is not racy either
    _titles(run)
    cache = settings.index_path(data_dir).parent
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.iterdir()}
    assert _kept(data_dir).name in before
    assert sorted(_titles(run).values()) == [f"Story {n}" for n in range(4)]
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in cache.iterdir()}
    assert after == before  # neither the index nor the copy of its stamps was written


def test_after_an_edit_the_copy_is_of_the_new_state(
    four: list[str], run: Runner, data_dir: Path
) -> None:
    """A sync that read files again leaves a copy the next one believes: it reads nothing."""
    _titles(run)
    _edit_in_place(_file(data_dir, four[0]), "Story 0", "Storm 0")
    os.utime(_file(data_dir, four[0]), ns=(OLD_NS, OLD_NS))  # not racy once read
    assert _titles(run)[four[0]] == "Storm 0"
    store = api.open_store(data_dir, settings.index_path(data_dir))
    assert store.index.outdated() == 0


# --- the packed form --------------------------------------------------------------------


def test_a_saved_copy_loads_as_it_was(tmp_path: Path) -> None:
    snap = stamps.Snapshot(7, 9, [b"abcd2345.toml", b"wxyz2345.toml"], stamps.RACY * 2)
    stamps.save(tmp_path / "s", snap)
    assert stamps.load(tmp_path / "s") == snap
    empty = stamps.Snapshot(1, 2, [], b"")
    stamps.save(tmp_path / "e", empty)
    assert stamps.load(tmp_path / "e") == empty


def test_every_cut_of_a_copy_is_refused(tmp_path: Path) -> None:
    snap = stamps.Snapshot(7, 9, [b"abcd2345.toml", b"wxyz2345.toml"], stamps.RACY * 2)
    stamps.save(tmp_path / "s", snap)
    data = (tmp_path / "s").read_bytes()
    for length in range(len(data)):
        (tmp_path / "t").write_bytes(data[:length])
        assert stamps.load(tmp_path / "t") is None, length
    for position in range(len(data)):
        flipped = bytearray(data)
        flipped[position] ^= 0x40
        (tmp_path / "t").write_bytes(bytes(flipped))
        assert stamps.load(tmp_path / "t") is None, position


def test_the_check_finds_changed_and_gone_files(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    names = [f"{n}aaa2345.toml".encode() for n in range(5)]
    for name in names:
        (folder / name.decode()).write_text("x")
    recorded = b"".join(stamps.stamp((folder / n.decode()).stat()) for n in names)
    snap = stamps.Snapshot(1, 1, names, recorded)
    assert stamps.check(folder, snap).changed == []
    (folder / names[1].decode()).write_text("longer")
    (folder / names[3].decode()).unlink()
    found = stamps.check(folder, snap)
    assert (found.changed, found.gone) == ([1], [3])
    racy = stamps.Snapshot(1, 1, names[:1], stamps.RACY)
    assert stamps.check(folder, racy).changed == [0]  # a racy stamp is always read again


def _folder(tmp_path: Path, count: int) -> tuple[Path, list[bytes]]:
    folder = tmp_path / "articles"
    folder.mkdir()
    names = [f"{n}aaa2345.toml".encode() for n in range(count)]
    for name in names:
        (folder / name.decode()).write_text("x")
    return folder, names


@pytest.mark.parametrize("threaded", [False, True])
def test_the_check_is_the_same_in_c_or_python_and_keeps_the_working_directory(
    tmp_path: Path, threaded: bool
) -> None:
    """With another thread running, the check loops in Python; alone, in C from the
    articles' directory, coming back to the working directory after."""
    import threading

    folder, names = _folder(tmp_path, 20)
    recorded = b"".join(stamps.stamp((folder / n.decode()).stat()) for n in names)
    (folder / names[4].decode()).write_text("changed")
    (folder / names[7].decode()).unlink()
    (folder / names[19].decode()).unlink()
    far = 13_200_000_000 * 10**9  # the year 2388: past 64 bits in nanoseconds
    try:
        os.utime(folder / names[9].decode(), ns=(far, far))
    except OverflowError:  # a file system that cannot hold it: nothing to test there
        far = 0
    before = Path.cwd()
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    if threaded:
        other.start()
    try:
        found = stamps.check(folder, stamps.Snapshot(1, 1, names, recorded))
    finally:
        release.set()
    assert Path.cwd() == before
    assert found.gone == [7, 19]
    assert found.changed == ([4, 9] if far else [4])
    assert len(found.fresh) == len(recorded)


def test_newscli_s_own_write_brings_the_copy_along(
    four: list[str], run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rate, comment or add moves the index to a new state and the copy with it: the
    next listing makes no copy from the rows, and still reads what changed."""
    from newscli.index.kept import Kept

    os.utime(data_dir / "articles", ns=(OLD_NS, OLD_NS))
    _titles(run)
    assert run("rate", four[0], "4", "--as", "ana").exit_code == 0
    added = run("add", "--title", "Fresh one", "--body", "New.")
    assert added.exit_code == 0

    def no_rows(*args: object) -> None:
        raise AssertionError("the copy was made again from the rows")

    monkeypatch.setattr(Kept, "_of_rows", staticmethod(no_rows))
    titles = _titles(run)
    assert titles[added.stdout.strip()] == "Fresh one"
    rows = run("list", "--format", "jsonl", "--fields", "id,rating").stdout.splitlines()
    assert {"id": four[0], "rating": {"average": 4.0, "votes": 1}} in map(json.loads, rows)
