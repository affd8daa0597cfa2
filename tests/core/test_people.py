"""Per-person state (subscriptions), where each person last looked (by arrival in this copy),
and the inbox itself."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli import api
from newscli.discussion.actions import delete_comment
from newscli.discussion.inbox import inbox, mentions, read_statuses, visit
from newscli.discussion.people import Registry, person_path, registry
from newscli.discussion.state import (
    BrokenState,
    file_name,
    load_state,
    state_path,
    state_text,
    subscribe,
    unsubscribe,
    update_state,
)
from newscli.errors import InvalidInput, NotFound
from newscli.model.article import Comment
from newscli.sharing.peers import IGNORED
from newscli.store.store import Store

NFD_JOSE = unicodedata.normalize("NFD", "José")


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


def _arrive(store: Store, article: str, author: str, text: str, **fields: object) -> str:
    """A comment put straight into the file, as a merge brings one in: its ``at`` is
    whatever the writer's clock said (here: a day ago)."""
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)

    def add(found: api.Article) -> str:
        made = Comment(id=f"zz{len(found.comments):04d}", text=text, at=at, author=author)
        for key, value in fields.items():
            setattr(made, key, value)
        found.comments.append(made)
        return made.id

    return store.update(article, add)


@pytest.mark.parametrize("name", ["mei", "Mei", "../../etc/passwd", "名前", "a b", "", "."])
def test_state_file_names_are_safe_and_distinct(name: str) -> None:
    made = file_name(name)
    assert "/" not in made and not made.startswith(".")
    assert made.endswith(".toml")
    assert all(c.isascii() and (c.isalnum() or c in "-.") for c in made)
    assert made != file_name(name + "x")
    assert file_name("mei") != file_name("Mei")


def test_one_name_has_one_state_file_however_it_is_spelt() -> None:
    assert file_name("Mei  Lin") == file_name(" Mei Lin") == file_name("Mei\u3000Lin")
    assert file_name(NFD_JOSE) == file_name("José")


def test_subscriptions_are_kept_per_person(
    store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    assert subscribe(store, state_dir, "mei", article[:5]) == article
    subscribe(store, state_dir, "kai", article, "replies")
    with pytest.raises(InvalidInput, match=r"subscribed to article .* already"):
        subscribe(store, state_dir, "mei", article)

    mei, kai = load_state(state_dir, "mei"), load_state(state_dir, "kai")
    assert mei.subscriptions == {article: "all"}
    assert kai.subscriptions == {article: "replies"}
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
        ('schema = 2\nname = "kai"\n', "state of 'kai', not of 'mei'"),
        ('schema = 2\nname = "mei"\n[subscriptions]\nabcd2345 = "often"\n', "'all' or"),
        ('schema = 2\nname = "mei"\n[subscriptions]\n"../x" = "all"\n', "not an article"),
        ('schema = 9\nname = "mei"\n', "'schema' must be 2"),
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
        inbox(store, state_dir, "mei")
    assert path.read_text() == content


def test_a_schema_1_state_file_is_read_and_upgraded_on_write(state_dir: Path) -> None:
    path = state_path(state_dir, "mei")
    path.parent.mkdir(parents=True)
    path.write_text(
        'schema = 1\nname = "mei"\ninbox_read = 2026-01-01T00:00:00Z\nlater = "kept"\n'
        '[subscriptions]\nabcd2345 = "all"\n[opened]\nabcd2345 = 2026-01-01T00:00:00Z\n'
    )
    assert load_state(state_dir, "mei").subscriptions == {"abcd2345": "all"}
    update_state(state_dir, "mei", lambda state: state.subscriptions.pop("abcd2345"))
    state = load_state(state_dir, "mei")
    assert (state.subscriptions, state.extra) == ({}, {"later": "kept"})
    assert path.read_text() == state_text(state)
    assert path.read_text().startswith('schema = 2\nname = "mei"\n')
    assert "opened" not in path.read_text() and "inbox_read" not in path.read_text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thanks @mei!", True),
        ("@mei", True),
        ("@meiling knows", False),
        ("mail x@mei please", False),
        ("mei without at", False),
        ("@Mei", False),  # case tells two people apart
    ],
)
def test_mentions(text: str, expected: bool) -> None:
    assert mentions(text, "mei") is expected


