"""The feature image drawn in colour half-blocks, with its caption under it.

Each character cell shows two pixels, one above the other: ``▀`` in the upper pixel's
colour on the lower pixel's colour. Terminal cells are about twice as high as wide, so
those pixels are about square and the picture keeps its shape. Transparent pixels are
left to the terminal's own background. Rich turns the 24-bit colours into what the
terminal can show.

Drawn here on Pillow rather than with a drawing library: rich-pixels (last release
March 2024) resizes by nearest neighbour and fixes the size before the width is known,
and textual-image queries the terminal on import (and needs Python 3.12 from 0.13 on).
Only half-blocks are drawn; Kitty and Sixel would need such a query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.color import Color
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from newscli.text.safe import neutralise

if TYPE_CHECKING:
    from PIL.Image import Image

UPPER_HALF = "▀"
LOWER_HALF = "▄"
_OPAQUE = 128  # alpha from which a pixel is drawn


def image_rows(height: int) -> int:
    """The rows the feature image may take on a terminal ``height`` rows high: a third,
    each showing two pixels."""
    return max(1, height // 3)


def feature_image(
    picture: Image, caption: str | None = None, max_rows: int | None = None
) -> RenderableType:
    """The picture as wide as the space it is printed in, at most ``max_rows`` lines high
    (a third of the console's height when not given), with the caption under it."""
    blocks = HalfBlocks(picture, max_rows)
    if not caption:
        return blocks
    return Group(blocks, Text(neutralise(caption), style="italic dim"))


def fit(size: tuple[int, int], max_width: int, max_rows: int) -> tuple[int, int]:
    """The columns and lines that show a picture of ``size`` pixels as large as fits."""
    width, height = size
    columns = max(1, max_width)
    rows = max(1, round(columns * height / width / 2))
    if rows > max_rows:
        rows = max(1, max_rows)
        columns = max(1, min(columns, round(2 * rows * width / height)))
    return columns, rows


class HalfBlocks:
    """A picture drawn in half-blocks, centred in the width it is given."""

    def __init__(self, picture: Image, max_rows: int | None = None) -> None:
        self.picture = picture
        self.max_rows = max_rows

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from PIL import Image

        max_rows = self.max_rows or image_rows(options.size.height)
        columns, rows = fit(self.picture.size, options.max_width, max_rows)
        # Scaled before it gains an alpha channel: resizing RGBA is several times slower.
        small = self.picture.resize((columns, 2 * rows), Image.Resampling.LANCZOS, reducing_gap=2.0)
        pixels = small.convert("RGBA").tobytes()
        indent = " " * ((options.max_width - columns) // 2)
        line_bytes = 4 * columns
        for row in range(rows):
            upper = pixels[2 * row * line_bytes : (2 * row + 1) * line_bytes]
            lower = pixels[(2 * row + 1) * line_bytes : (2 * row + 2) * line_bytes]
            cells = [_cell(upper[x : x + 4], lower[x : x + 4]) for x in range(0, line_bytes, 4)]
            if indent:
                yield Segment(indent)
            yield from Segment.simplify(cells)  # a run of one colour is sent once
            yield Segment.line()


def _cell(upper: bytes, lower: bytes) -> Segment:
    """One character cell showing two RGBA pixels."""
    top = Color.from_rgb(*upper[:3]) if upper[3] >= _OPAQUE else None
    bottom = Color.from_rgb(*lower[:3]) if lower[3] >= _OPAQUE else None
    if top is None and bottom is None:
        return Segment(" ")
    if top is None:
        return Segment(LOWER_HALF, Style.from_color(bottom))
    return Segment(UPPER_HALF, Style.from_color(top, bottom))
