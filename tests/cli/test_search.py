"""`newscli search` and `list --search`: FTS5 queries, ranking, snippets, filters, errors."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text

from conftest import Runner
from newscli import api
from newscli.model.listing import MARK_END, MARK_START
from newscli.render.hits import hit_list, snippet_text

Adder = Callable[..., str]


def _hits(run: Runner, *args: str) -> list[str]:
    result = run("search", *args, "--format", "ids")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout.split()


def _json(run: Runner, *args: str) -> list[dict[str, Any]]:
    result = run("search", *args, "--format", "json")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


@pytest.fixture
def news(add: Adder, run: Runner) -> dict[str, str]:
    ids = {
        "ferry": add(
            "--dateline",
            "KEELUNG",
            "--tag",
            "Transport",
            "--published",
            "2024-06-06",
            title="Night Ferry Returns",
            body="The night ferry sails again to the islets after ten years.",
        ),
        "cafe": add(
            "--published",
            "2024-02-01",
            title="Harbour Café Reopens",
            body="Coffee by the water; the ferry timetable is on the wall.",
        ),
        "rail": add(
            "--published",
            "2023-09-09",
            title="Rail Survey Starts",
            body="Surveyors walked the old line from the ferry night market.",
        ),
    }
    assert run("comment", ids["rail"], "The lanterns were lovely.").exit_code == 0
    assert run("rate", ids["ferry"], "5", "--as", "kim").exit_code == 0
    assert run("rate", ids["cafe"], "2", "--as", "kim").exit_code == 0
    return ids


def test_a_word_finds_every_article_with_it_title_first(news: dict[str, str], run: Runner) -> None:
    hits = _hits(run, "FERRY")
    assert sorted(hits) == sorted(news.values())
    assert hits[0] == news["ferry"]  # in the title (and the body) ranks first


def test_a_phrase_needs_its_words_together(news: dict[str, str], run: Runner) -> None:
    assert sorted(_hits(run, "night ferry")) == sorted([news["ferry"], news["rail"]])
    assert _hits(run, '"night ferry"') == [news["ferry"]]


def test_and_or_not_and_prefix(news: dict[str, str], run: Runner) -> None:
    assert _hits(run, "coffee OR surveyors") != []
    assert sorted(_hits(run, "coffee OR surveyors")) == sorted([news["cafe"], news["rail"]])
    assert _hits(run, "ferry AND coffee") == [news["cafe"]]
    assert sorted(_hits(run, "ferry NOT coffee")) == sorted([news["ferry"], news["rail"]])
    assert _hits(run, "survey*") == [news["rail"]]


def test_tags_datelines_comments_and_accents_are_searched(
    news: dict[str, str], run: Runner
) -> None:
    assert _hits(run, "transport") == [news["ferry"]]
    assert _hits(run, "keelung") == [news["ferry"]]
    assert _hits(run, "lanterns") == [news["rail"]]
    assert _hits(run, "cafe") == [news["cafe"]]


def test_filters_apply_to_search(news: dict[str, str], run: Runner) -> None:
    assert _hits(run, "ferry", "--tag", "transport") == [news["ferry"]]
    assert sorted(_hits(run, "ferry", "--min-rating", "2")) == sorted([news["ferry"], news["cafe"]])
    assert _hits(run, "ferry", "--since", "2024-03-01") == [news["ferry"]]
    assert _hits(run, "ferry", "--until", "2023-12-31") == [news["rail"]]


def test_json_hits_carry_a_plain_snippet(news: dict[str, str], run: Runner) -> None:
    (row,) = _json(run, "coffee")
    assert row["id"] == news["cafe"]
    assert "Coffee by the water" in row["snippet"]
    assert MARK_START not in row["snippet"]
    assert MARK_END not in row["snippet"]
    assert list(row)[-1] == "snippet"


def test_csv_hits_have_a_snippet_column(news: dict[str, str], run: Runner) -> None:
    result = run("search", "coffee", "--format", "csv")
    assert result.exit_code == 0
    (row,) = csv.DictReader(io.StringIO(result.stdout))
    assert "Coffee" in row["snippet"]


def test_piped_hits_are_plain_blocks_each_passage_on_one_line(
    news: dict[str, str], run: Runner
) -> None:
    result = run("search", "lanterns OR ferry", "--limit", "2")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Rail Survey Starts\n"
        f"{news['rail']}  2023-09-09  1 comment\n"
        "Surveyors walked the old line from the ferry night market.\n"
        "\n"
        "Night Ferry Returns\n"  # the match is the title: no passage
        f"{news['ferry']}  2024-06-06  KEELUNG  #Transport  ★ 5.0 (1)\n"
    )


def test_the_match_is_highlighted_on_a_terminal_only() -> None:
    text = snippet_text(f"the {MARK_START}ferry{MARK_END} sails\x1b[2J")
    assert text.plain == "the ferry sails\u241b[2J"
    assert [(span.start, span.end, str(span.style)) for span in text.spans] == [
        (4, 9, "bold yellow")
    ]
    row = api.Row(
        "abcd2345", "T", None, None, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z",
        None, None, None, None, (), api.Rating(None, 0), 0, f"a {MARK_START}hit{MARK_END}",
    )  # fmt: skip
    for terminal in (True, False):
        out = io.StringIO()
        system = "standard" if terminal else "auto"  # as the CLI's console detects it
        Console(file=out, width=80, force_terminal=terminal, color_system=system).print(
            hit_list([row])
        )
        assert ("\x1b[1;33mhit" in out.getvalue()) is terminal
        assert "a hit" in Text.from_ansi(out.getvalue()).plain


def _row(title: str, snippet: str | None, **changes: Any) -> api.Row:
    fields: dict[str, Any] = {
        "id": "abcd2345",
        "title": title,
        "dateline": None,
        "published": "2024-06-06T00:00:00Z",
        "added": "2024-06-07T08:00:00Z",
        "updated": "2024-06-07T08:00:00Z",
        "url": None,
        "source": None,
        "author": None,
        "image": None,
        "tags": (),
        "rating": api.Rating(None, 0),
        "comments": 0,
        "snippet": snippet,
    }
    return api.Row(**(fields | changes))


def test_hits_are_blocks_of_title_facts_and_passage() -> None:
    rows = [
        _row(
            "Night Ferry Returns",
            f"…the night {MARK_START}ferry{MARK_END} sails again…",
            dateline="KEELUNG",
            tags=("transport", "islets"),
            rating=api.Rating(4.5, 2),
            comments=3,
        ),
        _row("Ferry", f"{MARK_START}Ferry{MARK_END}", id="wxyz6789", comments=1),
    ]
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(hit_list(rows))
    assert console.export_text().splitlines() == [
        "Night Ferry Returns",
        "abcd2345  2024-06-06  KEELUNG  #transport  #islets  ★ 4.5 (2)  3 comments",
        "…the night ferry sails again…",
        "",
        "Ferry",
        "wxyz6789  2024-06-06  1 comment",
    ]


def test_search_fields_still_make_a_table(news: dict[str, str], run: Runner) -> None:
    result = run("search", "lanterns", "--fields", "id,snippet", "-f", "table")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.split()[:2] == ["id", "snippet"]
    assert "lanterns" in result.stdout


def test_only_the_best_twenty_by_default(add: Adder, run: Runner) -> None:
    for n in range(21):
        add(title=f"Pier note {n}", body="pier")
    result = run("search", "pier", "--format", "ids")
    assert result.exit_code == 0
    assert len(result.stdout.split()) == 20
    assert "--all" in result.stderr
    assert len(_hits(run, "pier", "--all")) == 21
    assert len(_hits(run, "pier", "--limit", "3")) == 3


@pytest.mark.parametrize("query", ['"unclosed', "ferry AND", "don't", "(", "nosuchcolumn:x"])
def test_a_bad_query_is_one_line_and_exit_1(news: dict[str, str], run: Runner, query: str) -> None:
    for args in (("search", query), ("list", "--search", query)):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr.startswith("newscli: error: cannot read the search")
        assert len(result.stderr.splitlines()) == 1


def test_an_empty_query_is_refused(news: dict[str, str], run: Runner) -> None:
    result = run("search", "  ")
    assert result.exit_code == 1
    assert "empty" in result.stderr


def test_search_in_an_empty_store(run: Runner) -> None:
    result = run("search", "ferry")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No articles found.\n"


def test_list_search_uses_the_same_engine_in_list_order(news: dict[str, str], run: Runner) -> None:
    result = run("list", "--search", "ferry", "--format", "ids")
    assert result.exit_code == 0
    assert result.stdout.split() == [news["ferry"], news["cafe"], news["rail"]]  # newest first
    result = run("list", "--search", '"night ferry"', "--format", "json")
    assert [row["id"] for row in json.loads(result.stdout)] == [news["ferry"]]
    assert "snippet" not in json.loads(result.stdout)[0]


def test_search_from_python(news: dict[str, str], data_dir: Path, tmp_path: Path) -> None:
    store = api.open_store(data_dir, tmp_path / "py-index.sqlite3")
    listing = api.search_articles(store, "coffee", api.ListQuery(min_rating=1))
    assert [row.id for row in listing.rows] == [news["cafe"]]
    assert listing.rows[0].plain_snippet is not None
    assert listing.problems == []


def test_hits_without_passages_are_the_same_hits(news: dict[str, str], data_dir: Path) -> None:
    """The passages are made only for outputs that show them; the hits and their order
    do not depend on them."""
    store = api.open_store(data_dir)
    with_passages = api.search_articles(store, "ferry").rows
    without = api.search_articles(store, "ferry", snippets=False).rows
    assert (
        [r.id for r in without]
        == [r.id for r in with_passages]
        == [
            news["ferry"],
            news["cafe"],
            news["rail"],
        ]
    )
    assert all(r.snippet for r in with_passages)
    assert all(r.snippet is None for r in without)
    limited = api.search_articles(store, "ferry", api.ListQuery(limit=1)).rows
    assert [(r.id, r.snippet) for r in limited] == [(with_passages[0].id, with_passages[0].snippet)]


def test_the_best_hits_are_the_first_of_all_hits_even_when_ranks_tie(
    add: Adder, run: Runner
) -> None:
    """The best N are ranked by the full-text index alone, then ordered with their rows:
    equal ranks still go by date, then id, as in the whole list of hits."""
    for n in range(14):
        add("--published", f"2024-01-{n % 7 + 1:02d}", title="Same words", body="Tide tables.")
    for n in range(3):
        add(title=f"Other {n}", body="tide " * (n + 1))
    every = _hits(run, "tide", "--all")
    assert len(every) == 17
    for limit in (1, 2, 3, 4, 7, 10, 16, 17, 20):
        assert _hits(run, "tide", "--limit", str(limit)) == every[:limit], limit


def test_passages_are_the_same_however_the_hits_were_found(
    news: dict[str, str], data_dir: Path
) -> None:
    """A hit's passage is the same when it is made in one pass over every match (every
    hit shown) as when it is made for the hits given (the best N, a filtered search)."""
    store = api.open_store(data_dir)
    every = {r.id: r.snippet for r in api.search_articles(store, "ferry OR lanterns").rows}
    assert len(every) == 3
    assert all(every.values())
    for spec in (
        api.ListQuery(limit=1),
        api.ListQuery(limit=2),
        api.ListQuery(limit=3),
        api.ListQuery(limit=50),
        api.ListQuery(min_rating=1),
        api.ListQuery(tags=("transport",), limit=50),
    ):
        rows = api.search_articles(store, "ferry OR lanterns", spec).rows
        assert rows, spec
        assert {r.id: r.snippet for r in rows} == {r.id: every[r.id] for r in rows}, spec
