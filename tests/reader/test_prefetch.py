"""The article under the cursor made ready ahead: its image decoded once, in a thread."""

from __future__ import annotations

import pytest

from newscli import api
from newscli.reader.app import ReaderApp
from reader.conftest import FakeActions

ROOM = (88, 26)


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The articles whose image ``api.picture`` is asked to decode (none has one)."""
    asked: list[str] = []

    def picture(store: api.Store, ref: str, room: tuple[int, int]) -> None:
        asked.append(ref)

    monkeypatch.setattr(api, "picture", picture)
    return asked


def test_a_prefetched_picture_is_used_once(actions: FakeActions, decoded: list[str]) -> None:
    actions.prefetch("art00001", ROOM)
    assert decoded == ["art00001"]
    assert actions.picture("art00001", ROOM) is None
    assert decoded == ["art00001"]
    actions.picture("art00001", ROOM)
    assert decoded == ["art00001", "art00001"]


def test_another_article_or_room_is_decoded_anew(actions: FakeActions, decoded: list[str]) -> None:
    actions.prefetch("art00001", ROOM)
    actions.picture("art00002", ROOM)
    actions.prefetch("art00001", ROOM)
    actions.picture("art00001", (88, 40))
    assert decoded == ["art00001", "art00002", "art00001", "art00001"]


@pytest.mark.asyncio
async def test_the_highlighted_row_is_prefetched(app: ReaderApp, decoded: list[str]) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert decoded == ["art00003"]
        await pilot.press("j")
        await app.workers.wait_for_complete()
        assert decoded[-1] == "art00002"
        await pilot.press("enter")
        assert decoded[-1] == "art00002" and decoded.count("art00002") == 1
