"""Threads and the page are linear in the number of comments, however deep the chain:
each comment is placed once and drawn once."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from newscli.ids import ALPHABET
from newscli.model import threads as discussion
from newscli.model.article import Article, Comment
from newscli.render import page

START = datetime(2024, 6, 6, tzinfo=UTC)


def _id(number: int) -> str:
    return "".join(ALPHABET[(number // 32**k) % 32] for k in range(6))


def _chain(length: int) -> list[Comment]:
    """Each comment a reply to the one before: one thread as deep as it is long."""
    return [
        Comment(_id(n), "Yes.", START + timedelta(seconds=n), parent=_id(n - 1) if n else None)
        for n in range(length)
    ]


def test_a_chain_of_100000_replies_is_one_thread_in_order() -> None:
    # Quadratic work (a walk up to the root for each reply, say) would not finish here.
    (thread,) = discussion.threads(_chain(100_000))
    assert [c.id for _, c in thread[:3]] == [_id(0), _id(1), _id(2)]
    assert [depth for depth, _ in thread[:8]] == [0, 1, 2, 3, 4, 5, 5, 5]
    assert len(thread) == 100_000


def test_the_page_draws_each_comment_of_a_deep_chain_once() -> None:
    chain = _chain(2_000)
    article = Article(
        id="abcd2345", title="T", body="B", added=START, updated=START, comments=chain
    )
    console = Console(file=io.StringIO(), width=88, record=True)
    console.print(page.article_page(article, all_comments=False))
    text = console.export_text()
    # Each comment's head line shows its id: every id once, in reading order.
    places = [text.find(f"  {c.id}\n") for c in chain]
    assert all(place >= 0 for place in places)
    assert places == sorted(places)
    assert sum(text.count(f"  {c.id}\n") for c in chain) == len(chain)
    assert text.count("↳") == len(chain) - 1


# Each comment names as parent an earlier one, a later one, itself, a stranger or none.
_PARENTS = st.lists(st.one_of(st.none(), st.integers(-5, 60)), max_size=60)


@given(parents=_PARENTS)
def test_every_comment_is_placed_once_after_its_parent(parents: list[int | None]) -> None:
    made = [
        Comment(
            _id(n),
            "x",
            START + timedelta(seconds=n % 7),
            parent=None if p is None else _id(p) if p >= 0 else "zzzzzz",
        )
        for n, p in enumerate(parents)
    ]
    placed = [(depth, c) for thread in discussion.threads(made) for depth, c in thread]
    assert sorted(c.id for _, c in placed) == sorted(c.id for c in made)
    position = {c.id: n for n, (_, c) in enumerate(placed)}
    for depth, comment in placed:
        assert 0 <= depth <= discussion.MAX_DEPTH
        if depth:  # a reply comes after its parent, in the same thread
            assert comment.parent is not None
            assert position[comment.parent] < position[comment.id]
