"""Small screens over the reader: confirm, write a text, ask a line, help, too small."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Static

from newscli.reader.keys import Section, bindings
from newscli.text.safe import one_line

if TYPE_CHECKING:
    from textual.widgets import Input

# Each screen imports the widgets it alone uses when it is first shown: the reader's
# start-up loads only what its first screen draws.

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
    """A text area for a comment when no editor is set: Ctrl+S saves, Escape cancels
    (asking first when something was written)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("text")

    def __init__(self, title: str, initial: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.initial = initial

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        with Vertical():
            yield Label(Text(f"{self.title_text}  (Ctrl+S saves, Escape cancels)", style="bold"))
            yield TextArea(self.initial, id="text")

    def action_save(self) -> None:
        from textual.widgets import TextArea

        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Close without saving; words written here are thrown away only when confirmed."""
        from textual.widgets import TextArea

        text = self.query_one(TextArea).text
        if not text.strip() or text == self.initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Throw away what you wrote?"), answered)


class PromptScreen(ModalScreen[str | None]):
    """One line of input (a search, a tag), empty at first: Enter answers, Escape cancels.
    With ``choices``, what is typed is completed from them (Tab takes the suggestion) and
    a line under it lists those that match, or says that none does."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("prompt")

    def __init__(self, placeholder: str, choices: Sequence[str] = (), noun: str = "") -> None:
        super().__init__()
        self.placeholder = placeholder
        self.choices = list(choices)
        self.noun = noun

    def compose(self) -> ComposeResult:
        from textual.suggester import SuggestFromList
        from textual.widgets import Input

        suggester = SuggestFromList(self.choices, case_sensitive=False) if self.choices else None
        if self.noun:
            yield Label(self._matches(""), id="matches")
        yield Input(placeholder=self.placeholder, suggester=suggester)

    def _matches(self, typed: str) -> Text:
        """The choices starting with ``typed`` (as many as fit a line), or that none does."""
        wanted = " ".join(typed.split()).casefold()
        found = [c for c in self.choices if " ".join(c.split()).casefold().startswith(wanted)]
        if not self.choices:
            return Text(f"There are no {self.noun}s yet.")
        if not found:
            return Text(f"No {self.noun} starts with {typed.strip()!r}.")
        return Text(
            f"{self.noun}s: " + ", ".join(one_line(c) for c in found),
            no_wrap=True,
            overflow="ellipsis",
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.noun:
            self.query_one("#matches", Label).update(self._matches(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_complete(self) -> None:
        """Take the suggestion shown after what was typed."""
        from textual.widgets import Input

        box = self.query_one(Input)
        box.action_end()
        box.action_cursor_right()  # at the end, Input takes its suggestion

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen underneath, in their groups: keys and what each does."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("help")

    def __init__(self, title: str, sections: Iterable[Section]) -> None:
        super().__init__()
        self.title_text = title
        self.sections = list(sections)

    def compose(self) -> ComposeResult:
        from rich.table import Table

        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for group, rows in self.sections:
            table.add_row("", "")
            table.add_row(Text(group.capitalize(), style="bold cyan"), "")
            for keys, what in rows:
                table.add_row(keys, what)
        with VerticalScroll():
            yield Static(Text(f"Keys of {self.title_text}", style="bold"))
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
