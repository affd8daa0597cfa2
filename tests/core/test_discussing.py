"""Comment votes, edits, deletions and taking back a rating, through the core functions;
and the schema-2 file format carrying them through every export and import."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli.discussion.actions import (
    clear_rating,
    delete_comment,
    edit_comment,
    find_comment,
    vote_comment,
)
from newscli.errors import AmbiguousId, InvalidId, InvalidInput, NotFound
from newscli.model import codec
from newscli.model.article import DELETED_TEXT, Article, Comment, CommentVote
from newscli.model.threads import discussion, discussion_problems, net_votes, threads
from newscli.store.store import Store


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir)


def _comment(run: Runner, article: str, text: str, *args: str) -> str:
    result = run("comment", article, text, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def thread(run: Runner, add: Callable[..., str]) -> tuple[str, str, str]:
    """An article with mei's comment and kai's reply to it: (article, mei's, kai's)."""
    article = add()
    top = _comment(run, article, "Finally a late boat home.", "--as", "mei")
    reply = _comment(run, article, "What about the inns?", "--as", "kai", "--reply-to", top)
    return article, top, reply


def test_votes_are_one_per_person_replaced_and_cleared(
    store: Store, thread: tuple[str, str, str]
) -> None:
    article, top, _ = thread
    assert vote_comment(store, article, top, "kai", "up").net == 1
    assert vote_comment(store, article, top, "lin", "up").net == 2
    changed = vote_comment(store, article, top, "kai", "down")
    assert changed.net == 0
    assert changed.replaced is not None and changed.replaced.value == 1
    assert vote_comment(store, article, top[:4], "lin", "clear").net == -1

    comment = find_comment(store.load(article), top)
    assert [(v.voter, v.value) for v in comment.votes] == [("kai", -1)]
    assert net_votes(comment) == -1


@pytest.mark.parametrize(
    ("voter", "value", "words"),
    [
        ("mei", "up", "is yours"),  # her own comment
        ("kai", "clear", "no vote"),
        ("kai", "sideways", "up, down or clear"),
        ("  ", "up", "empty"),
    ],
)
def test_refused_votes_change_nothing(
    store: Store, data_dir: Path, thread: tuple[str, str, str], voter: str, value: str, words: str
) -> None:
    article, top, _ = thread
    before = snapshot(data_dir / "articles")
    with pytest.raises(InvalidInput, match=words) as caught:
        vote_comment(store, article, top, voter, value)
    assert "\n" not in str(caught.value)
    assert snapshot(data_dir / "articles") == before


def test_voting_twice_the_same_way_is_one_line_error(
    store: Store, data_dir: Path, thread: tuple[str, str, str]
) -> None:
    article, top, _ = thread
    vote_comment(store, article, top, "kai", "down")
    before = snapshot(data_dir / "articles")
    with pytest.raises(InvalidInput, match="already voted down"):
        vote_comment(store, article, top, "kai", "down")
    assert snapshot(data_dir / "articles") == before


def test_unknown_and_ambiguous_comment_ids(store: Store, thread: tuple[str, str, str]) -> None:
    article, _, _ = thread
    with pytest.raises(NotFound, match="no comment with id 'zzzz'"):
        vote_comment(store, article, "zzzz", "lin", "up")
    with pytest.raises(InvalidId):
        edit_comment(store, article, "../x", "text", "mei")

    def two(a: Article) -> None:
        a.comments = [Comment(id=f"abcd1{n}", text="x", at=a.added) for n in (1, 2)]

    store.update(article, two)
    with pytest.raises(AmbiguousId, match="abcd11, abcd12"):
        delete_comment(store, article, "abcd", None, force=True)


def test_only_the_author_edits_and_the_edit_is_marked(
    store: Store, data_dir: Path, thread: tuple[str, str, str]
) -> None:
    article, top, _ = thread
    before = snapshot(data_dir / "articles")
    with pytest.raises(InvalidInput, match="is mei's: only they can edit it"):
        edit_comment(store, article, top, "Hijacked", "kai")
    with pytest.raises(InvalidInput, match="is mei's"):
        edit_comment(store, article, top, "Hijacked", "kai", force=True)
    with pytest.raises(InvalidInput, match="is mei's"):
        edit_comment(store, article, top, "Hijacked", "Mei")  # names compared as stored
    with pytest.raises(InvalidInput, match="unchanged"):
        edit_comment(store, article, top, "Finally a late boat home.", "mei")
    with pytest.raises(InvalidInput, match="empty"):
        edit_comment(store, article, top, " \n ", "mei")
    assert snapshot(data_dir / "articles") == before

    edited = edit_comment(store, article, top, "Finally a late ferry home.\r\n", " mei ")
    assert edited.text == "Finally a late ferry home."
    stored = find_comment(store.load(article), top)
    assert stored.text == edited.text
    assert stored.edited is not None and stored.edited >= stored.at
    assert "edited = " in (data_dir / "articles" / f"{article}.toml").read_text()


def test_anonymous_comments_change_only_with_force(
    run: Runner, store: Store, add: Callable[..., str]
) -> None:
    article = add()
    anonymous = _comment(run, article, "No name given.", "--anonymous")
    with pytest.raises(InvalidInput, match=r"anonymous: .* --force"):
        edit_comment(store, article, anonymous, "Changed", None)
    with pytest.raises(InvalidInput, match="anonymous"):
        delete_comment(store, article, anonymous, "guest")
    assert edit_comment(store, article, anonymous, "Changed", None, force=True).text == "Changed"
    assert vote_comment(store, article, anonymous, "guest", "up").net == 1  # no owner
    assert delete_comment(store, article, anonymous, None, force=True).kept is False


def test_delete_with_replies_leaves_a_tombstone_with_nothing_of_it(
    store: Store, data_dir: Path, thread: tuple[str, str, str]
) -> None:
    article, top, reply = thread
    vote_comment(store, article, top, "kai", "up")
    done = delete_comment(store, article, top, "mei")
    assert done.kept

    text = (data_dir / "articles" / f"{article}.toml").read_text()
    assert "Finally a late boat home." not in text
    assert "mei" not in text
    gone = find_comment(store.load(article), top)
    assert gone.deleted is not None
    assert gone.display_text == DELETED_TEXT
    assert (gone.text, gone.author, gone.votes) == ("", None, [])
    assert [c.id for _, c in threads(store.load(article).comments)[0]] == [top, reply]

    before = snapshot(data_dir / "articles")
    with pytest.raises(InvalidInput, match="deleted already"):
        delete_comment(store, article, top, "mei")
    with pytest.raises(InvalidInput, match="deleted"):
        vote_comment(store, article, top, "lin", "up")
    assert snapshot(data_dir / "articles") == before

    # The last reply goes: both stay in the file as dated tombstones (a merge with a copy
    # that has not seen the deletions carries them out there), and the page shows neither.
    done = delete_comment(store, article, reply, "kai")
    assert not done.kept
    kept = store.load(article).comments
    assert [(c.id, c.text, c.deleted is not None) for c in kept] == [
        (top, "", True),
        (reply, "", True),
    ]
    assert discussion(kept).total == 0
    with pytest.raises(InvalidInput, match="deleted already"):
        delete_comment(store, article, reply, "kai")


def test_clear_rating(run: Runner, store: Store, add: Callable[..., str]) -> None:
    article = add()
    run("rate", article, "4", "--as", "alice")
    run("rate", article, "2", "--as", "bob")
    with pytest.raises(InvalidInput, match="carol has not rated"):
        clear_rating(store, article, "carol")
    cleared = clear_rating(store, article, "bob")
    assert (cleared.rating.average, cleared.rating.votes, cleared.removed.stars) == (4.0, 1, 2)
    with pytest.raises(NotFound):
        clear_rating(store, "zzzzzzzz", "bob")


def test_threads_sort_by_oldest_newest_and_votes() -> None:
    start = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

    def at(seconds: int) -> datetime:
        return start + timedelta(seconds=seconds)

    def votes(*values: int) -> list[CommentVote]:
        return [CommentVote(f"v{i}", value, at(9)) for i, value in enumerate(values)]

    first = Comment("c1", "First.", at(0), author="a", votes=votes(-1))
    second = Comment("c2", "Second.", at(1), author="b", votes=votes(1))
    third = Comment("c3", "Third.", at(2), author="c", votes=votes(1, 1))
    reply = Comment("c4", "Reply.", at(3), author="d", parent="c1")
    tied = Comment("c5", "Same second as the third.", at(2), author="e", votes=votes(1))
    comments = [first, second, third, reply, tied]

    def tops(order: str) -> list[list[str]]:
        return [[c.id for _, c in thread] for thread in threads(comments, order)]

    assert tops("oldest") == [["c1", "c4"], ["c2"], ["c3"], ["c5"]]
    assert tops("newest") == [["c5"], ["c3"], ["c2"], ["c1", "c4"]]  # ties: later in the file first
    assert tops("votes") == [["c3"], ["c2"], ["c5"], ["c1", "c4"]]  # ties: the older first
    with pytest.raises(InvalidInput, match="cannot sort comments by 'nonsense'"):
        threads(comments, "nonsense")


def _schema2_store(run: Runner, store: Store, add: Callable[..., str]) -> str:
    article = add()
    top = _comment(run, article, "Keep me.", "--as", "mei")
    gone = _comment(run, article, "Delete me.", "--as", "kai")
    _comment(run, article, "I stay.", "--as", "lin", "--reply-to", gone)
    vote_comment(store, article, top, "kai", "up")
    vote_comment(store, article, top, "lin", "down")
    edit_comment(store, article, top, "Kept, and edited.", "mei")
    delete_comment(store, article, gone, "kai")
    return article


@pytest.mark.parametrize("fmt", ["jsonl", "json", "toml", "markdown"])
def test_exports_carry_votes_edits_and_tombstones_back_unchanged(
    run: Runner, store: Store, add: Callable[..., str], tmp_path: Path, fmt: str
) -> None:
    article = _schema2_store(run, store, add)
    exported = run("export", "--format", fmt, article)
    assert exported.exit_code == 0, exported.stderr
    suffix = {"jsonl": "jsonl", "json": "json", "toml": "toml", "markdown": "md"}[fmt]
    source = tmp_path / f"story.{suffix}"
    source.write_text(exported.stdout)
    empty = str(tmp_path / "elsewhere")
    result = run("--data-dir", empty, "import", str(source))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == article
    back = json.loads(run("--data-dir", empty, "export", article).stdout)
    assert back == json.loads(run("export", article).stdout)
    assert back["schema"] == 4
    kept, tombstone, _ = back["comments"]
    assert [v["value"] for v in kept["votes"]] == [1, -1]
    assert kept["edited"].endswith("Z")
    assert set(tombstone) == {"id", "at", "deleted"}


@pytest.mark.parametrize("old", [1, 2, 3])
def test_older_schemas_are_read_as_they_are_and_rewritten_as_4_on_change(
    old: int, run: Runner, store: Store, data_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    path = data_dir / "articles" / f"{article}.toml"
    path.write_text(path.read_text().replace("schema = 4", f"schema = {old}"))
    before = path.read_bytes()
    assert run("show", article).exit_code == 0
    assert run("list").exit_code == 0
    assert path.read_bytes() == before
    run("rate", article, "3", "--as", "alice")
    run("rate", article, "--clear", "--as", "alice")
    text = path.read_text()
    assert text.startswith("schema = 4\n")
    assert "[[retracted]]" in text


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("value = 2", "'value' must be 1 or -1, not 2"),
        ('value = "up"', "'value' must be an integer"),
    ],
)
def test_bad_comment_votes_make_the_file_unreadable(change: str, words: str) -> None:
    text = (
        'schema = 2\nid = "abcd2345"\ntitle = "T"\nbody = "B"\nadded = 2026-01-01T00:00:00Z\n'
        '[[comments]]\nid = "abcdef"\nat = 2026-01-01T00:00:00Z\ntext = "x"\n'
        f'votes = [{{voter = "kai", {change}, at = 2026-01-01T00:00:00Z}}]\n'
    )
    with pytest.raises(InvalidInput, match=words) as caught:
        codec.loads(text)
    assert "comments #1: votes #1: " in str(caught.value)


def test_discussion_problems_for_check() -> None:
    text = """schema = 2
