"""What a new user meets first: help that reads well, bounded options, tags and
listings that fit pipes and narrow terminals."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TESTS, Runner
from newscli.cli.root import app
from newscli.model.article import Rating
from newscli.model.listing import Row
from newscli.render.table import Table

Adder = Callable[..., str]
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


# --- help ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_shows_no_type_names_and_no_trailing_spaces(run: Runner, command: str) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    for leak in ("<str>", "<int", "<float", "<path>", "range>", "[x>=", "<=x"):
        assert leak not in result.stdout, (command, leak)
    assert not [line for line in result.stdout.splitlines() if line.endswith(" ")]


@pytest.mark.parametrize("columns", ["80", "100", "140"])
def test_help_groups_and_sorts_the_commands_with_whole_summaries(
    run: Runner, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = run("--help").stdout
    sections = re.findall(r"^(\w+) commands:\n((?:  .*\n)+)", out, re.M)
    assert [name for name, _ in sections] == ["Read", "Write", "Discuss", "Share", "Upkeep"]
    listed = []
    for _, rows in sections:
        names = [row.split()[0] for row in rows.splitlines()]
        assert names == sorted(names)
        listed += names
    assert sorted(listed) == COMMANDS  # each once
    assert "..." not in out.split("Options:")[1]  # (the usage line has its own)
    assert all(len(line) <= 80 for line in out.splitlines())  # one line each, at 80 too


def test_sort_choices_are_one_metavar_and_listed_in_words(run: Runner) -> None:
    out = run("list", "--help").stdout
    assert "--sort ORDER" in out
    assert "newest, oldest, rating, comments, title" in " ".join(out.split())


def test_search_help_says_what_its_default_output_is(run: Runner) -> None:
    out = " ".join(run("search", "--help").stdout.split())
    assert "[default: table]" not in out
    assert "default: each hit with its passage" in out


def test_the_readme_counts_the_commands_help_lists() -> None:
    readme = (TESTS.parent / "README.md").read_text("utf-8")
    for count in re.findall(r"\b(\d+) commands\b", readme):
        assert int(count) == len(COMMANDS)


def test_a_bad_number_of_stars_has_one_message(add: Adder, run: Runner) -> None:
    article = add()
    for bad in ("x", "9", "0", "2.5"):
        result = run("rate", article, bad, "--as", "ann")
        assert result.exit_code == 2
        assert f"stars must be a whole number from 1 to 5, not {bad} " in result.stderr


# --- --width ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["19", "1001", "100000000", str(2**64)])
def test_a_width_out_of_bounds_is_a_usage_error(add: Adder, run: Runner, width: str) -> None:
    result = run("show", add(), "--width", width)
    assert (result.exit_code, result.stdout) == (2, "")
    assert "is not a number from 20 to 1000" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_widest_width_lays_out(add: Adder, run: Runner) -> None:
    result = run("show", add(title="Wide"), "--width", "1000")
    assert result.exit_code == 0
    assert "Wide" in result.stdout


# --- tag -h -------------------------------------------------------------------------------


def test_tag_h_is_help_and_removes_nothing(add: Adder, run: Runner) -> None:
    article = add("--tag", "h", "--tag", "hash", "--tag", "tech")
    result = run("tag", article, "-h")
    assert result.exit_code == 0
    assert "Usage: newscli tag" in result.stdout
    assert run("tag", article).stdout.split() == ["h", "hash", "tech"]
    # Tags with an h are no cluster of short options: they are removed as asked.
    assert run("tag", article, "-hash", "-tech").stdout.split() == ["h"]
    assert run("tag", article, "--", "-h").stdout.split() == []


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True).filter(lambda n: n != "h"))
def test_any_minus_tag_but_h_removes_that_tag(add: Adder, run: Runner, name: str) -> None:
    article = add("--tag", name, "--tag", "h", title=f"T {name}")
    result = run("tag", article, f"-{name}")
    assert (result.exit_code, result.stdout) == (0, "h\n"), result.stderr


# --- listings -----------------------------------------------------------------------------


def test_piped_list_is_one_tab_separated_line_an_article(add: Adder, run: Runner) -> None:
    long = "A very long headline about the river delta tramway that a table would wrap"
    first = add("--tag", "#hash", "--dateline", "TAIPEI", title=long)
    add(title="Short one")
    assert run("rate", first, "4", "--as", "ann").exit_code == 0
    out = run("list").stdout
    lines = out.splitlines()
    assert len(lines) == 2
    assert not set(out) & set("│─━┃┏╭")
    found = [line for line in lines if "delta tramway" in line]  # as grep would
    assert len(found) == 1
    fields = found[0].split("\t")
    assert fields[0] == first
    assert fields[2:] == ["TAIPEI", long, "#hash", "4.0", "0"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", fields[1])


def test_piped_trash_is_lines_too(add: Adder, run: Runner) -> None:
    article = add(title="Gone")
    run("rm", article)
    assert run("trash").stdout.split("\t")[0] == article


def _row(number: int, title: str, tags: tuple[str, ...] = ()) -> Row:
    return Row(
        id=f"abcd{number:04d}",
        title=title,
        dateline="KAOHSIUNG",
        published=None,
        added="2024-06-06T00:00:00Z",
        updated="2024-06-06T00:00:00Z",
        url=None,
        source=None,
        author=None,
        image=None,
        tags=tags,
        rating=Rating(4.5, 2),
        comments=1234 + number,
    )


@pytest.mark.parametrize("width", [100, 69, 60, 40])
def test_a_narrow_table_keeps_every_header_and_count(width: int) -> None:
    rows = [
        _row(n, "Night ferry returns to the islets after ten years", ("#hash",)) for n in (1, 2)
    ]
    text = "".join(Table(width).draw(rows))
    header = text.splitlines()[0].split()
    for name in ("id", "rating", "comments"):
        assert name in header, (width, header)
    assert "title" in text.splitlines()[0]
    for row in rows:
        assert row.id in text and str(row.comments) in text and "4.5 (2)" in text
    assert "##hash" not in text and "#hash" in text
    assert max(len(line) for line in text.splitlines()) <= width


# --- trailing spaces ----------------------------------------------------------------------

_CODE = st.sampled_from(["\x1b[0m", "\x1b[1;36m", "\x1b[2m"])
_PIECE = st.one_of(_CODE, st.sampled_from([" ", "  ", "a", "b c", "\n"]))


@given(pieces=st.lists(_PIECE, max_size=30))
def test_line_ends_lose_their_spaces_and_keep_their_colours(pieces: list[str]) -> None:
    from newscli.cli.output import strip_line_ends

    text = "".join(pieces)
    stripped = strip_line_ends(text)
    plain = re.compile(r"\x1b\[[0-9;]*m")
    assert plain.findall(stripped) == plain.findall(text)  # every colour change kept
    assert [line.rstrip(" ") for line in plain.sub("", text).split("\n")] == plain.sub(
        "", stripped
    ).split("\n")


def test_the_readme_says_how_newscli_gets_on_the_path_and_the_extras() -> None:
    readme = (TESTS.parent / "README.md").read_text("utf-8")
    start = readme.split("## Try it", 1)[1].split("\n## ", 1)[0]
    assert "source .venv/bin/activate" in start
    assert "pipx install ." in start
    assert ".venv/bin/pip install '.[web,images]'" in start
