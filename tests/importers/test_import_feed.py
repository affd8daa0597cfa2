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


def test_a_feed_without_items_is_an_empty_feed(run: Runner, tmp_path: Path) -> None:
    for name, data in (
        ("rss.xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet'),
        ("atom.xml", b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title></feed>'),
        (
            "odd.rss",
            b'<rss version="2.0"><channel><title>Odd &nbsp; entity</title></channel></rss>',
        ),
    ):
        source = tmp_path / name
        source.write_bytes(data)
        result = run("import", "--format", "feed", str(source))
        assert (result.exit_code, result.stdout) == (0, ""), result.stderr
        assert result.stderr == "newscli: imported 0 articles (0 duplicates, 0 bad)\n"


def test_a_page_is_still_not_a_feed(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "page.xml"
    source.write_bytes(b"<html><body><p>Hello</p></body></html>")
    result = run("import", "--format", "feed", str(source))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{source}:1: not an RSS or Atom feed")


_ITEM = "<item><title>Café crème at the quay</title><link>https://q.example/1</link>"
_RSS = (
    '<?xml version="1.0" encoding="{}"?><rss version="2.0"><channel>{}'
    "<description>Crème brûlée.</description></item></channel></rss>"
)


def test_a_wrong_declared_encoding_is_read_right_with_a_warning(
    run: Runner, tmp_path: Path
) -> None:
    utf8 = tmp_path / "utf8-declared-latin.rss"
    utf8.write_bytes(_RSS.format("iso-8859-1", _ITEM).encode("utf-8"))
    latin = tmp_path / "latin-declared-utf8.rss"
    latin.write_bytes(_RSS.format("utf-8", _ITEM.replace("/1<", "/2<")).encode("cp1252"))
    result = run("import", str(utf8), str(latin))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[:2] == [
        f"{utf8}: warning: the feed declares iso-8859-1 but is UTF-8: read as utf-8",
        f"{latin}: warning: the feed's declared encoding does not fit its bytes: "
        "read as windows-1252",
    ]
    records = [json.loads(x) for x in run("export").stdout.splitlines()]
    assert [r["title"] for r in records] == ["Café crème at the quay"] * 2
    assert [r["body"] for r in records] == ["Crème brûlée."] * 2


def test_atom_html_and_xhtml_titles_are_stored_as_text(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "titles.atom"
    source.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        '<title type="html">Harbour &lt;i&gt;Post&lt;/i&gt;</title><entry><id>a</id>'
        '<title type="html">Ferry &lt;b&gt;returns&lt;/b&gt; &amp;amp; sails</title>'
        "<summary>One.</summary></entry>"
        '<entry><id>b</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Night'
        " <b>market</b> opens</div></title><summary>Two.</summary></entry>"
        '<entry><id>c</id><title type="text">Tags &lt;b&gt; stay in text</title>'
        "<summary>Three.</summary></entry></feed>",
        encoding="utf-8",
    )
    assert run("import", str(source)).exit_code == 0
    records = {
        r["extra"]["guid"] if "extra" in r else r["url"]: r
        for r in map(json.loads, run("export").stdout.splitlines())
    }
    titles = sorted(r["title"] for r in records.values())
    assert titles == ["Ferry returns & sails", "Night market opens", "Tags <b> stay in text"]
    assert {r["source"] for r in records.values()} == {"Harbour Post"}
