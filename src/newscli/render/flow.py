"""A line of parts that wraps between its parts, never inside one.

The page's bars (``Subscribe  Notify of  new follow-up comments | new replies to my
comments``) are phrases side by side: on a narrow terminal a phrase cut in two reads as
two choices. ``Flow`` breaks the line before a part that does not fit; only a part wider
than the whole line is wrapped inside.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text


class Flow:
    """``parts`` left to right, each with the separator that follows it (dropped, but
    for its visible marks such as ``|``, where the line breaks after it)."""

    def __init__(self, parts: Iterable[tuple[Text | str, str]], style: str = "") -> None:
        self.parts = [(Text(p) if isinstance(p, str) else p, sep) for p, sep in parts]
        self.style = style

    def _lines(self, width: int) -> Iterator[Text]:
        line, pending = Text(), ""
        for part, separator in self.parts:
            if line.plain and line.cell_len + len(pending) + part.cell_len > width:
                line.append(pending.rstrip())
                yield line
                line, pending = Text(), ""
            line.append(pending).append_text(part)
            pending = separator
        if line.plain:
            yield line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = Text("\n", style=self.style).join(self._lines(options.max_width))
        text.rstrip()
        yield text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = [part.cell_len for part, _ in self.parts] or [0]
        whole = sum(part.cell_len + len(sep) for part, sep in self.parts)
        return Measurement(min(max(widths), options.max_width), min(whole, options.max_width))
