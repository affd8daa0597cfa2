"""``newscli export``: every format, to stdout, a file or a directory; jsonl round-trips."""

from __future__ import annotations

import itertools
import json
import stat
import tomllib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import Runner
from newscli.dates import parse_date
from newscli.export.formats.html import html_page
from newscli.export.registry import ExportFormat, export
from newscli.model.article import Article, Comment, Vote
from newscli.model.threads import threads
from newscli.text.plain import plain_page
from newscli.text.wording import average_text


def _discussed_store(run: Runner, add: Callable[..., str]) -> list[str]:
    first = add("--url", "https://news.example.org/1", "--dateline", "KEELUNG", "--tag", "port")
    second = add(title="Second story", body="One.\n\nTwo.")
    run("rate", first, "4", "--as", "alice")
    run("rate", first, "5", "--as", "bob")
    top = run("comment", first, "Finally a late boat home.", "--as", "mei").stdout.strip()
    reply = run("comment", first, "--reply-to", top, "What about the inns?").stdout.strip()
    run("comment", first, "--reply-to", reply, "They open late too.", "--as", "lin")
    return [first, second]


def test_jsonl_export_imports_into_an_empty_store_unchanged(
    run: Runner, add: Callable[..., str], tmp_path: Path
) -> None:
    ids = _discussed_store(run, add)
    exported = run("export", "--format", "jsonl")
    assert exported.exit_code == 0
    assert exported.stderr == ""

    empty = str(tmp_path / "elsewhere")
    result = run("--data-dir", empty, "import", input=exported.stdout)
    assert result.exit_code == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted(ids)
    assert run("--data-dir", empty, "export").stdout == exported.stdout

    records = {r["id"]: r for r in map(json.loads, exported.stdout.splitlines())}
    comments = records[ids[0]]["comments"]
    assert [c.get("parent") for c in comments] == [None, comments[0]["id"], comments[1]["id"]]
    assert [v["stars"] for v in records[ids[0]]["votes"]] == [4, 5]
    shown = run("--data-dir", empty, "show", ids[0]).stdout
    assert "4.5" in shown
    assert "They open late too." in shown


def test_json_is_an_array_of_the_same_records(run: Runner, add: Callable[..., str]) -> None:
    _discussed_store(run, add)
    as_json = json.loads(run("export", "--format", "json").stdout)
    as_jsonl = [json.loads(x) for x in run("export").stdout.splitlines()]
    assert as_json == as_jsonl
    assert {"schema", "id", "title", "body", "added", "updated"} <= as_json[0].keys()


def test_named_ids_in_order_and_empty_store(run: Runner, add: Callable[..., str]) -> None:
    assert run("export").stdout == ""
    first, second = add(title="One"), add(title="Two")
    result = run("export", second[:5], first)
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [second, first]
    missing = run("export", "zzzz9999")
    assert missing.exit_code == 1
    assert missing.stdout == ""


def test_toml_export_is_the_article_file(
    run: Runner, add: Callable[..., str], data_dir: Path
) -> None:
    article_id = add("--tag", "x")
    result = run("export", "--format", "toml", article_id)
    assert result.stdout == (data_dir / "articles" / f"{article_id}.toml").read_text()


