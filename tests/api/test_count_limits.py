"""The tag and comment limits hold on every way in through the api, checked before
anything is written; a random sequence of changes never takes an article past them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import snapshot
from newscli import api
from newscli.errors import InvalidInput
from newscli.model import limits
from newscli.model.article import Draft


@pytest.fixture
def small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits small enough to reach in a test."""
    monkeypatch.setattr(limits, "MAX_TAGS", 3)
    monkeypatch.setattr(limits, "MAX_COMMENTS", 2)


@pytest.fixture
def store(data_dir: Path) -> api.Store:
    return api.open_store(data_dir)


@pytest.mark.usefixtures("small")
def test_add_counts_the_cleaned_tags(store: api.Store) -> None:
    # Repeats and empties are cleaned away first: three tags remain, within the limit.
    api.add_article(store, Draft(title="t", body="b", tags=["a", "A", " ", "b", "c"]))
    with pytest.raises(InvalidInput, match="4 tags on one article; the limit is 3"):
        api.add_article(store, Draft(title="u", body="b", tags=["a", "b", "c", "d"]))
    assert len(store.ids()) == 1


@pytest.mark.usefixtures("small")
def test_tag_checks_the_tags_after_the_change(store: api.Store, data_dir: Path) -> None:
    article = api.add_article(store, Draft(title="t", body="b", tags=["a", "b"])).id
    assert api.tag_article(store, article, add=["c"], remove=[]) == ["a", "b", "c"]
    before = snapshot(data_dir / "articles")
    with pytest.raises(InvalidInput, match="4 tags on one article; the limit is 3"):
        api.tag_article(store, article, add=["d"])
    assert snapshot(data_dir / "articles") == before
    assert api.tag_article(store, article, add=["d"], remove=["a"]) == ["b", "c", "d"]


@pytest.mark.usefixtures("small")
def test_comment_checks_the_count_after_the_append(store: api.Store, data_dir: Path) -> None:
    article = api.add_article(store, Draft(title="t", body="b")).id
    api.comment_on(store, article, "one")
    api.comment_on(store, article, "two")
    before = snapshot(data_dir / "articles")
    with pytest.raises(InvalidInput, match="3 comments on one article; the limit is 2"):
        api.comment_on(store, article, "three")
    assert snapshot(data_dir / "articles") == before


_TAG = st.sampled_from(["a", "B", "b", "c", "d", " e ", "f"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(st.lists(_TAG, max_size=4), st.lists(_TAG, max_size=3))))
def test_no_sequence_of_tag_changes_passes_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, steps: list[tuple[list[str], list[str]]]
) -> None:
    monkeypatch.setattr(limits, "MAX_TAGS", 3)
    store = api.open_store(tmp_path / f"d{len(list(tmp_path.iterdir()))}")
    article = api.add_article(store, Draft(title="t", body="b")).id
    for add, remove in steps:
        before = store.load(article).tags
        try:
            after = api.tag_article(store, article, add, remove)
        except InvalidInput:
            assert store.load(article).tags == before
        else:
            assert len(after) <= 3
            assert store.load(article).tags == after
