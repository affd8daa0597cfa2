"""``newscli show`` and ``comment --quote`` from the command line: widths, threads, plain
text, hostile text, and the pager."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Result, Runner, peer_comment, snapshot
from newscli import settings
from newscli.model.quotes import find_passage

Adder = Callable[..., str]
FORBIDDEN = re.compile("[\x1b\x07\x80-\x9f]")  # ESC, BEL and the C1 controls
BODY = (
    "The night market moved to the old rail yard this spring.\n\n"
    "Stall holders say the new site has “room for twice as many” stalls and better lighting.\n\n"
    "The market opens at six and closes at midnight."
)


@pytest.fixture
def article(add: Adder) -> str:
    return add(
        "--dateline",
        "TAINAN",
        "--published",
        "2025-04-10",
        "--image",
        "https://img.example.test/market.jpg",
        title="Night Market Moves to the Old Rail Yard",
        body=BODY,
    )


# What ``comment`` says on stderr: as whom it wrote.
_COMMENTED = re.compile(r"Commented (?:as .+|anonymously \(shown as guest\))\.\n")


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "" or _COMMENTED.fullmatch(result.stderr), result.stderr
    return result.stdout


def _stored(data_dir: Path, article_id: str) -> dict[str, Any]:
    return tomllib.loads((data_dir / "articles" / f"{article_id}.toml").read_text("utf-8"))


# comment --quote


def test_comment_quote_stores_the_passage_with_context(
    article: str, run: Runner, data_dir: Path
) -> None:
    # Typed with straight quotes and loose spaces; stored as the body has it.
    typed = '"room   for twice as many"'
    comment_id = _ok(run("comment", article, "--quote", typed, "How many?", "--as", "Ada"))
    stored = _stored(data_dir, article)["comments"][0]
    assert stored["id"] == comment_id.strip()
    assert stored["quote"] == "“room for twice as many”"
    start = BODY.index(stored["quote"])
    assert stored["quote_prefix"] == BODY[start - 32 : start]
    assert stored["quote_suffix"] == BODY[start + len(stored["quote"]) :][:32]
    assert stored["text"] == "How many?"


def test_the_quoted_passage_is_marked_and_shown_with_its_comment(article: str, run: Runner) -> None:
    _ok(run("comment", article, "--quote", "better lighting", "Much needed.", "--as", "Ada"))
    out = _ok(run("show", article))
    assert "better lighting[1]." in " ".join(out.split())
    lines = out.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("Ada  ")))
    assert lines[at + 1 : at + 3] == ["[1] “better lighting”", "Much needed."]
    assert re.search(r"^1 Comment +1 Inline Feedback$", out, re.M)


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        ("a night bazaar", "the passage 'a night bazaar' does not occur in the article"),
        ("the", "the passage 'the' occurs 2 times in the article; quote more of it to say which"),
        (" ", "the quoted passage is empty"),
    ],
)
def test_a_passage_not_in_the_body_is_refused_before_the_editor_opens(
    article: str,
    run: Runner,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    passage: str,
    message: str,
) -> None:
    # An editor that would fail loudly: the refusal must come first.
    monkeypatch.setenv("EDITOR", "false")
    before = snapshot(data_dir)
    result = run("comment", article, "--quote", passage)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"newscli: error: {message}\n"
    assert snapshot(data_dir) == before


# --width and the measure


def _comment_chain(run: Runner, article: str, depth: int) -> None:
    parent = None
    for level in range(depth):
        extra = ["--reply-to", parent] if parent else []
        words = f"Level {level} says " + "something rather long and wordy " * 4
        parent = _ok(run("comment", article, words, "--as", "A" * 30, *extra)).strip()


def test_width_60_keeps_every_line_within_60_columns(article: str, run: Runner) -> None:
    _comment_chain(run, article, 7)
    _ok(run("comment", article, "--quote", "better lighting", "x " * 80))
    out = _ok(run("show", article, "--width", "60"))
    assert max(len(line) for line in out.splitlines()) <= 60
    assert max(len(line) for line in out.splitlines()) >= 55  # the measure is used


def test_the_measure_is_at_most_88_columns(
    article: str, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = _ok(run("show", article))
    assert max(len(line) for line in out.splitlines()) == 88
    wide = _ok(run("show", article, "--width", "120"))
    assert max(len(line) for line in wide.splitlines()) == 120


def test_width_may_be_wider_than_the_console(article: str, run: Runner) -> None:
    # COLUMNS is 80 in the tests
    wide = _ok(run("show", article, "--width", "100"))
    assert max(len(line) for line in wide.splitlines()) == 100


def test_a_width_below_20_is_a_usage_error(article: str, run: Runner) -> None:
    result = run("show", article, "--width", "5")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--width" in result.stderr


# View all comments


@pytest.fixture
def busy(article: str, run: Runner) -> str:
    for number in range(25):
        _ok(run("comment", article, f"Remark number {number}.", "--as", f"user{number}"))
    return article


def test_25_comments_show_10_threads_and_the_view_all_line(busy: str, run: Runner) -> None:
    out = _ok(run("show", busy))
    shown = re.findall(r"^Remark number (\d+)\.$", out, re.M)
    assert shown == [str(n) for n in range(10)]
    assert out.splitlines()[-1] == (
        f"View all comments (15 more): newscli show {busy} --all-comments"
    )
    assert "25 Comments" in out


def test_all_comments_shows_all_25(busy: str, run: Runner) -> None:
    out = _ok(run("show", busy, "--all-comments"))
    assert re.findall(r"^Remark number (\d+)\.$", out, re.M) == [str(n) for n in range(25)]
    assert "View all comments" not in out


# --plain


def test_plain_round_trips_through_add(article: str, run: Runner, data_dir: Path) -> None:
    _ok(run("comment", article, "--quote", "better lighting", "Much needed."))
    assert run("rate", article, "4", "--as", "ann").exit_code == 0
    plain = _ok(run("show", article, "--plain"))
    copy = _ok(run("add", "--force", "-", input=plain)).strip()
    original, again = _stored(data_dir, article), _stored(data_dir, copy)
    for key in ("title", "dateline", "body", "published", "image"):
        assert again[key] == original[key], key
    assert "comments" not in again
    assert "votes" not in again


def test_plain_output_starts_like_the_page(article: str, run: Runner) -> None:
    lines = _ok(run("show", article, "--plain")).splitlines()
    assert lines[:5] == [
        "feature image: https://img.example.test/market.jpg",
        "",
        "Night Market Moves to the Old Rail Yard",
        "",
        "TAINAN — Thursday, April 10, 2025",
    ]


def test_plain_ignores_the_width(article: str, run: Runner) -> None:
    out = _ok(run("show", article, "--plain", "--width", "30"))
    assert (
        "Stall holders say the new site has “room for twice as many” stalls and better lighting."
        in out
    )


# Hostile text, in every output

HOSTILE_TITLE = "Evil \x1b]52;c;SGVsbG8=\x07 [bold red]title[/]"
HOSTILE_BODY = "Wipe \x1b[2J here, a C1 \x9b31m there, and [link=http://x]click[/link] too."


@pytest.fixture
def hostile(add: Adder, data_dir: Path) -> str:
    article_id = add(
        "--image",
        "https://x.test/\x1b]8;;http://evil\x1b\\pic",
        "--source",
        "Src\x9d0;x\x07",
        title=HOSTILE_TITLE,
        body=HOSTILE_BODY,
    )
    # A name no command takes, as a peer's file can hold it.
    passage = find_passage(HOSTILE_BODY, "click[/link]")
    peer_comment(
        data_dir,
        article_id,
        "Re \x1b[1m[b]x[/b]",
        "E\x1b",
        quote=passage.quote,
        quote_prefix=passage.prefix,
        quote_suffix=passage.suffix,
    )
    return article_id


@pytest.mark.parametrize(
    "args",
    [
        ("show",),
        ("show", "--plain"),
        ("show", "--all-comments", "--width", "60"),
        ("list",),
        ("list", "--format", "json"),
        ("list", "--format", "jsonl"),
        ("list", "--format", "csv"),
        ("list", "--format", "ids"),
    ],
)
def test_no_escape_bel_or_c1_byte_reaches_stdout(
    hostile: str, run: Runner, args: tuple[str, ...]
) -> None:
    out = _ok(run(*args))
    assert not FORBIDDEN.search(out), repr(FORBIDDEN.findall(out))
    if args[0] == "show":
        flat = " ".join(out.split())
        assert "[bold red]title[/]" in flat
        assert "[link=http://x]click[/link]" in flat
        assert "[b]x[/b]" in flat
        assert "␛]52;c;SGVsbG8=␇" in flat  # visible, and inert


RICH_SEQUENCES = re.compile("\x1b\\[[0-9;]*m|\x1b\\]8;[^\x1b\x07]*\x1b\\\\")


def test_on_a_colour_terminal_only_our_own_styles_and_links_are_sent(
    hostile: str, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = _ok(run("show", hostile, "--no-pager"))
    assert "\x1b[" in out
    rest = RICH_SEQUENCES.sub("", out)
    assert not FORBIDDEN.search(rest), repr(FORBIDDEN.findall(rest))
    assert "[link=http://x]click[/link]" in rest


def test_markup_stays_literal_in_list_formats(hostile: str, run: Runner) -> None:
    assert "[bold red]title[/]" in _ok(run("list", "--format", "json"))
    rows = list(csv.DictReader(io.StringIO(_ok(run("list", "--format", "csv")))))
    assert "[bold red]title[/]" in rows[0]["title"]
    assert json.loads(_ok(run("list", "--format", "jsonl")))["title"] == HOSTILE_TITLE


# The pager


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Make stdout count as a colour terminal of 20 lines, and a pager that saves its input."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("LINES", "20")
    saved = tmp_path / "paged.txt"
    script = f"import sys; open({str(saved)!r}, 'w').write(sys.stdin.read())"
    monkeypatch.setenv("NEWSCLI_PAGER", f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}")
    monkeypatch.setenv("PAGER", "false")
    return saved


def test_a_tall_page_goes_through_the_pager_with_colours(
    article: str, run: Runner, terminal: Path
) -> None:
    assert _ok(run("show", article)) == ""
    paged = terminal.read_text(encoding="utf-8")
    assert "\x1b[1mNight Market Moves" in paged  # styles kept
    assert "The market opens at six" in paged


def test_no_pager_prints_in_colour(article: str, run: Runner, terminal: Path) -> None:
    out = _ok(run("show", article, "--no-pager"))
    assert "\x1b[1mNight Market Moves" in out
    assert not terminal.exists()


def test_a_page_that_fits_is_not_paged_unless_asked(
    add: Adder, run: Runner, terminal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINES", "60")
    short = add(title="Short", body="Brief.")
    assert "Brief." in _ok(run("show", short))
    assert not terminal.exists()
    assert _ok(run("show", short, "--pager")) == ""
    assert "Brief." in terminal.read_text(encoding="utf-8")


def test_pager_falls_back_to_pager_then_prints_when_it_cannot_start(
    article: str, run: Runner, terminal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSCLI_PAGER")
    monkeypatch.setenv("PAGER", "/nonexistent/pager -R")
    result = run("show", article)
    assert result.exit_code == 0
    assert "Night Market Moves" in result.stdout
    assert result.stderr == "newscli: warning: cannot start the pager; printing instead\n"


def test_never_paged_when_stdout_is_not_a_terminal(
    article: str, run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCLI_PAGER", "false")
    out = _ok(run("show", article, "--pager"))
    assert "Night Market Moves" in out
    assert "\x1b" not in out


@pytest.mark.parametrize(
    ("environ", "command"),
    [
        ({}, "less -R"),
        ({"PAGER": "more"}, "more"),
        ({"PAGER": "more", "NEWSCLI_PAGER": "most"}, "most"),
        ({"PAGER": "", "NEWSCLI_PAGER": ""}, "less -R"),
    ],
)
def test_pager_command_precedence(environ: dict[str, str], command: str) -> None:
    assert settings.pager_command(environ) == command


def test_less_keeps_colours_unless_the_user_set_less_options() -> None:
    assert settings.pager_environment({"HOME": "/h"}) == {"HOME": "/h", "LESS": "FRX"}
    assert settings.pager_environment({"LESS": "FX"})["LESS"] == "FX"