def test_single_document_formats_need_one_article_or_a_directory(
    run: Runner, add: Callable[..., str], tmp_path: Path
) -> None:
    first, second = add(title="One"), add(title="Two")
    refused = run("export", "--format", "html")
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert "give -o DIRECTORY" in refused.stderr

    out = tmp_path / "pages"
    out.mkdir()
    result = run("export", "--format", "html", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{first}.html", f"{second}.html"])
    assert "<h1>Two</h1>" in (out / f"{second}.html").read_text()


def test_output_to_a_new_directory_needs_the_trailing_slash(
    run: Runner, add: Callable[..., str], tmp_path: Path
) -> None:
    first = add(title="One")
    existing = tmp_path / "existing"
    existing.mkdir()
    one = run("export", "--format", "toml", "-o", str(existing), first)
    assert (one.exit_code, one.stdout) == (0, "")
    assert one.stderr == f"newscli: wrote 1 file to {existing}\n"
    assert [p.name for p in existing.iterdir()] == [f"{first}.toml"]

    second = add(title="Two")
    new = tmp_path / "new" / "deeper"
    both = run("export", "--format", "markdown", "-o", f"{new}/")
    assert (both.exit_code, both.stdout) == (0, "")
    assert both.stderr == f"newscli: wrote 2 files to {new}/\n"
    assert sorted(p.name for p in new.iterdir()) == sorted([f"{first}.md", f"{second}.md"])
    assert stat.S_IMODE(new.stat().st_mode) == 0o700
    assert stat.S_IMODE(new.parent.stat().st_mode) == 0o700

    # Without the slash, a name that is not a directory is a file.
    single = tmp_path / "single"
    assert run("export", "-o", str(single)).exit_code == 0
    assert single.is_file()


def test_output_file(run: Runner, add: Callable[..., str], tmp_path: Path) -> None:
    add()
    target = tmp_path / "all.jsonl"
    result = run("export", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text() == run("export").stdout


def test_markdown_export_imports_back(run: Runner, add: Callable[..., str], tmp_path: Path) -> None:
    ids = _discussed_store(run, add)
    page = tmp_path / "story.md"
    page.write_text(run("export", "--format", "markdown", ids[0]).stdout)
    assert page.read_text().startswith("+++\n")
    empty = str(tmp_path / "elsewhere")
    result = run("--data-dir", empty, "import", str(page))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == ids[0]
    back = json.loads(run("--data-dir", empty, "export").stdout)
    original = json.loads(run("export", ids[0]).stdout)
    assert back == original


def test_text_export_is_the_plain_page_with_every_comment_and_adds_back(
    run: Runner, add: Callable[..., str], tmp_path: Path
) -> None:
    ids = _discussed_store(run, add)
    result = run("export", "--format", "text", ids[0])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == run("show", ids[0], "--plain", "--all-comments").stdout
    assert "They open late too." in result.stdout
    page = tmp_path / "story.txt"
    page.write_text(result.stdout)
    copy = run("add", str(page)).stdout.strip()
    records = {r["id"]: r for r in map(json.loads, run("export").stdout.splitlines())}
    for key in ("title", "dateline", "body", "published"):
        assert records[copy].get(key) == records[ids[0]].get(key), key


def _article(**changes: object) -> Article:
    at = parse_date("2025-01-02T03:04:05Z")
    article = Article(id="abcd2345", title="A title", body="Body.", added=at, updated=at)
    for key, value in changes.items():
        setattr(article, key, value)
    return article


def test_html_escapes_everything_and_drops_script_urls() -> None:
    article = _article(
        title="<script>alert(1)</script>",
        body='Tom & "Jerry"\x1b[31m\n\n<b>bold</b>',
        image="javascript:alert(1)",
        url="https://example.org/?a=1&b=<2>",
        author="<i>me</i>",
    )
    page = html_page(article)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<p>Tom &amp; &quot;Jerry&quot;\u241b[31m</p>" in page
    assert "<p>&lt;b&gt;bold&lt;/b&gt;</p>" in page
    assert "javascript:" not in page
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in page
    assert "by &lt;i&gt;me&lt;/i&gt;" in page


def test_html_page_has_image_headline_dateline_rating_and_threads() -> None:
    at = parse_date("2025-01-02T03:04:05Z")
    comments = [
        Comment(id="aaaaaa", text="Top.", at=at, author="mei"),
        Comment(id="bbbbbb", text="Reply.", at=at, parent="aaaaaa"),
        Comment(id="cccccc", text="Other.", at=at, author="lin"),
    ]
    article = _article(
        image="https://example.org/a.jpg",
        dateline="TAICHUNG",
        published=at,
        votes=[Vote("a", 4, at), Vote("b", 5, at)],
        comments=comments,
    )
    page = html_page(article)
    order = [
        '<img src="https://example.org/a.jpg"',
        "<h1>A title</h1>",
        '<span class="dateline">TAICHUNG</span>',
        "<p>Body.</p>",
        "<strong>4.5</strong> 2 votes",
        "<h2>3 Comments</h2>",
        'id="comment-aaaaaa"',
        "<ol>",
        'id="comment-bbbbbb"',
        "</ol></li>",
        'id="comment-cccccc"',
    ]
    position = 0
    for piece in order:  # each piece after the one before
        position = page.index(piece, position) + len(piece)
    assert "guest" in page  # the anonymous reply
    assert page.count("<ol>") == page.count("</ol>")


@pytest.mark.parametrize(
    "fmt", [ExportFormat.TOML, ExportFormat.MARKDOWN, ExportFormat.HTML, ExportFormat.TEXT]
)
def test_single_document_renderers_refuse_two_articles(fmt: ExportFormat) -> None:
    with pytest.raises(ValueError, match="one article"):
        export([_article(), _article(id="bbbb2345")], fmt)


def test_markdown_front_matter_is_toml() -> None:
    text = export([_article(format="markdown", body="# Head\n\nText.")], ExportFormat.MARKDOWN)
    front, body = text.removeprefix("+++\n").split("+++\n", 1)
    assert tomllib.loads(front)["format"] == "markdown"
    assert body == "\n# Head\n\nText.\n"


class _Nesting(HTMLParser):
    """The comments of an HTML page in order, each with how many lists hold it."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.open_items = 0
        self.comments: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "ol":
            self.depth += 1
        if tag == "li":
            self.open_items += 1
            self.comments.append((self.depth, dict(attrs)["id"] or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "ol":
            self.depth -= 1
        if tag == "li":
            self.open_items -= 1


def test_html_threads_are_the_pages_threads_nested_at_most_five_deep() -> None:
    at = parse_date("2025-01-02T03:04:05Z")
    chain = [Comment(id=f"chain{n}", text=f"Reply {n}.", at=at) for n in range(8)]
    for parent, reply in itertools.pairwise(chain):
        reply.parent = parent.id
    later = Comment(id="later1", text="Later.", at=parse_date("2025-01-03"))
    sibling = Comment(id="sibl1n", text="Also.", at=at, parent="chain1")
    page = html_page(_article(comments=[later, *chain, sibling]))
    nesting = _Nesting()
    nesting.feed(page)
    assert (nesting.depth, nesting.open_items) == (0, 0)  # every list and item closed
    # Replies of the same second keep their order, so chain2's thread comes first;
    # the list depth is the page's depth plus one, and stops growing after 5.
    chained = [(min(n, 5) + 1, f"comment-chain{n}") for n in range(8)]
    assert nesting.comments == [*chained, (3, "comment-sibl1n"), (1, "comment-later1")]
    in_threads = [c.id for thread in threads([later, *chain, sibling]) for _, c in thread]
    assert in_threads == [c.split("-")[1] for _, c in nesting.comments]


def test_the_average_is_written_alike_everywhere() -> None:
    at = parse_date("2025-01-02T03:04:05Z")
    assert average_text(None) == "0"
    assert average_text(4.25) == "4.2"  # the Rating has rounded it already
    rated = _article(votes=[Vote("a", 4, at), Vote("b", 5, at)])
    assert "<strong>4.5</strong> 2 votes" in html_page(rated)
    assert "4.5 2 votes\nArticle Rating" in plain_page(rated)
    assert "<strong>0</strong> 0 votes" in html_page(_article())