id = "abcd2345"
title = "T"
body = "B"
added = 2026-01-01T00:00:00Z

[[comments]]
id = "aaaaaa"
author = "mei"
at = 2026-01-02T00:00:00Z
edited = 2026-01-01T00:00:00Z
text = "Mine."
votes = [
    { voter = "mei", value = 1, at = 2026-01-03T00:00:00Z },
    { voter = "kai", value = 1, at = 2026-01-03T00:00:00Z },
    { voter = "kai", value = -1, at = 2026-01-04T00:00:00Z },
]

[[comments]]
id = "bbbbbb"
at = 2026-01-02T00:00:00Z
deleted = 2026-01-05T00:00:00Z

[[comments]]
id = "cccccc"
at = 2026-01-02T00:00:00Z
deleted = 2026-01-05T00:00:00Z
author = "lin"
text = "Still here."

[[comments]]
id = "dddddd"
at = 2026-01-03T00:00:00Z
parent = "cccccc"
text = "A reply."
"""
    article = codec.loads(text)
    assert net_votes(article.comments[0]) == 0  # mei's own +1 and kai's last, -1
    assert discussion_problems(article.comments) == [
        "comment aaaaaa has 2 votes by kai",
        "comment aaaaaa has a vote by its own author, mei",
        "comment aaaaaa was edited before it was written",
        "comment cccccc is deleted but still has its text, author",
    ]
    assert discussion_problems(_clean_comments()) == []


def _clean_comments() -> list[Comment]:
    return codec.loads(
        'schema = 2\nid = "abcd2345"\ntitle = "T"\nbody = "B"\nadded = 2026-01-01T00:00:00Z\n'
        '[[comments]]\nid = "abcdef"\nat = 2026-01-01T00:00:00Z\ntext = "x"\n'
    ).comments


_VOTE = """
import sys
from pathlib import Path
from newscli.discussion.actions import vote_comment
from newscli.store.store import Store
vote_comment(Store(Path(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4], "up")
"""


def test_sixty_parallel_voters_keep_sixty_votes(
    store: Store, data_dir: Path, thread: tuple[str, str, str]
) -> None:
    article, top, _ = thread
    voters = [
        subprocess.Popen(
            [sys.executable, "-c", _VOTE, str(data_dir), article, top, f"voter{n:02}"],
            stderr=subprocess.PIPE,
        )
        for n in range(60)
    ]
    for voter in voters:
        _, err = voter.communicate(timeout=300)
        assert voter.returncode == 0, err
    comment = find_comment(store.load(article), top)
    assert sorted(v.voter for v in comment.votes) == [f"voter{n:02}" for n in range(60)]
    assert net_votes(comment) == 60
