"""Files of the data directory other than articles are never read through a symbolic link
either: a person's state file, the state folder, a stored image. newscli makes no links,
so each is refused in one line that names it (a peer can commit a link; git checks it
out as one)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, Runner
from newscli.discussion.state import file_name

Adder = Callable[..., str]
SECRET = b"-----BEGIN OPENSSH PRIVATE KEY-----\nnot really a key\n"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "id_rsa"
    path.write_bytes(SECRET)
    return path


def _refused(result: Result, *words: str) -> None:
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("newscli: error: ")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr


def _state_file(data_dir: Path, name: str) -> Path:
    return data_dir / "state" / file_name(name)


def test_a_state_file_linked_to_a_key_is_neither_read_nor_written(
    add: Adder, run: Runner, data_dir: Path, secret: Path
) -> None:
    article = add()
    assert run("subscribe", article, "--as", "mei").exit_code == 0
    path = _state_file(data_dir, "mei")
    path.unlink()
    path.symlink_to(secret)
    where = f"state/{path.name}: a symbolic link"
    _refused(run("subscribe", article, "--as", "mei", "--replies-only"), where)
    _refused(run("inbox", "--as", "mei"), where)
    _refused(run("show", article, "--as", "mei"), where)
    listed = run("list", "--unread", "--as", "mei")  # read marks are in the arrival log
    assert (listed.exit_code, listed.stderr) == (0, "")
    assert secret.read_bytes() == SECRET
    assert path.is_symlink()
    found = run("check")
    assert f"state/{path.name}: a symbolic link, never followed" in found.stdout


def test_a_state_file_linked_to_an_endless_device_does_not_hang(add: Adder, data_dir: Path) -> None:
    article = add()
    path = _state_file(data_dir, "mei")
    path.parent.mkdir(parents=True)
    path.symlink_to("/dev/zero")
    done = subprocess.run(
        [sys.executable, "-m", "newscli", "show", article, "--as", "mei"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert f"state/{path.name}: a symbolic link" in done.stderr


def test_a_state_file_that_is_a_device_is_not_read(add: Adder, data_dir: Path) -> None:
    article = add()
    path = _state_file(data_dir, "mei")
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    done = subprocess.run(
        [sys.executable, "-m", "newscli", "inbox", "--as", "mei"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert f"state/{path.name}: not a regular file" in done.stderr
    del article


@pytest.mark.parametrize("folder", ["state", "state/.locks"])
def test_a_linked_state_folder_is_not_written_through(
    folder: str, add: Adder, run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    article = add()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data_dir / folder).parent.mkdir(parents=True, exist_ok=True)
    (data_dir / folder).symlink_to(elsewhere, target_is_directory=True)
    _refused(run("subscribe", article, "--as", "mei"), folder, "symbolic link")
    _refused(run("show", article, "--as", "mei"), folder, "symbolic link")
    _refused(run("inbox", "--as", "mei", "--read"), folder, "symbolic link")
    assert list(elsewhere.iterdir()) == []
    found = run("check")
    assert found.exit_code == 1
    assert f"{folder}: a symbolic link, never followed" in found.stdout


def test_a_stored_image_linked_to_a_key_is_never_copied_embedded_or_drawn(
    add: Adder, run: Runner, data_dir: Path, secret: Path, tmp_path: Path
) -> None:
    article = add("--image", "https://example.org/a.png")
    media = data_dir / "media"
    media.mkdir()
    (media / f"{article}.png").symlink_to(secret)

    site = tmp_path / "site"
    exported = run("export", "--format", "site", "-o", f"{site}/")
    assert exported.exit_code == 0, exported.stderr
    copied = [p for p in site.rglob("*") if p.is_file() and SECRET in p.read_bytes()]
    assert copied == []
    assert not (site / "media" / f"{article}.png").exists()

    page = run("export", article, "--format", "html")
    assert page.exit_code == 0
    assert "data:image/png" not in page.stdout
    assert "https://example.org/a.png" in page.stdout  # the address, as when none is stored

    assert run("image", article).exit_code == 1  # no stored image: the link is not one
    found = run("check")
    assert f"media/{article}.png: a symbolic link, never followed" in found.stdout
    assert secret.read_bytes() == SECRET
