"""Order that survives wrong clocks (issue 25): one copy's clock a year ahead, another's a day
behind. Whatever each writes after reading the other sorts after what it read; after syncs
in any order both stores hold the same bytes and show the same order, the order in which
things were written."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api
from newscli.model import codec
from newscli.model.threads import threads
from newscli.sharing.merge import merge_texts
from sync_helpers import bare_remote, isolate_git, no_markers

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
YEAR, DAY, MINUTE = timedelta(days=365), timedelta(days=1), timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path, monkeypatch)


class World:
    """The true time, which the test moves on, and each machine's clock, set wrong."""

    def __init__(self) -> None:
        self.passed = timedelta()

    def clock(self, offset: timedelta) -> Callable[[], datetime]:
        return lambda: T0 + self.passed + offset

    def tick(self) -> None:
        self.passed += MINUTE


def _sync(run: Runner, data: Path, name: str) -> str:
    result = run("--data-dir", str(data), "sync", "--as", name)
    assert result.exit_code == 0, result.stderr
    no_markers(data)
    return result.stderr


def _shown(store: api.Store, article_id: str) -> list[str]:
    return [c.text for thread in threads(store.load(article_id).comments) for _, c in thread]


@pytest.mark.parametrize("last", ["ahead first", "behind first"])
def test_a_year_ahead_and_a_day_behind_agree_on_the_order_things_were_written(
    run: Runner, tmp_path: Path, last: str
) -> None:
    world = World()
    remote = bare_remote(tmp_path)
    ahead_dir, behind_dir = tmp_path / "alice", tmp_path / "bob"
    ahead = api.open_store(ahead_dir, clock=world.clock(YEAR))
    behind = api.open_store(behind_dir, clock=world.clock(-DAY))
    article = api.add_article(ahead, api.Draft(title="Ferry", body="The night ferry.")).id
    for data, name in ((ahead_dir, "alice"), (behind_dir, "bob")):
        joined = run("--data-dir", str(data), "sync", "init", str(remote), "--as", name)
        assert joined.exit_code == 0, joined.stderr

    def write(store: api.Store, name: str, text: str, reply_to: str | None = None) -> str:
        world.tick()
        return api.comment_on(store, article, text, author=name, reply_to=reply_to).id

    first = write(ahead, "alice", "1 alice opens")
    _sync(run, ahead_dir, "alice")
    _sync(run, behind_dir, "bob")
    write(behind, "bob", "2 bob answers", reply_to=first)
    write(behind, "bob", "3 bob again")
    api.rate_article(behind, article, "bob", 2)
    _sync(run, behind_dir, "bob")
    _sync(run, ahead_dir, "alice")
    write(ahead, "alice", "4 alice after reading bob")
    api.rate_article(ahead, article, "alice", 5)
    _sync(run, ahead_dir, "alice")
    _sync(run, behind_dir, "bob")
    write(behind, "bob", "5 bob last")
    world.tick()
    api.rate_article(behind, article, "bob", 4)  # his vote again, after seeing hers

    order = [(behind_dir, "bob"), (ahead_dir, "alice")]
    if last == "behind first":
        order.reverse()
    for _ in range(2):
        for data, name in order:
            _sync(run, data, name)

    files = [d / "articles" / f"{article}.toml" for d in (ahead_dir, behind_dir)]
    assert files[0].read_bytes() == files[1].read_bytes()
    written = ["1 alice opens", "2 bob answers", "3 bob again", "4 alice after reading bob"]
    for store in (ahead, behind):
        assert _shown(store, article) == [*written, "5 bob last"]
    stored = ahead.load(article)
    stamps = [c.at for c in stored.comments]
    assert stamps == sorted(stamps) and len(set(stamps)) == 5
    assert stamps[0] >= T0 + YEAR  # the clock a year ahead dated the first one
    assert [(v.voter, v.stars) for v in stored.votes] == [("alice", 5), ("bob", 4)]
    assert stored.votes[0].at < stored.votes[1].at  # in the order they were cast


def test_a_change_made_on_top_of_another_wins_whatever_its_stamp_says() -> None:
    base = api.Article("abcd1234", "Title", "Body.", T0, T0)
    base.title, base.changed = "Ahead", {"title": T0 + YEAR}  # from a clock a year ahead
    after, other = copy.deepcopy(base), copy.deepcopy(base)
    after.title, after.changed = "Seen and changed", {"title": T0}  # made on top of it
    other.votes = [api.Vote("kai", 3, T0)]
    for ours, theirs in ((after, other), (other, after)):
        merged = merge_texts(codec.dumps(base), codec.dumps(ours), codec.dumps(theirs), "a")
        assert merged.text is not None
        assert codec.loads(merged.text).title == "Seen and changed"
        assert merged.conflicts == []
