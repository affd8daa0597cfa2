"""Start-up cost of two versions of newscli, counted in instructions (callgrind), which
other work on the machine does not change: ``--version`` and ``list --format ids`` on a
store of made-up articles, each run twice, and the list of newscli's own modules each
command imports.

    python benchmarks/startup.py --base REV [--articles 10000]

REV is any git revision (checked out into a temporary worktree); the other version is the
working tree. Needs valgrind. The store and its index are made once, under a temporary
folder, and shared by both versions (each with its own index).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from articles import write_jsonl

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {"--version": ["--version"], "list --format ids": ["list", "--format", "ids"]}


def _run(source: Path, args: list[str], env: dict[str, str], wrap: tuple[str, ...] = ()) -> str:
    done = subprocess.run(
        [*wrap, sys.executable, "-m", "newscli", *args],
        env={**env, "PYTHONPATH": str(source)},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stderr


def instructions(source: Path, args: list[str], env: dict[str, str], folder: Path) -> int:
    """The instructions one run executes, by callgrind's count."""
    out = folder / "callgrind.out"
    report = _run(
        source, args, env, ("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}")
    )
    found = re.search(r"Collected : (\d+)", report)
    if found is None:
        raise SystemExit(f"valgrind said no count:\n{report}")
    return int(found.group(1))


def own_modules(source: Path, args: list[str], env: dict[str, str]) -> list[str]:
    """newscli's modules a run imports (from ``-X importtime``)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "newscli", *args],
        env={**env, "PYTHONPATH": str(source)},
        capture_output=True,
        text=True,
        check=True,
    )
    names = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    return sorted(name for name in names if name.split(".")[0] == "newscli")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the git revision to compare with")
    parser.add_argument("--articles", type=int, default=10_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newscli-startup-") as name:
        folder = Path(name)
        base = folder / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(base), options.base],
            check=True,
        )
        try:
            sources = {options.base: base / "src", "working tree": ROOT / "src"}
            env = {**os.environ, "NEWSCLI_HOME": str(folder / "data")}
            records = folder / "articles.jsonl"
            write_jsonl(records, options.articles)
            first = {**env, "NEWSCLI_CACHE": str(folder / "cache-first")}
            _run(ROOT / "src", ["import", "--quiet", "--no-images", str(records)], first)
            print(f"{options.articles} articles; instructions (two runs) and own modules imported")
            for label, args in COMMANDS.items():
                for number, (version, source) in enumerate(sources.items()):
                    cache = {**env, "NEWSCLI_CACHE": str(folder / f"cache-{number}")}
                    _run(source, args, cache)  # the index brought up to date first
                    counts = [instructions(source, args, cache, folder) for _ in range(2)]
                    modules = own_modules(source, args, cache)
                    shown = " / ".join(f"{count / 1e6:.1f}M" for count in counts)
                    print(f"{label:20} {version:14} {shown:>20}  {len(modules)} modules")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)])


if __name__ == "__main__":
    main()
