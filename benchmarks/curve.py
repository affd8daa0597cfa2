"""How newscli's everyday commands grow with the store: the curve in docs/scale.md.

    .venv/bin/python benchmarks/curve.py --newscli /tmp/bench/venv/bin/newscli \\
        --sizes 10000,30000,100000,300000 --work /tmp/newscli-curve
    .venv/bin/python benchmarks/curve.py --million --work /tmp/newscli-curve

For each size N: a store of the first N generated articles (``articles.py``, the same
as run.py's), loaded with ``newscli import`` (timed, until a listing works) unless it is
there already; then the median of ``--runs`` runs (after a warm-up) of ``list --format
ids``, ``list``'s first screen on a 100x40 terminal (``terminal.py``), ``search WORD``
(best 20), ``show ID``, ``add``, and ``sync`` with nothing to do (the store shared with a
bare repository beside it first, not timed); with the index's size on disk.

``--million`` measures alone what a store of 1,000,000 articles would meet first: one
``lstat`` on each of 1,000,000 empty files (made, timed, removed) as the check runs it
and as the floor's loop does, and the stamps' snapshot of 1,000,000 files saved and
loaded. Nothing is left behind but the JSON Lines file and the stores under ``--work``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from articles import search_word, write_jsonl  # noqa: E402
from report import load  # noqa: E402
from tools import base_env, run_once  # noqa: E402

from terminal import list_screen  # noqa: E402


def _jsonl(work: Path, size: int) -> Path:
    """The first ``size`` generated articles: cut from a larger file made before, if any."""
    path = work / f"articles-{size}.jsonl"
    if path.exists():
        return path
    larger = sorted(
        (p for p in work.glob("articles-*.jsonl") if int(p.stem.split("-")[1]) > size),
        key=lambda p: int(p.stem.split("-")[1]),
    )
    if not larger:
        write_jsonl(path, size)
        return path
    with larger[0].open("rb") as source, path.open("wb") as out:
        for number, line in enumerate(source):
            if number == size:
                break
            out.write(line)
    return path


def _median(runs: int, once: object) -> float:
    times = [once() for _ in range(runs + 1)][1:]  # type: ignore[operator]
    return statistics.median(times)


def curve(args: argparse.Namespace, size: int) -> list[str]:
    work = Path(args.work)
    home, cache = work / f"home-{size}", work / f"cache-{size}"
    env = base_env() | {"NEWSCLI_HOME": str(home), "NEWSCLI_CACHE": str(cache)}
    exe = [args.newscli]
    loaded = "-"
    if not home.exists():
        data = _jsonl(work, size)
        took, peak, _ = run_once([*exe, "import", "--quiet", "--no-images", str(data)], env)
        listed, _, _ = run_once([*exe, "list", "--format", "ids"], env)
        loaded = f"{took + listed:.1f} ({peak:.0f} MB)"
    ids = run_once([*exe, "list", "--format", "ids"], env)[2].decode().split()
    remote = work / f"remote-{size}.git"
    git_env = env | {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(work), "NEWSCLI_USER": "bench"}
    shared = (home / ".git").exists()
    if not shared:
        subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
        subprocess.run(
            ["git", "config", "--global", "user.email", "bench@example.org"], env=git_env
        )
        subprocess.run(["git", "config", "--global", "user.name", "bench"], env=git_env)
        try:  # newscli stops a git command after 120 s: a large store on a slow disk
            run_once([*exe, "sync", "init", str(remote)], git_env)
            run_once([*exe, "sync"], git_env)
            shared = True
        except RuntimeError as exc:
            print(f"{size}: not shared: {str(exc).splitlines()[-1]}", file=sys.stderr)

    def timed(*command: str, environ: dict[str, str] = env) -> object:
        return lambda: run_once([*exe, *command], environ)[0]

    runs = args.runs
    return [
        f"{size:,}",
        loaded,
        f"{_median(runs, timed('list', '--format', 'ids')):.3f}",
        f"{_median(runs, lambda: list_screen([*exe, 'list'], env).first):.3f}",
        f"{_median(runs, timed('search', search_word())):.3f}",
        f"{_median(runs, timed('show', ids[len(ids) // 2])):.3f}",
        f"{_median(runs, timed('add', '--title', 'Curve', '--body', 'One paragraph.')):.3f}",
        f"{_median(runs, timed('sync', environ=git_env)):.3f}" if shared else "-",
        f"{sum(p.stat().st_size for p in cache.iterdir()) / 2**20:.0f} MB",
        load(),
    ]


CURVE_HEAD = [
    "articles",
    "import, until a listing works (s)",
    "list --format ids",
    "list, first screen",
    "search WORD",
    "show ID",
    "add",
    "sync, nothing to do",
    "index on disk",
    "load average",
]


def million(args: argparse.Namespace) -> list[str]:
    """The parts of a 1,000,000-article store measurable alone."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from newscli.index import stamps

    work = Path(args.work)
    folder = work / "million"
    count = 1_000_000
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"{n:08d}.toml".encode() for n in range(count)]
    start = time.perf_counter()
    for name in names:
        os.close(os.open(folder / name.decode(), os.O_WRONLY | os.O_CREAT, 0o600))
    made = time.perf_counter() - start
    lines = [f"- made 1,000,000 empty files in {made:.1f} s"]
    try:
        for _ in range(2):
            start = time.perf_counter()
            fd = os.open(folder, os.O_RDONLY)
            for name in os.listdir(folder):
                os.stat(name, dir_fd=fd, follow_symlinks=False)
            os.close(fd)
            lines.append(
                f"- the floor's loop (list, one stat a file): {time.perf_counter() - start:.2f} s"
            )
            snap = stamps.Snapshot(1, 1, names, stamps.RACY * count)
            start = time.perf_counter()
            stamps.check(folder, snap)
            lines.append(
                f"- the check (one lstat a file, packed): {time.perf_counter() - start:.2f} s"
            )
        fresh = stamps.check(folder, stamps.Snapshot(1, 1, names, b"\0" * 32 * count)).fresh
        snap = stamps.Snapshot(1, 2, names, fresh)
        path = work / "million.stamps"
        start = time.perf_counter()
        stamps.save(path, snap)
        saved = time.perf_counter() - start
        start = time.perf_counter()
        again = stamps.load(path)
        loaded = time.perf_counter() - start
        if again != snap:
            raise SystemExit("the snapshot did not load as it was saved")
        size = path.stat().st_size / 2**20
        lines.append(f"- the stamps' snapshot: {size:.0f} MB, saved in {saved:.2f} s,")
        lines[-1] += f" loaded in {loaded:.2f} s"
        path.unlink()
    finally:
        shutil.rmtree(folder)
    lines.append(f"- load average: {load()}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000,300000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "newscli-curve"))
    parser.add_argument("--newscli", default=shutil.which("newscli") or "newscli")
    parser.add_argument("--million", action="store_true", help="only the 1,000,000 parts")
    args = parser.parse_args()
    Path(args.work).mkdir(parents=True, exist_ok=True)
    if args.million:
        print("\n".join(million(args)))
        return
    print("| " + " | ".join(CURVE_HEAD) + " |")
    print("|" + "---|" * len(CURVE_HEAD))
    for size in (int(s) for s in args.sizes.split(",")):
        print("| " + " | ".join(curve(args, size)) + " |", flush=True)


if __name__ == "__main__":
    main()
