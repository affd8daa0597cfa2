"""The list's header gives the real count; Home and End go to the first and last row."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from newscli import api
from newscli.reader.actions import Actions
from newscli.reader.app import ReaderApp
from reader.conftest import FakeActions

pytestmark = pytest.mark.asyncio
SIZES = [(60, 20), (100, 40), (140, 45)]


def _status(app: ReaderApp) -> str:
    return str(app.screen.query_one("#status").render())


@pytest.mark.parametrize("size", SIZES)
async def test_the_header_counts_every_article(many: api.Store, size: tuple[int, int]) -> None:
    app = ReaderApp(FakeActions(many))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count < 250  # not every row read yet
        assert _status(app).startswith("250 articles · sort: newest")


async def test_the_unread_count_is_real_too(many: api.Store) -> None:
    for n in range(0, 40, 2):
        api.mark_read(many, f"many{n:04d}", "mei")
    app = ReaderApp(FakeActions(many), unread_only=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert _status(app).startswith("230 articles · sort: newest")


async def test_home_and_end_go_to_the_first_and_last_row(many: api.Store) -> None:
    app = ReaderApp(FakeActions(many))
    async with app.run_test(size=(100, 40)) as pilot:
        table = app.screen.query_one(DataTable)
        await pilot.press("end")
        assert (table.cursor_row, table.row_count) == (249, 250)
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("G")
        assert table.cursor_row == 249
        await pilot.resize_terminal(60, 20)
        await pilot.press("g")
        assert table.cursor_row == 0


async def test_an_edit_made_elsewhere_shows_once_the_index_caught_up(
    data_dir: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index.sqlite"
    store = api.open_store(data_dir, index)
    article = api.add_article(store, api.Draft(title="Ferry at dawn", body="Text."))
    assert [r.title for r in api.list_articles(store).rows] == ["Ferry at dawn"]
    store.close()
    path = data_dir / "articles" / f"{article.id}.toml"
    path.write_text(path.read_text().replace("Ferry at dawn", "Ferry at dusk, late"))
    app = ReaderApp(Actions(api.open_store(data_dir, index), "mei", "mei"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = app.screen.query_one(DataTable).get_row(article.id)
        assert str(row[3]) == "Ferry at dusk, late"
        assert _status(app).startswith("1 article · sort: newest")
