"""The one keys table: every screen's bindings are made from it, and each runs an action."""

from __future__ import annotations

import re

import pytest
from textual.binding import Binding
from textual.screen import Screen

from newscli.reader.app import ReaderApp
from newscli.reader.article_screen import ArticleScreen
from newscli.reader.dialogs import (
    ConfirmScreen,
    HelpScreen,
    PromptScreen,
    TextScreen,
    TooSmallScreen,
)
from newscli.reader.inbox_screen import InboxScreen
from newscli.reader.keys import GROUPS, KEYS, SCREENS
from newscli.reader.list_screen import ListScreen

SCREEN_CLASSES: dict[str, type[Screen[object]]] = {
    "list": ListScreen,
    "article": ArticleScreen,
    "inbox": InboxScreen,
    "confirm": ConfirmScreen,
    "text": TextScreen,
    "prompt": PromptScreen,
    "help": HelpScreen,
    "too_small": TooSmallScreen,
}


def test_every_screen_takes_its_bindings_from_the_table() -> None:
    assert set(SCREEN_CLASSES) == set(SCREENS)
    for name, screen in SCREEN_CLASSES.items():
        made = [b for b in screen.BINDINGS if isinstance(b, Binding)]
        assert len(made) == len(screen.BINDINGS)
        assert [b.id for b in made] == list(SCREENS[name]), name
        for binding in made:
            key = KEYS[str(binding.id)]
            assert (binding.key, binding.action) == (key.keys, key.action)


def test_every_key_is_used_and_its_action_exists() -> None:
    used = {key_id for table in SCREENS.values() for key_id in table}
    assert used == set(KEYS)
    for name, screen in SCREEN_CLASSES.items():
        for key_id in SCREENS[name]:
            action = KEYS[key_id].action
            target, _, method = action.rpartition(".")
            owner = ReaderApp if target == "app" else screen
            method_name = re.sub(r"\(.*", "", method)
            assert callable(getattr(owner, f"action_{method_name}", None)), (name, action)


@pytest.mark.parametrize("key_id", sorted(KEYS))
def test_every_key_has_help_in_a_known_group(key_id: str) -> None:
    key = KEYS[key_id]
    assert key.help and key.group in (*GROUPS, "dialog")
