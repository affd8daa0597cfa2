"""``api.count_articles``: how many articles a query selects, the files that came counted."""

from __future__ import annotations

from pathlib import Path

from newscli import api


def test_count_follows_the_query_and_new_files(data_dir: Path) -> None:
    store = api.open_store(data_dir)
    assert api.count_articles(store) == 0  # no articles directory yet
    for n in range(3):
        api.add_article(store, api.Draft(title=f"Pier {n}", body="Text.", tags=["port"] * (n % 2)))
    assert api.count_articles(store) == 3
    assert api.count_articles(store, api.ListQuery(tags=("port",))) == 1
    assert api.count_articles(store, api.ListQuery(search="pier", limit=2)) == 2
    other = api.open_store(data_dir)  # another process adds one
    api.add_article(other, api.Draft(title="Pier 3", body="Text."))
    assert api.count_articles(store) == 4
