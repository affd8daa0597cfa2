"""The programs ``run.py`` times, each with its store of the generated articles and the
command of each row: newscli, buku and papis (see README.md for what each row runs)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from articles import rare_word, search_word
from loaders import BUKU_LOADER, DISCUSSION_LOADER, PAPIS_LOADER
from report import PEERS

IMPORT_ROW = "import, until a listing works"
EDITS_ROW = "list after 10 files changed outside"
SCREEN_ROW = "list on a terminal (100x40), first screen"
RARE_ROW = "search a rare word, all hits"


@dataclass
class Timing:
    """The median wall time of whole processes, and the largest peak RSS among the runs."""

    seconds: float
    peak_mb: float
    runs: int


IMPORTS: dict[tuple[str, int], Timing] = {}  # (tool, size): load and first listing
QUITS: dict[int, list[float]] = {}  # size: seconds from ``q`` to the terminal given back


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """Wall seconds, peak RSS in MB and stdout of one process.

    The RSS comes from GNU time where there is one: a child forked from this (large)
    script would otherwise report the script's own size as its peak.
    """
    timer = Path("/usr/bin/time").exists()
    with tempfile.NamedTemporaryFile("r") as rss, tempfile.TemporaryFile() as err:
        full = ["/usr/bin/time", "-f", "%M", "-o", rss.name, *cmd] if timer else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(full, env=env, stdout=subprocess.PIPE, stderr=err)
        out, _ = proc.communicate()
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode(errors="replace")
            raise RuntimeError(f"failed ({proc.returncode}): {shlex.join(cmd)}\n{message}")
        peak_kb = rss.read().strip().splitlines()[-1] if timer else "0"
    return elapsed, int(peak_kb) / 1024, out


@dataclass
class Tool:
    """One program under test, with its environment for one store size. An op is a
    command, a ``before(run)`` preparing each run (-1: the warm-up), or a row's own
    ``timer(env) -> seconds`` instead of a command."""

    name: str
    env: dict[str, str]
    ops: dict[str, tuple[list[str], Callable[[int], None] | None]] = field(default_factory=dict)
    timers: dict[str, Callable[[], float]] = field(default_factory=dict)


def base_env() -> dict[str, str]:
    drop = ("NEWSCLI_HOME", "NEWSCLI_CACHE", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
    return {k: v for k, v in os.environ.items() if k not in drop} | {"NO_COLOR": "1"}


def peers_python(venv: Path) -> Path:
    """The interpreter of a venv holding buku and papis (created on first use)."""
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PEERS], check=True)
    return python


def edit_titles(files: list[Path], run: int) -> None:
    """Put ``Edited RUN.N`` before the title in each file (TOML or YAML), as an editor would."""
    for number, path in enumerate(files):
        text = path.read_text("utf-8")
        for key in ('title = "', "title: "):
            if text.startswith(key) or f"\n{key}" in text:
                text = text.replace(key, f"{key}Edited {run}.{number} ", 1)
                break
        path.write_text(text, "utf-8")


STAT_LOOP = """
import os, sys, time
start = time.perf_counter()
folder = sys.argv[1]
fd = os.open(folder, os.O_RDONLY)
for name in os.listdir(folder):
    os.stat(name, dir_fd=fd, follow_symlinks=False)
