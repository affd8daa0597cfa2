"""The reader's ``o`` hands a browser only an http(s) address: an article's ``url`` comes
from pages and peers, and one starting with ``-`` would be read as a browser option."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscli import api
from newscli.reader.app import ReaderApp
from reader.conftest import FIXED, FakeActions

pytestmark = pytest.mark.asyncio
SIZE = (100, 40)


def _reader(data_dir: Path, url: str) -> ReaderApp:
    store = api.open_store(data_dir)
    store.create(api.Article("abcd2345", "An address", "Body.", FIXED, FIXED, url=url))
    return ReaderApp(FakeActions(store))


@pytest.mark.parametrize(
    "url",
    [
        "--utility-cmd-prefix=sh -c 'touch /tmp/newscli-owned'",
        "-new-window",
        "file:///etc/passwd",
        "javascript:alert(1)",
        " https://example.org/",
    ],
)
async def test_o_never_hands_a_browser_anything_but_http(
    url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(ReaderApp, "open_url", lambda self, url, **kw: opened.append(url))
    app = _reader(data_dir, url)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")  # from the list
        await pilot.press("enter", "o")  # from the article
        said = [n.message for n in app._notifications]
    assert opened == []
    assert said.count("This article's address is not an http or https URL: not opened.") == 2


async def test_o_opens_an_http_address(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(ReaderApp, "open_url", lambda self, url, **kw: opened.append(url))
    app = _reader(data_dir, "https://example.org/news/1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "enter", "o")
    assert opened == ["https://example.org/news/1"] * 2
