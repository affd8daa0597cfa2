"""`newscli rate` and `newscli comment`: votes, replacement, comments, replies and $EDITOR."""

from __future__ import annotations

import json
import re
import stat
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Runner, snapshot

Adder = Callable[..., str]
COMMENT_ID = re.compile(r"[0-9abcdefghjkmnpqrstvwxyz]{6}")


@pytest.fixture
def article(add: Adder) -> str:
    return add(title="Cable Car Reopens After Repairs", body="The cabins were repainted.")


def _row(run: Runner, article_id: str) -> dict[str, Any]:
    result = run("list", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    rows = [row for row in json.loads(result.stdout) if row["id"] == article_id]
    assert len(rows) == 1
    return rows[0]


def _record(data_dir: Path, article_id: str) -> dict[str, Any]:
    return tomllib.loads((data_dir / "articles" / f"{article_id}.toml").read_text("utf-8"))


def _rate(run: Runner, *args: str) -> str:
    """Rate; check that stdout is empty and return stderr."""
    result = run("rate", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result.stderr


def _comment(run: Runner, *args: str, input: str | bytes = b"") -> str:
    """Comment; check the streams and return the new comment id."""
    result = run("comment", *args, input=input)
    assert result.exit_code == 0, result.stderr
    assert re.fullmatch(r"Commented (as .+|anonymously \(shown as guest\))\.\n", result.stderr)
    assert result.stdout.endswith("\n")
    comment_id = result.stdout.removesuffix("\n")
    assert COMMENT_ID.fullmatch(comment_id), repr(result.stdout)
    return comment_id


# --- rate --------------------------------------------------------------------------------


def test_two_voters_give_an_average(article: str, run: Runner) -> None:
    first = _rate(run, article, "5", "--as", "noor")
    assert first == f"Rated 5 as noor.\n{article}: 5.0 from 1 vote\n"
    second = _rate(run, article, "2", "--as", "olaf")
    assert second == f"Rated 2 as olaf.\n{article}: 3.5 from 2 votes\n"
    assert _row(run, article)["rating"] == {"average": 3.5, "votes": 2}


def test_average_is_rounded_to_one_decimal(article: str, run: Runner) -> None:
    for voter, stars in (("a", "5"), ("b", "4"), ("c", "4")):
        _rate(run, article, stars, "--as", voter)
    assert _row(run, article)["rating"] == {"average": 4.3, "votes": 3}


def test_same_voter_again_replaces_the_vote(article: str, run: Runner, data_dir: Path) -> None:
    _rate(run, article, "1", "--as", "pat")
    _rate(run, article, "3", "--as", "quinn")
    again = _rate(run, article, "5", "--as", "pat")

    lines = again.splitlines()
    assert len(lines) == 3
    assert lines[0] == "Rated 5 as pat."
    assert "replaced" in lines[1].lower()
    assert "1 star" in lines[1]
    assert lines[2] == f"{article}: 4.0 from 2 votes"
    assert _row(run, article)["rating"] == {"average": 4.0, "votes": 2}
    votes = {v["voter"]: v["stars"] for v in _record(data_dir, article)["votes"]}
    assert votes == {"pat": 5, "quinn": 3}


def test_voter_defaults_to_newscli_user(
    article: str, run: Runner, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setenv("NEWSCLI_USER", "rosa")
    _rate(run, article, "2")
    replaced = _rate(run, article, "4", "--as", "rosa")
    assert "replaced" in replaced.lower()
    assert [v["voter"] for v in _record(data_dir, article)["votes"]] == ["rosa"]
    assert _row(run, article)["rating"] == {"average": 4.0, "votes": 1}


def test_as_option_wins_over_newscli_user(
    article: str, run: Runner, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setenv("NEWSCLI_USER", "rosa")
    _rate(run, article, "2", "--as", "sam")
    assert [v["voter"] for v in _record(data_dir, article)["votes"]] == ["sam"]


def test_rate_by_prefix(article: str, run: Runner) -> None:
    _rate(run, article[:4], "3", "--as", "tao")
    assert _row(run, article)["rating"] == {"average": 3.0, "votes": 1}


# --- comment -------------------------------------------------------------------------------


def test_comment_text_prints_the_comment_id(article: str, run: Runner, data_dir: Path) -> None:
    comment_id = _comment(run, article, "Finally, the view is back.", "--as", "ana")
    comments = _record(data_dir, article)["comments"]
    assert len(comments) == 1
    assert comments[0]["id"] == comment_id
    assert comments[0]["text"] == "Finally, the view is back."
    assert comments[0]["author"] == "ana"
    assert _row(run, article)["comments"] == 1


def test_an_anonymous_comment_takes_the_flag(article: str, run: Runner, data_dir: Path) -> None:
    result = run("comment", article, "Who am I?", "--anonymous")
    assert (result.exit_code, result.stderr) == (0, "Commented anonymously (shown as guest).\n")
    assert "author" not in _record(data_dir, article)["comments"][0]
    both = run("comment", article, "Both?", "--anonymous", "--as", "ana")
    assert (both.exit_code, both.stdout) == (2, "")
    assert "--anonymous is for a new comment, without --as" in both.stderr
    assert len(_record(data_dir, article)["comments"]) == 1


def test_comment_from_stdin(article: str, run: Runner, data_dir: Path) -> None:
    comment_id = _comment(run, article, "-", input="Read from a pipe.\n\nSecond paragraph.\n")
    comment = _record(data_dir, article)["comments"][0]
    assert comment["id"] == comment_id
    assert comment["text"] == "Read from a pipe.\n\nSecond paragraph."


def test_comment_as_and_email(article: str, run: Runner, data_dir: Path) -> None:
    _comment(run, article, "Signed remark.", "--as", "Vera", "--email", "vera@example.test")
    comment = _record(data_dir, article)["comments"][0]
    assert comment["author"] == "Vera"
    assert comment["email"] == "vera@example.test"
    show = run("show", article)
    assert "Vera" in show.stdout
    assert "vera@example.test" not in show.stdout  # kept, not shown


def test_comment_author_defaults_to_newscli_user(
    article: str, run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCLI_USER", "wren")
    _comment(run, article, "From the environment.")
    assert _record(data_dir, article)["comments"][0]["author"] == "wren"


def test_reply_by_comment_id_prefix(article: str, run: Runner, data_dir: Path) -> None:
    parent = _comment(run, article, "Is the fare the same?")
    reply = _comment(run, article, "Yes, unchanged.", "--reply-to", parent[:4])
    nested = _comment(run, article, "Thanks!", "--reply-to", reply)

    comments = {c["id"]: c for c in _record(data_dir, article)["comments"]}
    assert comments[reply]["parent"] == parent
    assert comments[nested]["parent"] == reply
    assert "parent" not in comments[parent]
    assert len({parent, reply, nested}) == 3
    assert _row(run, article)["comments"] == 3  # replies count too


def test_comment_on_article_by_prefix(article: str, run: Runner) -> None:
    _comment(run, article[:5], "Short id works.")
    assert _row(run, article)["comments"] == 1


# --- $EDITOR --------------------------------------------------------------------------------


def _editor(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-editor.sh"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_comment_without_text_uses_the_editor(
    article: str, run: Runner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = _editor(tmp_path, "printf 'Written in the editor.\\n' > \"$1\"")
    monkeypatch.setenv("EDITOR", str(editor))

    comment_id = _comment(run, article)
    comment = _record(data_dir, article)["comments"][0]
    assert comment["id"] == comment_id
    assert comment["text"] == "Written in the editor."


def test_editor_exiting_non_zero_saves_nothing(
    article: str, run: Runner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = _editor(tmp_path, "printf 'Half a thought\\n' > \"$1\"\nexit 3")
    monkeypatch.setenv("EDITOR", str(editor))
    before = snapshot(data_dir)

    result = run("comment", article)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "editor" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(data_dir) == before


def test_editor_saving_nothing_saves_nothing(
    article: str, run: Runner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = _editor(tmp_path, 'printf "\\n  \\n" > "$1"')
    monkeypatch.setenv("EDITOR", str(editor))
    before = snapshot(data_dir)

    result = run("comment", article)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "the comment is empty" in result.stderr
    assert snapshot(data_dir) == before


def test_no_text_and_no_editor_without_a_terminal_is_an_error(
    article: str, run: Runner, data_dir: Path
) -> None:
    before = snapshot(data_dir)
    result = run("comment", article)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "EDITOR" in result.stderr
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(
    "options", [("--reply-to", "zzzzzz"), ("--email", "not-an-address")], ids=["parent", "email"]
)
def test_a_refused_comment_is_refused_before_the_editor_opens(
    article: str,
    run: Runner,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    options: tuple[str, str],
) -> None:
    opened = tmp_path / "editor-was-opened"
    editor = _editor(tmp_path, f"touch '{opened}'\nprintf 'Long thoughts.\\n' > \"$1\"")
    monkeypatch.setenv("EDITOR", str(editor))
    before = snapshot(data_dir)

    result = run("comment", article, *options)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("newscli: error: ")
    assert not opened.exists()
    assert snapshot(data_dir) == before


def test_rate_without_any_known_name_asks_for_one(
    article: str, run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_login() -> str:
        raise OSError("no login name")

    monkeypatch.setattr("getpass.getuser", no_login)
    before = snapshot(data_dir)
    result = run("rate", article, "4")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--as NAME" in result.stderr
    assert snapshot(data_dir) == before


def test_average_rounds_half_up(run: Runner, add: Callable[..., str]) -> None:
    article_id = add()
    for voter, stars in (("a", "5"), ("b", "5"), ("c", "4"), ("d", "3")):  # 4.25
        assert run("rate", article_id, stars, "--as", voter).exit_code == 0
    row = json.loads(run("list", "--format", "json").stdout)[0]
    assert row["rating"] == {"average": 4.3, "votes": 4}
