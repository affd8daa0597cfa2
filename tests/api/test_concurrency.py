"""Parallel writers on one article lose nothing: every vote and every comment is kept.

Sixteen real processes work on one article at once: 8 cast 15 votes each (each vote
by another voter, named through NEWSCLI_USER) and 8 write 8 comments each, through
the api the commands call. Each process loops over its calls instead of starting an
interpreter per command, which keeps the test to a few seconds on a small CI machine
while the processes still contend for the same lock and file; test_cli_process.py
runs separate ``newscli rate`` processes.
(By hand, 120 separate ``newscli rate`` and 60 ``newscli comment`` processes were
run with ``xargs -P``; see the README.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from newscli import api
from newscli.model.article import Draft

RATERS, VOTES_EACH = 8, 15
COMMENTERS, COMMENTS_EACH = 8, 8

WORKER = """
import os, sys
from newscli import api, settings

article, kind, worker, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
store = api.open_store(settings.data_dir())
for n in range(count):
    os.environ["NEWSCLI_USER"] = f"{kind}-{worker}-{n}"
    if kind == "rate":
        api.rate_article(store, article, settings.identity(None).name, n % 5 + 1)
    else:
        text = f"Comment {n} from worker {worker}."
        api.comment_on(store, article, text, author=settings.identity(None).name)
"""


def test_parallel_votes_and_comments_are_all_kept(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = api.open_store(home)
    article = api.add_article(store, Draft(title="Busy Article", body="Everyone writes.")).id
    env = {**os.environ, "NEWSCLI_HOME": str(home)}
    jobs = [("rate", w, VOTES_EACH) for w in range(RATERS)]
    jobs += [("comment", w, COMMENTS_EACH) for w in range(COMMENTERS)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, article, kind, str(worker), str(count)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        for kind, worker, count in jobs
    ]
    errors = [proc.communicate(timeout=120)[1] for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * len(jobs), errors

    saved = store.load(article)
    assert len(saved.votes) == RATERS * VOTES_EACH == 120
    assert {v.voter for v in saved.votes} == {
        f"rate-{w}-{n}" for w in range(RATERS) for n in range(VOTES_EACH)
    }
    assert len(saved.comments) == COMMENTERS * COMMENTS_EACH == 64
    assert {(c.author, c.text) for c in saved.comments} == {
        (f"comment-{w}-{n}", f"Comment {n} from worker {w}.")
        for w in range(COMMENTERS)
        for n in range(COMMENTS_EACH)
    }
    assert len({c.id for c in saved.comments}) == 64
    report = api.check_store(store)
    assert report.problems == []
