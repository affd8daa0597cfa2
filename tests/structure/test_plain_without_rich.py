"""Plain outputs never load Rich: a real process runs the command, then lists its modules."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable

import pytest

from conftest import Runner
from newscli.choices import ExportFormat

# Runs newscli in this process, then names every ``rich`` module loaded, on stderr.
_PROBE = """
import json, sys
from newscli.cli import main
code = main(json.loads(sys.argv[1]))
sys.stderr.write(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "rich")))
sys.exit(code)
"""


def _rich_modules(*args: str) -> list[str]:
    """The ``rich`` modules that ``newscli ARGS`` loaded; the command must succeed."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stderr.rsplit("\n", 1)[-1])
    return loaded


@pytest.fixture
def article_id(add: Callable[..., str], run: Runner) -> str:
    """An article with a rating and a comment thread, so every part of a page is written."""
    article_id = add(title="Plain", body="One.\n\nTwo.")
    assert run("rate", article_id, "4", "--as", "kim").exit_code == 0
    assert run("comment", article_id, "About time.").exit_code == 0
    return article_id


def test_show_plain_loads_no_rich(article_id: str) -> None:
    assert _rich_modules("show", article_id, "--plain") == []


def test_list_jsonl_loads_no_rich(article_id: str) -> None:
    assert _rich_modules("list", "--format", "jsonl") == []


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_loads_no_rich(article_id: str, fmt: ExportFormat) -> None:
    assert _rich_modules("export", "--format", fmt, article_id) == []


def test_the_probe_sees_rich_when_a_command_loads_it(article_id: str) -> None:
    assert "rich.console" in _rich_modules("show", article_id, "--width", "60")
