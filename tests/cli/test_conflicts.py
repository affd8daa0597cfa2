"""Conflicts everyone sees (issue 25): `show` says so under the headline, `check` lists them,
and `resolve --keep mine|theirs|VALUE` speaks from the side of the person typing and says
which value it kept."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli import api
from newscli.model.article import DELETED, Article, Comment, Conflict

AT = datetime(2026, 5, 1, 9, tzinfo=UTC)
LATER = datetime(2026, 5, 1, 10, tzinfo=UTC)


def _article(data_dir: Path, *conflicts: Conflict, **fields: object) -> str:
    store = api.open_store(data_dir)
    article = Article(
        id="pqrt2345",
        title="Port, by kai",
        body="Body.",
        added=AT,
        updated=LATER,
        dateline="KEELUNG",
        comments=[Comment(id="aaaaaa", text="Hi.", at=AT, author="lin")],
        conflicts=list(conflicts),
    )
    for key, value in fields.items():
        setattr(article, key, value)
    store.create(article)
    store.close()
    return article.id


TITLE = Conflict("title", "Port, by mei", AT, by="mei", kept_by="kai", kept_at=LATER)
DATELINE = Conflict("dateline", "TAIPEI", AT, by="mei", kept_by="kai", kept_at=LATER)


def _title(data_dir: Path, article: str) -> str:
    store = api.open_store(data_dir)
    try:
        return store.load(article).title
    finally:
        store.close()


def test_show_says_so_under_the_headline(run: Runner, data_dir: Path) -> None:
    article = _article(data_dir, TITLE)
    lines = run("show", article).stdout.splitlines()
    assert lines[0] == "Port, by kai"
    assert lines[1] == f"Conflict: title changed by kai and mei · newscli resolve {article}"
    plain = run("show", article, "--plain")
    assert plain.stdout.splitlines()[:3] == ["Port, by kai", "", "KEELUNG —"]
    assert plain.stderr == lines[1] + "\n"


def test_check_lists_each_conflict_with_who_wrote_each_side(run: Runner, data_dir: Path) -> None:
    article = _article(data_dir, TITLE)
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout == (
        f"articles/{article}.toml: conflict: title changed on both sides: kai's change is kept;"
        f" mei's was \"Port, by mei\"; 'newscli resolve {article} [--keep mine|theirs|VALUE]'"
        " settles it\n"
    )


@pytest.mark.parametrize(
    ("person", "keep", "title", "said"),
    [
        ("mei", "mine", "Port, by mei", 'Kept title "Port, by mei" (yours).'),
        ("kai", "mine", "Port, by kai", 'Kept title "Port, by kai" (yours).'),
        ("mei", "theirs", "Port, by kai", 'Kept title "Port, by kai" (kai\'s).'),
        ("kai", "theirs", "Port, by mei", 'Kept title "Port, by mei" (mei\'s).'),
        ("ana", "Port, by ana", "Port, by ana", 'Kept title "Port, by ana" (as you gave it).'),
    ],
)
def test_resolve_keeps_the_typists_side_and_says_which_value(
    run: Runner, data_dir: Path, person: str, keep: str, title: str, said: str
) -> None:
    article = _article(data_dir, TITLE)
    result = run("resolve", article, "--keep", keep, "--as", person)
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{article}\n", said + "\n")
    assert _title(data_dir, article) == title
    assert run("check").exit_code == 0


def test_resolve_by_default_keeps_mine(run: Runner, data_dir: Path) -> None:
    article = _article(data_dir, TITLE)
    assert run("resolve", article, "--as", "mei").stderr == 'Kept title "Port, by mei" (yours).\n'


def test_resolve_refuses_what_it_cannot_tell_and_writes_nothing(
    run: Runner, data_dir: Path
) -> None:
    article = _article(data_dir, TITLE, DATELINE)
    before = snapshot(data_dir)
    for args, code, words in [
        (("--keep", "mine", "--as", "ana"), 1, "neither side of the title conflict is yours"),
        (("--keep", "TAINAN", "--as", "mei"), 1, "add --field NAME"),
        (("--keep", "mine", "--field", "author", "--as", "mei"), 1, "no a conflict about author"),
        (("--keep", "ours", "--as", "mei"), 2, "say mine (the value you wrote)"),
        (("--keep", "", "--field", "title", "--as", "mei"), 2, "say mine"),
    ]:
        result = run("resolve", article, *args)
        assert (result.exit_code, result.stdout) == (code, ""), args
        assert words in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert snapshot(data_dir) == before


def test_one_field_at_a_time(run: Runner, data_dir: Path) -> None:
    article = _article(data_dir, TITLE, DATELINE)
    done = run("resolve", article, "--field", "dateline", "--keep", "TAINAN", "--as", "kai")
    assert done.stderr == 'Kept dateline "TAINAN" (as you gave it).\n'
    lines = run("show", article).stdout.splitlines()
    assert lines[1].startswith("Conflict: title changed")
    assert lines[2] == "TAINAN"
    bad = run("resolve", article, "--field", "title", "--keep", "   ", "--as", "kai")
    assert (bad.exit_code, bad.stderr) == (1, "newscli: error: the article has no title\n")


def test_a_deletion_against_a_change_is_settled_from_each_side(run: Runner, data_dir: Path) -> None:
    gone = Conflict(DELETED, None, AT, by="mei", kept_by="kai", kept_at=LATER)
    article = _article(data_dir, gone)
    assert "deleted by mei, changed by kai" in run("show", article).stdout
    kept = run("resolve", article, "--as", "kai")
    assert kept.stderr == "Kept the article (yours).\n"
    assert run("show", article).exit_code == 0
    _article_again = _article(data_dir / "other", gone)
    removed = run("--data-dir", str(data_dir / "other"), "resolve", _article_again, "--as", "mei")
    assert removed.stderr == "Kept the deletion: the article is in the trash (yours).\n"
    assert run("--data-dir", str(data_dir / "other"), "trash", "-f", "ids").stdout == (
        f"{_article_again}\n"
    )


def test_an_older_record_that_names_nobody_is_read_as_before_and_says_so(
    run: Runner, data_dir: Path
) -> None:
    article = _article(data_dir, Conflict("title", "Port, by mei", AT))
    result = run("resolve", article, "--keep", "theirs", "--as", "kai")
    assert result.exit_code == 0
    assert result.stderr == (
        'Kept title "Port, by mei" (the other side\'s: this conflict does not say who wrote'
        " each side, so yours is taken to be the file's).\n"
    )
    assert _title(data_dir, article) == "Port, by mei"
