"""Time newscli, buku and papis on the same generated articles and write RESULTS.md.

    python benchmarks/run.py --newscli /tmp/bench/venv/bin/newscli   # 10k and 100k
    python benchmarks/run.py --sizes 1000 --no-peers                 # a quick try

See benchmarks/README.md for what is measured and how (and how long it takes).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the modules beside this file

from articles import write_jsonl  # noqa: E402
from report import load, report  # noqa: E402
from tools import (  # noqa: E402
    EDITS_ROW,
    IMPORT_ROW,
    IMPORTS,
    QUITS,
    RARE_ROW,
    SCREEN_ROW,
    Timing,
    Tool,
    buku_tool,
    newscli_tool,
    papis_tool,
    run_once,
)


@dataclass(frozen=True)
class Target:
    """What the issues ask of a row: at most ``seconds``, ``rss_mb``, ``above_floor``
    seconds over the floor, or ``ratio`` times each of ``peers`` (the best of them when
    ``best``)."""

    seconds: float | None = None
    rss_mb: float | None = None
    ratio: float | None = None
    peers: tuple[str, ...] = ()
    best: bool = False
    above_floor: float | None = None

    def __str__(self) -> str:
        parts = []
        if self.seconds is not None:
            parts.append(f"<= {self.seconds} s")
        if self.above_floor is not None:
            parts.append(f"<= floor + {self.above_floor} s")
        if self.rss_mb is not None:
            parts.append(f"{self.rss_mb:.0f} MB")
        if self.ratio is not None:
            whom = f"best of {'/'.join(self.peers)}" if self.best else " and ".join(self.peers)
            parts.append(f"<= {self.ratio}x {whom}")
        return ", ".join(parts)


BOTH = ("buku", "papis")
# (operation, size; "start-up" rows for any size): issue 27's targets, and the earlier
# issues' where issue 27 sets none.
TARGETS: dict[str, Target] = {
    "start-up (--version)": Target(seconds=0.15),
    f"{SCREEN_ROW}, 10000": Target(seconds=0.35),
    f"{SCREEN_ROW}, 100000": Target(seconds=0.35),
    f"{RARE_ROW}, 10000": Target(ratio=0.85, peers=("papis",)),
    "search WORD, 10000": Target(ratio=0.85, peers=("papis",)),
    "search WORD, 100000": Target(above_floor=0.08),
    "show ID, 10000": Target(ratio=0.8, peers=("papis",)),
    "list --format ids, 10000": Target(ratio=0.5, peers=BOTH),
    "list --format ids, 100000": Target(above_floor=0.08),
    f"{IMPORT_ROW}, 10000": Target(ratio=4.0, peers=("buku",)),
    f"{IMPORT_ROW}, 100000": Target(ratio=4.0, peers=("buku",), rss_mb=200),
    f"{EDITS_ROW}, 10000": Target(ratio=0.5, peers=("papis",)),
    "cold index build, 10000": Target(seconds=3.5),
    "cold index build, 100000": Target(seconds=40.0),
    "show ID, 100000": Target(ratio=0.8, peers=BOTH, best=True),
    "add one article, 10000": Target(ratio=0.8, peers=BOTH, best=True),
    "add one article, 100000": Target(ratio=0.8, peers=BOTH, best=True),
    "show ID, 2000 comments and 20000 comment votes, 10000": Target(seconds=0.4),
    "inbox, 50 subscriptions, 10000": Target(seconds=0.3),
}
LARGE = 100_000  # articles: from here, --peers-large chooses the peers
PEER_WARMUP_LIMIT = 120.0  # seconds: a peer's row whose warm-up takes longer is skipped
FLOOR = "floor"  # newscli --version, plus listing the articles and a stat a file


@dataclass
class Row:
    """One operation timed on every tool that has it, the runs alternating between them."""

    timings: dict[str, Timing | None]
    ratios: dict[str, float]  # median of the run-by-run ratios newscli/peer
    above: float | None = None  # median of the run-by-run time above the floor


def _runner(tool: Tool, operation: str) -> Callable[[int], tuple[float, float]] | None:
    """One run of ``operation`` on ``tool``: (seconds, peak MB); None if it has none."""
    if operation in tool.timers:
        timer = tool.timers[operation]
        return lambda run: (timer(), 0.0)
    if operation not in tool.ops:
        return None
    cmd, before = tool.ops[operation]

    def once(run: int) -> tuple[float, float]:
        if before is not None:
            before(run)
        unique = f"{time.time_ns()}-{run}"
        elapsed, peak, _ = run_once([arg.replace("{run}", unique) for arg in cmd], tool.env)
        return elapsed, peak

    return once


def measure(tools: list[Tool], operation: str, runs: int, floor: bool) -> tuple[Row, list[str]]:
    """Each tool's runs of ``operation`` alternating (one warm-up each first), and with
    ``floor`` the floor's between them; the medians, and the run-by-run ratios."""
    runners = {t.name: r for t in tools if (r := _runner(t, operation)) is not None}
    if floor:
        runners[FLOOR] = _runner(tools[0], FLOOR)  # type: ignore[assignment]
    notes: list[str] = []
    times: dict[str, list[float]] = {name: [] for name in runners}
    peaks: dict[str, list[float]] = {name: [] for name in runners}
    for run in range(-1, runs):
        for name, once in list(runners.items()):
            print(f"  {operation}: {name}, run {run + 1}", file=sys.stderr, flush=True)
            elapsed, peak = once(run)
            if run < 0:
                if name not in ("newscli", FLOOR) and elapsed > PEER_WARMUP_LIMIT:
                    notes.append(f"- {name}, {operation}: one run took {elapsed:.0f} s: not timed")
                    del runners[name], times[name]
                continue
            times[name].append(elapsed)
            peaks[name].append(peak)
    timings: dict[str, Timing | None] = {
        name: Timing(statistics.median(t), max(peaks[name]), runs) for name, t in times.items()
    }
    ours = times.get("newscli", [])
    ratios = {
        name: statistics.median(a / b for a, b in zip(ours, theirs, strict=True))
        for name, theirs in times.items()
        if name not in ("newscli", FLOOR) and ours
    }
    above = None
    if floor and ours:
        above = statistics.median(a - b for a, b in zip(ours, times[FLOOR], strict=True))
    return Row(timings, ratios, above), notes