print(time.perf_counter() - start)
"""


def stat_loop(python: str, folder: Path) -> float:
    """Seconds to list ``folder`` and ``stat`` each file, timed inside one Python process."""
    out = subprocess.run(
        [python, "-c", STAT_LOOP, str(folder)], check=True, capture_output=True, text=True
    ).stdout
    return float(out)


def newscli_tool(args: object, work: Path, size: int, data: Path) -> Tool:
    from terminal import list_screen

    home, cache = work / f"newscli-{size}", work / f"newscli-cache-{size}"
    env = base_env() | {"NEWSCLI_HOME": str(home), "NEWSCLI_CACHE": str(cache)}
    exe = [args.newscli]  # type: ignore[attr-defined]
    tool = Tool("newscli", env)
    if not home.exists():
        command = [*exe, "import", "--quiet", "--no-images", str(data)]
        seconds, peak, _ = run_once(command, env)
        listed, list_peak, _ = run_once([*exe, "list", "--format", "ids"], env)
        IMPORTS[("newscli", size)] = Timing(seconds + listed, max(peak, list_peak), 1)
    ids = run_once([*exe, "list", "--format", "ids"], env)[2].decode().split()
    files = [home / "articles" / f"{i}.toml" for i in ids[:: max(1, len(ids) // 10)][:10]]
    python = args.python  # type: ignore[attr-defined]
    subprocess.run([python, "-c", DISCUSSION_LOADER, str(home)], check=True, env=env)
    version = [*exe, "--version"]
    tool.ops |= {
        "start-up (--version)": (version, None),
        "list --format ids": ([*exe, "list", "--format", "ids"], None),
        EDITS_ROW: (
            [*exe, "list", "--format", "jsonl", "--fields", "id,title"],
            lambda run: edit_titles(files, run),
        ),
        "search WORD": ([*exe, "search", search_word()], None),
        RARE_ROW: ([*exe, "search", rare_word(), "--all"], None),
        "show ID": ([*exe, "show", ids[len(ids) // 2]], None),
        "show ID, 2000 comments and 20000 comment votes": ([*exe, "show", "bgtakkz2"], None),
        "inbox, 50 subscriptions": ([*exe, "inbox", "--as", "bench"], None),
        "add one article": ([*exe, "add", "--title", "Bench", "--body", "One paragraph."], None),
        "cold index build": (
            [*exe, "list", "--format", "ids"],
            lambda run: shutil.rmtree(cache, ignore_errors=True),
        ),
    }
    folder = home / "articles"

    def first_screen() -> float:
        screen = list_screen([*exe, "list"], env)
        QUITS.setdefault(size, []).append(screen.quit)
        return screen.first

    tool.timers = {
        SCREEN_ROW: first_screen,
        # The floor: what any command that sees every file's changes costs at least.
        "floor": lambda: run_once(version, env)[0] + stat_loop(python, folder),
    }
    return tool


def buku_tool(args: object, work: Path, size: int, data: Path) -> Tool:
    root = work / f"buku-{size}"
    env = base_env() | {"XDG_DATA_HOME": str(root)}
    db = root / "buku" / "bookmarks.db"
    venv = Path(args.peers_venv)  # type: ignore[attr-defined]
    exe = [str(venv / "bin" / "buku"), "--nostdin"]
    if not db.exists():
        db.parent.mkdir(parents=True)
        loader = [str(peers_python(venv)), "-c", BUKU_LOADER, str(db), str(data)]
        seconds, peak, _ = run_once(loader, env)
        listed, list_peak, _ = run_once([*exe, "-p", "--nc", "--np"], env)
        IMPORTS[("buku", size)] = Timing(seconds + listed, max(peak, list_peak), 1)
    middle = str(size // 2)
    return Tool(
        "buku",
        env,
        {
            "start-up (--version)": ([*exe, "--version"], None),
            "list --format ids": ([*exe, "-p", "--nc", "--np"], None),
            "search WORD": ([*exe, "-s", search_word(), "--nc", "--np"], None),
            "show ID": ([*exe, "-p", middle, "--nc", "--np"], None),
            "add one article": (
                [*exe, "--offline", "-a", "https://bench.example.org/{run}", "--title", "Bench"],
                None,
            ),
        },
    )


def papis_tool(args: object, work: Path, size: int, data: Path) -> Tool:
    root = work / f"papis-{size}"
    library, config = root / "library", root / "config" / "papis"
    env = base_env() | {
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
    }
    venv = Path(args.peers_venv)  # type: ignore[attr-defined]
    papis = str(venv / "bin" / "papis")
    if not library.exists():
        config.mkdir(parents=True)
        (config / "config").write_text(
            "[settings]\ndefault-library = bench\ndatabase-backend = sqlite\n"
            # The sqlite backend's "everything" is *; papis's default, ".", is an FTS error.
            "default-query-string = *\n"
            # Index the body too (stored as the abstract), so that both search the same text.
            "sqlite-schema-fields-extend = ['abstract']\n"
            f"[bench]\ndir = {library}\n",
            "utf-8",
        )
        loader = [str(peers_python(venv)), "-c", PAPIS_LOADER, str(library), str(data)]
        seconds, peak, _ = run_once(loader, env)
        listed, list_peak, _ = run_once([papis, "list", "--all"], env)
        IMPORTS[("papis", size)] = Timing(seconds + listed, max(peak, list_peak), 1)
    docs = sorted(library.iterdir())
    files = [d / "info.yaml" for d in docs[:: max(1, len(docs) // 10)][:10]]
    return Tool(
        "papis",
        env,
        {
            "start-up (--version)": ([papis, "--version"], None),
            "list --format ids": ([papis, "list", "--all"], None),
            # papis lists from its cache, which does not look at the files: it is brought
            # up to date first, as newscli's list does (one process timed, two papis runs).
            EDITS_ROW: (
                [
                    "sh",
                    "-c",
                    f"{shlex.quote(papis)} cache update-newer --all"
                    f" && {shlex.quote(papis)} list --all --format '{{doc[title]}}'",
                ],
                lambda run: edit_titles(files, run),
            ),
            "search WORD": ([papis, "list", "--all", search_word()], None),
            RARE_ROW: ([papis, "list", "--all", f"abstract:{rare_word()}"], None),
            "show ID": ([papis, "list", "--info", "--doc-folder", str(docs[len(docs) // 2])], None),
            "add one article": (
                [papis, "add", "--batch", "--set", "title", "Bench", "--set", "author", "B"],
                None,
            ),
            "cold index build": (
                [papis, "list", "--all"],
                lambda run: shutil.rmtree(root / "cache", ignore_errors=True),
            ),
        },
    )
