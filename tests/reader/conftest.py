"""A small fixed store and a reader on it, for Textual's test harness and snapshots."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscli import api
from newscli.api import InboxItem
from newscli.choices import VoteValue
from newscli.reader.actions import Actions
from newscli.reader.app import ReaderApp
from newscli.reader.footer import KeysFooter

FIXED = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
pytestmark = pytest.mark.asyncio


def _record(number: int) -> dict[str, object]:
    record: dict[str, object] = {
        "id": f"art{number:05d}",
        "title": f"Tramway extension {number} opens across the river delta",
        "dateline": "HSINCHU" if number % 2 else "KEELUNG",
        "published": f"2025-03-{number:02d}T00:00:00Z",
        "added": "2025-03-20T08:00:00Z",
        "url": f"https://example.org/news/{number}",
        "tags": ["transport"] if number % 2 else ["harbour"],
        "body": f"Story {number}: riders queued from before dawn.\n\nOfficials expect more trips.",
    }
    if number == 3:  # the newest: a discussion with a reply
        record["votes"] = [{"voter": "kai", "stars": 5, "at": "2025-03-03T10:00:00Z"}]
        record["comments"] = [
            {"id": "cmt001", "author": "mei", "at": "2025-03-03T10:00:00Z", "text": "Finally."},
            {
                "id": "cmt002",
                "author": "kai",
                "at": "2025-03-03T11:00:00Z",
                "parent": "cmt001",
                "text": "Eighteen minutes from the old town.",
            },
            {"id": "cmt003", "author": "ana", "at": "2025-03-03T12:00:00Z", "text": "Trains?"},
        ]
    return record


@pytest.fixture
def store(data_dir: Path) -> api.Store:
    """Three articles (the newest with three comments), every date given in the records."""
    store = api.open_store(data_dir)
    data = "\n".join(json.dumps(_record(n)) for n in (1, 2, 3)).encode()
    outcomes = list(api.import_entries(store, api.read_input(data, "stdin", "jsonl")))
    assert [o.kind for o in outcomes] == ["created"] * 3
    return store


@pytest.fixture
def many(data_dir: Path) -> api.Store:
    """More articles than one page of the list (250, none with comments)."""
    store = api.open_store(data_dir)
    records = (_record(n) | {"id": f"many{n:04d}", "published": None} for n in range(250))
    data = "\n".join(json.dumps(r) for r in records).encode()
    list(api.import_entries(store, api.read_input(data, "stdin", "jsonl")))
    return store


@dataclass(frozen=True)
class Item:
    article_id: str
    comment_id: str
    author: str
    at: datetime
    why: str


class FakeActions(Actions):
    """Real store calls where the api has them; issue 13's calls recorded instead."""

    def __init__(self, store: api.Store) -> None:
        super().__init__(store, voter="mei", author="mei")
        self.calls: list[tuple[object, ...]] = []

    def clear_rating(self, ref: str) -> None:
        self.calls.append(("clear_rating", ref))

    def vote(self, ref: str, comment_id: str, value: VoteValue) -> None:
        self.calls.append(("vote", ref, comment_id, value))

    def edit(self, ref: str, comment_id: str, text: str) -> None:
        self.calls.append(("edit", ref, comment_id, text))

    def delete(self, ref: str, comment_id: str) -> None:
        self.calls.append(("delete", ref, comment_id))

    def subscribe(self, ref: str) -> None:
        self.calls.append(("subscribe", ref))

    def mark_read(self, ref: str) -> None:
        self.calls.append(("mark_read", ref))

    def inbox(self) -> Sequence[InboxItem]:
        self.calls.append(("inbox",))
        return [Item("art00001", "cmt009", "kai", FIXED, "reply")]


@pytest.fixture
def actions(store: api.Store) -> FakeActions:
    return FakeActions(store)


@pytest.fixture
def app(actions: FakeActions) -> ReaderApp:
    return ReaderApp(actions)


def footer(app: ReaderApp) -> str:
    """The footer's line as the screen shows it (cut at the screen's width)."""
    bar = app.screen.query_one(KeysFooter)
    return bar.render_line(0).text