def shortfall(target: Target, row: Row) -> str | None:
    """How ``row`` misses ``target``, or None when it meets it (a peer not timed: not
    judged on that peer)."""
    ours = row.timings.get("newscli")
    if ours is None:
        return None
    found = []
    if target.seconds is not None and ours.seconds > target.seconds:
        found.append(f"{ours.seconds:.3f} s (target {target.seconds} s)")
    if target.rss_mb is not None and ours.peak_mb > target.rss_mb:
        found.append(f"peak {ours.peak_mb:.0f} MB (target {target.rss_mb:.0f} MB)")
    above = row.above
    if target.above_floor is not None and above is not None and above > target.above_floor:
        found.append(f"{row.above:.3f} s above the floor (target {target.above_floor} s)")
    if target.ratio is not None:
        theirs = {p: row.ratios[p] for p in target.peers if p in row.ratios}
        if target.best and theirs:
            theirs = dict([min(theirs.items(), key=lambda item: item[1])])
        for peer, ratio in theirs.items():
            if ratio > target.ratio:
                found.append(f"{ratio:.2f}x {peer} (target {target.ratio}x)")
    return "; ".join(found) or None


def _cells(operation: str, size: int, target: Target | None, row: Row, met: str) -> list[str]:
    def secs(name: str) -> str:
        timing = row.timings.get(name)
        return "-" if timing is None else f"{timing.seconds:.3f}"

    def ratio(name: str) -> str:
        return f"{row.ratios[name]:.2f}" if name in row.ratios else "-"

    ours = row.timings.get("newscli")
    return [
        operation,
        "-" if operation.startswith("start-up") else str(size),
        "-" if target is None else str(target),
        secs("newscli"),
        "-" if row.above is None else f"{secs(FLOOR)} / +{row.above:.3f}",
        "-" if ours is None or not ours.peak_mb else f"{ours.peak_mb:.0f} MB",
        secs("buku"),
        ratio("buku"),
        secs("papis"),
        ratio("papis"),
        met,
    ]


