"""Markdown with Hugo's TOML or Jekyll's YAML front matter; the body stays Markdown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Runner
from newscli.errors import InvalidInput
from newscli.ingest.parse.markdown import parse_markdown

HUGO = """+++
title = "Tide Tables Go Digital"
date = 2024-06-06T09:00:00+08:00
author = "Wu Ya-ting"
tags = ["harbour", "data"]
draft = false
images = ["https://example.org/tide.png"]
url = "/tides/"
+++

The harbour office now publishes its **tide tables** online.

- high water
- low water
"""

JEKYLL = """---
layout: post
title: "Rain Gardens on Every School Roof"
date: 2024-06-07 07:30:00 +0000
authors: [Chen Mei, Lin]
categories: [city, schools]
published_at: null
---
Schools will plant *rain gardens* this summer.
"""


def _imported(run: Runner, path: Path) -> dict[str, Any]:
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    exported = run("export", result.stdout.strip())
    return json.loads(exported.stdout)  # type: ignore[no-any-return]


def test_hugo_toml_front_matter(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "tides.md"
    source.write_text(HUGO)
    record = _imported(run, source)
    assert record["title"] == "Tide Tables Go Digital"
    assert record["published"] == "2024-06-06T01:00:00Z"
    assert record["author"] == "Wu Ya-ting"
    assert record["tags"] == ["harbour", "data"]
    assert record["image"] == "https://example.org/tide.png"
    assert record["format"] == "markdown"
    assert record["body"] == (
        "The harbour office now publishes its **tide tables** online.\n\n- high water\n- low water"
    )
    assert record["extra"] == {"draft": False, "url": "/tides/"}
    assert "url" not in record


def test_jekyll_yaml_front_matter_by_add(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "2024-06-07-rain-gardens.markdown"
    source.write_text(JEKYLL)
    result = run("add", str(source))
    assert result.exit_code == 0, result.stderr
    record = json.loads(run("export", result.stdout.strip()).stdout)
    assert record["title"] == "Rain Gardens on Every School Roof"
    assert record["published"] == "2024-06-07T07:30:00Z"
    assert record["author"] == "Chen Mei"
    assert record["body"] == "Schools will plant *rain gardens* this summer."
    assert record["extra"] == {"layout": "post", "categories": ["city", "schools"]}


def test_title_from_a_leading_heading() -> None:
    draft = parse_markdown("# Ferry Timetable\n\nBoats leave at nine.\n")
    assert draft.title == "Ferry Timetable"
    assert draft.body == "\nBoats leave at nine.\n"
    assert draft.format == "markdown"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: x\n", "never closed"),
        ("---\ntitle: [unclosed\n---\nBody", "YAML error"),
        ("+++\ntitle = \n+++\nBody", "TOML syntax error"),
        ("---\n- a list\n---\nBody", "key: value pairs"),
        ("---\ndate: someday\n---\nBody", "cannot read date"),
        ("---\nx: " + "[" * 5000 + "]" * 5000 + "\n---\nBody", "YAML nested too deeply"),
        (
            "+++\nx = " + "[" * 5000 + "]" * 5000 + "\n+++\nBody",
            "TOML syntax error: cannot recurse",
        ),
        ("+++\nx = " + "[" * 100 + "]" * 100 + "\n+++\nBody", "TOML syntax error: cannot recurse"),
        ("---\nd: 2024-13-45\n---\nBody", "YAML error: month must be in 1..12"),
        ("---\na: &a [1, 2]\nb: *a\n---\nBody", r"aliases \(\*name\) are not accepted \(line 3\)"),
    ],
)
def test_bad_front_matter_is_refused(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_markdown(text)


def test_bad_front_matter_is_a_bad_record(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "bad.md"
    source.write_text("---\ntitle: [unclosed\n---\nBody")
    result = run("import", str(source))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{source}:1: front matter: YAML error")


def test_yaml_values_toml_cannot_hold_are_kept_as_text(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "odd.md"
    source.write_text("---\ntitle: Odd\nblob: !!binary aGk=\nnothing: ~\n---\nBody.\n")
    record = _imported(run, source)
    assert record["extra"] == {"blob": "b'hi'"}


def _alias_bomb() -> str:
    """Eight levels of ten aliases each: 10**8 values from a few hundred bytes."""
    lines = ["---", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for before, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{before}"] * 10) + "]")
    return "\n".join([*lines, "title: Bomb", "---", "", "Body."]) + "\n"


@pytest.mark.parametrize("command", ["add", "import"])
def test_yaml_aliases_are_refused_at_once(run: Runner, tmp_path: Path, command: str) -> None:
    source = tmp_path / "bomb.md"
    source.write_text(_alias_bomb())
    result = run(command, str(source))
    assert result.exit_code == 1
    assert result.stdout == ""
    message = "front matter: YAML aliases (*name) are not accepted (line 3)"
    expected = f"newscli: error: {message}" if command == "add" else f"{source}:1: {message}"
    assert result.stderr.splitlines()[0] == expected
    assert len(result.stderr.splitlines()) == (1 if command == "add" else 2)
