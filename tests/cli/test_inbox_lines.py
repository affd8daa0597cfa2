"""The inbox in a pipe: a line an item, tab-separated, as `list` prints; JSON `[]` when empty."""

from __future__ import annotations

import json

from conftest import Runner


def _ok(run: Runner, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_piped_inbox_is_a_line_an_item(run: Runner) -> None:
    article = _ok(run, "add", "--title", "Ferry", "--body", "Night boat.").strip()
    mine = _ok(run, "comment", article, "Back at last.", "--as", "mei").strip()
    reply = _ok(
        run, "comment", article, "Yes,\tand\x1b[31m late.", "--as", "kai", "--reply-to", mine
    )

    lines = _ok(run, "inbox", "--as", "mei").splitlines()
    assert _ok(run, "inbox", "--as", "mei", "--format", "tsv").splitlines() == lines
    (line,) = lines
    cells = line.split("\t")
    assert cells[:3] == [article, reply.strip(), "kai"]
    assert cells[4:] == ["reply", "Ferry", "Yes, and␛[31m late."]  # tab and escape made inert
    assert cells[3].endswith("Z")


def test_an_empty_inbox_is_a_note_or_an_empty_array(run: Runner) -> None:
    _ok(run, "add", "--title", "Ferry", "--body", "Night boat.")
    empty = run("inbox", "--as", "kai")
    assert (empty.exit_code, empty.stdout, empty.stderr) == (0, "", "Your inbox is empty.\n")
    assert json.loads(_ok(run, "inbox", "--as", "kai", "--format", "json")) == []
