"""`newscli list`: order, formats, filters, sorting, limits and unreadable files."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import Runner

Adder = Callable[..., str]
ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
ROW_KEYS = [
    "id",
    "title",
    "dateline",
    "published",
    "added",
    "updated",
    "url",
    "source",
    "author",
    "image",
    "tags",
    "rating",
    "comments",
]


def _ok(run: Runner, *args: str) -> str:
    result = run("list", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def _ids(run: Runner, *args: str) -> list[str]:
    return _ok(run, "--format", "ids", *args).splitlines()


def _json(run: Runner, *args: str) -> list[dict[str, Any]]:
    rows = json.loads(_ok(run, "--format", "json", *args))
    assert isinstance(rows, list)
    return rows


@pytest.fixture
def three(add: Adder) -> dict[str, str]:
    """Three articles: two with a published date, one (added last) without."""
    return {
        "old": add("--published", "2023-01-10", title="Old Pier Closes", body="Rust won."),
        "mid": add("--published", "2024-08-15", title="Mid Pier Opens", body="Fresh planks."),
        "undated": add(title="Undated Pier Notice", body="Mind the gap."),
    }


# --- order -------------------------------------------------------------------------------


def test_newest_first_by_published(add: Adder, run: Runner) -> None:
    older = add("--published", "2022-03-01", title="Older", body="x")
    newer = add("--published", "2024-03-01", title="Newer", body="x")
    oldest = add("--published", "2019-03-01", title="Oldest", body="x")
    assert _ids(run) == [newer, older, oldest]


def test_articles_without_published_date_sort_by_added(three: dict[str, str], run: Runner) -> None:
    # The undated one was added today, which is newer than any published date here.
    assert _ids(run) == [three["undated"], three["mid"], three["old"]]
    assert _ids(run, "--sort", "oldest") == [three["old"], three["mid"], three["undated"]]


def test_future_published_date_comes_before_added_today(add: Adder, run: Runner) -> None:
    today = add(title="Today", body="x")
    future = add("--published", "2099-01-01", title="Embargoed", body="x")
    assert _ids(run) == [future, today]


# --- formats -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("json", "[]\n"), ("jsonl", ""), ("ids", ""), ("csv", None)],
)
def test_empty_store_in_each_format(run: Runner, fmt: str, expected: str | None) -> None:
    result = run("list", "--format", fmt)
    assert result.exit_code == 0
    assert result.stderr == ""
    if expected is None:
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert len(rows) == 1
        assert rows[0][:5] == ["id", "title", "dateline", "published", "added"]
    else:
        assert result.stdout == expected


def test_json_empty_is_an_empty_list(run: Runner, data_dir: Path) -> None:
    result = run("list", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == []
    assert not data_dir.exists()  # listing creates nothing


def test_empty_table_says_so_on_stderr(run: Runner) -> None:
    result = run("list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "No articles" in result.stderr


def test_json_rows_have_the_documented_keys(add: Adder, run: Runner) -> None:
    article_id = add(
        "--dateline",
        "OAKHAM",
        "--published",
        "2024-05-05T09:15:00Z",
        "--url",
        "https://news.example.test/a",
        "--source",
        "Oakham Post",
        "--author",
        "Ravi Das",
        "--tag",
        "rail",
        title="Rail Link Survey Starts",
        body="Surveyors walked the line.",
    )
    assert run("rate", article_id, "4", "--as", "kim").exit_code == 0
    assert run("comment", article_id, "About time.").exit_code == 0

    rows = _json(run)
    assert len(rows) == 1
    row = rows[0]
    assert list(row) == ROW_KEYS  # the documented keys, in a stable order
    assert set(row["rating"]) == {"average", "votes"}
    assert row["id"] == article_id
    assert row["title"] == "Rail Link Survey Starts"
    assert row["dateline"] == "OAKHAM"
    assert row["published"] == "2024-05-05T09:15:00Z"
    assert ISO_Z.fullmatch(row["added"])
    assert row["url"] == "https://news.example.test/a"
    assert row["source"] == "Oakham Post"
    assert row["author"] == "Ravi Das"
    assert row["tags"] == ["rail"]
    assert row["rating"] == {"average": 4.0, "votes": 1}
    assert row["comments"] == 1


def test_json_is_one_indented_array_though_written_a_row_at_a_time(add: Adder, run: Runner) -> None:
    add("--tag", "Ports", "--tag", "Rail", title="Tagged Pier", body="Boards.")
    add(title="Plain Pier", body="Nails.")
    out = _ok(run, "--format", "json")
    assert out == json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"


def test_a_listing_leaves_no_index_connection_open(three: dict[str, str], run: Runner) -> None:
    """main closes what the command opened: an open connection would keep anyone from
    changing the index file (here, its journal mode) until Python collected it."""
    from newscli import settings

    for fmt in ("table", "json", "ids"):
        _ok(run, "--format", fmt)
        index_file = settings.index_path(settings.data_dir(None))
        con = sqlite3.connect(index_file, timeout=0.1, isolation_level=None)
        try:
            assert con.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
            assert con.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
        finally:
            con.close()


def test_dates_in_json_are_iso_8601_in_utc_with_z(three: dict[str, str], run: Runner) -> None:
    for row in _json(run):
        assert ISO_Z.fullmatch(row["added"]), row["added"]
        if row["published"] is not None:
            assert ISO_Z.fullmatch(row["published"]), row["published"]
    by_id = {row["id"]: row for row in _json(run)}
    assert by_id[three["old"]]["published"] == "2023-01-10T00:00:00Z"
    assert by_id[three["undated"]]["published"] is None


def test_jsonl_has_one_object_per_line_in_order(three: dict[str, str], run: Runner) -> None:
    lines = _ok(run, "--format", "jsonl").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [row["id"] for row in rows] == [three["undated"], three["mid"], three["old"]]
    assert rows == _json(run)


def test_csv_has_a_header_and_one_row_per_article(three: dict[str, str], run: Runner) -> None:
    rows = list(csv.DictReader(io.StringIO(_ok(run, "--format", "csv"))))
    assert [row["id"] for row in rows] == [three["undated"], three["mid"], three["old"]]
    assert rows[1]["title"] == "Mid Pier Opens"
    assert rows[1]["published"] == "2024-08-15T00:00:00Z"
    assert rows[0]["published"] == ""
    assert rows[1]["comments"] == "0"


def test_csv_quotes_commas_quotes_and_newlines(add: Adder, run: Runner) -> None:
    article_id = add(
        "--tag", "a,b", "--tag", "c", "--author", 'Lee "Ink" Park', title='Say "cheese", please'
    )
    assert run("rate", article_id, "5", "--as", "x").exit_code == 0
    assert run("rate", article_id, "2", "--as", "y").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(_ok(run, "--format", "csv"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == article_id
    assert row["title"] == 'Say "cheese", please'
    assert row["author"] == 'Lee "Ink" Park'
    assert row["rating"] == "3.5"
    assert row["votes"] == "2"
    assert row["comments"] == "0"


def test_ids_format_is_one_id_per_line(three: dict[str, str], run: Runner) -> None:
    out = _ok(run, "--format", "ids")
    assert out == "".join(f"{three[k]}\n" for k in ("undated", "mid", "old"))


def test_table_lists_every_article_without_ansi_codes(three: dict[str, str], run: Runner) -> None:
    out = _ok(run)
    assert "\x1b" not in out
    for article_id in three.values():
        assert article_id in out
    assert "Mid Pier Opens" in out
    assert "2024-08-15" in out
    assert out.index(three["undated"]) < out.index(three["mid"]) < out.index(three["old"])


def test_table_shows_rating_and_comment_count(add: Adder, run: Runner) -> None:
    article_id = add(title="Rated One", body="x")
    assert run("rate", article_id, "5", "--as", "a").exit_code == 0
    assert run("rate", article_id, "2", "--as", "b").exit_code == 0
    assert run("comment", article_id, "hello").exit_code == 0
    line = next(x for x in _ok(run, "-f", "table").splitlines() if x.startswith(article_id))
    assert "3.5 (2)" in line
    assert line.rstrip().endswith("1")


# --- filters -----------------------------------------------------------------------------


@pytest.fixture
def tagged(add: Adder) -> dict[str, str]:
    return {
        "both": add("--tag", "Transport", "--tag", "Harbour", title="Ferry", body="Boats."),
        "transport": add("--tag", "transport", title="Tram", body="Rails."),
        "none": add(title="Bakery", body="Bread and harbour views."),
    }


def test_tag_is_case_insensitive(tagged: dict[str, str], run: Runner) -> None:
    assert sorted(_ids(run, "--tag", "TRANSPORT")) == sorted([tagged["both"], tagged["transport"]])


def test_repeated_tags_must_all_match(tagged: dict[str, str], run: Runner) -> None:
    assert _ids(run, "--tag", "transport", "-t", "harbour") == [tagged["both"]]
    assert _ids(run, "--tag", "transport", "--tag", "nosuchtag") == []


def test_tag_with_inner_spaces_matches_as_it_was_given(add: Adder, run: Runner) -> None:
    # The same text given to `add --tag` and to `list --tag` should find the article.
    article_id = add("--tag", "Old  Town", title="Square", body="x")
    assert _ids(run, "--tag", "old town") == [article_id]
    assert _ids(run, "--tag", "Old  Town") == [article_id]


def test_no_match_in_table_says_so_on_stderr(tagged: dict[str, str], run: Runner) -> None:
    result = run("list", "--tag", "nosuchtag")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "No articles found.\n"


def test_search_is_case_insensitive_in_title_and_body(tagged: dict[str, str], run: Runner) -> None:
    assert _ids(run, "--search", "FERRY") == [tagged["both"]]  # title
    assert _ids(run, "-s", "HARBOUR VIEWS") == [tagged["none"]]  # body
    assert _ids(run, "--search", "zeppelin") == []


def test_search_and_tag_combine(tagged: dict[str, str], run: Runner) -> None:
    assert _ids(run, "--search", "ra*", "--tag", "transport") == [tagged["transport"]]


# --- sort and limit -------------------------------------------------------------------------


@pytest.fixture
def sortable(add: Adder, run: Runner) -> dict[str, str]:
    ids = {
        "banana": add("--published", "2024-02-01", title="banana boats", body="x"),
        "apple": add("--published", "2024-03-01", title="Apple carts", body="x"),
        "cherry": add("--published", "2024-01-01", title="Cherry trees", body="x"),
    }
    for voter, stars in (("a", "5"), ("b", "4")):  # banana: 4.5 from 2 votes
        assert run("rate", ids["banana"], stars, "--as", voter).exit_code == 0
    assert run("rate", ids["cherry"], "3", "--as", "a").exit_code == 0  # cherry: 3.0
    for text in ("one", "two"):
        assert run("comment", ids["cherry"], text).exit_code == 0
    assert run("comment", ids["apple"], "three").exit_code == 0
    return ids


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("newest", ["apple", "banana", "cherry"]),
        ("oldest", ["cherry", "banana", "apple"]),
        ("rating", ["banana", "cherry", "apple"]),
        ("comments", ["cherry", "apple", "banana"]),
        ("title", ["apple", "banana", "cherry"]),
    ],
)
def test_sort(sortable: dict[str, str], run: Runner, sort: str, order: list[str]) -> None:
    assert _ids(run, "--sort", sort) == [sortable[name] for name in order]


def test_limit_keeps_the_first_rows_of_the_order(sortable: dict[str, str], run: Runner) -> None:
    assert _ids(run, "--limit", "2") == [sortable["apple"], sortable["banana"]]
    assert _ids(run, "-n", "1", "--sort", "rating") == [sortable["banana"]]
    assert len(_json(run, "--limit", "99")) == 3


# --- unreadable files ----------------------------------------------------------------------


def test_corrupt_file_is_skipped_with_a_warning(
    three: dict[str, str], run: Runner, data_dir: Path
) -> None:
    (data_dir / "articles" / "zzzzzzzz.toml").write_text('title = "unclosed\n', "utf-8")

    for fmt in ("json", "table"):
        result = run("list", "--format", fmt)
        assert result.exit_code == 0
        warnings = result.stderr.splitlines()
        assert len(warnings) == 1
        assert "warning" in warnings[0]
        assert "zzzzzzzz.toml" in warnings[0]
        assert "Traceback" not in result.stderr
        for article_id in three.values():
            assert article_id in result.stdout
    rows = json.loads(run("list", "--format", "json").stdout)
    assert sorted(row["id"] for row in rows) == sorted(three.values())


def test_file_whose_id_does_not_match_its_name_is_skipped(
    three: dict[str, str], run: Runner, data_dir: Path
) -> None:
    source = data_dir / "articles" / f"{three['mid']}.toml"
    (data_dir / "articles" / "yyyyyyyy.toml").write_bytes(source.read_bytes())

    result = run("list", "--format", "ids")
    assert result.exit_code == 0
    assert "yyyyyyyy.toml" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert sorted(result.stdout.splitlines()) == sorted(three.values())


def test_unrelated_files_in_the_articles_folder_are_ignored(
    three: dict[str, str], run: Runner, data_dir: Path
) -> None:
    (data_dir / "articles" / "notes.txt").write_text("not an article", "utf-8")
    (data_dir / "articles" / "README.toml").write_text("x = 1", "utf-8")
    result = run("list", "--format", "ids")
    assert (result.exit_code, result.stderr) == (0, "")
    assert sorted(result.stdout.splitlines()) == sorted(three.values())