def _import_row(size: int) -> Row | None:
    """The load rows, timed once when the stores were made (not alternated)."""
    ours = IMPORTS.get(("newscli", size))
    if ours is None:
        return None
    timings = {name: IMPORTS.get((name, size)) for name in ("newscli", "buku", "papis")}
    ratios = {
        name: ours.seconds / timing.seconds
        for name, timing in timings.items()
        if name != "newscli" and timing is not None
    }
    return Row(timings, ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--work",
        default=str(Path(tempfile.gettempdir()) / "newscli-bench"),
        help="where the stores, caches and JSON Lines files go",
    )
    parser.add_argument("--newscli", default=shutil.which("newscli") or "newscli")
    parser.add_argument("--python", default=sys.executable, help="runs the loaders and the floor")
    parser.add_argument("--peers-venv", default=str(HERE / ".venv-peers"))
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--peers", default="buku,papis", help="the peers to time")
    parser.add_argument(
        "--peers-large",
        default="buku",
        help="the peers to time at 100,000 articles and more (papis's load of 100,000 and"
        " its refresh after edits would take hours)",
    )
    parser.add_argument(
        "--rows",
        help="time only the rows whose operation contains one of these comma-separated"
        ' words ("rare,import" for the rare word and the import); the stores are made'
        " as always",
    )
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    rows: list[list[str]] = []
    misses: list[str] = []
    notes: list[str] = []
    for size in (int(s) for s in args.sizes.split(",")):
        data = work / f"articles-{size}.jsonl"
        if not data.exists():
            write_jsonl(data, size)
        notes.append(f"- load average before {size:,}: {load()}")
        tools = [newscli_tool(args, work, size, data)]
        if not args.no_peers:
            peers = {"buku": buku_tool, "papis": papis_tool}
            chosen = args.peers_large if size >= LARGE else args.peers
            tools += [peers[name](args, work, size, data) for name in chosen.split(",") if name]
        operations = [IMPORT_ROW, *tools[0].ops, SCREEN_ROW]
        for operation in operations:
            if args.rows and not any(word in operation for word in args.rows.split(",")):
                continue
            if operation.startswith("start-up") and any(r[0] == operation for r in rows):
                continue  # the same at every size: measured once
            key = operation if operation.startswith("start-up") else f"{operation}, {size}"
            target = TARGETS.get(key)
            if operation == IMPORT_ROW:
                row = _import_row(size)
                if row is None:
                    continue  # the store was there already
            else:
                floor = target is not None and target.above_floor is not None
                row, skipped = measure(tools, operation, args.runs, floor)
                notes += skipped
            if operation == EDITS_ROW:
                out = run_once(tools[0].ops[EDITS_ROW][0], tools[0].env)[2].decode()
                if f"Edited {args.runs - 1}." not in out:
                    misses.append(f"- {operation}, {size}: the edited titles were NOT shown.")
            met = "-"
            if target is not None:
                why = shortfall(target, row)
                met = "yes" if why is None else "**no**"
                if why is not None:
                    misses.append(f"- {key}: {why}: why: (to be filled in)")
            rows.append(_cells(operation, size, target, row, met))
            print("  " + " | ".join(rows[-1]), file=sys.stderr, flush=True)
        if QUITS.get(size):
            quits = ", ".join(f"{q:.3f}" for q in QUITS[size])
            notes.append(f"- {size:,}: `q` in the pager gave the terminal back in (s): {quits}")
        notes.append(f"- load average after {size:,}: {load()}")
    Path(args.out).write_text(report(rows, misses, notes, args), "utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