def test_a_mention_typed_in_another_unicode_form_is_still_a_mention() -> None:
    assert mentions(f"ask @{NFD_JOSE}", "José")


def test_each_person_sees_replies_mentions_and_follow_ups_only(
    run: Runner, store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    followed, other, quiet = add(), add(title="Other"), add(title="Quiet")
    api.subscribe(store, followed, "kai")
    mine = _comment(run, other, "A question from mei.", "--as", "mei")
    reply = _comment(run, other, "An answer\nin two lines.", "--as", "lin", "--reply-to", mine)
    mention = _comment(run, quiet, "Ask @mei about it.", "--as", "lin")
    follow = _comment(run, followed, "News on the followed one.", "--as", "lin")
    _comment(run, followed, "Kai's own comment.", "--as", "kai")

    mei = inbox(store, state_dir, "mei")
    assert {(i.comment_id, i.why) for i in mei.items} == {(reply, "reply"), (mention, "mention")}
    by_id = {i.comment_id: i for i in mei.items}
    assert (by_id[reply].article_id, by_id[reply].author) == (other, "lin")
    assert (by_id[reply].title, by_id[reply].line) == ("Other", "An answer")
    assert by_id[reply].text == "An answer\nin two lines."
    assert [i.seq for i in mei.items] == sorted((i.seq for i in mei.items), reverse=True)

    kai = inbox(store, state_dir, "kai")
    assert [(i.comment_id, i.why) for i in kai.items] == [(follow, "follow-up")]
    assert inbox(store, state_dir, "lin").items == []


def test_subscribing_starts_from_now(
    run: Runner, store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    _comment(run, article, "Before kai followed.", "--as", "lin")
    api.subscribe(store, article, "kai")
    after = _comment(run, article, "After.", "--as", "lin")
    assert [i.comment_id for i in inbox(store, state_dir, "kai").items] == [after]


def test_a_subscription_made_on_another_copy_counts_from_when_it_is_seen_here(
    run: Runner, store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    _comment(run, article, "Before.", "--as", "lin")
    subscribe(store, state_dir, "kai", article)  # the shared file only, as a sync brings it
    assert inbox(store, state_dir, "kai").items == []
    after = _comment(run, article, "After.", "--as", "lin")
    assert [i.comment_id for i in inbox(store, state_dir, "kai").items] == [after]


def test_reading_the_inbox_marks_it_read_and_all_shows_everything(
    run: Runner, store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    mine = _comment(run, article, "Mine.", "--as", "mei")
    _comment(run, article, "A reply.", "--as", "kai", "--reply-to", mine)
    first = inbox(store, state_dir, "mei", mark_read=True)
    assert (len(first.items), first.since) == (1, None)
    again = inbox(store, state_dir, "mei")
    assert again.items == [] and again.since is not None
    assert len(inbox(store, state_dir, "mei", everything=True).items) == 1


def test_a_reply_that_arrives_late_with_an_old_time_still_reaches_the_inbox(
    run: Runner, store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    # The reply was written on a machine whose clock is a day behind, and arrives after
    # mei last read her inbox: by the writer's clock it is older than her read, yet new.
    article = add()
    mine = _comment(run, article, "Mine.", "--as", "mei")
    inbox(store, state_dir, "mei", mark_read=True)
    late = _arrive(store, article, "kai", "Late, by a day-behind clock.", parent=mine)
    found = inbox(store, state_dir, "mei")
    assert [(i.comment_id, i.why) for i in found.items] == [(late, "reply")]
    assert found.items[0].at < found.items[0].arrived


def test_names_in_any_spelling_reach_the_same_inbox(
    run: Runner, store: Store, state_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    mine = _comment(run, article, "Mine.", "--as", "Mei  Lin")
    reply = _comment(run, article, "Yours?", "--as", "kai", "--reply-to", mine)
    jose = _arrive(store, article, NFD_JOSE, "Stored by an older newscli.")
    to_jose = _comment(run, article, "Hello José.", "--as", "kai", "--reply-to", jose)
    assert [i.comment_id for i in inbox(store, state_dir, " Mei Lin ").items] == [reply]
    assert [i.comment_id for i in inbox(store, state_dir, "José").items] == [to_jose]


def test_the_inbox_forgets_deleted_comments_and_reports_broken_files(
    run: Runner, store: Store, state_dir: Path, data_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    mine = _comment(run, article, "Mine.", "--as", "mei")
    reply = _comment(run, article, "Oops, mei.", "--as", "kai", "--reply-to", mine)
    delete_comment(store, article, reply, "kai")
    assert inbox(store, state_dir, "mei").items == []
    broken = _comment(run, article, "Hi mei.", "--as", "kai", "--reply-to", mine)
    assert [i.comment_id for i in inbox(store, state_dir, "mei").items] == [broken]
    path = data_dir / "articles" / f"{article}.toml"
    good = path.read_bytes()
    path.write_bytes(good.replace(b'title = "A title"', b"title = 3"))
    result = inbox(store, state_dir, "mei")
    assert result.items == []
    assert [str(p).split(":")[0] for p in result.problems] == [f"articles/{article}.toml"]
    path.write_bytes(good)
    assert [i.comment_id for i in inbox(store, state_dir, "mei").items] == [broken]


def test_new_comments_go_by_arrival_since_the_last_visit(
    run: Runner, store: Store, add: Callable[..., str]
) -> None:
    never, seen, quiet = add(), add(title="Seen"), add(title="Quiet")
    _comment(run, never, "One.", "--as", "lin")
    assert visit(store, "mei", seen) == frozenset()  # nothing is new on a first visit
    visit(store, "mei", quiet)
    new = _comment(run, seen, "New to mei.", "--as", "lin")
    _comment(run, seen, "Her own.", "--as", "mei")
    late = _arrive(store, seen, "lin", "Older by its clock, new by its arrival.")
    statuses = read_statuses(store, "mei")
    assert (statuses[never].read, statuses[never].new_comments) == (False, 1)
    assert (statuses[seen].read, statuses[seen].new_comments) == (True, 2)
    assert (statuses[quiet].read, statuses[quiet].new_comments) == (True, 0)
    assert visit(store, "mei", seen) == {new, late}
    assert visit(store, "mei", seen) == frozenset()


def test_arrivals_stay_on_this_machine(
    run: Runner, store: Store, data_dir: Path, add: Callable[..., str]
) -> None:
    article = add()
    _comment(run, article, "One.", "--as", "lin")
    visit(store, "mei", article)
    log = data_dir / "local" / "arrivals.sqlite3"
    assert log.is_file() and oct(log.stat().st_mode & 0o777) == "0o600"
    assert not (data_dir / "state").exists()  # opening an article writes no shared file
    assert "local/" in IGNORED  # never committed by a sync


def test_each_unreadable_people_record_is_one_problem_naming_its_file_once(
    store: Store,
) -> None:
    kai, mei, ana = (person_path(store.data, name) for name in ("kai", "mei", "ana"))
    kai.parent.mkdir(parents=True)
    kai.write_text("schema = [")  # the reader's error
    mei.symlink_to(kai)  # the file's error, which names it already
    ana.write_bytes(b"schema = 1\nname = '\xff'\n")
    assert registry(store.data) == Registry(
        {},
        [
            f"people/{ana.name}: not valid UTF-8",
            f"people/{kai.name}: TOML syntax error: unclosed array, expected `]` at line 1"
            " column 11",
            f"people/{mei.name}: a symbolic link, not an article file",
        ],
    )
