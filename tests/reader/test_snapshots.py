"""SVG snapshots of the list and the article view (update: pytest --snapshot-update)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newscli.reader.app import ReaderApp
from reader.conftest import FakeActions

SnapCompare = Callable[..., bool]
SIZES = [(60, 20), (100, 40), (140, 45)]


@pytest.mark.parametrize("size", SIZES)
def test_list_view(snap_compare: SnapCompare, actions: FakeActions, size: tuple[int, int]) -> None:
    assert snap_compare(ReaderApp(actions), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_article_view(
    snap_compare: SnapCompare, actions: FakeActions, size: tuple[int, int]
) -> None:
    assert snap_compare(ReaderApp(actions), terminal_size=size, press=["enter", "n", "n"])
