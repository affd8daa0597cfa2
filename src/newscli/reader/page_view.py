"""The article's page drawn with Textual's Line API: one widget, not one a comment.

The page comes as parts (what precedes the comments, each comment, what follows); each is
drawn as a Static of its own would draw it at the page's width, beside a gutter of two
columns. A part can be marked focused (a bar in the gutter, on the ``$boost``
background), folded (italic, with a line saying how many replies it hides) or hidden.
Its container scrolls it, asking only for the lines on screen, so opening an article
lays out two widgets whatever the length of its discussion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, visualize
from textual.widgets import Static

from newscli.text.layout import GUTTER

BAR = "▌"


class PageView(Static):
    """The page (its ``content``: all parts together), drawn part by part so that
    ``mark`` can set the focused, folded and hidden ones."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"page-view--focused", "page-view--bar"}

    def __init__(self) -> None:
        super().__init__(Group())
        self.parts: list[RenderableType] = []
        self.focused: int | None = None
        self.folded: Mapping[int, str] = {}
        self.hidden: frozenset[int] = frozenset()
        self._width = 0
        self._drawn: dict[tuple[int, bool, str | None], list[Strip]] = {}
        self._tops: list[int | None] = []
        self._lines: list[Strip] = []

    def show(self, parts: Sequence[RenderableType]) -> None:
        """Draw ``parts`` instead, none of them marked."""
        self.parts = list(parts)
        self.focused, self.folded, self.hidden = None, {}, frozenset()
        self._drawn.clear()
        self._tops, self._lines = [], []
        self.content = Group(*parts)  # lays the page out again

    def mark(self, focused: int | None, folded: Mapping[int, str], hidden: frozenset[int]) -> None:
        """Set the focused part, the folded ones (each with the line that says what it
        hides) and the hidden ones, by their indexes in ``parts``."""
        if (focused, folded, hidden) == (self.focused, self.folded, self.hidden):
            return
        lines = len(self._lines)
        self.focused, self.folded, self.hidden = focused, dict(folded), hidden
        if not self.is_mounted:
            return  # laid out when first drawn
        self._arrange(self._width)
        self.refresh(layout=len(self._lines) != lines)

    def top_of(self, index: int) -> int | None:
        """The line of the page part ``index`` starts at; None while hidden."""
        return self._tops[index] if index < len(self._tops) else None

    def _part(self, index: int, focused: bool, folded: str | None) -> list[Strip]:
        """Part ``index`` as a Static of its own (marked so) would draw it, in the gutter."""
        key = (index, focused, folded)
        if key in self._drawn:
            return self._drawn[key]
        width = max(1, self._width - GUTTER)
        base = self.visual_style.rich_style
        style = self.visual_style
        if folded is not None:
            style += Style(italic=True)
        blank = bar = Strip([Segment(" " * GUTTER, base)])
        if focused:
            style += Style(background=self.get_component_styles("page-view--focused").background)
            bar_style = self.get_component_rich_style("page-view--bar", partial=True)
            bar = Strip([Segment(BAR.ljust(GUTTER), base + bar_style)])
        strips = Visual.to_strips(self, visualize(self, self.parts[index]), width, None, style)
        if focused:  # the background runs to the page's edge
            strips = [strip.adjust_cell_length(width, style.rich_style) for strip in strips]
        if folded is not None:  # before the blank line that ends a comment
            note = Visual.to_strips(self, visualize(self, Text(folded, "dim")), width, None, style)
            strips = [*strips[:-1], *note, *strips[-1:]] if len(strips) > 1 else [*strips, *note]
        self._drawn[key] = [
            Strip.join([bar if strip.text.strip() else blank, strip]) for strip in strips
        ]
        return self._drawn[key]

    def _arrange(self, width: int) -> None:
        """Lay the visible parts one under the other, ``width`` wide with the gutter."""
        if width != self._width:
            self._width = width
            self._drawn.clear()
        self._tops, self._lines = [], []
        for index in range(len(self.parts)):
            if index in self.hidden:
                self._tops.append(None)
                continue
            self._tops.append(len(self._lines))
            self._lines += self._part(index, index == self.focused, self.folded.get(index))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width != self._width or not self._tops:
            self._arrange(width)
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        if self.size.width != self._width:
            self._arrange(self.size.width)
        if y < len(self._lines):
            return self._lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)
