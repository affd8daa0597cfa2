"""Disqus exports: threads joined to the stored articles at their links, or made articles
of their own; deleted posts as placeholders that keep their replies; spam left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import TESTS, Runner, snapshot

DISQUS = TESTS / "data" / "disqus-export.xml"
KEEPERS = "https://harbour.example/2024/05/lighthouse-keepers-return/"
NOTE = (
    f"{DISQUS}: left out 1 comment of a deleted thread, 1 comment of a thread not in the "
    "export, 1 deleted comment, 1 deleted thread, 1 spam comment, 1 thread without comments"
)


def _records(run: Runner) -> dict[str, dict[str, Any]]:
    lines = run("export").stdout.splitlines()
    return {r["url"]: r for r in (json.loads(x) for x in lines)}


def _stored(run: Runner) -> str:
    return run(
        "add", "--title", "Keepers", "--body", "Our own copy.", "--url", KEEPERS
    ).stdout.strip()


def test_a_thread_joins_the_stored_article_at_its_link(run: Runner) -> None:
    stored = _stored(run)
    run("comment", stored, "Written here first.", "--as", "mei")
    result = run("import", "--format", "disqus", str(DISQUS))
    assert result.exit_code == 0, result.stderr
    created = result.stdout.split()
    assert len(created) == 1  # the pontoon's thread; the keepers' joined the stored one
    assert result.stderr.splitlines() == [
        f"{DISQUS}:9: {stored} updated (3 comments added)",
        NOTE,
        "newscli: imported 1 article (1 updated, 0 duplicates, 0 bad)",
    ]
    keepers = _records(run)[KEEPERS]
    assert (keepers["title"], keepers["body"]) == ("Keepers", "Our own copy.")  # kept
    comments = keepers["comments"]
    assert [c.get("author") for c in comments] == ["mei", "Ana", None, "Cai"]
    _, ana, stone, cai = comments
    assert ana["text"] == "The fog bell could be heard from our garden last night."
    assert ana["email"] == "ana@example.org" and ana["at"] == "2024-05-20T18:00:00Z"
    assert stone["deleted"] and "text" not in stone  # deleted, but Cai replied to it
    assert cai["parent"] == stone["id"]
    assert cai["text"] == "Whatever it was, I agree.\n\nSecond thoughts in a second paragraph."
    page = run("show", stored, "--plain").stdout
    assert "This comment was deleted." in page and "Cheap watches" not in page


def test_a_thread_without_a_stored_article_becomes_one_of_title_and_link(run: Runner) -> None:
    result = run("import", str(DISQUS))  # the format known by its namespace
    assert len(result.stdout.split()) == 2, result.stderr
    records = _records(run)
    pontoon = records["http://www.harbour.example/2024/06/new-pontoon"]
    assert pontoon["title"] == "A New Pontoon for the Fishing Fleet"
    assert pontoon["body"] == "http://www.harbour.example/2024/06/new-pontoon"
    replies = pontoon["comments"]
    assert [c["author"] for c in replies] == ["Dara", "Eli", "Dara"]
    assert replies[1]["parent"] == replies[0]["id"] and replies[2]["parent"] == replies[1]["id"]
    assert KEEPERS in records  # made from its thread, with its title


def test_a_link_written_another_way_still_matches(run: Runner) -> None:
    stored = run(
        "add",
        "--title",
        "Pontoon",
        "--body",
        "Saved page.",
        "--url",
        "https://harbour.example/2024/06/new-pontoon/",
    ).stdout.strip()
    result = run("import", str(DISQUS))
    assert f"{stored} updated (3 comments added)" in result.stderr


def test_a_second_import_adds_nothing(run: Runner, data_dir: Path) -> None:
    _stored(run)
    run("import", str(DISQUS))
    before = snapshot(data_dir / "articles")
    again = run("import", str(DISQUS))
    assert again.exit_code == 0 and again.stdout == ""
    assert "imported 0 articles (2 duplicates, 0 bad)" in again.stderr
    assert snapshot(data_dir / "articles") == before


def test_spam_is_kept_aside_when_asked(run: Runner) -> None:
    _stored(run)
    run("import", "--keep-unapproved", str(DISQUS))
    held = _records(run)[KEEPERS]["extra"]["held_comments"]
    assert [(h["author"], h["status"]) for h in held] == [("watches4u", "spam")]
