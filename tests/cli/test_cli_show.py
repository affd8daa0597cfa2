"""`newscli show`: the article laid out like its web page, and hostile text made inert."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import Runner, peer_comment
from newscli import api

Adder = Callable[..., str]
C1_OR_CONTROL = re.compile("[\x1b\x07\x80-\x9f]")


def _show(run: Runner, *args: str) -> str:
    result = run("show", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "\x1b" not in result.stdout
    return result.stdout


def _flat(text: str) -> str:
    """The text with all runs of white space made one space (undoes wrapping)."""
    return " ".join(text.split())


def _line_of(out: str, needle: str) -> str:
    lines = [line for line in out.splitlines() if needle in line]
    assert len(lines) == 1, (needle, out)
    return lines[0]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


@pytest.fixture
def article(add: Adder) -> str:
    return add(
        "--dateline",
        "LAKESIDE",
        "--published",
        "2024-06-06",
        title="Lakeside Library Opens a Floating Reading Room",
        body=(
            "The library moored a small barge by the jetty.\n\n"
            "Readers borrow books on deck until sunset.\n\n"
            "The barge closes in stormy weather."
        ),
    )


def test_show_by_full_id_lays_out_the_page(article: str, run: Runner) -> None:
    out = _show(run, article)
    lines = out.splitlines()
    assert lines[0] == "Lakeside Library Opens a Floating Reading Room"
    assert lines[1] == "LAKESIDE — Thursday, June 6, 2024"
    for paragraph in (
        "The library moored a small barge by the jetty.",
        "Readers borrow books on deck until sunset.",
        "The barge closes in stormy weather.",
    ):
        assert paragraph in lines
    # paragraphs in order, separated by a blank line
    first = lines.index("The library moored a small barge by the jetty.")
    assert lines[first + 1].strip() == ""
    assert lines[first + 2] == "Readers borrow books on deck until sunset."
    assert "0 votes" in out
    assert "Article Rating" in out
    assert "Subscribe" in out
    assert "0 Comments" in out
    # the page order: headline, body, rating, subscribe, comments
    positions = [
        out.index(x)
        for x in ("Lakeside Library", "stormy weather", "Article Rating", "Subscribe", "0 Comments")
    ]
    assert positions == sorted(positions)


def test_show_by_four_character_prefix(article: str, run: Runner) -> None:
    assert _show(run, article[:4]) == _show(run, article)


def test_show_accepts_an_upper_case_id(article: str, run: Runner) -> None:
    assert _show(run, article.upper()) == _show(run, article)


def test_show_without_id_shows_the_newest(add: Adder, run: Runner) -> None:
    add("--published", "2020-01-01", title="Old Lighthouse Report", body="Dim.")
    add("--published", "2024-01-01", title="New Lighthouse Report", body="Bright.")
    add("--published", "2022-01-01", title="Middle Lighthouse Report", body="Fair.")
    assert _show(run).splitlines()[0] == "New Lighthouse Report"


def test_show_with_no_articles_is_an_error(run: Runner, data_dir: Path) -> None:
    result = run("show")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "no articles" in result.stderr
    assert not data_dir.exists()


def test_published_time_is_shown_in_words_with_utc_time(add: Adder, run: Runner) -> None:
    article_id = add("--published", "2024-06-06T14:05:00+02:00", title="Timed", body="x")
    assert "Thursday, June 6, 2024, 12:05 UTC" in _show(run, article_id)


def test_dateline_alone_when_there_is_no_published_date(add: Adder, run: Runner) -> None:
    article_id = add("--dateline", "HILLTOP", title="Undated", body="x")
    assert _show(run, article_id).splitlines()[1] == "HILLTOP"


@pytest.mark.parametrize(
    ("votes", "wording", "average"),
    [((), "0 votes", "0"), (("4",), "1 vote", "4.0"), (("5", "2"), "2 votes", "3.5")],
)
def test_rating_wording(
    article: str, run: Runner, votes: tuple[str, ...], wording: str, average: str
) -> None:
    for number, stars in enumerate(votes):
        assert run("rate", article, stars, "--as", f"reader{number}").exit_code == 0
    out = _show(run, article)
    line = _line_of(out, " vote")
    assert line.rstrip().endswith(f"  {average}  {wording}")
    next_line = out.splitlines()[out.splitlines().index(line) + 1]
    assert next_line.strip() == "Article Rating"


@pytest.mark.parametrize(("count", "wording"), [(1, "1 Comment"), (2, "2 Comments")])
def test_comment_count_wording(article: str, run: Runner, count: int, wording: str) -> None:
    for number in range(count):
        assert run("comment", article, f"Remark {number}").exit_code == 0
    # The discussion bar: comments on the left, inline feedbacks on the right.
    bar = _line_of(_show(run, article), "Inline Feedback")
    assert bar.split() == [*wording.split(), "0", "Inline", "Feedbacks"]


def test_comments_show_author_and_text(article: str, run: Runner) -> None:
    assert run("comment", article, "Lovely idea for summer.", "--as", "Mira").exit_code == 0
    assert run("comment", article, "What about winter?", "--anonymous").exit_code == 0

    out = _show(run, article)
    assert "2 Comments" in out
    mira = _line_of(out, "Mira")
    guest = _line_of(out, "guest  2")  # an anonymous comment, shown as guest
    assert re.search(r"Mira  \d{4}-\d\d-\d\d \d\d:\d\d", mira)
    assert re.search(r"guest  \d{4}-\d\d-\d\d \d\d:\d\d", guest)
    lines = out.splitlines()
    assert lines[lines.index(mira) + 1].strip() == "Lovely idea for summer."
    assert lines[lines.index(guest) + 1].strip() == "What about winter?"


def test_reply_follows_its_parent_and_is_indented_more(article: str, run: Runner) -> None:
    parent = run("comment", article, "Parent remark here.", "--as", "Pia")
    assert parent.exit_code == 0
    assert run("comment", article, "Unrelated remark.", "--as", "Uma").exit_code == 0
    reply = run(
        "comment", article, "Reply remark here.", "--as", "Rex", "--reply-to", parent.stdout[:4]
    )
    assert reply.exit_code == 0, reply.stderr

    out = _show(run, article)
    lines = out.splitlines()
    pia = lines.index(_line_of(out, "Pia"))
    rex = lines.index(_line_of(out, "Rex"))
    assert rex > pia
    assert _indent(lines[rex]) > _indent(lines[pia])
    assert _indent(lines[rex + 1]) > _indent(lines[pia + 1])
    assert lines[rex + 1].strip() == "Reply remark here."
    # the reply comes right under its parent: header, text, blank line, then the reply
    assert rex == pia + 3


def test_comments_made_in_the_same_second_keep_their_order(
    article: str, run: Runner, data_dir: Path
) -> None:
    # Scripts often post several comments within one second; they must read in order.
    store = api.open_store(data_dir)
    same_second = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    names = ["Ann", "Ben", "Cat", "Dov", "Eli", "Fay", "Gus", "Hal"]
    for name in names:
        api.comment_on(store, article, f"Note by {name}.", author=name, at=same_second)

    out = _show(run, article)
    shown = [name for line in out.splitlines() for name in names if line.startswith(name + " ")]
    assert shown == names


HOSTILE_TITLE = "Alert \x1b]52;c;SGVsbG8=\x07 and [bold red]x[/]"
HOSTILE_BODY = "Screen \x1b[2J wipe \x9b31m and [link=http://x]click[/link] here."


@pytest.fixture
def hostile(add: Adder, data_dir: Path) -> str:
    article_id = add(
        "--dateline",
        "EVIL\x1b[5m",
        "--author",
        "Mal\x9d0;title\x07",
        "--source",
        "[i]Src[/i]\x1b[0m",
        "--tag",
        "t\x1b[31mred",
        title=HOSTILE_TITLE,
        body=HOSTILE_BODY,
    )
    # A name no command takes, as a peer's file can hold it.
    peer_comment(data_dir, article_id, "Bad \x1b[1mcomment\x07 [b]x[/b]", "[u]Eve\x1b")
    return article_id


def _assert_inert(text: str) -> None:
    assert not C1_OR_CONTROL.search(text), repr(C1_OR_CONTROL.findall(text))


def test_hostile_text_is_inert_in_show(hostile: str, run: Runner) -> None:
    result = run("show", hostile)
    assert (result.exit_code, result.stderr) == (0, "")
    _assert_inert(result.stdout)
    flat = _flat(result.stdout)
    assert "[bold red]x[/]" in flat
    assert "[link=http://x]click[/link]" in flat
    assert "[b]x[/b]" in flat
    assert "[u]Eve" in flat
    assert "SGVsbG8=" in flat  # shown, not executed


def test_hostile_text_is_inert_in_the_table(hostile: str, run: Runner) -> None:
    result = run("list")
    assert (result.exit_code, result.stderr) == (0, "")
    _assert_inert(result.stdout)
    assert hostile in result.stdout
    assert "[bold" in result.stdout
    assert "red]x[/]" in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_hostile_text_is_inert_in_machine_formats(hostile: str, run: Runner, fmt: str) -> None:
    result = run("list", "--format", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    _assert_inert(result.stdout)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(rows) == 1
        assert rows[0]["id"] == hostile
        assert "[bold red]x[/]" in rows[0]["title"]
        assert "SGVsbG8=" in rows[0]["title"]
        return
    text = result.stdout if fmt == "json" else result.stdout.splitlines()[0]
    row = json.loads(text)[0] if fmt == "json" else json.loads(text)
    # JSON escapes the controls but keeps the text exactly
    assert row["title"] == HOSTILE_TITLE
    assert row["author"] == "Mal\x9d0;title\x07"
    assert row["tags"] == ["t\x1b[31mred"]


def _append_comments(data_dir: Path, article_id: str, comments: str) -> None:
    path = data_dir / "articles" / f"{article_id}.toml"
    path.write_text(path.read_text(encoding="utf-8") + comments, encoding="utf-8")


def test_hand_edited_reply_loops_still_show_every_comment(
    article: str, run: Runner, data_dir: Path
) -> None:
    _append_comments(
        data_dir,
        article,
        '[[comments]]\nid = "se1f00"\nat = 2024-06-07\nparent = "se1f00"\ntext = "Own parent."\n'
        '[[comments]]\nid = "aaaa11"\nat = 2024-06-07\nparent = "bbbb22"\ntext = "Loop one."\n'
        '[[comments]]\nid = "bbbb22"\nat = 2024-06-07\nparent = "aaaa11"\ntext = "Loop two."\n',
    )
    out = _show(run, article)
    assert "3 Comments" in out
    for text in ("Own parent.", "Loop one.", "Loop two."):
        assert text in out
    # Only "Loop two." names a parent written before it, so only it is indented.
    assert _indent(_line_of(out, "Loop two.")) > _indent(_line_of(out, "Loop one."))
    assert _indent(_line_of(out, "Own parent.")) == _indent(_line_of(out, "Loop one."))


def test_show_without_id_warns_about_a_skipped_newer_file(
    add: Adder, run: Runner, data_dir: Path
) -> None:
    older = add("--published", "2020-01-01", title="Older One")
    newer = add("--published", "2024-01-01", title="Newer One")
    (data_dir / "articles" / f"{newer}.toml").write_text("title = [", encoding="utf-8")
    result = run("show")
    assert result.exit_code == 0
    assert "Older One" in result.stdout
    assert result.stderr.startswith("newscli: warning: skipped ")
    assert f"{newer}.toml" in result.stderr
    assert older not in result.stderr
