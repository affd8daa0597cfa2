"""Time newscli, buku and papis on the same generated articles and write RESULTS.md.

    python benchmarks/run.py                       # 1k, 10k and 100k; a long run
    python benchmarks/run.py --sizes 1000 --runs 5 # a quick one

See benchmarks/README.md for what is measured and how.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # articles.py and loaders.py beside this file

from articles import search_word, write_jsonl  # noqa: E402
from loaders import BUKU_LOADER, DISCUSSION_LOADER, NEWSCLI_API_LOADER, PAPIS_LOADER  # noqa: E402
from report import PEERS, load, ratio, report, seconds  # noqa: E402


@dataclass(frozen=True)
class Target:
    """What issue 17 asks of a row: at most ``seconds``, ``rss_mb``, or ``ratio`` times
    each of ``peers`` (the best of them when ``best``)."""

    seconds: float | None = None
    rss_mb: float | None = None
    ratio: float | None = None
    peers: tuple[str, ...] = ()
    best: bool = False

    def __str__(self) -> str:
        parts = []
        if self.seconds is not None:
            parts.append(f"<= {self.seconds} s")
        if self.rss_mb is not None:
            parts.append(f"{self.rss_mb:.0f} MB")
        if self.ratio is not None:
            whom = f"best of {'/'.join(self.peers)}" if self.best else " and ".join(self.peers)
            parts.append(f"<= {self.ratio}x {whom}")
        return ", ".join(parts)


IMPORT_ROW = "import, until a listing works"
EDITS_ROW = "list after 10 files changed outside"
BOTH = ("buku", "papis")
# (operation, size; "start-up" rows for any size): the targets of issue 17.
TARGETS: dict[str, Target] = {
    "start-up (--version)": Target(seconds=0.15),
    "search WORD, 10000": Target(ratio=0.8, peers=("papis",)),
    "search WORD, 100000": Target(seconds=0.25),
    "list --format ids, 10000": Target(ratio=0.5, peers=BOTH),
    "list --format ids, 100000": Target(seconds=0.30),
    f"{EDITS_ROW}, 10000": Target(ratio=0.5, peers=("papis",)),
    f"{EDITS_ROW}, 100000": Target(seconds=0.40),
    f"{IMPORT_ROW}, 10000": Target(seconds=8.0),
    f"{IMPORT_ROW}, 100000": Target(seconds=80.0, rss_mb=200),
    "cold index build, 10000": Target(seconds=3.5),
    "cold index build, 100000": Target(seconds=40.0),
    "show ID, 10000": Target(ratio=0.8, peers=BOTH, best=True),
    "show ID, 100000": Target(ratio=0.8, peers=BOTH, best=True),
    "add one article, 10000": Target(ratio=0.8, peers=BOTH, best=True),
    "add one article, 100000": Target(ratio=0.8, peers=BOTH, best=True),
    # issue 13's discussions
    "show ID, 2000 comments and 20000 comment votes, 10000": Target(seconds=0.4),
    "inbox, 50 subscriptions, 10000": Target(seconds=0.3),
}
LARGE = 100_000  # articles: from here, --peers-large chooses the peers
PEER_WARMUP_LIMIT = 120.0  # seconds: a peer's row whose warm-up takes longer is skipped


# --- timing -------------------------------------------------------------------------------


@dataclass
class Timing:
    """The median wall time of whole processes, and the largest peak RSS among the runs."""

    seconds: float
    peak_mb: float
    runs: int


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


def measure(
    cmd: list[str],
    env: dict[str, str],
    runs: int,
    before: Callable[[int], None] | None = None,
    warmup_limit: float | None = None,
) -> Timing | str:
    """Median of ``runs`` runs after one warm-up; ``before(i)`` prepares run ``i`` (-1: warm-up).

    ``{run}`` in an argument becomes a number unique to the run (for things added).
    A warm-up longer than ``warmup_limit`` seconds stops there: the reason is returned.
    """
    times, peaks = [], []
    for i in range(-1, runs):
        if before is not None:
            before(i)
        unique = f"{time.time_ns()}-{i}"
        elapsed, peak, _ = run_once([arg.replace("{run}", unique) for arg in cmd], env)
        if i < 0 and warmup_limit is not None and elapsed > warmup_limit:
            return f"one run took {elapsed:.0f} s (more than {warmup_limit:.0f} s): not repeated"
        if i >= 0:
            times.append(elapsed)
            peaks.append(peak)
    return Timing(statistics.median(times), max(peaks), runs)


# --- the tools ----------------------------------------------------------------------------


@dataclass
class Tool:
    """One program under test, with its environment for one store size."""

    name: str
    env: dict[str, str]
    ops: dict[str, tuple[list[str], Callable[[int], None] | None]] = field(default_factory=dict)


def base_env() -> dict[str, str]:
    drop = ("NEWSCLI_HOME", "NEWSCLI_CACHE", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
    return {k: v for k, v in os.environ.items() if k not in drop} | {"NO_COLOR": "1"}


def peers_python(args: argparse.Namespace) -> Path:
    """The interpreter of a venv holding buku and papis (created on first use)."""
    venv = Path(args.peers_venv)
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


IMPORT_FILE_LIMIT = 200 * 2**20  # newscli import reads each file whole, up to 256 MB


def split_for_import(data: Path) -> list[Path]:
    """``data``, or its lines in parts small enough for ``newscli import`` to read."""
    if data.stat().st_size <= IMPORT_FILE_LIMIT:
        return [data]
    parts: list[Path] = []
    out = None
    written = 0
    with data.open("rb") as source:
        for line in source:
            if out is None or written + len(line) > IMPORT_FILE_LIMIT:
                if out is not None:
                    out.close()
                parts.append(data.with_suffix(f".part{len(parts) + 1}.jsonl"))
                out = parts[-1].open("wb")
                written = 0
            out.write(line)
            written += len(line)
    if out is not None:
        out.close()
    return parts


def newscli_tool(args: argparse.Namespace, work: Path, size: int, data: Path) -> Tool:
    home, cache = work / f"newscli-{size}", work / f"newscli-cache-{size}"
    env = base_env() | {"NEWSCLI_HOME": str(home), "NEWSCLI_CACHE": str(cache)}
    exe = [args.newscli]
    tool = Tool("newscli", env)
    if not home.exists():
        if args.loader == "import":
            parts = [str(data)] if args.whole_import else [str(p) for p in split_for_import(data)]
            # The records' image addresses are made up: the row times storing, not fetching.
            command = [*exe, "import", "--quiet", "--no-images", *parts]
            seconds, peak, _ = run_once(command, env)
            listed, list_peak, _ = run_once([*exe, "list", "--format", "ids"], env)
            IMPORTS[("newscli", size)] = Timing(seconds + listed, max(peak, list_peak), 1)
        else:  # only to try this script before `newscli import` exists: not timed
            loader = [args.python, "-c", NEWSCLI_API_LOADER, str(home), str(data)]
            subprocess.run(loader, check=True)
    tool.ops[IMPORT_ROW] = ([], None)
    ids = run_once([*exe, "list", "--format", "ids"], env)[2].decode().split()
    files = [home / "articles" / f"{i}.toml" for i in ids[:: max(1, len(ids) // 10)][:10]]
    subprocess.run([args.python, "-c", DISCUSSION_LOADER, str(home)], check=True, env=env)
    tool.ops |= {
        "start-up (--version)": ([*exe, "--version"], None),
        "list --format ids": ([*exe, "list", "--format", "ids"], None),
        EDITS_ROW: (
            [*exe, "list", "--format", "jsonl", "--fields", "id,title"],
            lambda run: edit_titles(files, run),
        ),
        "search WORD": ([*exe, "search", search_word()], None),
        "show ID": ([*exe, "show", ids[len(ids) // 2]], None),
        "show ID, 2000 comments and 20000 comment votes": ([*exe, "show", "bgtakkz2"], None),
        "inbox, 50 subscriptions": ([*exe, "inbox", "--as", "bench"], None),
        "add one article": ([*exe, "add", "--title", "Bench", "--body", "One paragraph."], None),
        "cold index build": (
            [*exe, "list", "--format", "ids"],
            lambda run: shutil.rmtree(cache, ignore_errors=True),
        ),
    }
    return tool


def buku_tool(args: argparse.Namespace, work: Path, size: int, data: Path) -> Tool:
    root = work / f"buku-{size}"
    env = base_env() | {"XDG_DATA_HOME": str(root)}
    db = root / "buku" / "bookmarks.db"
    exe = [str(Path(args.peers_venv) / "bin" / "buku"), "--nostdin"]
    if not db.exists():
        db.parent.mkdir(parents=True)
        loader = [str(peers_python(args)), "-c", BUKU_LOADER, str(db), str(data)]
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


def papis_tool(args: argparse.Namespace, work: Path, size: int, data: Path) -> Tool:
    root = work / f"papis-{size}"
    library, config = root / "library", root / "config" / "papis"
    env = base_env() | {
        "XDG_CONFIG_HOME": str(root / "config"),
        "XDG_CACHE_HOME": str(root / "cache"),
    }
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
        loader = [str(peers_python(args)), "-c", PAPIS_LOADER, str(library), str(data)]
        seconds, peak, _ = run_once(loader, env)
        papis = str(Path(args.peers_venv) / "bin" / "papis")
        listed, list_peak, _ = run_once([papis, "list", "--all"], env)
        IMPORTS[("papis", size)] = Timing(seconds + listed, max(peak, list_peak), 1)
    exe = [str(Path(args.peers_venv) / "bin" / "papis")]
    docs = sorted(library.iterdir())
    files = [d / "info.yaml" for d in docs[:: max(1, len(docs) // 10)][:10]]
    return Tool(
        "papis",
        env,
        {
            "start-up (--version)": ([*exe, "--version"], None),
            "list --format ids": ([*exe, "list", "--all"], None),
            # papis lists from its cache, which does not look at the files: it is brought
            # up to date first, as newscli's list does (one process timed, two papis runs).
            EDITS_ROW: (
                [
                    "sh",
                    "-c",
                    f"{shlex.quote(exe[0])} cache update-newer --all"
                    f" && {shlex.quote(exe[0])} list --all --format '{{doc[title]}}'",
                ],
                lambda run: edit_titles(files, run),
            ),
            "search WORD": ([*exe, "list", "--all", search_word()], None),
            "show ID": ([*exe, "list", "--info", "--doc-folder", str(docs[len(docs) // 2])], None),
            "add one article": (
                [*exe, "add", "--batch", "--set", "title", "Bench", "--set", "author", "B"],
                None,
            ),
            "cold index build": (
                [*exe, "list", "--all"],
                lambda run: shutil.rmtree(root / "cache", ignore_errors=True),
            ),
        },
    )


IMPORTS: dict[tuple[str, int], Timing] = {}  # (tool, size): load and first listing


# --- the report ---------------------------------------------------------------------------


def shortfall(target: Target, ours: Timing, timings: dict[str, Timing | None]) -> str | None:
    """How ``ours`` misses ``target``, or None when it meets it (a peer not timed: not
    judged on that peer)."""
    found = []
    if target.seconds is not None and ours.seconds > target.seconds:
        found.append(f"{ours.seconds:.3f} s (target {target.seconds} s)")
    if target.rss_mb is not None and ours.peak_mb > target.rss_mb:
        found.append(f"peak {ours.peak_mb:.0f} MB (target {target.rss_mb:.0f} MB)")
    if target.ratio is not None:
        theirs = {p: t for p in target.peers if (t := timings.get(p)) is not None}
        if target.best and theirs:
            theirs = dict([min(theirs.items(), key=lambda item: item[1].seconds)])
        for peer, timing in theirs.items():
            if ours.seconds > target.ratio * timing.seconds:
                found.append(
                    f"{ours.seconds / timing.seconds:.2f}x {peer} (target {target.ratio}x)"
                )
    return "; ".join(found) or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--work",
        default=str(Path(tempfile.gettempdir()) / "newscli-bench"),
        help="where the stores, caches and JSON Lines files go",
    )
    parser.add_argument("--newscli", default=shutil.which("newscli") or "newscli")
    parser.add_argument("--python", default=sys.executable, help="for --loader api")
    parser.add_argument("--loader", choices=("import", "api"), default="import")
    parser.add_argument("--peers-venv", default=str(HERE / ".venv-peers"))
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--peers", default="buku,papis", help="the peers to time")
    parser.add_argument(
        "--peers-large",
        default="buku,papis",
        help="the peers to time at 100,000 articles and more (papis's load of 100,000 takes"
        " far longer than the issue's 15 minutes)",
    )
    parser.add_argument(
        "--whole-import",
        action="store_true",
        help="give newscli import the JSON Lines file whole (it streams it since issue 17)",
    )
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows: list[list[str]] = []
    misses: list[str] = []
    skipped: list[str] = []
    for size in (int(s) for s in args.sizes.split(",")):
        data = work / f"articles-{size}.jsonl"
        if not data.exists():
            write_jsonl(data, size)
        skipped.append(f"- load average before {size:,}: {load()}")
        tools = [newscli_tool(args, work, size, data)]
        if not args.no_peers:
            peers = {"buku": buku_tool, "papis": papis_tool}
            chosen = args.peers_large if size >= LARGE else args.peers
            tools += [peers[name](args, work, size, data) for name in chosen.split(",") if name]
        for operation, (ours_cmd, _) in tools[0].ops.items():
            if operation == "start-up (--version)" and any(r[0] == operation for r in rows):
                continue  # the same at every size: measured once
            if operation == IMPORT_ROW and ("newscli", size) not in IMPORTS:
                continue  # the store was there already, or was loaded with --loader api
            timings: dict[str, Timing | None] = {}
            for tool in tools:
                if operation == IMPORT_ROW:
                    timings[tool.name] = IMPORTS.get((tool.name, size))
                    continue
                if operation not in tool.ops:
                    timings[tool.name] = None
                    continue
                cmd, before = tool.ops[operation]
                print(f"{size:>7} {tool.name:8} {operation}", file=sys.stderr, flush=True)
                limit = None if tool.name == "newscli" else PEER_WARMUP_LIMIT
                got = measure(cmd, tool.env, args.runs, before, limit)
                if isinstance(got, str):
                    skipped.append(f"- {tool.name}, {operation}, {size}: {got}")
                    timings[tool.name] = None
                else:
                    timings[tool.name] = got
            if operation == EDITS_ROW:
                out = run_once(ours_cmd, tools[0].env)[2].decode()
                if f"Edited {args.runs - 1}." not in out:
                    misses.append(f"- {operation}, {size}: the edited titles were NOT shown.")
            key = operation if operation.startswith("start-up") else f"{operation}, {size}"
            target = TARGETS.get(key)
            met = "-"
            ours = timings["newscli"]
            if ours is not None and target is not None:
                why = shortfall(target, ours, timings)
                met = "yes" if why is None else "**no**"
                if why is not None:
                    misses.append(f"- {key}: {why}: why: (to be filled in)")
            rows.append(
                [
                    operation,
                    "-" if operation.startswith("start-up") else str(size),
                    "-" if target is None else str(target),
                    seconds(ours),
                    "-" if ours is None or not ours.peak_mb else f"{ours.peak_mb:.0f} MB",
                    seconds(timings.get("buku")),
                    ratio(ours, timings.get("buku")),
                    seconds(timings.get("papis")),
                    ratio(ours, timings.get("papis")),
                    met,
                ]
            )
    skipped.append(f"- load average at the end: {load()}")
    Path(args.out).write_text(report(rows, misses, skipped, args), "utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
