"""Time ``newscli export --format site`` on a store of generated articles.

    python benchmarks/site.py                   # 10,000 articles
    python benchmarks/site.py --size 1000

Imports the articles of ``run.py`` (~4 KB bodies, tags, votes, comments) into a fresh
data directory, then times three whole processes: the first export of the site, a
re-run with nothing changed, and a re-run after one article was rated. Targets (issue
18): the first ≤ 20 s, a re-run with one changed article ≤ 2 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from articles import write_jsonl

TARGETS = {"first export": 20.0, "re-run, one article changed": 2.0}


def timed(label: str, cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    target = TARGETS.get(label)
    verdict = "" if target is None else (" ok" if seconds <= target else f" OVER {target} s")
    print(f"{label:32} {seconds:6.2f} s{verdict}", flush=True)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--newscli", default=shutil.which("newscli") or "newscli")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        env = {**os.environ, "NEWSCLI_HOME": str(root / "home")}
        source = root / "articles.jsonl"
        write_jsonl(source, args.size)
        subprocess.run(
            [args.newscli, "import", "--quiet", str(source)],
            env=env,
            check=True,
            capture_output=True,
        )
        site = str(root / "site") + "/"
        export = [args.newscli, "export", "--format", "site", "-o", site]
        timed("first export", export, env)
        timed("re-run, nothing changed", export, env)
        ids = subprocess.run(
            [args.newscli, "list", "--format", "ids", "--limit", "1"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        subprocess.run(
            [args.newscli, "rate", ids[0], "3", "--as", "bench"],
            env=env,
            check=True,
            capture_output=True,
        )
        timed("re-run, one article changed", export, env)
        pages = sum(1 for _ in (root / "site").rglob("*.html"))
        print(f"{args.size} articles, {pages} pages", flush=True)


if __name__ == "__main__":
    main()
