"""The first screen of ``newscli read`` from the command, and key to paint of opening an
article, in a real terminal (tmux).

    .venv/bin/python benchmarks/reader_tmux.py --data DIR [--opens 21] [--newscli PATH]

Types the reader's command into a shell in a detached 100x40 tmux session (its own
server, ``-L newscli-bench``) on a store made by ``reader.py --data DIR``, and drives
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
import os
import selectors
import shlex
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

TMUX = ["tmux", "-L", "newscli-bench"]


class Control:
    """A tmux control-mode client: commands in, ``%output`` lines with arrival times out."""

    def __init__(self, session: str) -> None:
        self.process = subprocess.Popen(
            [*TMUX, "-C", "attach", "-t", session],
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
    subprocess.run([*TMUX, "new", "-d", "-s", "reader", "-x", "100", "-y", "40", "sh"])
    try:
        subprocess.run([*TMUX, "set", "-g", "window-size", "manual"], check=True)
        control = Control("reader")
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
            [*TMUX, "capture-pane", "-p", "-t", "reader"], capture_output=True, text=True
        ).stdout
        control.close()
    finally:
        subprocess.run([*TMUX, "kill-server"])
    return first_screen, latencies, screen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="a store from reader.py")
    parser.add_argument("--opens", type=int, default=21)
    parser.add_argument("--newscli", default=shutil.which("newscli") or "newscli")
    args = parser.parse_args()
    command = f"TERM=xterm-256color {args.newscli} --data-dir {args.data} read --as bench"
    first_screen, latencies, screen = measure(command, max(2, args.opens))
    ms = [s * 1000 for s in latencies]
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print("\n".join(screen.splitlines()[:6]))
    print(f"tmux (load {load}): first screen {first_screen:.3f} s from typing the command")
    print(
        f"tmux (load {load}): key to paint, first open {ms[0]:.1f} ms; {len(ms) - 1} more:"
        f" median {statistics.median(ms[1:]):.1f} ms (min {min(ms[1:]):.1f},"
        f" max {max(ms[1:]):.1f})"
    )


if __name__ == "__main__":
    main()
