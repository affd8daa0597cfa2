"""Web pages from files, standard input and http://127.0.0.1: the article and nothing else."""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import TESTS, Runner, snapshot
from newscli.ingest.parse.html import split_dateline
from newscli.net.fetch import USER_AGENT, FetchError, fetch
from webserver import Page, serve

PAGE = TESTS / "data" / "wordpress-article.html"
PARAGRAPH_STARTS = [
    "The city opened a seed library on the roof of its old rail depot",
    "The library holds some 300 varieties",
    "“A seed that sits in a freezer forgets where it came from,”",
    "The rooftop also has twelve raised beds",
]


def _stored(run: Runner, article_id: str) -> dict[str, Any]:
    result = run("export", article_id)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _check_article(record: dict[str, Any]) -> None:
    assert record["title"] == "Taichung Opens a Rooftop Seed Library in Its Old Rail Depot"
    assert record["published"] == "2025-04-09T00:00:00Z"
    assert record["author"] == "Lin Hsiu-mei"
    assert record["source"] == "Central Valley Courier"
    assert record["image"] == (
        "https://courier.example.org/wp-content/uploads/2025/04/seed-library.jpg"
    )
    assert record["dateline"] == "TAICHUNG"
    paragraphs = record["body"].split("\n\n")
    assert len(paragraphs) == len(PARAGRAPH_STARTS)
    for paragraph, start in zip(paragraphs, PARAGRAPH_STARTS, strict=True):
        assert paragraph.startswith(start)
    for widget in ("Subscribe", "Article Rating", "Comments", "yard-long beans sound", "©"):
        assert widget not in record["body"]


def test_add_a_wordpress_page_from_a_file(run: Runner) -> None:
    result = run("add", str(PAGE))
    assert result.exit_code == 0, result.stderr
    record = _stored(run, result.stdout.strip())
    _check_article(record)
    assert record["url"] == "https://courier.example.org/2025/04/09/rooftop-seed-library/"


def test_add_html_from_stdin(run: Runner) -> None:
    result = run("add", "--format", "html", "-", input=PAGE.read_bytes())
    assert result.exit_code == 0, result.stderr
    _check_article(_stored(run, result.stdout.strip()))


def test_add_and_import_a_page_served_on_localhost(run: Runner) -> None:
    with serve({"/": Page(PAGE.read_bytes())}) as site:
        added = run("add", f"{site.base}/")
        imported = run("import", f"{site.base}/")
        again = run("import", f"{site.base}/")
    assert added.exit_code == 0, added.stderr
    record = _stored(run, added.stdout.strip())
    _check_article(record)
    assert record["url"] == f"{site.base}/"
    # add always adds; import knows the url is stored already
    assert imported.exit_code == 0
    assert imported.stdout == ""
    assert f"already stored as {record['id']}" in imported.stderr
    assert again.stdout == ""
    assert site.agents == [USER_AGENT] * 3
    assert USER_AGENT.startswith("newscli/")


def test_network_errors_are_one_line(run: Runner, data_dir: Path) -> None:
    with serve({}) as site:
        missing = run("add", f"{site.base}/gone")
    assert missing.exit_code == 1
    assert missing.stdout == ""
    assert missing.stderr == f"newscli: error: {site.base}/gone: HTTP 404 Not Found\n"
    refused = run("add", "http://127.0.0.1:9/")  # the discard port: nothing listens
    assert refused.exit_code == 1
    assert len(refused.stderr.splitlines()) == 1
    assert refused.stderr.startswith("newscli: error: http://127.0.0.1:9/: ")
    assert snapshot(data_dir) == {}


def test_redirects_are_followed_and_size_is_limited() -> None:
    pages = {"/old": Page(status=301, location="/new"), "/new": Page(b"x" * 100)}
    with serve(pages) as site:
        got = fetch(f"{site.base}/old")
        assert got.url == f"{site.base}/new"
        assert got.data == b"x" * 100
        with pytest.raises(FetchError, match="larger than the limit"):
            fetch(f"{site.base}/new", limit=99)


def test_only_web_addresses_are_fetched() -> None:
    with pytest.raises(FetchError, match="not an http or https URL"):
        fetch("file:///etc/passwd")


def test_without_the_web_extra_a_one_line_hint(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def without_trafilatura(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "trafilatura":
            raise ImportError("No module named 'lxml_html_clean'", name="lxml_html_clean")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_trafilatura)
    result = run("add", str(PAGE))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("newscli: error: reading web pages needs the web extra")
    assert result.stderr.endswith("pip install 'newscli[web]'\n")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("first", "dateline", "rest"),
    [
        ("TAICHUNG- The city said so.", "TAICHUNG", "The city said so."),
        ("TAICHUNG-\u00a0The city said so.", "TAICHUNG", "The city said so."),
        ("NEW TAIPEI CITY — Rain.", "NEW TAIPEI CITY", "Rain."),
        ("TAIPEI-", "TAIPEI", None),
        ("Officials said - nothing.", None, "Officials said - nothing."),
        ("A well-known place.", None, "A well-known place."),
    ],
)
def test_dateline_at_the_start_of_the_first_paragraph(
    first: str, dateline: str | None, rest: str | None
) -> None:
    found, paragraphs = split_dateline([first, "Second."])
    assert found == dateline
    assert paragraphs == ([rest] if rest else []) + ["Second."]


def test_import_names_a_url_that_failed_once(run: Runner) -> None:
    with serve({}) as site:
        result = run("import", f"{site.base}/missing")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{site.base}/missing: HTTP 404 Not Found\n" in result.stderr
    assert result.stderr.count(site.base) == 1


def test_a_malformed_url_is_one_line_and_other_sources_still_import(
    run: Runner, tmp_path: Path
) -> None:
    with pytest.raises(FetchError, match=r"^http://\[::1: "):
        fetch("http://[::1")
    added = run("add", "http://[::1")
    assert (added.exit_code, added.stdout) == (1, "")
    assert added.stderr.startswith("newscli: error: http://[::1: ")
    assert len(added.stderr.splitlines()) == 1
    good = tmp_path / "good.jsonl"
    good.write_text('{"title": "T", "body": "B"}\n')
    imported = run("import", "http://[::1", str(good))
    assert imported.exit_code == 1
    assert len(imported.stdout.split()) == 1
    assert imported.stderr.splitlines()[0].startswith("http://[::1: ")
    assert imported.stderr.splitlines()[1] == "newscli: imported 1 article (0 duplicates, 1 bad)"
