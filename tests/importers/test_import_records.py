"""The pieces of an import: records to articles, duplicates, and the progress reporter."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import Runner
from newscli.errors import InvalidInput
from newscli.ingest.batch import Seen, article_from_record
from newscli.ingest.formats.registry import guess_format
from newscli.render.progress import reporter

STAMP = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_defaults_for_a_minimal_record() -> None:
    article, given = article_from_record({"title": "T", "body": "B"}, STAMP, lambda: "new12345")
    assert not given
    assert (article.id, article.added, article.updated) == ("new12345", STAMP, STAMP)


def test_written_dates_and_comment_ids() -> None:
    record = {
        "title": "T",
        "body": "B",
        "published": "June 6, 2024",
        "comments": [
            {"text": "hi", "at": "2024-06-07"},
            {"id": "abcdef", "text": "x", "at": STAMP},
        ],
    }
    article, _ = article_from_record(record, STAMP, lambda: "new12345")
    assert article.published == datetime(2024, 6, 6, tzinfo=UTC)
    first, second = article.comments
    assert len(first.id) == 6
    assert first.id != "abcdef"
    assert second.id == "abcdef"


def _nested(depth: int) -> object:
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


def _vote(voter: str, stars: int) -> dict[str, object]:
    return {"voter": voter, "stars": stars, "at": "2024-06-06"}


def _comment(comment_id: str, parent: str) -> dict[str, object]:
    return {"id": comment_id, "text": "x", "at": "2024-06-06", "parent": parent}


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"body": "B"}, "the record has no title"),
        ({"title": "  ", "body": "B"}, "the record has no title"),
        ({"title": 5, "body": "B"}, "'title' must be a string, not int"),
        ({"title": "T", "body": "B", "added": "soon"}, "'added': cannot read date 'soon'"),
        ({"title": "T", "body": "B", "id": 12345678}, "'id' is not a valid article id"),
        ({"title": "T", "body": "B", "schema": 5}, "unsupported schema 5"),
        ({"title": "T", "body": "B", "extra": {"a": 1}, "a": 2}, "'a' is both"),
        (
            {"title": "a", "body": "b", "comments": [{"id": [1], "text": "x", "at": "2024-01-01"}]},
            "comments #1: 'id' must be a string, not list",
        ),
        ({"title": "T", "body": "B", "extra": {"x": _nested(900)}}, "nested too deeply"),
        (
            {
                "title": "T",
                "body": "B",
                "votes": [_vote("ann", 4), _vote("bo", 3), _vote("ann", 1)],
            },
            "votes #3: 'ann' has voted already",
        ),
        (
            {"title": "T", "body": "B", "comments": [_comment("abcdef", parent="qqqqqq")]},
            "comment abcdef replies to comment qqqqqq, which is not in the record",
        ),
        (
            {"title": "T", "body": "B", "comments": [_comment("abcdef", parent="abcdef")]},
            "comment abcdef replies to itself",
        ),
    ],
)
def test_bad_records_say_what_is_wrong(record: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        article_from_record(record, STAMP, lambda: "new12345")


def test_seen_matches_by_url_then_id_then_content() -> None:
    stored, _ = article_from_record(
        {"id": "strd2345", "title": "T", "body": "B", "url": "https://a.example/1"},
        STAMP,
        lambda: "spare234",
    )
    seen = Seen([stored])

    def match(record: dict[str, object]) -> str | None:
        article, given = article_from_record(record, STAMP, lambda: "fresh234")
        return seen.match(article, given)

    assert match({"title": "X", "body": "Y", "url": "https://a.example/1"}) == "strd2345"
    assert match({"title": "X", "body": "Y", "id": "strd2345"}) == "strd2345"
    assert match({"title": "T", "body": "B"}) == "strd2345"
    assert match({"title": "T", "body": "B", "url": "https://a.example/2"}) is None
    assert match({"title": "X", "body": "Y"}) is None


@pytest.mark.parametrize(
    ("name", "data", "kind", "expected"),
    [
        ("a.jsonl", b"", None, "jsonl"),
        ("a.JSON", b"", None, "json"),
        ("post.md", b"", None, "markdown"),
        ("https://x.example/feed.xml?page=2", b"", None, "feed"),
        ("https://x.example/feed/", b"", "application/rss+xml; charset=utf-8", "feed"),
        ("https://x.example/story", b"", "text/html", "html"),
        ("stdin", b'\xef\xbb\xbf  {"title": 1}', None, "jsonl"),
        ("stdin", b"\n[{}]", None, "json"),
        ("stdin", b"---\ntitle: x\n---\n", None, "markdown"),
        ("stdin", b"<?xml version='1.0'?><rss>", None, "feed"),
        ("stdin", b"<!DOCTYPE html><html>", None, "html"),
        ("notes", b"Headline\n\nBody", None, "text"),
    ],
)
def test_guess_format(name: str, data: bytes, kind: str | None, expected: str) -> None:
    assert guess_format(name, data, kind) == expected


@pytest.mark.parametrize("total", [None, 3])
def test_reporter_writes_messages_to_stderr_only(
    total: int | None, capsys: pytest.CaptureFixture[str]
) -> None:
    with reporter(total) as report:
        report("first:1: bad\x1b[2J")
        report(None)
        report("first:3: also bad")
    out, err = capsys.readouterr()
    assert out == ""
    assert [line for line in err.splitlines() if line] == [
        "first:1: bad\u241b[2J",
        "first:3: also bad",
    ]


def test_a_deep_record_and_a_bad_comment_id_are_bad_records(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    deep = {"title": "Deep", "body": "B", "extra": {"x": _nested(900)}}
    odd_id = {"title": "a", "body": "b", "comments": [{"id": [1], "text": "x", "at": "2024-01-01"}]}
    good = {"title": "Good", "body": "B"}
    source.write_text("".join(json.dumps(r) + "\n" for r in (deep, odd_id, good)))
    result = run("import", str(source))
    assert result.exit_code == 1
    assert len(result.stdout.split()) == 1
    assert result.stderr.splitlines()[:2] == [
        f"{source}:1: nested too deeply (more than 64 levels)",
        f"{source}:2: comments #1: 'id' must be a string, not list",
    ]


def test_a_deep_toml_file_is_a_bad_record(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "deep.toml"
    source.write_text('title = "T"\nbody = "B"\nx = ' + "[" * 5000 + "]" * 5000 + "\n")
    result = run("import", str(source))
    assert result.exit_code == 1
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{source}:3: TOML syntax error: cannot recurse further")


def test_a_reply_to_an_earlier_comment_is_kept() -> None:
    record = {
        "title": "T",
        "body": "B",
        "comments": [
            {"id": "abcdef", "text": "first", "at": "2024-06-06"},
            _comment("ghjkmn", parent="abcdef"),
        ],
    }
    article, _ = article_from_record(record, STAMP, lambda: "new12345")
    assert [c.parent for c in article.comments] == [None, "abcdef"]


def test_repeated_voters_and_broken_replies_are_bad_records(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    twice = {"title": "A", "body": "B", "votes": [_vote("ann", 4), _vote("ann", 1)]}
    orphan = {"title": "C", "body": "D", "comments": [_comment("abcdef", parent="qqqqqq")]}
    source.write_text("".join(json.dumps(r) + "\n" for r in (twice, orphan)))
    result = run("import", str(source))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{source}:1: votes #2: 'ann' has voted already\n"
        f"{source}:2: comment abcdef replies to comment qqqqqq, which is not in the record\n"
        "newscli: imported 0 articles (0 duplicates, 2 bad)\n"
    )
