"""newscli as a real process: `python -m newscli` with pipes, terminals and concurrency."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from newscli import __version__, api
from newscli.model.article import Draft
from terminal import TIMEOUT, in_terminal
from terminal import command as _cmd
from terminal import environment as _env

SGR = re.compile(r"\x1b\[([0-9;]*)m")


@dataclass(frozen=True)
class Done:
    code: int
    stdout: str
    stderr: str


def _newscli(home: Path, *args: str, stdin: bytes = b"", **env: str) -> Done:
    proc = subprocess.run(
        _cmd(*args), input=stdin, capture_output=True, env=_env(home, **env), timeout=TIMEOUT
    )
    return Done(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def _colour_codes(text: str) -> list[int]:
    """The SGR parameters in ``text`` that set a foreground or background colour."""
    found = []
    for match in SGR.finditer(text):
        for part in match.group(1).split(";"):
            code = int(part or 0)
            if code in (38, 48) or 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 107:
                found.append(code)
    return found


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def article(home: Path) -> str:
    store = api.open_store(home)
    added = api.add_article(
        store,
        Draft(
            title="Ferry Timetable Changes for Winter",
            body="Boats leave an hour later.\n\nThe last boat is at nine.",
            dateline="PORTLAND",
            tags=["ferries"],
        ),
    )
    api.rate_article(store, added.id, "ana", 4)
    api.comment_on(store, added.id, "Good to know.", author="ben")
    return added.id


# --- basics ------------------------------------------------------------------------------


def test_version(home: Path) -> None:
    done = _newscli(home, "--version")
    assert (done.code, done.stdout, done.stderr) == (0, f"newscli {__version__}\n", "")
    assert not home.exists()


@pytest.mark.parametrize(
    "command",
    [
        ("--version",),
        ("list", "--format", "ids"),
        ("list", "--format", "jsonl"),
        ("search", "boat"),
    ],
)
def test_quick_commands_to_a_pipe_never_import_rich(
    home: Path, article: str, command: tuple[str, ...]
) -> None:
    """Rich costs about 30 ms to import: machine-readable and piped output do without."""
    code = (
        "import sys\n"
        "from newscli.cli import main\n"
        f"status = main({list(command)!r})\n"
        "print('rich' in sys.modules, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env=_env(home), timeout=TIMEOUT
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout
    assert proc.stderr.decode("utf-8").splitlines()[-1] == "False"


def test_help(home: Path) -> None:
    done = _newscli(home, "--help")
    assert done.code == 0
    assert done.stderr == ""
    for command in ("add", "list", "show", "rate", "comment", "path"):
        assert re.search(rf"^\W*{command}\b", done.stdout, re.MULTILINE), command
    assert "\x1b" not in done.stdout


def test_path_prints_the_data_dir_and_creates_nothing(home: Path, tmp_path: Path) -> None:
    done = _newscli(home, "path")
    assert (done.code, done.stdout, done.stderr) == (0, f"{home}\n", "")
    assert not home.exists()
    other = tmp_path / "elsewhere"
    done = _newscli(home, "--data-dir", str(other), "path")
    assert (done.code, done.stdout, done.stderr) == (0, f"{other}\n", "")
    assert not other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- colour ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [("show",), ("list",), ("list", "--format", "csv")])
def test_piped_output_has_no_ansi(home: Path, article: str, command: tuple[str, ...]) -> None:
    done = _newscli(home, *command)
    assert (done.code, done.stderr) == (0, "")
    assert "Ferry Timetable" in done.stdout
    assert "\x1b" not in done.stdout


@pytest.mark.parametrize("command", [("list",), ("show",)])
def test_force_color_adds_colour_to_piped_output(
    home: Path, article: str, command: tuple[str, ...]
) -> None:
    # Proves that the no-ANSI and NO_COLOR checks can fail.
    done = _newscli(home, *command, FORCE_COLOR="1")
    assert done.code == 0
    assert "\x1b[" in done.stdout
    assert _colour_codes(done.stdout)


def test_no_color_wins_over_force_color(home: Path, article: str) -> None:
    for command in (("list",), ("show",)):
        done = _newscli(home, *command, FORCE_COLOR="1", NO_COLOR="1")
        assert done.code == 0
        assert "Ferry Timetable" in done.stdout
        assert _colour_codes(done.stdout) == [], command


def test_terminal_output_is_coloured_unless_no_color(home: Path, article: str) -> None:
    code, coloured = in_terminal(home, "list")
    assert code == 0
    assert article in coloured
    assert _colour_codes(coloured)

    code, plain = in_terminal(home, "list", NO_COLOR="1")
    assert code == 0
    assert article in plain
    assert _colour_codes(plain) == []


# --- concurrency ---------------------------------------------------------------------------


def test_ten_concurrent_votes_are_all_kept(home: Path, article: str) -> None:
    env = _env(home)
    procs = [
        subprocess.Popen(
            _cmd("rate", article, str(n % 5 + 1), "--as", f"voter{n}"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for n in range(10)
    ]
    results = [proc.communicate(timeout=TIMEOUT) for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 10, [err for _, err in results]
    assert [out for out, _ in results] == [b""] * 10
    # Each vote was added on top of all earlier ones: the counts seen are 2..11 (ana voted first).
    counts = []
    for _, err in results:
        match = re.search(rb"from (\d+) votes", err)
        assert match, err
        counts.append(int(match[1]))
    assert sorted(counts) == list(range(2, 12))

    listed = _newscli(home, "list", "--format", "json")
    rows = json.loads(listed.stdout)
    assert rows[0]["rating"]["votes"] == 11
    # ana's 4 plus 2 x (1+2+3+4+5) = 34 stars from 11 votes
    assert rows[0]["rating"]["average"] == round(34 / 11, 1)


# --- errors --------------------------------------------------------------------------------


def test_debug_shows_a_traceback_and_normal_run_one_line(home: Path, article: str) -> None:
    normal = _newscli(home, "show", "zzzzzzzz")
    assert normal.code == 1
    assert normal.stdout == ""
    assert normal.stderr == "newscli: error: no article with id 'zzzzzzzz'\n"

    debug = _newscli(home, "--debug", "show", "zzzzzzzz")
    assert debug.code == 1
    assert debug.stdout == ""
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert "NotFound" in debug.stderr
    assert debug.stderr.endswith("newscli: error: no article with id 'zzzzzzzz'\n")


# --- broken pipes ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fifty(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A data directory with fifty articles (read-only for the tests that use it)."""
    home = tmp_path_factory.mktemp("fifty") / "home"
    store = api.open_store(home)
    ids = [
        api.add_article(
            store, Draft(title=f"Harbour Note {n:02d} " + "with a long headline " * 4, body="x")
        ).id
        for n in range(50)
    ]
    return home, ids


