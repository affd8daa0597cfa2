"""Time the reader's first screen and the opening of an article on a large store.

    .venv/bin/python benchmarks/reader.py [--articles 10000] [--data DIR] [--runs 1]

Builds a store of N articles in a temporary directory (with its index), then runs the
reader headless (Textual's ``run_test``) at 100x40: "first screen" is from creating the
app to the list showing its first page of rows; "open" is from Enter to the article's
page being laid out. Peak memory (ru_maxrss) is printed too. The issue's targets on
10,000 articles: first screen <= 0.8 s from the command (this measures the app part),
opening <= 0.1 s, memory <= 120 MB; on 100,000 articles, first screen <= 1.5 s.
``--data DIR`` keeps the store in DIR (built there on the first run, reused after), since
building 100,000 articles takes minutes; ``--runs N`` measures N times and prints each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import tempfile
import time
from pathlib import Path

from newscli import api, settings
from newscli.reader.actions import Actions
from newscli.reader.app import ReaderApp
from newscli.reader.article_screen import ArticleScreen


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


async def measure(store: api.Store) -> tuple[float, float]:
    start = time.perf_counter()
    app = ReaderApp(Actions(store, "bench", None))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        first = time.perf_counter() - start
        start = time.perf_counter()
        await pilot.press("enter")
        await pilot.pause()
        if not isinstance(app.screen, ArticleScreen):
            raise SystemExit("the article did not open")
        opened = time.perf_counter() - start
    return first, opened


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--data", type=Path, help="keep the store here and reuse it")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    count = args.articles
    with tempfile.TemporaryDirectory() as folder:
        store = build(args.data or Path(folder) / "data", count)
        for _ in range(args.runs):
            first, opened = asyncio.run(measure(store))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{count} articles: first screen {first:.3f} s, open {opened:.3f} s,"
                f" peak {peak:.0f} MB",
                flush=True,
            )


if __name__ == "__main__":
    main()
