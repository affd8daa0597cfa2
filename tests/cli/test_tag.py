"""`newscli tag ID +TAG -TAG`: tags changed under the article's lock."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli import api
from newscli.errors import InvalidInput

Adder = Callable[..., str]


@pytest.fixture
def article(add: Adder) -> str:
    return add("--tag", "Ferries", title="Night Ferry Returns")


def _tags(run: Runner, article: str) -> list[str]:
    rows = json.loads(run("list", "--format", "json").stdout)
    return next(row["tags"] for row in rows if row["id"] == article)


def test_add_and_remove(article: str, run: Runner) -> None:
    result = run("tag", article, "+harbour", "long read", "-ferries")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "harbour\nlong read\n"
    assert _tags(run, article) == ["harbour", "long read"]


def test_tags_that_look_like_options(article: str, run: Runner) -> None:
    result = run("tag", article, "+-x", "--", "-h", "-ferries")  # -h before -- is help
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "-x\n"


def test_the_readme_dash_tag_examples(article: str, run: Runner) -> None:
    run("tag", article, "odd")
    added = run("tag", article, "+-odd")
    assert added.stdout.split("\n") == ["Ferries", "odd", "-odd", ""]
    removed = run("tag", article, "--", "-odd")  # removes "odd", not "-odd"
    assert removed.stdout == "Ferries\n-odd\n"
    again = run("tag", article, "--odd")
    assert (again.exit_code, again.stdout) == (0, "Ferries\n")


def test_no_change_lists_the_tags_and_writes_nothing(
    article: str, run: Runner, data_dir: Path
) -> None:
    before = snapshot(data_dir)
    result = run("tag", article[:4])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "Ferries\n", "")
    assert snapshot(data_dir) == before


def test_repeats_and_case(article: str, run: Runner) -> None:
    result = run("tag", article, "+FERRIES", "+Harbour", "+harbour  ")
    assert result.stdout == "Ferries\nHarbour\n"
    result = run("tag", article, "-HARBOUR", "-not-there")
    assert result.stdout == "Ferries\n"


@pytest.mark.parametrize("tag", ["+", "-", "+   ", "-\t"])
def test_an_empty_tag_is_refused(tag: str, article: str, run: Runner, data_dir: Path) -> None:
    before = snapshot(data_dir)
    result = run("tag", article, "+fine", tag)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "newscli: error: a tag cannot be empty\n"
    assert snapshot(data_dir) == before


def test_the_api(data_dir: Path) -> None:
    store = api.open_store(data_dir)
    article = api.add_article(store, api.Draft(title="T", body="B", tags=["a"])).id
    assert api.tag_article(store, article, add=["b"], remove=["A"]) == ["b"]
    assert store.load(article).tags == ["b"]
    with pytest.raises(InvalidInput, match="NUL"):
        api.tag_article(store, article, add=["c\0"])
