"""A feature image decoded for drawing: Pillow's image, named here for the type checker
only (``store.images`` imports Pillow when it decodes; nothing imports it to run)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TypeAlias

    from PIL.Image import Image

    Picture: TypeAlias = Image
