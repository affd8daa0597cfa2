"""The api facade loads the heavy parts (sharing, importing, images) only when they are
used, and every name it offers is there."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newscli import api


@pytest.mark.parametrize("name", api.__all__)
def test_every_public_name_is_there(name: str) -> None:
    assert getattr(api, name) is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        api.nothing_here  # noqa: B018


def test_importing_the_api_loads_no_sharing_import_or_image_module() -> None:
    heavy = ("sync", "merging", "conflicts", "importing", "inputs", "images", "fetch")
    code = (
        "import sys; import newscli.api; "
        f"print(sorted(m for m in {heavy!r} if 'newscli.' + m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")