def test_reader_taking_one_line_then_closing(fifty: tuple[Path, list[str]]) -> None:
    home, ids = fifty
    producer = subprocess.Popen(
        _cmd("list", "--format", "ids"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(home),
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdout.write(sys.stdin.readline())"],
        stdin=producer.stdout,
        stdout=subprocess.PIPE,
    )
    assert producer.stdout is not None
    producer.stdout.close()
    first, _ = reader.communicate(timeout=TIMEOUT)
    _, err = producer.communicate(timeout=TIMEOUT)

    assert first.decode().strip() in ids
    assert b"Traceback" not in err
    assert err == b""
    assert producer.returncode == 0


# Output that fits stdout's buffer and output that does not, with Python's stdout
# buffered (the default) and unbuffered (PYTHONUNBUFFERED=1, common in containers and CI).
CLOSED_EARLY = {
    "ids": (("list", "--format", "ids"), {}),
    "ids, unbuffered": (("list", "--format", "ids"), {"PYTHONUNBUFFERED": "1"}),
    "json (larger than the buffer)": (("list", "--format", "json"), {}),
    "table": (("list",), {}),
}


@pytest.fixture(scope="module")
def closed_early(fifty: tuple[Path, list[str]]) -> dict[str, tuple[int, bytes]]:
    """Run each case with a stdout pipe whose reader is already gone: (exit code, stderr)."""
    home, _ = fifty
    results = {}
    for name, (args, extra) in CLOSED_EARLY.items():
        read_end, write_end = os.pipe()
        os.close(read_end)
        proc = subprocess.Popen(
            _cmd(*args), stdout=write_end, stderr=subprocess.PIPE, env=_env(home, **extra)
        )
        os.close(write_end)
        _, err = proc.communicate(timeout=TIMEOUT)
        results[name] = (proc.returncode, err)
    return results


def test_closed_stdout_prints_no_traceback(closed_early: dict[str, tuple[int, bytes]]) -> None:
    assert set(closed_early) == set(CLOSED_EARLY)
    for name, (_, err) in closed_early.items():
        assert b"Traceback" not in err, name
        assert b"BrokenPipe" not in err, name
        assert err == b"", (name, err)


def test_closed_stdout_exit_status_does_not_depend_on_output_size(
    closed_early: dict[str, tuple[int, bytes]],
) -> None:
    # main() treats a reader that went away as success (exit 0); whether the pipe
    # breaks in the final flush or mid-output should not change that.
    codes = {name: code for name, (code, _) in closed_early.items()}
    assert codes == dict.fromkeys(CLOSED_EARLY, 0)
