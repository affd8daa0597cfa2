"""git's merge driver as git runs it: a process of its own, one line when it cannot merge."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from newscli.model import codec
from newscli.model.article import Article, Vote

AT = datetime(2024, 6, 6, tzinfo=UTC)


def _driver(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newscli.merge_driver", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _files(tmp_path: Path) -> list[Path]:
    base = Article("abcd1234", "Title", "Body.", AT, AT)
    ours = Article("abcd1234", "Title", "Body.", AT, AT, votes=[Vote("mei", 4, AT)])
    theirs = Article("abcd1234", "Title", "Body.", AT, AT, votes=[Vote("kai", 2, AT)])
    files = [tmp_path / name for name in ("o", "a", "b")]
    for path, article in zip(files, (base, ours, theirs), strict=True):
        path.write_text(codec.dumps(article), "utf-8")
    return files


def test_the_driver_merges_over_ours_without_the_command_line(tmp_path: Path) -> None:
    files = _files(tmp_path)
    done = _driver(*map(str, files), "articles/abcd1234.toml")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert {v.voter for v in codec.loads(files[1].read_text("utf-8")).votes} == {"mei", "kai"}


def test_a_copy_it_cannot_read_is_refused_and_ours_kept_with_a_note(tmp_path: Path) -> None:
    files = _files(tmp_path)
    files[2].write_text("title = \x1b[31m", "utf-8")
    done = _driver(*map(str, files), "articles/abcd1234.toml")
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.startswith("articles/abcd1234.toml: a copy could not be read")
    assert done.stderr.count("\n") == 1 and "\x1b" not in done.stderr
    kept = codec.loads(files[1].read_text("utf-8"))
    assert [v.voter for v in kept.votes] == ["mei"]
    assert [c.field for c in kept.conflicts] == ["file"]
    assert "TOML syntax error" in kept.conflicts[0].value


def test_two_copies_it_cannot_read_are_one_line_and_ours_is_kept(tmp_path: Path) -> None:
    files = _files(tmp_path)
    files[1].write_bytes(b"title = \xff")
    files[2].write_text("title = \x1b[31m", "utf-8")
    before = files[1].read_bytes()
    done = _driver(*map(str, files), "articles/abcd1234.toml")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith("newscli: error: articles/abcd1234.toml cannot be merged")
    assert done.stderr.count("\n") == 1 and "\x1b" not in done.stderr
    assert files[1].read_bytes() == before


def test_the_driver_loads_neither_typer_nor_rich(tmp_path: Path) -> None:
    files = _files(tmp_path)
    code = (
        "import sys; from newscli.merge_driver import main; "
        f"code = main({[*map(str, files), 'articles/abcd1234.toml']!r}); "
        "print(sorted(m for m in ('typer', 'rich') if m in sys.modules)); sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout) == (0, "[]\n")


def test_wrong_arguments_are_a_usage_error() -> None:
    done = _driver("only", "two")
    assert done.returncode == 2
    assert done.stderr.startswith("usage: python -m newscli.merge_driver")
