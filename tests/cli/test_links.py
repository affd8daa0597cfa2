"""Symbolic links inside the data directory are never followed: a folder that is a link
is refused (one line) and reported by ``check``; an article file that is a link is a bad
file, moved as the link itself."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, Runner, snapshot
from newscli import api
from newscli.errors import DataDirError

Adder = Callable[..., str]


def _one_line_error(result: Result, *words: str) -> None:
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("newscli: error: ")
    assert len(result.stderr.splitlines()) == 1
    for word in words:
        assert word in result.stderr


def test_a_trash_linked_to_the_articles_neither_lists_nor_deletes_them(
    add: Adder, run: Runner, data_dir: Path
) -> None:
    first, second = add(title="Kept One"), add(title="Kept Two")
    (data_dir / "trash").symlink_to(data_dir / "articles", target_is_directory=True)
    before = snapshot(data_dir / "articles")

    _one_line_error(run("trash"), "trash", "symbolic link")
    _one_line_error(run("trash", "--format", "json"), "trash", "symbolic link")
    _one_line_error(run("trash", "--empty", "--yes"), "trash", "symbolic link")
    _one_line_error(run("rm", first), "trash", "symbolic link")
    _one_line_error(run("restore", second), "trash", "symbolic link")

    assert snapshot(data_dir / "articles") == before
    assert sorted(run("list", "--format", "ids").stdout.split()) == sorted([first, second])


def test_emptying_a_linked_trash_through_the_api_refuses(add: Adder, data_dir: Path) -> None:
    add()
    (data_dir / "trash").symlink_to(data_dir / "articles", target_is_directory=True)
    before = snapshot(data_dir / "articles")
    with pytest.raises(DataDirError, match="trash in the data directory is a symbolic link"):
        api.empty_trash(api.open_store(data_dir))
    assert snapshot(data_dir / "articles") == before


def test_a_linked_locks_folder_is_not_written_through(
    add: Adder, run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    article = add()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if (data_dir / ".locks").exists():
        (data_dir / ".locks").rename(tmp_path / "old-locks")
    (data_dir / ".locks").symlink_to(elsewhere, target_is_directory=True)
    _one_line_error(run("rate", article, "4", "--as", "ana"), ".locks", "symbolic link")
    _one_line_error(run("comment", article, "Hi.", "--as", "bo"), ".locks", "symbolic link")
    assert list(elsewhere.iterdir()) == []


def test_a_linked_drafts_folder_is_not_written_through(
    add: Adder, run: Runner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = add()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data_dir / "drafts").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.setenv("EDITOR", "true")
    _one_line_error(run("edit", article), "drafts", "symbolic link")
    assert list(elsewhere.iterdir()) == []


def test_a_linked_quarantine_is_left_alone_by_check_fix(
    add: Adder, run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    article = add()
    bad = data_dir / "articles" / f"{article}.toml"
    bad.write_text("not = [toml\n", "utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data_dir / "quarantine").symlink_to(elsewhere, target_is_directory=True)

    fixed = run("check", "--fix")
    assert fixed.exit_code == 1
    assert "quarantine: a symbolic link, never followed" in fixed.stdout
    assert f"articles/{article}.toml: left alone (unreadable)" in fixed.stderr
    assert bad.exists()
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("name", [".locks", "trash", "drafts", "quarantine", "state", "media"])
def test_check_reports_a_linked_folder(
    name: str, add: Adder, run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    add()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if (data_dir / name).exists():
        (data_dir / name).rename(tmp_path / "moved-away")
    (data_dir / name).symlink_to(elsewhere, target_is_directory=True)
    found = run("check")
    assert found.exit_code == 1
    assert found.stdout == f"{name}: a symbolic link, never followed: make it a real folder\n"
    fixed = run("check", "--fix")
    assert f"{name}: left alone (symbolic link)" in fixed.stderr
    assert (data_dir / name).is_symlink()


def test_linked_articles_are_refused_and_reported(
    add: Adder, run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    """To keep the articles elsewhere, link the whole data directory (or set
    NEWSCLI_HOME): a link for one folder inside it could point at another."""
    add()
    real = tmp_path / "real-articles"
    (data_dir / "articles").rename(real)
    (data_dir / "articles").symlink_to(real, target_is_directory=True)
    _one_line_error(run("list"), "articles", "symbolic link")
    _one_line_error(run("search", "body"), "articles", "symbolic link")
    found = run("check")
    assert found.exit_code == 1
    assert found.stdout == "articles: a symbolic link, never followed: make it a real folder\n"


def test_a_linked_data_directory_is_fine(
    add: Adder, run: Runner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = add()
    link = tmp_path / "link-to-data"
    link.symlink_to(data_dir, target_is_directory=True)
    monkeypatch.setenv("NEWSCLI_HOME", str(link))
    assert run("list", "--format", "ids").stdout.split() == [article]
    assert run("check").exit_code == 0


def test_an_article_file_that_is_a_link_is_a_bad_file_moved_as_itself(
    add: Adder, run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    """A link to a valid article elsewhere is still not read: only the link is moved,
    and deleting it from the trash leaves the file it pointed to alone."""
    kept = add(title="Kept")
    article = add(title="Linked")
    outside = tmp_path / "outside.toml"
    path = data_dir / "articles" / f"{article}.toml"
    path.rename(outside)
    path.symlink_to(outside)
    original = outside.read_bytes()

    listed = run("list", "--format", "ids")
    assert (listed.exit_code, listed.stdout.split()) == (0, [kept])
    assert f"articles/{article}.toml: a symbolic link, not an article file" in listed.stderr
    shown = run("show", article)
    _one_line_error(shown, "a symbolic link")

    found = run("check")
    assert found.stdout == f"articles/{article}.toml: a symbolic link, not an article file\n"
    fixed = run("check", "--fix")
    assert f"moved to quarantine/{article}.toml" in fixed.stderr
    assert (data_dir / "quarantine" / f"{article}.toml").is_symlink()
    assert outside.read_bytes() == original


def test_removing_a_linked_article_file_never_deletes_its_target(
    add: Adder, run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    article = add()
    outside = tmp_path / "outside.toml"
    path = data_dir / "articles" / f"{article}.toml"
    path.rename(outside)
    path.symlink_to(outside)
    assert run("rm", article).exit_code == 0
    assert (data_dir / "trash" / f"{article}.toml").is_symlink()
    assert run("trash", "--empty", "--yes").exit_code == 0
    assert outside.exists()


def test_a_pipe_in_place_of_an_article_file_does_not_hang(add: Adder, data_dir: Path) -> None:
    kept = add()
    os.mkfifo(data_dir / "articles" / "bbbb2345.toml")
    result = subprocess.run(
        [sys.executable, "-m", "newscli", "list", "--format", "ids"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout.split()) == (0, [kept])
    assert "articles/bbbb2345.toml: not a regular file" in result.stderr
