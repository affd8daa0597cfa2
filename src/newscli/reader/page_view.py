"""The article's page drawn with Textual's Line API: one widget, not one a comment.

The page comes as parts (what precedes the comments, each comment, what follows); each is
drawn as a Static of its own would draw it at the page's width, and a part can be marked
focused (the ``$boost`` background), folded (italic) or hidden. Its container scrolls it,
asking only for the lines on screen, so opening an article lays out two widgets whatever
the length of its discussion.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual, visualize
from textual.widgets import Static


class PageView(Static):
    """The page (its ``content``: all parts together), drawn part by part so that
    ``mark`` can set the focused, folded and hidden ones."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"page-view--focused"}

    def __init__(self) -> None:
        super().__init__(Group())
        self.parts: list[RenderableType] = []
        self.focused: int | None = None
        self.folded: frozenset[int] = frozenset()
        self.hidden: frozenset[int] = frozenset()
        self._width = 0
        self._drawn: dict[tuple[int, bool, bool], list[Strip]] = {}
        self._tops: list[int | None] = []
        self._lines: list[Strip] = []

    def show(self, parts: Sequence[RenderableType]) -> None:
        """Draw ``parts`` instead, none of them marked."""
        self.parts = list(parts)
        self.focused, self.folded, self.hidden = None, frozenset(), frozenset()
        self._drawn.clear()
        self._tops, self._lines = [], []
        self.content = Group(*parts)  # lays the page out again

    def mark(self, focused: int | None, folded: frozenset[int], hidden: frozenset[int]) -> None:
        """Set the focused part, the folded ones and the hidden ones (indexes in ``parts``)."""
        if (focused, folded, hidden) == (self.focused, self.folded, self.hidden):
            return
        lines = len(self._lines)
        self.focused, self.folded, self.hidden = focused, folded, hidden
        self._arrange(self._width)
        self.refresh(layout=len(self._lines) != lines)

    def top_of(self, index: int) -> int | None:
        """The line of the page part ``index`` starts at; None while hidden."""
        return self._tops[index] if index < len(self._tops) else None

    def _part(self, index: int, focused: bool, folded: bool) -> list[Strip]:
        """Part ``index`` as a Static of its own (marked so) would draw it."""
        key = (index, focused, folded)
        if key not in self._drawn:
            style = self.visual_style
            if folded:
                style += Style(italic=True)
            visual = visualize(self, self.parts[index])
            if not focused:
                self._drawn[key] = Visual.to_strips(self, visual, self._width, None, style)
            else:  # on its own background up to the page's width
                boost = self.get_component_styles("page-view--focused").background
                pad = Style(background=self.background_colors[1] + boost).rich_style
                strips = Visual.to_strips(
                    self, visual, self._width, None, style + Style(background=boost)
                )
                self._drawn[key] = [s.adjust_cell_length(self._width, pad) for s in strips]
        return self._drawn[key]

    def _arrange(self, width: int) -> None:
        """Lay the visible parts one under the other, ``width`` wide."""
        if width != self._width:
            self._width = width
            self._drawn.clear()
        self._tops, self._lines = [], []
        for index in range(len(self.parts)):
            if index in self.hidden:
                self._tops.append(None)
                continue
            self._tops.append(len(self._lines))
            self._lines += self._part(index, index == self.focused, index in self.folded)

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
