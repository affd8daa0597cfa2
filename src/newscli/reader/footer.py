"""The footer: one line naming the screen's common keys (``q Back  1-5 Rate  +/- Vote``).

One widget drawing one line of text, rather than Textual's Footer, which makes a widget
for every key and group (17 on an article) and styles them all again each time a screen
is shown: opening an article paid for it on every open. Keys that share a footer text
are one entry; a run of keys such as 1 to 5 is written ``1-5``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from newscli.reader.keys import SCREENS


def entries(shown: Iterable[tuple[Binding, str]]) -> list[tuple[str, str]]:
    """The footer's entries (keys, text) for bindings shown in it, each with how its key
    is displayed: a binding by its first key only, neighbours with the same text as one
    entry."""
    merged: list[tuple[list[str], str]] = []
    seen: set[str] = set()
    for binding, key in shown:
        name = binding.id or binding.action
        if name in seen:
            continue
        seen.add(name)
        if merged and merged[-1][1] == binding.description:
            merged[-1][0].append(key)
        else:
            merged.append(([key], binding.description))
    return [(_keys(keys), text) for keys, text in merged]


def _keys(keys: list[str]) -> str:
    """``1-5`` for a run of three or more single characters, else ``+/-``, ``n/p``."""
    codes = [ord(k) for k in keys if len(k) == 1]
    run = len(codes) == len(keys) >= 3 and codes == list(range(codes[0], codes[0] + len(codes)))
    return f"{keys[0]}-{keys[-1]}" if run else "/".join(keys)


class KeysFooter(Widget):
    """The screen's keys shown in the footer, drawn again when its bindings change."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keys-footer--key", "keys-footer--text"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Text:
        # In the order of the screen's keys (a key changed by the config comes last in
        # Textual's map of them).
        order = list(SCREENS.get(getattr(self.screen, "KEYS_OF", ""), {}))
        active = [a.binding for a in self.screen.active_bindings.values() if a.binding.show]
        active.sort(key=lambda b: order.index(b.id) if b.id in order else len(order))
        shown = entries((binding, self.app.get_key_display(binding)) for binding in active)
        # Two spaces between entries where they all fit, else one.
        room = self.size.width or self.app.size.width
        gap = "  " if sum(len(k) + len(w) + 3 for k, w in shown) <= room else " "
        key_style = self.get_component_rich_style("keys-footer--key")
        text_style = self.get_component_rich_style("keys-footer--text")
        line = Text(no_wrap=True, overflow="crop")
        for number, (keys, what) in enumerate(shown):
            line.append(gap if number else " ").append(keys, key_style)
            line.append(f" {what}", text_style)
        return line
