"""The feature image drawn in colour half-blocks on a fixed-size truecolor console."""

from __future__ import annotations

import io

import pytest
from rich.color import ColorTriplet
from rich.console import Console, RenderableType
from rich.segment import Segment

from newscli.render.image import LOWER_HALF, UPPER_HALF, feature_image, fit

Image = pytest.importorskip("PIL.Image")

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)


def quadrants() -> Image.Image:
    """20 x 10 pixels: red, green above blue, white; saved and read back as a PNG."""
    picture = Image.new("RGB", (20, 10))
    for box, colour in [
        ((0, 0, 10, 5), RED),
        ((10, 0, 20, 5), GREEN),
        ((0, 5, 10, 10), BLUE),
        ((10, 5, 20, 10), WHITE),
    ]:
        picture.paste(colour, box)
    png = io.BytesIO()
    picture.save(png, "PNG")
    return Image.open(io.BytesIO(png.getvalue())).convert("RGBA")


def console(width: int, height: int = 45) -> Console:
    return Console(
        width=width,
        height=height,
        file=io.StringIO(),
        record=True,
        force_terminal=True,
        color_system="truecolor",
    )


def lines(width: int, renderable: RenderableType) -> tuple[list[str], list[list[Segment]]]:
    out = console(width)
    out.print(renderable)
    rendered = out.render_lines(renderable, out.options, pad=False)
    return out.export_text().splitlines(), rendered


def colours(cell: Segment) -> tuple[ColorTriplet | None, ColorTriplet | None]:
    assert cell.style is not None
    fore, back = cell.style.color, cell.style.bgcolor
    return (fore.triplet if fore else None, back.triplet if back else None)


def cells(line: list[Segment]) -> list[Segment]:
    """The line's segments split one character each, without the left margin."""
    split = [Segment(ch, seg.style) for seg in line for ch in seg.text]
    return [seg for seg in split if seg.text != " " or seg.style]


def test_at_40_columns_the_picture_fills_the_width() -> None:
    text, rendered = lines(40, feature_image(quadrants()))
    assert text == [UPPER_HALF * 40] * 10  # 20 x 10 pixels at 40 wide: 40 x 20, 10 lines
    first, last = cells(rendered[0]), cells(rendered[-1])
    assert colours(first[0]) == (RED, RED)
    assert colours(first[-1]) == (GREEN, GREEN)
    assert colours(last[0]) == (BLUE, BLUE)
    assert colours(last[-1]) == (WHITE, WHITE)


def test_at_88_columns_a_third_of_the_screen_limits_it_and_it_is_centred() -> None:
    text, rendered = lines(88, feature_image(quadrants(), "The ferry at night"))
    # 88 wide would be 22 lines; a third of 45 is 15 lines, 30 pixels high, so 60 wide.
    assert text[:15] == [" " * 14 + UPPER_HALF * 60] * 15
    assert text[15:] == ["The ferry at night"]
    assert colours(cells(rendered[0])[0]) == (RED, RED)
    assert colours(cells(rendered[14])[-1]) == (WHITE, WHITE)


def test_the_caption_is_inert_text() -> None:
    text, rendered = lines(40, feature_image(quadrants(), "[bold]Ferry[/]\x1b[2J"))
    assert text[-1] == "[bold]Ferry[/]␛[2J"
    assert rendered[-1][0].style is not None and rendered[-1][0].style.italic


def test_each_cell_shows_two_pixels_and_transparency_stays_background() -> None:
    picture = Image.new("RGBA", (2, 2), (0, 0, 0, 0))
    picture.putpixel((1, 1), (*RED, 255))
    text, rendered = lines(2, feature_image(picture, max_rows=1))
    assert text == [" " + LOWER_HALF]
    assert colours(rendered[0][-1]) == (RED, None)
    picture.putpixel((0, 0), (*BLUE, 255))
    text, rendered = lines(2, feature_image(picture, max_rows=1))
    assert text == [UPPER_HALF + LOWER_HALF]
    assert colours(rendered[0][0]) == (BLUE, None)
    picture.putpixel((0, 1), (*GREEN, 255))
    text, rendered = lines(2, feature_image(picture, max_rows=1))
    assert text == [UPPER_HALF + LOWER_HALF]
    assert colours(rendered[0][0]) == (BLUE, GREEN)  # the upper pixel on the lower one


@pytest.mark.parametrize(
    ("size", "width", "rows", "expected"),
    [
        ((1600, 900), 88, 13, (46, 13)),  # 88 wide would be 25 lines
        ((1600, 900), 88, 40, (88, 25)),
        ((900, 1600), 88, 13, (15, 13)),  # a portrait picture is narrow
        ((10_000, 1), 88, 13, (88, 1)),
        ((1, 10_000), 88, 13, (1, 13)),
    ],
)
def test_fit(size: tuple[int, int], width: int, rows: int, expected: tuple[int, int]) -> None:
    assert fit(size, width, rows) == expected
