"""atomic.write_bytes(new=True) and move_new on file systems without hard links."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from conftest import Runner
from newscli.disk import atomic


def _no_hard_links(code: int) -> object:
    def link(source: object, target: object) -> None:
        raise OSError(code, os.strerror(code), str(source), None, str(target))

    return link


@pytest.fixture(params=[errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV])
def no_links(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    code: int = request.param
    monkeypatch.setattr(os, "link", _no_hard_links(code))
    return code


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_new_without_hard_links_writes_once_and_never_overwrites(
    no_links: int, tmp_path: Path
) -> None:
    target = tmp_path / "a" / "x.toml"
    atomic.write_bytes(target, b"first", new=True)
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == atomic.FILE_MODE
    with pytest.raises(FileExistsError):
        atomic.write_bytes(target, b"second", new=True)
    assert target.read_bytes() == b"first"
    assert _names(target.parent) == ["x.toml"]  # no temp file left behind


def test_move_new_without_hard_links_moves_and_never_overwrites(
    no_links: int, tmp_path: Path
) -> None:
    source, taken = tmp_path / "one", tmp_path / "taken"
    source.write_bytes(b"one")
    os.utime(source, (1_000_000, 1_000_000))
    taken.write_bytes(b"kept")
    with pytest.raises(FileExistsError):
        atomic.move_new(source, taken)
    assert (source.read_bytes(), taken.read_bytes()) == (b"one", b"kept")

    target = tmp_path / "sub" / "one"
    atomic.move_new(source, target)
    assert not source.exists()
    assert target.read_bytes() == b"one"
    assert target.stat().st_mtime == 1_000_000


def test_move_new_across_file_systems_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where rename cannot cross devices either, the file is copied in and the source removed."""
    real_replace = os.replace
    source = tmp_path / "from" / "one"
    source.parent.mkdir()
    source.write_bytes(b"one")
    source.chmod(0o600)
    os.utime(source, (1_000_000, 1_000_000))

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(src) == source:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        real_replace(src, dst)

    monkeypatch.setattr(os, "link", _no_hard_links(errno.EXDEV))
    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "to" / "one"
    atomic.move_new(source, target)
    assert not source.exists()
    assert target.read_bytes() == b"one"
    assert target.stat().st_mtime == 1_000_000
    assert _names(target.parent) == ["one"]


def test_other_link_errors_are_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "link", _no_hard_links(errno.ENOSPC))
    target = tmp_path / "x"
    with pytest.raises(OSError, match="No space"):
        atomic.write_bytes(target, b"data", new=True)
    assert _names(tmp_path) == []


def test_add_rm_restore_work_without_hard_links(
    run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "link", _no_hard_links(errno.EPERM))
    added = run("add", "--title", "Ferry", "--body", "Runs late.")
    assert (added.exit_code, added.stderr) == (0, "")
    article = added.stdout.strip()
    stored = (data_dir / "articles" / f"{article}.toml").read_bytes()
    assert run("rm", article).exit_code == 0
    assert run("restore", article).exit_code == 0
    assert (data_dir / "articles" / f"{article}.toml").read_bytes() == stored
    assert run("check").exit_code == 0
