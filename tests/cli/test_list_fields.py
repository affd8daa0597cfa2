"""`list --fields` and the date and rating filters of `list`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api
from newscli.model.listing import FIELDS

Adder = Callable[..., str]


@pytest.fixture
def dated(add: Adder, run: Runner) -> dict[str, str]:
    ids = {
        "jan": add("--published", "2024-01-31T23:59:59Z", "--tag", "a", title="January"),
        "feb": add("--published", "2024-02-01", "--tag", "b", title="February"),
        "mar": add("--published", "2024-03-15T12:00:00Z", title="March"),
    }
    assert run("rate", ids["jan"], "2", "--as", "x").exit_code == 0
    assert run("rate", ids["feb"], "4", "--as", "x").exit_code == 0
    assert run("rate", ids["feb"], "5", "--as", "y").exit_code == 0
    return ids


def _ok(run: Runner, *args: str) -> str:
    result = run("list", *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


def test_csv_fields_in_the_order_given_with_a_header(dated: dict[str, str], run: Runner) -> None:
    rows = list(csv.reader(io.StringIO(_ok(run, "--format", "csv", "--fields", "title,id,votes"))))
    assert rows == [
        ["title", "id", "votes"],
        ["March", dated["mar"], "0"],
        ["February", dated["feb"], "2"],
        ["January", dated["jan"], "1"],
    ]


def test_csv_without_fields_keeps_every_column(dated: dict[str, str], run: Runner) -> None:
    header = next(csv.reader(io.StringIO(_ok(run, "--format", "csv"))))
    assert tuple(header) == FIELDS


def test_jsonl_fields_keep_json_values(dated: dict[str, str], run: Runner) -> None:
    out = _ok(run, "--format", "jsonl", "--fields", "id,tags,rating,votes,published")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[1] == {
        "id": dated["feb"],
        "tags": ["b"],
        "rating": {"average": 4.5, "votes": 2},
        "votes": 2,
        "published": "2024-02-01T00:00:00Z",
    }
    assert [list(row) for row in rows] == [["id", "tags", "rating", "votes", "published"]] * 3


def test_table_fields_are_the_only_columns(dated: dict[str, str], run: Runner) -> None:
    lines = _ok(run, "--fields", "id,rating", "-f", "table").splitlines()
    assert lines[0].split() == ["id", "rating"]
    assert any(line.split() == [dated["feb"], "4.5", "(2)"] for line in lines)
    assert "February" not in "\n".join(lines)


@pytest.mark.parametrize("fields", ["id,nosuch", "id,,title", "ID"])
def test_an_unknown_field_is_a_usage_error_naming_the_valid_ones(
    dated: dict[str, str], run: Runner, fields: str
) -> None:
    result = run("list", "--format", "csv", "--fields", fields)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "id, title, dateline" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "ids"])
def test_fields_do_not_apply_to_json_or_ids(dated: dict[str, str], run: Runner, fmt: str) -> None:
    result = run("list", "--format", fmt, "--fields", "id")
    assert result.exit_code == 2
    assert "csv, jsonl and table" in result.stderr


def test_since_and_until_are_inclusive_and_until_a_date_takes_the_whole_day(
    dated: dict[str, str], run: Runner
) -> None:
    def ids(*args: str) -> list[str]:
        return _ok(run, "--format", "ids", "--sort", "oldest", *args).split()

    assert ids("--since", "2024-02-01") == [dated["feb"], dated["mar"]]
    assert ids("--until", "2024-01-31") == [dated["jan"]]
    assert ids("--until", "2024-02-01T00:00:00Z") == [dated["jan"], dated["feb"]]
    assert ids("--since", "2024-02-01", "--until", "2024-03-01") == [dated["feb"]]
    assert ids("--since", "March 15, 2024") == [dated["mar"]]
    assert ids("--until", "Jan 31, 2024") == [dated["jan"]]  # 'Jan' has no time in it
    assert ids("--until", "Oct 1, 2023") == []


def test_min_rating_leaves_out_lower_and_unrated(dated: dict[str, str], run: Runner) -> None:
    assert _ok(run, "--format", "ids", "--min-rating", "2").split() == [dated["feb"], dated["jan"]]
    assert _ok(run, "--format", "ids", "--min-rating", "4.5").split() == [dated["feb"]]
    assert _ok(run, "--format", "ids", "--min-rating", "0").split() == [dated["feb"], dated["jan"]]


@pytest.mark.parametrize(
    "args", [("--since", "yesterday-ish"), ("--until", ""), ("--min-rating", "6")]
)
def test_bad_filter_values_are_usage_errors(
    dated: dict[str, str], run: Runner, args: tuple[str, str]
) -> None:
    result = run("list", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1


def test_filters_with_no_match_say_so(dated: dict[str, str], run: Runner) -> None:
    result = run("list", "--since", "2030-01-01")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No articles found.\n")


def test_rows_from_python_match_the_json(
    dated: dict[str, str], run: Runner, data_dir: Path
) -> None:
    store = api.open_store(data_dir)
    rows = api.list_articles(store, api.ListQuery(sort=api.Sort.TITLE)).rows
    assert [row.title for row in rows] == ["February", "January", "March"]
    assert [row.as_json() for row in rows] == sorted(
        json.loads(_ok(run, "--format", "json")), key=lambda r: r["title"]
    )


def test_a_row_is_the_documented_summary_of_its_article(
    dated: dict[str, str], data_dir: Path
) -> None:
    from newscli.model.article import summary
    from newscli.model.listing import Row

    for article in api.open_store(data_dir).scan().articles:
        assert Row.of(article).as_json() == summary(article)


@pytest.mark.parametrize("field", FIELDS)
def test_a_field_alone_is_what_the_whole_row_says(
    dated: dict[str, str], run: Runner, field: str
) -> None:
    """Asked for one field, the listing reads only its columns, and says the same."""
    whole = [json.loads(line) for line in _ok(run, "--format", "jsonl").splitlines()]
    alone = _ok(run, "--format", "jsonl", "--fields", field).splitlines()
    expected = [
        {field: row["rating"]["votes"] if field == "votes" else row[field]} for row in whole
    ]
    assert [json.loads(line) for line in alone] == expected


def test_two_fields_read_two_columns() -> None:
    from newscli.index import queries

    sql, _ = queries.rows(api.ListQuery(), ("id", "title"))
    read = {part.strip() for part in sql.split(" FROM ")[0].removeprefix("SELECT ").split(",")}
    assert {name for name in read if name.startswith("a.")} == {"a.id", "a.title"}
