"""The text of RESULTS.md: the machine it ran on, the table, the misses and the notes."""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

PEERS = ("buku==5.1", "papis==0.16.1")


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory = next(
        (
            f"{int(line.split()[1]) / 2**20:.1f} GB"
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "unknown",
    )
    return [
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {platform.platform()}, {cpu}, {os.cpu_count()} cores, {memory} RAM",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        f"- peers: {', '.join(PEERS)}",
    ]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(
    rows: list[list[str]], misses: list[str], notes: list[str], args: argparse.Namespace
) -> str:
    head = [
        "operation",
        "articles",
        "target",
        "newscli",
        "floor / above it",
        "peak RSS",
        "buku",
        "newscli/buku",
        "papis",
        "newscli/papis",
        "met",
    ]
    lines = [
        "# Benchmark results",
        "",
        "Written by `benchmarks/run.py` (see README.md there); times are the median of "
        f"{args.runs} whole-process runs after a warm-up, in seconds, the tools' runs"
        " alternating; ratios are the median of the run-by-run ratios, and the time above"
        " the floor the median of the run-by-run differences.",
        "",
        *machine(),
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
        *("| " + " | ".join(row) + " |" for row in rows),
        "",
        "## Targets missed",
        "",
        *(misses or ["None."]),
        "",
        "## Load, and rows not timed",
        "",
        *notes,
        "",
    ]
    return "\n".join(lines)
