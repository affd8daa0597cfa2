"""The first screen of ``newscli read`` from the command, and key to paint of opening an
article, in a real terminal (tmux).

    .venv/bin/python benchmarks/reader_tmux.py --data DIR [--data DIR2 ...] [--runs 5]
                                               [--opens 21] [--newscli PATH]

The start-up rows: for each ``--data`` store, one warm-up run (its files come into the
page cache), then ``--runs`` runs, each a fresh tmux server; their median, minimum and
maximum first screen, the load average, and the target of issue 26 (10,000 articles:
0.55 s; 100,000: 1.0 s). Key to paint is measured in the last run of each store.

Types the reader's command into a shell in a detached 100x40 tmux session (its own
server, ``-L newscli-bench-PID-N``) on a store made by ``reader.py --data DIR``, and drives
it from a tmux control-mode client. First screen: from typing the command to the
list's footer (``sort:``) on the screen. Key to paint: from writing ``send-keys Enter``
to the client to the ``%output`` notification carrying the article's first paragraph,
for each of ``--opens`` articles (Enter; then Escape, down a row, Enter, ...). Both
count tmux's own hops (the command, the pseudo-terminal, its parser) besides the
reader; notifications are read as they come, so the resolution is well under a
millisecond. The screen of the last article is printed (``capture-pane``) to show it
was drawn.
"""

from __future__ import annotations

import argparse
import itertools
import os
import selectors
import shlex
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

SERVERS = itertools.count()


def server() -> list[str]:
    """tmux on a server of its own, a new one each run: never another's, nor one still
    shutting down."""
    return ["tmux", "-L", f"newscli-bench-{os.getpid()}-{next(SERVERS)}"]


class Control:
    """A tmux control-mode client: commands in, ``%output`` lines with arrival times out."""

    def __init__(self, tmux: list[str], session: str) -> None:
        self.process = subprocess.Popen(
            [*tmux, "-C", "attach", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        if self.process.stdin is None or self.process.stdout is None:
            raise SystemExit("tmux's control client has no pipes")
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.stdout, selectors.EVENT_READ)
        self.pending = b""

    def send(self, command: str) -> float:
        """Write ``command``; the time it was written."""
        start = time.perf_counter()
        self.stdin.write(command.encode() + b"\n")
        return start

    def outputs(self, seconds: float) -> Iterator[tuple[float, bytes]]:
        """The pane's output lines arriving within ``seconds``, each with its time."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            if not self.selector.select(left):
                continue
            chunk = os.read(self.stdout.fileno(), 65536)
            arrived = time.perf_counter()
            *lines, self.pending = (self.pending + chunk).split(b"\n")
            yield from ((arrived, line) for line in lines if line.startswith(b"%output"))

    def until(self, marker: bytes, seconds: float = 10.0) -> float:
        """When the pane's output first shows ``marker``."""
        for arrived, line in self.outputs(seconds):
            if marker in line:
                return arrived
        raise SystemExit(f"the reader never showed {marker.decode()!r}")

    def settle(self, seconds: float) -> None:
        for _ in self.outputs(seconds):
            pass

    def close(self) -> None:
        self.stdin.close()
        self.process.wait()


def measure(command: str, opens: int) -> tuple[float, list[float], str]:
    """Seconds from typing the command to the list on the screen, key to paint of each
    open, and the last article's screen."""
    tmux = server()
    subprocess.run([*tmux, "new", "-d", "-s", "reader", "-x", "100", "-y", "40", "sh"], check=True)
    try:
        subprocess.run([*tmux, "set", "-g", "window-size", "manual"], check=True)
        control = Control(tmux, "reader")
        control.settle(1.0)
        typed = control.send(f"send-keys -t reader {shlex.quote(command)} Enter")
        first_screen = control.until(b"sort:", 30) - typed
        control.settle(1.0)
        latencies = []
        for n in range(opens):
            if n:
                control.send("send-keys -t reader Escape")
                control.until(b"sort:")
                control.send("send-keys -t reader Down")
                control.settle(0.3)
            start = control.send("send-keys -t reader Enter")
            latencies.append(control.until(b"Paragraph one of") - start)
            control.settle(0.3)
        screen = subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", "reader"], capture_output=True, text=True
        ).stdout
        control.close()
    finally:
        subprocess.run([*tmux, "kill-server"])
    return first_screen, latencies, screen


TARGETS = {10_000: 0.55, 100_000: 1.0}  # issue 26: first screen from the command, warm


def articles_in(data: Path) -> int:
    return sum(1 for name in os.listdir(data / "articles") if name.endswith(".toml"))


def load() -> str:
    return ", ".join(f"{n:.2f}" for n in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--data", type=Path, action="append", required=True, help="a store from reader.py"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs a store (after one)")
    parser.add_argument("--opens", type=int, default=21)
    parser.add_argument("--newscli", default=shutil.which("newscli") or "newscli")
    args = parser.parse_args()
    rows = []
    for data in args.data:
        command = f"TERM=xterm-256color {args.newscli} --data-dir {data} read --as bench"
        measure(command, 2)  # warm-up: the store's files and newscli's modules cached
        loads, firsts = [load()], []
        for run in range(args.runs):
            last = run == args.runs - 1
            first_screen, latencies, screen = measure(command, max(2, args.opens) if last else 2)
            firsts.append(first_screen)
            loads.append(load())
        count = articles_in(data)
        target = TARGETS.get(count)
        median = statistics.median(firsts)
        met = "" if target is None else ("yes" if median <= target else "**no**")
        rows.append(
            f"| first screen from typing the command | {count} | {median:.3f} s"
            f" ({min(firsts):.3f}-{max(firsts):.3f}, {len(firsts)} runs)"
            f" | {loads[0]} .. {loads[-1]} | {'' if target is None else f'<= {target} s'} | {met} |"
        )
        ms = [s * 1000 for s in latencies]
        print("\n".join(screen.splitlines()[:6]))
        print(
            f"tmux, {count} articles (load {load()}): key to paint, first open {ms[0]:.1f} ms;"
            f" {len(ms) - 1} more: median {statistics.median(ms[1:]):.1f} ms"
            f" (min {min(ms[1:]):.1f}, max {max(ms[1:]):.1f})"
        )
    print("| row | articles | median (min-max) | load before .. after | target | met |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
