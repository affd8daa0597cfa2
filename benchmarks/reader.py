"""Time the reader's first screen and the opening of an article on a large store.

    .venv/bin/python benchmarks/reader.py [--articles 10000] [--data DIR] [--runs 1]
                                          [--opens 21]

Builds a store of N articles in a temporary directory (with its index), then runs the
reader headless (Textual's ``run_test``) at 100x40 and opens ``--opens`` articles one
after the other (Enter; then Escape, down a row, Enter, ...). It prints, with the load
average:

- "first screen": from creating the app to the list showing its first page of rows;
- "key to paint": what the reader feels, from the Enter key reaching the app (where the
  terminal's input thread delivers it) to the first frame showing the opened article's
  title being handed to the driver (``App._display``, the one place Textual sends a
  frame to the terminal; the frame is turned into the terminal's bytes, which headless
  Textual skips), and the process's CPU time over the same span (which a shared
  machine's load does not inflate);
- "harness": from ``pilot.press("enter")`` to the end of ``pilot.pause()``, which adds the
  pilot's own waits for idle (a key that does nothing takes 0.06-0.09 s on a loaded
  2-core machine);
- the peak memory (ru_maxrss).

The first open is given apart (modules imported and caches filled then), the others as
median, min and max. The issue's targets on 10,000 articles: first screen <= 0.8 s from
the command (this measures the app part), opening <= 0.1 s (key to paint), memory
<= 120 MB; on 100,000 articles, first screen <= 1.5 s. ``--data DIR`` keeps the store in
DIR (built there on the first run, reused after), since building 100,000 articles takes
minutes; ``--runs N`` measures N times and prints each. ``reader_tmux.py`` measures key
to paint in a real terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import RenderableType
from textual import events
from textual._compositor import CompositorUpdate
from textual.message import Message
from textual.screen import Screen

from newscli import api, settings
from newscli.reader.actions import Actions
from newscli.reader.app import ReaderApp
from newscli.reader.article_screen import ArticleScreen

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def build(data: Path, count: int) -> api.Store:
    """A store of ``count`` articles, each with a few comments, indexed (reused if ``data``
    already holds it)."""
    store = api.open_store(data, settings.index_path(data))
    done = data / ".built"
    if done.exists() and done.read_text() == str(count):
        return store
    records = (
        json.dumps(
            {
                "title": f"Article {n} about the harbour and the tramway",
                "dateline": "KEELUNG",
                "published": f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}T00:00:00Z",
                "body": f"Paragraph one of {n}.\n\nParagraph two, longer, of article {n}.",
                "comments": [
                    {"at": "2025-01-01T00:00:00Z", "text": f"Comment {k}."} for k in range(3)
                ],
            }
        )
        for n in range(count)
    )
    data_bytes = "\n".join(records).encode()
    outcomes = api.import_entries(store, api.read_input(data_bytes, "stdin", "jsonl"))
    if bad := [o for o in outcomes if o.kind != "created"]:
        raise SystemExit(f"{len(bad)} records not imported, e.g. {bad[0]}")
    api.reindex(store)
    done.write_text(str(count))
    return store


class TimedReader(ReaderApp):
    """The reader, noting when an Enter key reaches it and when the first frame showing
    the article it opens is handed to the driver."""

    def __init__(self, actions: Actions) -> None:
        super().__init__(actions)
        self.key_at: tuple[float, float] | None = None  # wall clock, CPU time
        self.latencies: list[float] = []
        self.cpu: list[float] = []

    async def _post_message(self, message: Message) -> bool:
        # Where the driver (the terminal's input thread, or the pilot) delivers a key.
        if isinstance(message, events.Key) and message.key == "enter":
            self.key_at = (time.perf_counter(), time.process_time())
        return await super()._post_message(message)

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        # Textual's only way of sending a frame to the terminal (from the screen's
        # compositor refresh). Headless, it writes nothing: the frame is turned into the
        # terminal's bytes here, as a terminal driver would get them, and it counts if it
        # shows the title of the article being opened.
        if (
            self.key_at is not None
            and screen is self.article_screen
            and isinstance(renderable, CompositorUpdate)
            and not self._batch_count
        ):
            painted = ESCAPES.sub("", renderable.render_segments(self.console))
            if self.article_screen.article.title[:30] in painted:
                self.latencies.append(time.perf_counter() - self.key_at[0])
                self.cpu.append(time.process_time() - self.key_at[1])
                self.key_at = None
        super()._display(screen, renderable)


@dataclass
class Timings:
    first_screen: float
    harness_opens: list[float]  # press + pause, as the pilot sees it
    latencies: list[float]  # key to the article's first frame, in the app
    cpu: list[float]  # the process's CPU time over the same span


async def measure(store: api.Store, opens: int) -> Timings:
    """Open ``opens`` articles one after the other (Enter, Escape back, down a row)."""
    start = time.perf_counter()
    app = TimedReader(Actions(store, "bench", None))
    harness: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        first = time.perf_counter() - start
        for n in range(opens):
            if n:
                await pilot.press("escape", "down")
                await pilot.pause()
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            harness.append(time.perf_counter() - start)
            if not isinstance(app.screen, ArticleScreen) or len(app.latencies) != n + 1:
                raise SystemExit("the article did not open")
    return Timings(first, harness, app.latencies, app.cpu)


def spread(seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"median {statistics.median(ms):.1f} ms (min {min(ms):.1f}, max {max(ms):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--data", type=Path, help="keep the store here and reuse it")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--opens", type=int, default=21, help="articles opened a run")
    args = parser.parse_args()
    count = args.articles
    with tempfile.TemporaryDirectory() as folder:
        store = build(args.data or Path(folder) / "data", count)
        for _ in range(args.runs):
            timings = asyncio.run(measure(store, max(2, args.opens)))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
            harness, latencies = timings.harness_opens, timings.latencies
            print(
                f"{count} articles (load {load}): first screen {timings.first_screen:.3f} s,"
                f" peak {peak:.0f} MB\n"
                f"  key to paint, first open {latencies[0] * 1000:.1f} ms;"
                f" {len(latencies) - 1} more: {spread(latencies[1:])}\n"
                f"  CPU time over it, first open {timings.cpu[0] * 1000:.1f} ms;"
                f" {len(latencies) - 1} more: {spread(timings.cpu[1:])}\n"
                f"  harness (press + pause), first open {harness[0]:.3f} s;"
                f" {len(harness) - 1} more: {spread(harness[1:])}",
                flush=True,
            )


if __name__ == "__main__":
    main()
