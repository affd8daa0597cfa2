"""Helpers for the sync tests: git isolated from the user's config, bare remotes, people."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newscli import api

MARKERS = (b"<<<<<<< ", b"\n=======\n", b">>>>>>> ")


def isolate_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git with no user or system config, and an identity from the environment."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_DIR", raising=False)
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Person")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "test@example.org")


def git(where: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["git", "-C", str(where), *args], capture_output=True, text=True, check=False
    )
    if check and done.returncode:
        raise AssertionError(f"git {args}: {done.stderr}")
    return done.stdout


def bare_remote(tmp_path: Path, name: str = "remote.git") -> Path:
    remote = tmp_path / name
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    return remote


@dataclass
class Person:
    """One person's data directory, and their store opened through the api."""

    name: str
    data: Path

    @property
    def store(self) -> api.Store:
        return api.open_store(self.data)


def no_markers(*folders: Path) -> None:
    """No article or state file holds a conflict marker."""
    for folder in folders:
        for path in [*folder.glob("articles/*.toml"), *folder.glob("state/*.toml")]:
            data = path.read_bytes()
            assert not any(m in data for m in MARKERS), path


def sharing_one_article(run: Callable[..., Any], tmp_path: Path) -> tuple[Person, Person, str]:
    """Mei and Kai sharing one article (Mei's) through a bare remote; its id."""
    remote = bare_remote(tmp_path)
    mei, kai = Person("mei", tmp_path / "mei"), Person("kai", tmp_path / "kai")
    article = api.add_article(mei.store, api.Draft(title="Shared", body="Text."))
    for person in (mei, kai):
        result = run("--data-dir", str(person.data), "sync", "init", str(remote))
        assert result.exit_code == 0, result.stderr
    return mei, kai, article.id
