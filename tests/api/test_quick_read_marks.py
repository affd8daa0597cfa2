"""The reader's first screen takes read marks from what the arrival log knows, a batch of
rows at a time; ``catch_up`` then brings the log up to date, as it does the index."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from newscli import api
from newscli.discussion.inbox import QUICK_BATCH
from newscli.model.article import Article, Comment

AT = datetime(2025, 1, 2, tzinfo=UTC)


def _statuses(store: api.Store, quick: bool) -> dict[str, tuple[bool, int]]:
    rows, problems = api.iter_articles(store, edits=not quick)
    assert problems == []
    marked = api.with_read_status(store, "mei", rows, quick=quick)
    return {row.id: (bool(row.read), row.new_comments or 0) for row in marked}


def test_quick_marks_agree_across_batches_then_catch_up_brings_edits(tmp_path: Path) -> None:
    store = api.open_store(tmp_path / "data", tmp_path / "index.sqlite3")
    made = []
    for n in range(QUICK_BATCH + 5):  # more than one batch
        comments = [Comment(f"c{n:05d}", "Hi.", AT, author="kai")] if n % 3 == 0 else []
        article = Article(f"art{n:05d}", f"Story {n}", "Body.", AT, AT, comments=comments)
        store.create(article)
        made.append(article.id)
    api.mark_read(store, made[0], "mei")
    api.mark_read(store, made[1], "mei")
    full = _statuses(store, quick=False)
    assert full[made[0]] == (True, 0) and full[made[1]] == (True, 0)
    assert full[made[3]] == (False, 1) and full[made[4]] == (False, 0)
    assert _statuses(store, quick=True) == full

    def reply(article: Article) -> None:  # written by another program, in place
        article.comments.append(Comment("r00000", "Again.", AT, author="kai"))

    store.update(made[0], reply)
    assert _statuses(store, quick=True)[made[0]] == (True, 0)  # the log has not read it yet
    assert api.catch_up(store) > 0
    assert _statuses(store, quick=True)[made[0]] == (True, 1)
    assert _statuses(store, quick=False) == _statuses(store, quick=True)
