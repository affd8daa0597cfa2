"""Keep every index the tests make under pytest's temporary directory, never in the user's cache.

Session-wide, so module-scoped fixtures that start newscli processes are covered too.
(To move into tests/conftest.py.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSCLI_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield
