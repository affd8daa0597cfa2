"""Rules a small, plausible slip would break while every other test still passed: each
test here fails when the rule it names is taken out."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from conftest import Runner
from newscli import api
from newscli.discussion import arrivals
from newscli.discussion.arrivals import OPENED
from newscli.discussion.inbox import inbox
from newscli.discussion.state import subscribe
from newscli.index.rows import RACY, RACY_NS, read_stamp, stamp
from newscli.model.article import Article

AT = datetime(2024, 6, 6, tzinfo=UTC)


def _comment(run: Runner, article: str, text: str, *args: str) -> str:
    result = run("comment", article, text, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_a_replies_only_inbox_holds_replies_and_mentions_never_other_comments(
    run: Runner, data_dir: Path, add: Callable[..., str]
) -> None:
    store = api.open_store(data_dir)
    article = add()
    subscribe(store, data_dir / "state", "mei", article, "replies")
    mine = _comment(run, article, "Mei asks.", "--as", "mei")
    reply = _comment(run, article, "Lin answers.", "--as", "lin", "--reply-to", mine)
    mention = _comment(run, article, "Ask @mei.", "--as", "kai")
    _comment(run, article, "Unrelated news.", "--as", "kai")
    _comment(run, article, "Another thread.", "--as", "lin")
    found = inbox(store, data_dir / "state", "mei").items
    assert sorted((i.comment_id, i.why) for i in found) == sorted(
        [(reply, "reply"), (mention, "mention")]
    )


def test_a_visit_named_by_a_short_upper_case_prefix_is_saved_under_the_full_id(
    data_dir: Path,
) -> None:
    store = api.open_store(data_dir)
    store.create(Article("vbmbh234", "Visited", "Body.", AT, AT))
    api.mark_read(store, "VBMBH", "mei")
    with arrivals.opened(store.data) as log:
        assert set(log.marks("mei", OPENED)) == {"vbmbh234"}
    api.comment_on(store, "vbmbh234", "Since then.", author="kai")
    assert len(api.mark_read(store, "vbmbh234", "mei").new) == 1  # the visit was found
    assert api.mark_read(store, "vbmb", "mei").new == frozenset()


def _stat(mtime_ns: int) -> os.stat_result:
    """A file's status with this modification time (size 10, inode 7)."""
    seconds = mtime_ns // 10**9
    times = {f"st_{t}time_ns": mtime_ns for t in ("a", "m", "c")}
    return os.stat_result((0o100600, 7, 1, 1, 0, 0, 10, seconds, seconds, seconds), times)


def test_a_file_read_in_the_tick_it_was_written_is_racy_and_read_again() -> None:
    written = 1_700_000_000 * 10**9
    fresh, settled = _stat(written), _stat(written)
    assert read_stamp(fresh, now_ns=written) == RACY
    assert read_stamp(fresh, now_ns=written + RACY_NS - 1) == RACY
    assert read_stamp(settled, now_ns=written + RACY_NS) == stamp(settled)
    assert stamp(settled) != RACY
