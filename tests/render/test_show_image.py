"""``show`` draws the stored feature image on a terminal, and keeps the text placeholder
when piped, with --plain, NO_COLOR or --no-image; piped, Pillow is never imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from conftest import Runner
from newscli.model.article import Article
from newscli.reader.page_parts import page_parts
from newscli.render.image import UPPER_HALF
from newscli.render.page import article_page
from newscli.store import images as media
from pictures import picture_bytes

Image = pytest.importorskip("PIL.Image")

CAPTION = "Boats at the quay"


@pytest.fixture
def article_id(run: Runner, data_dir: Path) -> str:
    result = run(
        "add", "--title", "Harbour lights", "--body", "The lights came back.",
        "--image", "https://x.test/a.png",
    )  # fmt: skip
    article_id = result.stdout.strip()
    media.store_image(picture_bytes("PNG", (64, 36)), data_dir / "media", article_id)
    return article_id


def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich treats stdout as a terminal of 30 lines."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("LINES", "30")


def test_on_a_terminal_the_image_is_drawn_above_the_headline(
    run: Runner, article_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal(monkeypatch)
    shown = run("show", article_id, "--no-pager")
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert "\x1b[" in shown.stdout and "feature image" not in shown.stdout
    blocks = [n for n, line in enumerate(shown.stdout.splitlines()) if UPPER_HALF in line]
    headline = next(n for n, line in enumerate(shown.stdout.splitlines()) if "Harbour" in line)
    assert blocks == list(range(10))  # a third of 30 lines, from the top
    assert blocks[-1] < headline


@pytest.mark.parametrize(
    ("args", "env"),
    [(["--no-image"], {}), ([], {"NO_COLOR": "1"}), (["--plain"], {}), ([], {"FORCE_COLOR": ""})],
    ids=["--no-image", "NO_COLOR", "--plain", "piped"],
)
def test_otherwise_the_placeholder_stays(
    run: Runner,
    article_id: str,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: dict[str, str],
) -> None:
    terminal(monkeypatch)
    for name, value in env.items():
        if value:
            monkeypatch.setenv(name, value)
        else:
            monkeypatch.delenv(name)
    shown = run("show", article_id, "--no-pager", *args)
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert "feature image" in shown.stdout and UPPER_HALF not in shown.stdout


def test_a_broken_stored_image_is_a_warning_and_the_placeholder(
    run: Runner, article_id: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal(monkeypatch)
    (data_dir / "media" / f"{article_id}.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    shown = run("show", article_id, "--no-pager")
    assert shown.exit_code == 0 and "feature image" in shown.stdout
    assert shown.stderr.startswith("newscli: warning: image not drawn: ")
    assert shown.stderr.count("\n") == 1


_PROBE = """
import json, sys
from newscli.cli import main
code = main(json.loads(sys.argv[1]))
sys.stderr.write(json.dumps([m for m in ("PIL", "newscli.render.image") if m in sys.modules]))
sys.exit(code)
"""


@pytest.mark.parametrize("force", ["", "1"], ids=["piped", "probe-can-fail"])
def test_piped_show_imports_neither_pillow_nor_the_drawing(article_id: str, force: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "FORCE_COLOR"}
    if force:
        env["FORCE_COLOR"] = force
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(["show", article_id, "--no-pager"])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stderr.rsplit("\n", 1)[-1])
    assert loaded == (["PIL", "newscli.render.image"] if force else [])


def article() -> Article:
    stamp = datetime(2024, 6, 6, tzinfo=UTC)
    return Article(
        id="abcd2345", title="Harbour lights", body="Back on.", added=stamp, updated=stamp,
        image="https://x.test/a.png", image_caption=CAPTION,
    )  # fmt: skip


@pytest.mark.parametrize("width", [40, 88])
def test_the_page_draws_the_picture_in_place_of_the_placeholder(width: int) -> None:
    console = Console(width=width, height=30, record=True, color_system="truecolor")
    picture = Image.new("RGB", (64, 36), (200, 40, 40))
    console.print(article_page(article(), picture=picture), width=width)
    lines = console.export_text(styles=False).splitlines()
    drawn = [n for n, line in enumerate(lines) if UPPER_HALF in line]
    assert drawn == list(range(len(drawn))) and 1 <= len(drawn) <= 10
    assert lines[len(drawn)].strip() == CAPTION
    assert max(len(lines[n].rstrip()) for n in drawn) <= width
    assert lines[len(drawn) + 2] == "Harbour lights"
    assert "feature image" not in "\n".join(lines)


def test_the_reader_page_draws_it_too() -> None:
    console = Console(width=60, height=30, record=True)
    picture = Image.new("RGB", (64, 36), (200, 40, 40))
    for part in page_parts(article(), picture=picture).head:
        console.print(part)
    assert UPPER_HALF in console.export_text()
