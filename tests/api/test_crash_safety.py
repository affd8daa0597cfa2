"""A power cut in the middle of an import: SIGKILL at random moments loses nothing.

Every article file left behind parses, no temp file is taken for an article, running
the import again ends with each record stored exactly once, and ``check --fix`` clears
the temp files the killed writers left.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from newscli import api
from newscli.store.check import Kind

RECORDS = 1_500
KILLS = 6


def _records(path: Path) -> None:
    lines = (
        json.dumps(
            {
                "title": f"Harbour notice number {n}",
                "body": f"The pier is closed on day {n}.\n\nFerries leave from berth {n % 7}.",
                "url": f"https://harbour.example.org/notices/{n}",
                "tags": ["harbour"],
            }
        )
        for n in range(RECORDS)
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _import(home: Path, source: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {"NEWSCLI_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "newscli", "import", "--quiet", str(source)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _assert_every_file_parses(home: Path) -> None:
    store = api.open_store(home)
    scan = store.scan()
    assert scan.problems == []
    folder = store.data.articles
    names = {p.name for p in folder.iterdir()} if folder.exists() else set()
    # Whatever else is there is a temp file, which no listing takes for an article.
    assert {f"{a.id}.toml" for a in scan.articles} == {n for n in names if not n.startswith(".")}


def _count(home: Path) -> int:
    try:
        return sum(1 for name in os.listdir(home / "articles") if name.endswith(".toml"))
    except FileNotFoundError:
        return 0


def test_sigkill_during_import_loses_and_doubles_nothing(tmp_path: Path) -> None:
    home, source = tmp_path / "data", tmp_path / "notices.jsonl"
    _records(source)
    moments = random.Random(20240606)
    for _ in range(KILLS):
        before = _count(home)
        proc = _import(home, source)
        # Kill it at a random point while it writes: after 20 to 200 new files.
        target = before + moments.randint(20, 200)
        while _count(home) < target and proc.poll() is None:
            time.sleep(0.002)
        assert proc.poll() is None, "the import ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        _assert_every_file_parses(home)
        assert before < _count(home) < RECORDS

    proc = _import(home, source)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr.decode()

    store = api.open_store(home)
    articles = store.scan().articles
    assert len(articles) == RECORDS
    assert len({a.url for a in articles}) == RECORDS
    _assert_every_file_parses(home)
    # What the kills can leave is temp files of writers that are gone; check --fix clears them.
    report = api.check_store(store)
    assert {problem.kind for problem in report.problems} <= {Kind.STALE_TEMP}
    api.fix_store(store, report)
    assert api.check_store(store).problems == []
