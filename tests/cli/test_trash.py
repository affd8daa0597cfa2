"""`rm`, `restore` and `trash`: removed articles come back byte for byte."""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Runner, snapshot

Adder = Callable[..., str]


def _file(data_dir: Path, article_id: str) -> Path:
    return data_dir / "articles" / f"{article_id}.toml"


@pytest.fixture
def two(add: Adder, run: Runner) -> tuple[str, str]:
    first = add(title="Bridge Reopens", body="Cars are back.")
    second = add(title="Library Extends Hours", body="Open till ten.")
    assert run("rate", first, "4", "--as", "ana").exit_code == 0
    assert run("comment", first, "Finally.", "--as", "bo").exit_code == 0
    return first, second


def test_rm_then_restore_gives_back_the_same_bytes(
    two: tuple[str, str], run: Runner, data_dir: Path
) -> None:
    first, second = two
    original = _file(data_dir, first).read_bytes()
    mode = stat.S_IMODE(_file(data_dir, first).stat().st_mode)

    removed = run("rm", first)
    assert (removed.exit_code, removed.stdout) == (0, f"{first}\n")
    assert removed.stderr == "Moved 1 article to the trash.\n"
    assert not _file(data_dir, first).exists()
    assert (data_dir / "trash" / f"{first}.toml").read_bytes() == original
    assert run("list", "--format", "ids").stdout == f"{second}\n"

    restored = run("restore", first[:4])
    assert (restored.exit_code, restored.stdout, restored.stderr) == (0, f"{first}\n", "")
    assert _file(data_dir, first).read_bytes() == original
    assert stat.S_IMODE(_file(data_dir, first).stat().st_mode) == mode == 0o600
    assert not any((data_dir / "trash").iterdir())


def test_rm_of_several_ids(two: tuple[str, str], run: Runner, data_dir: Path) -> None:
    first, second = two
    result = run("rm", first, second[:5], first)  # a repeat is removed once
    assert (result.exit_code, result.stdout) == (0, f"{first}\n{second}\n")
    assert result.stderr == "Moved 2 articles to the trash.\n"
    assert run("list", "--format", "ids").stdout == ""


def test_rm_with_one_bad_id_moves_nothing(
    two: tuple[str, str], run: Runner, data_dir: Path
) -> None:
    first, _ = two
    before = snapshot(data_dir)
    result = run("rm", first, "zzzzzzzz")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "newscli: error: no article with id 'zzzzzzzz'\n"
    assert snapshot(data_dir) == before


def test_rm_works_on_an_unreadable_file(add: Adder, run: Runner, data_dir: Path) -> None:
    article = add()
    _file(data_dir, article).write_bytes(b"\xffgarbage")
    assert run("rm", article).exit_code == 0
    assert (data_dir / "trash" / f"{article}.toml").read_bytes() == b"\xffgarbage"
    listed = run("trash", "--format", "ids")
    assert listed.exit_code == 0
    assert listed.stdout == ""
    assert listed.stderr.startswith(f"newscli: warning: skipped trash/{article}.toml: ")


def test_the_trash_dir_is_private(two: tuple[str, str], run: Runner, data_dir: Path) -> None:
    run("rm", two[0])
    assert stat.S_IMODE((data_dir / "trash").stat().st_mode) == 0o700


def test_restore_refuses_when_the_id_exists_again(add: Adder, run: Runner, data_dir: Path) -> None:
    article = add(title="Old")
    original = _file(data_dir, article).read_bytes()
    run("rm", article)
    _file(data_dir, article).write_bytes(original.replace(b"Old", b"New"))
    before = snapshot(data_dir)

    result = run("restore", article)
    assert (result.exit_code, result.stdout) == (1, "")
    assert "exists" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(data_dir) == before


def test_removing_the_same_id_twice_keeps_both_copies(
    add: Adder, run: Runner, data_dir: Path
) -> None:
    article = add(title="Version one")
    one = _file(data_dir, article).read_bytes()
    run("rm", article)
    _file(data_dir, article).write_bytes(one.replace(b"Version one", b"Version two"))
    two = _file(data_dir, article).read_bytes()
    run("rm", article)

    trash = data_dir / "trash"
    assert (trash / f"{article}.toml").read_bytes() == one
    assert (trash / f"{article}.toml.1").read_bytes() == two
    listed = json.loads(run("trash", "--format", "json").stdout)
    assert sorted(row["title"] for row in listed) == ["Version one", "Version two"]

    run("restore", article)  # the copy removed last
    assert _file(data_dir, article).read_bytes() == two
    run("rm", article)
    assert (trash / f"{article}.toml.1").read_bytes() == two


def test_trash_lists_in_every_format(two: tuple[str, str], run: Runner) -> None:
    first, second = two
    run("rm", first, second)
    table = run("trash")
    assert table.exit_code == 0
    assert "Bridge Reopens" in table.stdout
    assert "Library Extends Hours" in table.stdout
    rows = json.loads(run("trash", "--format", "json").stdout)
    assert {row["id"] for row in rows} == {first, second}
    assert next(r for r in rows if r["id"] == first)["rating"] == {"average": 4.0, "votes": 1}
    lines = run("trash", "-f", "jsonl").stdout.splitlines()
    assert {json.loads(line)["id"] for line in lines} == {first, second}
    assert run("trash", "-f", "csv").stdout.startswith("id,title,")
    assert sorted(run("trash", "-f", "ids").stdout.split()) == sorted([first, second])


