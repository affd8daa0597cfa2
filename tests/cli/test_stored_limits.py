"""A stored file that a reader refuses for its size (an integer past Python's 4,300-digit
limit, nesting past the recursion limit) is a bad file, never an internal error; and
``reindex``'s worker processes die with it when it is killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Runner

Adder = Callable[..., str]

HUGE = "9" * 5000
DEEP = "[" * 5000 + "]" * 5000
# (what is added to the file, a word of the reason given). rtoml refuses a huge integer
# as out of range; a \u escape sends the file to tomllib, which reads integers with
# int() and its digit limit.
SPOILS = {
    "huge integer": (f'\n[extra]\nbig = {HUGE}\nnote = "\\u0041"\n', "5000 digits is too large"),
    "huge integer alone": (f"\n[extra]\nbig = {HUGE}\n", "overflow"),
    "deep nesting": (f'\n[extra]\ndeep = {DEEP}\nnote = "\\u0041"\n', "nested too deeply"),
}


@pytest.mark.parametrize("spoil", SPOILS)
def test_a_file_a_reader_refuses_is_a_bad_file_everywhere(
    spoil: str, add: Adder, run: Runner, data_dir: Path
) -> None:
    kept = add(title="Kept", body="Stones.")
    bad = add(title="Spoilt", body="Stones.")
    path = data_dir / "articles" / f"{bad}.toml"
    added, reason = SPOILS[spoil]
    assert "[extra]" not in path.read_text("utf-8")
    path.write_text(path.read_text("utf-8") + added, "utf-8")
    where = f"articles/{bad}.toml"

    for args in (
        ("list", "--format", "ids"),
        ("search", "stones", "--format", "ids"),
        ("export", "--format", "jsonl"),
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "internal error" not in result.stderr
        assert where in result.stderr
        out = result.stdout.split() if args[0] != "export" else result.stdout.splitlines()
        assert len(out) == 1
    assert json.loads(run("export", "--format", "jsonl").stdout)["id"] == kept

    shown = run("show", bad)
    assert (shown.exit_code, shown.stdout) == (1, "")
    assert shown.stderr.startswith(f"newscli: error: {where}: ")
    assert run("show").exit_code == 0  # the newest readable one

    found = run("check")
    assert found.exit_code == 1
    assert found.stdout.startswith(f"{where}: ")
    assert reason in found.stdout
    fixed = run("check", "--fix")
    assert f"{where}: moved to quarantine/{bad}.toml" in fixed.stderr
    assert run("check").exit_code == 0


_KILLED_REINDEX = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from newscli.index import index, parsing

    pids = Path(sys.argv[2])

    def parse_and_hang(root, article_id):
        (pids / str(os.getpid())).touch()
        signal.pause()

    parsing.parse_file = parse_and_hang
    parsing.PARALLEL_MIN = 2
    os.cpu_count = lambda: 2
    index.Index(Path(sys.argv[1]), pids.parent / "index.sqlite3").rebuild()
    """
)


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie waiting to be reaped does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if entry.name.isdigit() and int(fields[1]) == parent:
            found.append(int(entry.name))
    return found


def _poll(condition: Callable[[], bool], seconds: float = 120.0) -> bool:
    """Whether ``condition`` comes true within ``seconds``, looked at every 20 ms."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_killing_reindex_kills_its_parsing_processes(
    add: Adder, data_dir: Path, tmp_path: Path
) -> None:
    for n in range(4):
        add(title=f"Article {n}")
    pids = tmp_path / "workers"
    pids.mkdir()
    parent = subprocess.Popen([sys.executable, "-c", _KILLED_REINDEX, str(data_dir), str(pids)])
    workers: list[int] = []
    try:
        assert _poll(lambda: any(pids.iterdir())), "no worker started parsing"
        workers = _children(parent.pid)
        assert len(workers) >= 2  # the pool's processes, idle ones too
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=120)
        assert _poll(lambda: not any(map(_alive, workers))), "workers outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
