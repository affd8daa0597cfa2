"""Small screens over the reader: confirm, write a text, ask a line, help, too small."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static, TextArea

from newscli.reader.keys import bindings

MIN_WIDTH, MIN_HEIGHT = 60, 20


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: ``y`` answers yes, anything bound to no (``n``, Escape) no."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("confirm")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        yield Label(Text(f"{self.question} [y/n]"), id="question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TextScreen(ModalScreen[str | None]):
    """A text area for a comment when no editor is set: Ctrl+S saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("text")

    def __init__(self, title: str, initial: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(f"{self.title_text}  (Ctrl+S saves, Escape cancels)", style="bold"))
            yield TextArea(self.initial, id="text")

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PromptScreen(ModalScreen[str | None]):
    """One line of input (a search, a tag): Enter answers, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("prompt")

    def __init__(self, placeholder: str, value: str = "") -> None:
        super().__init__()
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        yield Input(self.value, placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every binding of the screen underneath: its keys and what it does."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    def __init__(self, bindings: Iterable[tuple[str, str]]) -> None:
        super().__init__()
        self.bindings = list(bindings)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, what in self.bindings:
            table.add_row(keys, what)
        with VerticalScroll():
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)


class TooSmallScreen(Screen[None]):
    """Shown instead of the reader while the terminal is smaller than 60x20."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("too_small")

    def compose(self) -> ComposeResult:
        yield Label(id="size")

    def on_resize(self) -> None:
        width, height = self.app.size
        self.query_one(Label).update(
            f"The terminal is {width}x{height}; the reader needs at least "
            f"{MIN_WIDTH}x{MIN_HEIGHT}. Make it larger, or press q to quit."
        )
