"""RSS 2.0 and Atom feeds: one article an item, and none again on the next run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import TESTS, Runner
from newscli.ingest.parse.html_text import html_paragraphs
from webserver import Page, serve

DATA = TESTS / "data"
RSS = DATA / "harbour-feed.rss"


def _records(run: Runner) -> list[dict[str, Any]]:
    lines = run("export").stdout.splitlines()
    return sorted((json.loads(x) for x in lines), key=lambda r: r["published"])


def test_rss_items_become_articles_once(run: Runner) -> None:
    first = run("import", "--format", "feed", str(RSS))
    assert first.exit_code == 0, first.stderr
    assert len(first.stdout.split()) == 2
    again = run("import", "--format", "feed", str(RSS))
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "imported 0 articles (2 duplicates, 0 bad)" in again.stderr

    ferry, market = _records(run)
    assert ferry["title"] == "Night Ferry Returns to the Northern Islets"
    assert ferry["dateline"] == "KEELUNG"
    assert ferry["body"] == (
        "The overnight ferry to the northern islets sailed again on Thursday after a "
        "ten-year pause.\n\nHarbour officials said it would run four nights a week."
    )
    assert ferry["published"] == "2024-06-06T01:30:00Z"
    assert ferry["url"] == "https://harbour.example.org/2024/06/night-ferry"
    assert ferry["source"] == "Harbour Post"
    assert ferry["author"] == "Wu Ya-ting"
    assert ferry["tags"] == ["ferries"]
    assert ferry["extra"] == {"guid": "harbour-post-1001"}
    assert market["body"] == (
        "Stalls will trade in the old warehouse until October.\n\nParking stays free."
    )


def test_auto_detects_feeds_by_extension_and_content(run: Runner, tmp_path: Path) -> None:
    unnamed = tmp_path / "feed"
    unnamed.write_bytes(RSS.read_bytes())
    result = run("import", str(unnamed), str(DATA / "harbour-feed.atom"))
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.split()) == 3


def test_atom_summary_and_id(run: Runner) -> None:
    result = run("import", str(DATA / "harbour-feed.atom"))
    assert result.exit_code == 0, result.stderr
    (record,) = _records(run)
    assert record["title"] == "Lighthouse Opens to Visitors"
    assert record["body"] == "The lighthouse on the breakwater opens on weekends."
    assert record["url"] == "urn:uuid:7d1e0a52-lighthouse"
    assert record["author"] == "Chen Mei"
    assert record["published"] == "2024-06-08T10:00:00Z"


def test_a_feed_from_a_url(run: Runner) -> None:
    page = Page(RSS.read_bytes(), "application/rss+xml")
    with serve({"/feed/": page}) as site:
        result = run("import", f"{site.base}/feed/")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.split()) == 2


def test_not_a_feed_is_a_bad_source(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "broken.xml"
    source.write_text("this is not XML at all")
    result = run("import", str(source))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{source}:1: not an RSS or Atom feed" in result.stderr


def test_html_paragraphs_skip_scripts_and_split_blocks() -> None:
    fragment = "<div>One <em>two</em><br>three</div><script>x()</script><ul><li>four</li></ul>"
    assert html_paragraphs(fragment) == ["One two", "three", "four"]
