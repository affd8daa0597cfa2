"""Small pictures made with Pillow for the image tests (which skip without Pillow)."""

from __future__ import annotations

import io
import struct


def picture_bytes(fmt: str = "PNG", size: tuple[int, int] = (16, 9)) -> bytes:
    """A red picture of ``size`` in ``fmt``."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, fmt)
    return out.getvalue()


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header says it is ``width`` x ``height`` pixels."""
    data = bytearray(picture_bytes("JPEG"))
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)
