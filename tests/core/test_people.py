"""Per-person state: subscriptions, read marks, the inbox read mark; and the inbox itself."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli.discussion.actions import delete_comment
from newscli.discussion.inbox import inbox, mentions, read_statuses
from newscli.discussion.state import (
    BrokenState,
    file_name,
    load_state,
    mark_inbox_read,
    state_path,
    subscribe,
    unsubscribe,
    visit,
)
from newscli.errors import InvalidInput, NotFound
from newscli.store.store import Store


@pytest.fixture
def store(data_dir: Path) -> Store:
    return Store(data_dir)


@pytest.fixture
def state_dir(data_dir: Path) -> Path:
    return data_dir / "state"


def _comment(run: Runner, article: str, text: str, *args: str) -> str:
    result = run("comment", article, text, *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("name", ["mei", "Mei", "../../etc/passwd", "名前", "a b", "", "."])
def test_state_file_names_are_safe_and_distinct(name: str) -> None:
    made = file_name(name)
    assert "/" not in made and not made.startswith(".")
    assert made.endswith(".toml")
    assert all(c.isascii() and (c.isalnum() or c in "-.") for c in made)
    assert made != file_name(name + "x")
    assert file_name("mei") != file_name("Mei")


def test_subscriptions_and_read_marks_are_kept_per_person(
    store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    assert subscribe(store, state_dir, "mei", article[:5]) == article
    subscribe(store, state_dir, "kai", article, "replies")
    with pytest.raises(InvalidInput, match=r"subscribed to article .* already"):
        subscribe(store, state_dir, "mei", article)
    assert visit(state_dir, "mei", article) == (None, "all")
    assert visit(state_dir, "mei", article)[0] is not None

    mei, kai = load_state(state_dir, "mei"), load_state(state_dir, "kai")
    assert mei.subscriptions == {article: "all"}
    assert kai.subscriptions == {article: "replies"}
    assert article in mei.opened and not kai.opened
    assert state_path(state_dir, "mei") != state_path(state_dir, "kai")

    assert unsubscribe(state_dir, "mei", article) == article
    assert load_state(state_dir, "mei").subscriptions == {}
    with pytest.raises(NotFound, match="no subscribed article"):
        unsubscribe(state_dir, "mei", article)


def test_subscribing_to_a_missing_article_or_in_a_bad_mode_writes_nothing(
    store: Store, state_dir: Path, data_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    before = snapshot(data_dir)
    with pytest.raises(NotFound):
        subscribe(store, state_dir, "mei", "zzzzzzzz")
    with pytest.raises(InvalidInput, match="'all' or 'replies'"):
        subscribe(store, state_dir, "mei", article, "sometimes")
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("schema = [", "TOML syntax error"),
        ('schema = 1\nname = "kai"\n', "state of 'kai', not of 'mei'"),
        ('schema = 1\nname = "mei"\n[subscriptions]\nabcd2345 = "often"\n', "'all' or"),
        ('schema = 1\nname = "mei"\n[opened]\n"../x" = 2026-01-01T00:00:00Z\n', "not an article"),
        ('schema = 1\nname = "mei"\ninbox_read = "today"\n', "'inbox_read' must be a date"),
        ('schema = 9\nname = "mei"\n', "'schema' must be 1"),
    ],
)
def test_a_broken_state_file_is_a_one_line_error_and_stays(
    store: Store, state_dir: Path, content: str, words: str
) -> None:
    path = state_path(state_dir, "mei")
    path.parent.mkdir(parents=True)
    path.write_text(content)
    with pytest.raises(BrokenState, match=words) as caught:
        load_state(state_dir, "mei")
    assert str(caught.value).startswith(f"state/{path.name}: ")
    assert "\n" not in str(caught.value)
    with pytest.raises(BrokenState):
        mark_inbox_read(state_dir, "mei")
    with pytest.raises(BrokenState):
        inbox(store, state_dir, "mei")
    assert path.read_text() == content


def test_unknown_keys_of_a_state_file_are_kept(state_dir: Path) -> None:
    path = state_path(state_dir, "mei")
    path.parent.mkdir(parents=True)
    path.write_text('schema = 1\nname = "mei"\nlater = "kept"\n')
    mark_inbox_read(state_dir, "mei", datetime(2026, 1, 1, tzinfo=UTC))
    state = load_state(state_dir, "mei")
    assert state.extra == {"later": "kept"}
    assert state.inbox_read == datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thanks @mei!", True),
        ("@mei", True),
        ("@meiling knows", False),
        ("mail x@mei please", False),
        ("mei without at", False),
        ("@Mei", False),  # names are compared as written
    ],
)
def test_mentions(text: str, expected: bool) -> None:
    assert mentions(text, "mei") is expected


def test_each_person_sees_replies_mentions_and_follow_ups_only(
    run: Runner, store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    followed, other, quiet = add(), add(title="Other"), add(title="Quiet")
    subscribe(store, state_dir, "kai", followed)
    mine = _comment(run, other, "A question from mei.", "--as", "mei")
    reply = _comment(run, other, "An answer\nin two lines.", "--as", "lin", "--reply-to", mine)
    mention = _comment(run, quiet, "Ask @mei about it.", "--as", "lin")
    follow = _comment(run, followed, "News on the followed one.", "--as", "lin")
    _comment(run, followed, "Kai's own comment.", "--as", "kai")

    mei = inbox(store, state_dir, "mei")
    assert {(i.comment_id, i.why) for i in mei.items} == {(reply, "reply"), (mention, "mention")}
    by_id = {i.comment_id: i for i in mei.items}
    assert (by_id[reply].article_id, by_id[reply].author) == (other, "lin")
    assert by_id[reply].line == "An answer"
    assert [i.at for i in mei.items] == sorted((i.at for i in mei.items), reverse=True)

    kai = inbox(store, state_dir, "kai")
    assert [(i.comment_id, i.why) for i in kai.items] == [(follow, "follow-up")]
    assert inbox(store, state_dir, "lin").items == []


def test_reading_the_inbox_marks_it_read_and_all_shows_everything(
    run: Runner, store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    mine = _comment(run, article, "Mine.", "--as", "mei")
    _comment(run, article, "A reply.", "--as", "kai", "--reply-to", mine)
    assert len(inbox(store, state_dir, "mei", mark_read=True).items) == 1

    # Marked read a year ahead: what came before is no longer listed, but ``everything`` is.
    later = datetime.now(UTC).replace(microsecond=0) + timedelta(days=366)
    mark_inbox_read(state_dir, "mei", later)
    assert inbox(store, state_dir, "mei").items == []
    assert len(inbox(store, state_dir, "mei", everything=True).items) == 1


def test_the_inbox_forgets_deleted_comments_and_reports_broken_files(
    run: Runner, store: Store, state_dir: Path, data_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    mine = _comment(run, article, "Mine.", "--as", "mei")
    reply = _comment(run, article, "Oops, mei.", "--as", "kai", "--reply-to", mine)
    delete_comment(store, article, reply, "kai")
    (data_dir / "articles" / "abcd2345.toml").write_text('schema = 2\nauthor = "mei"\n')
    result = inbox(store, state_dir, "mei", mark_read=True)
    assert result.items == []
    assert [str(p).split(":")[0] for p in result.problems] == ["articles/abcd2345.toml"]
    # Once read, files unchanged since are not even opened: the broken one is not reported.
    os.utime(data_dir / "articles" / "abcd2345.toml", (0, 0))
    assert inbox(store, state_dir, "mei").problems == []


def test_read_statuses_count_comments_new_since_the_last_visit(
    run: Runner, store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    never, seen, quiet = add(), add(title="Seen"), add(title="Quiet")
    _comment(run, never, "One.", "--as", "lin")
    visit(state_dir, "mei", seen)
    visit(state_dir, "mei", quiet)
    _comment(run, seen, "New to mei.", "--as", "lin")
    _comment(run, seen, "Her own.", "--as", "mei")
    state = load_state(state_dir, "mei")
    statuses = read_statuses(store, state, {never: 1, seen: 2, quiet: 0})
    assert (statuses[never].read, statuses[never].new_comments) == (False, 1)
    assert (statuses[seen].read, statuses[seen].new_comments) == (True, 1)
    assert (statuses[quiet].read, statuses[quiet].new_comments) == (True, 0)