def test_trash_says_when_each_was_removed_the_last_first(
    two: tuple[str, str], run: Runner, data_dir: Path
) -> None:
    first, second = two
    run("rm", first)
    run("rm", second)
    for name, when in ((first, 1_700_000_000), (second, 1_700_086_400)):  # a day apart
        os.utime(data_dir / "trash" / f"{name}.toml", (when, when))
    rows = json.loads(run("trash", "--format", "json").stdout)
    assert [(r["id"], r["removed"]) for r in rows] == [
        (second, "2023-11-15T22:13:20Z"),
        (first, "2023-11-14T22:13:20Z"),
    ]
    table = run("trash", "--format", "table").stdout.splitlines()
    assert table[0].split() == ["id", "removed", "title", "comments"]
    assert table[2].split()[:3] == [second, "2023-11-15", "22:13"]
    assert run("trash", "-f", "tsv").stdout.splitlines()[1].split("\t")[:2] == [
        first,
        "2023-11-14T22:13:20Z",
    ]
    assert run("trash", "-f", "csv").stdout.splitlines()[0].endswith(",comments,removed")


def test_an_empty_trash(run: Runner, data_dir: Path) -> None:
    listed = run("trash")
    assert (listed.exit_code, listed.stdout, listed.stderr) == (0, "", "The trash is empty.\n")
    assert run("trash", "-f", "json").stdout == "[]\n"
    emptied = run("trash", "--empty")
    assert (emptied.exit_code, emptied.stderr) == (0, "The trash is already empty.\n")
    assert not data_dir.exists()


def test_empty_needs_yes_when_stdin_is_not_a_terminal(
    two: tuple[str, str], run: Runner, data_dir: Path
) -> None:
    run("rm", *two)
    before = snapshot(data_dir)
    refused = run("trash", "--empty")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        "newscli: error: emptying the trash cannot be undone: give --yes to confirm\n"
    )
    assert snapshot(data_dir) == before

    emptied = run("trash", "--empty", "--yes")
    assert (emptied.exit_code, emptied.stdout) == (0, "")
    assert emptied.stderr == "Deleted 2 articles from the trash.\n"
    assert list((data_dir / "trash").iterdir()) == []
    assert run("restore", two[0]).exit_code == 1


def _answer_in_terminal(data_dir: Path, answer: bytes | None) -> tuple[int, str]:
    """Run `trash --empty` on a pseudo-terminal, answer its question; code and output.

    With no ``answer``, the question is interrupted as Ctrl-C does, by SIGINT.
    """
    pty = pytest.importorskip("pty")
    main, sub = pty.openpty()
    env = {**os.environ, "NEWSCLI_HOME": str(data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscli", "trash", "--empty"],
        stdin=sub,
        stdout=sub,
        stderr=sub,
        env=env,
    )
    os.close(sub)
    seen = b""
    try:
        while b"for good?" not in seen:
            ready, _, _ = select.select([main], [], [], 120)
            assert ready, seen
            seen += os.read(main, 4096)
        if answer is None:
            proc.send_signal(signal.SIGINT)
        else:
            os.write(main, answer + b"\n")
        code = proc.wait(timeout=120)
        with contextlib.suppress(OSError):  # EIO once the other side is closed
            while select.select([main], [], [], 0.5)[0] and (chunk := os.read(main, 4096)):
                seen += chunk
    finally:
        os.close(main)
        if proc.poll() is None:
            proc.kill()
    return code, seen.decode("utf-8", "replace")


def test_ctrl_c_at_the_question_always_interrupts(
    two: tuple[str, str], run: Runner, data_dir: Path
) -> None:
    # The signal comes as soon as the question shows, the moment the lost interrupts
    # fell in: before the answer is read. It must end the command every time.
    run("rm", *two)
    before = snapshot(data_dir)
    for _ in range(8):
        code, output = _answer_in_terminal(data_dir, None)
        assert code == 130, output
        assert snapshot(data_dir) == before


def test_empty_asks_on_a_terminal(two: tuple[str, str], run: Runner, data_dir: Path) -> None:
    run("rm", *two)
    before = snapshot(data_dir)
    code, output = _answer_in_terminal(data_dir, b"n")
    assert "Delete 2 articles in the trash for good? [y/N]" in output
    assert code == 0  # answering no is not an error
    assert "Nothing was deleted." in output
    assert "error" not in output
    assert snapshot(data_dir) == before

    code, output = _answer_in_terminal(data_dir, None)  # Ctrl-C
    assert code == 130
    assert "error" not in output
    assert snapshot(data_dir) == before

    code, output = _answer_in_terminal(data_dir, b"y")
    assert code == 0
    assert "Deleted 2 articles from the trash." in output
    assert list((data_dir / "trash").iterdir()) == []
