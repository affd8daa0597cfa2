"""Shared fixtures: every test gets its own empty data directory and a fixed environment."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from newscli import api
from newscli.cli import main

# CI runs the same examples every time, so a red run always means a change broke
# something; local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The tests folder: test files sit in subfolders by layer; data, golden files and the
# shared helpers (this module, ``sync_helpers``, ``site_world``, ``webserver``) sit here.
TESTS = Path(__file__).resolve().parent

SAMPLE_PAGE = """feature image

Tramway Extension Opens Across the River Delta

HSINCHU —\u00a0

The new tramway extension across the river delta opened to passengers on Monday (March 3, 2025), \
cutting the trip from the old town to the science park to eighteen minutes.

Riders queued from before dawn. “I have waited nine years for this,” said one commuter.

Officials expect 40,000 trips a day by the end of the year.

4.5 2 votes
Article Rating
Subscribe
Notify of
guest
3 Comments
Inline Feedbacks
View all comments"""


@dataclass(frozen=True)
class Result:
    """What one newscli invocation did."""

    exit_code: int
    stdout: str
    stderr: str


Runner = Callable[..., Result]


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Indexes made by module-scoped fixtures stay under pytest's temporary directory too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSCLI_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCLI_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSCLI_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("NEWSCLI_CONFIG", str(tmp_path / "config.toml"))  # none: no name in it
    for name in (
        *("NEWSCLI_USER", "NEWSCLI_SIGNING_KEY"),
        *("VISUAL", "EDITOR", "FORCE_COLOR", "NO_COLOR"),
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture(autouse=True)
def _no_image_fetching(monkeypatch: pytest.MonkeyPatch) -> None:
    """``add`` and ``import`` fetch no feature image (the pages of most tests name one on
    the web) unless a test asks with the ``image_fetching`` fixture."""
    monkeypatch.setattr(api, "fetching_available", lambda: False)


@pytest.fixture
def image_fetching(monkeypatch: pytest.MonkeyPatch) -> None:
    """Images are fetched after ``add`` and ``import``, as when both extras are installed."""
    monkeypatch.setattr(api, "fetching_available", lambda: True)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The data directory NEWSCLI_HOME points at (not created until the first write)."""
    return tmp_path / "data"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run newscli in-process: ``run("list", "--format", "json", input="...")``."""

    def invoke(*args: str, input: str | bytes = b"") -> Result:
        data = input.encode("utf-8") if isinstance(input, str) else input
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return invoke


@pytest.fixture
def add(run: Runner) -> Callable[..., str]:
    """Add an article with the given options and return its id."""

    def adder(*args: str, title: str = "A title", body: str = "A body.") -> str:
        # --force: tests add the same default text more than once, as separate articles.
        result = run("add", "--force", "--title", title, "--body", body, *args)
        assert result.exit_code == 0, result.stderr
        return result.stdout.strip()

    return adder


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to prove that nothing changed."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def peer_comment(
    data_dir: Path, article_id: str, text: str, author: str | None, **fields: object
) -> str:
    """Put a comment straight into an article's file, as a merge brings in a peer's: its
    author is whatever the peer wrote (a name the commands would refuse, too). Returns its id."""
    from datetime import UTC, datetime

    from newscli.model.article import Comment

    store = api.open_store(data_dir)

    def add(article: api.Article) -> str:
        taken = {c.id for c in article.comments}
        number = len(taken)
        while f"p{number:05d}" in taken:
            number += 1
        at = datetime.now(UTC).replace(microsecond=0)
        made = Comment(id=f"p{number:05d}", text=text, at=at, author=author)
        for key, value in fields.items():
            setattr(made, key, value)
        article.comments.append(made)
        return made.id

    try:
        return store.update(article_id, add)
    finally:
        store.close()
