"""The hybrid logical clock (issue 25): every dated record is stamped past the wall time,
past the newest stamp this copy issued or saw, and past the newest stamp of its article,
so that what is written after reading something sorts after it whatever the clocks say.
The high-water mark is this copy's own (``local/clock``), never shared."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscli import api
from newscli.model.article import Comment
from newscli.model.threads import threads
from newscli.store.clock import MAX_AHEAD, TICK

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


class Wall:
    """A machine's clock, set wrong by ``offset``, moved on by the test."""

    def __init__(self, offset: timedelta = timedelta()) -> None:
        self.offset = offset
        self.passed = timedelta()

    def __call__(self) -> datetime:
        return T0 + self.offset + self.passed


def _store(path: Path, wall: Wall) -> api.Store:
    return api.open_store(path, clock=wall)


def test_a_right_clock_stamps_its_wall_time_and_counts_within_a_second(data_dir: Path) -> None:
    store = _store(data_dir, Wall())
    assert store.clock.stamp() == T0
    assert store.clock.stamp() == T0 + TICK
    assert store.clock.stamp() == T0 + 2 * TICK
    assert (data_dir / "local" / "clock").read_text() == "2026-03-01T12:00:00.000002Z\n"


def test_a_clock_put_back_never_stamps_before_what_it_stamped(data_dir: Path) -> None:
    wall = Wall()
    store = _store(data_dir, wall)
    first = store.clock.stamp()
    wall.offset = -DAY  # set back a day, as a laptop's clock can be
    assert store.clock.stamp() == first + TICK
    again = _store(data_dir, wall)  # another process of this copy: the mark is on disk
    assert again.clock.stamp() == first + 2 * TICK


def test_a_stamp_is_past_everything_in_its_article(data_dir: Path) -> None:
    ahead = T0 + 30 * DAY
    store = _store(data_dir, Wall(-DAY))
    article = api.add_article(store, api.Draft(title="T", body="B."))

    def peer(article: api.Article) -> None:  # a comment merged in from a clock a month ahead
        article.comments.append(Comment("pppppp", "Theirs.", ahead, author="kai"))

    store.update(article.id, peer)
    mine = api.comment_on(store, article.id, "A reply.", author="mei", reply_to="pppppp")
    assert mine.at == ahead + TICK
    vote = api.rate_article(store, article.id, "mei", 4)
    assert store.load(vote.article_id).votes[0].at == ahead + 2 * TICK


def test_what_a_copy_saw_moves_its_clock_but_never_far_ahead(data_dir: Path) -> None:
    store = _store(data_dir, Wall())
    store.clock.saw(T0 + 365 * DAY)
    assert store.clock.stamp() == T0 + 365 * DAY + TICK
    other = _store(data_dir / "other", Wall())
    other.clock.saw(datetime(9999, 1, 1, tzinfo=UTC))  # a peer's clock in another century
    assert other.clock.stamp() == T0 + MAX_AHEAD + TICK


def test_a_comment_from_a_clock_a_day_behind_sorts_after_the_one_it_answered(
    data_dir: Path,
) -> None:
    right, behind = Wall(), Wall(-DAY)
    store = _store(data_dir, right)
    article = api.add_article(store, api.Draft(title="T", body="B.")).id
    first = api.comment_on(store, article, "First.", author="kai")
    right.passed = behind.passed = timedelta(minutes=5)
    late = api.comment_on(_store(data_dir, behind), article, "Second.", author="mei")
    assert late.at > first.at
    shown = [c.text for thread in threads(store.load(article).comments) for _, c in thread]
    assert shown == ["First.", "Second."]


def test_fields_changed_are_stamped_and_say_by_whom(data_dir: Path) -> None:
    store = _store(data_dir, Wall())
    article = api.add_article(store, api.Draft(title="T", body="B.")).id

    def retitle(article: api.Article) -> None:
        article.title = "New"

    store.update(article, retitle, by="mei")
    stored = store.load(article)
    assert (stored.changed, stored.changed_by) == ({"title": T0}, {"title": "mei"})
    store.update(article, lambda a: setattr(a, "title", "Newer"))
    stored = store.load(article)
    assert (stored.changed, stored.changed_by) == ({"title": T0 + TICK}, {})


@pytest.mark.parametrize("content", [b"not a time\n", b""])
def test_a_damaged_mark_is_written_again(data_dir: Path, content: bytes) -> None:
    (data_dir / "local").mkdir(parents=True)
    (data_dir / "local" / "clock").write_bytes(content)
    store = _store(data_dir, Wall())
    assert store.clock.stamp() == T0
    assert (data_dir / "local" / "clock").read_text() == "2026-03-01T12:00:00Z\n"
    assert _store(data_dir, Wall()).clock.stamp() == T0 + TICK  # the mark written is read
