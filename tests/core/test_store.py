"""The article store on disk, and the api calls that change an article under its lock."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import filelock
import pytest

from conftest import snapshot
from newscli import api, ids
from newscli.disk import atomic
from newscli.errors import (
    CorruptArticle,
    DataDirError,
    InvalidId,
    InvalidInput,
    NotFound,
    StoreLocked,
)
from newscli.model import codec
from newscli.model.article import Article, Comment, Draft, Vote
from newscli.store.store import Store

T0 = datetime(2024, 6, 6, 8, 0, tzinfo=UTC)


def make_article(article_id: str = "abcd2345", title: str = "Ferry Service Resumes") -> Article:
    return Article(
        id=article_id,
        title=title,
        body="The ferry sailed at dawn.\n\nIt was full.",
        added=T0,
        updated=T0,
        dateline="KEELUNG",
        tags=["transport"],
        votes=[Vote(voter="ann", stars=4, at=T0)],
        comments=[Comment(id="c0mm3n", text="Finally.", at=T0, author="bo")],
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(root: Path) -> Store:
    return Store(root)


def tree(root: Path) -> set[str]:
    """Every file and directory under ``root``, relative."""
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if atomic.TEMP_MARKER in p.name]


# --- nothing is created before the first write ------------------------------------------


def test_nothing_is_created_until_the_first_write(tmp_path: Path, root: Path) -> None:
    store = api.open_store(root)
    assert store.ids() == []
    assert store.scan().articles == []
    assert store.scan().problems == []
    assert api.list_articles(store).rows == []
    with pytest.raises(NotFound):
        store.load("abcd2345")
    with pytest.raises(NotFound):
        store.resolve("abcd")
    with pytest.raises(NotFound):
        api.get_article(store)
    with pytest.raises(NotFound):
        api.rate_article(store, "abcd", "ann", 3)
    with pytest.raises(NotFound):
        api.comment_on(store, "abcd", "Hello.")
    assert not root.exists()
    assert list(tmp_path.iterdir()) == []

    store.create(make_article())
    assert (root / "articles" / "abcd2345.toml").is_file()


# --- create and load ----------------------------------------------------------------------


def test_create_and_load_round_trip(store: Store, root: Path) -> None:
    article = make_article()
    store.create(article)
    assert store.load("abcd2345") == article
    assert store.ids() == ["abcd2345"]
    assert store.resolve("ABCD") == "abcd2345"
    data = (root / "articles" / "abcd2345.toml").read_bytes()
    assert codec.loads(data.decode("utf-8")) == article


def test_create_refuses_a_taken_id_and_keeps_the_file(store: Store, root: Path) -> None:
    store.create(make_article())
    before = snapshot(root)
    with pytest.raises(InvalidInput, match="already exists"):
        store.create(make_article(title="Another"))
    assert snapshot(root) == before
    assert store.load("abcd2345").title == "Ferry Service Resumes"


def test_add_article_through_the_api(store: Store) -> None:
    article = api.add_article(
        store, Draft(title="  Spaced   title ", body="One.\r\n\r\n\r\nTwo.", tags=["a", "A", " b "])
    )
    loaded = store.load(article.id)
    assert loaded == article
    assert loaded.title == "Spaced title"
    assert loaded.body == "One.\n\nTwo."
    assert loaded.tags == ["a", "b"]
    assert store.ids() == [article.id]


@pytest.mark.parametrize("bad", ["../x", "abcd/..", "ABCD2345", "abcd234", "abcd23456"])
def test_load_refuses_an_invalid_id(store: Store, bad: str) -> None:
    with pytest.raises(InvalidInput):
        store.load(bad)


def test_load_of_a_missing_id_is_not_found(store: Store) -> None:
    store.create(make_article())
    with pytest.raises(NotFound, match="zzzz9999"):
        store.load("zzzz9999")


# --- permissions --------------------------------------------------------------------------


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _write_everything(store: Store) -> None:
    """Create, update and comment: every kind of write the store makes."""
    store.create(make_article())
    store.update("abcd2345", lambda a: a.tags.append("new"))
    api.comment_on(store, "abcd", "A comment.")


def _modes(paths: list[Path], root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): oct(stat.S_IMODE(p.stat().st_mode)) for p in paths}


def test_files_are_0600(umask: int, store: Store, root: Path) -> None:
    _write_everything(store)
    files = [p for p in root.rglob("*") if p.is_file()]
    assert root / "articles" / "abcd2345.toml" in files
    modes = _modes(files, root)
    assert modes == dict.fromkeys(modes, "0o600")


def test_directories_are_0700(umask: int, store: Store, root: Path) -> None:
    _write_everything(store)
    dirs = [root, *(p for p in root.rglob("*") if p.is_dir())]
    assert root / "articles" in dirs
    modes = _modes(dirs, root)
    assert modes == dict.fromkeys(modes, "0o700")


# --- update -------------------------------------------------------------------------------


def test_update_changes_the_file_atomically(store: Store, root: Path) -> None:
    store.create(make_article())
    path = root / "articles" / "abcd2345.toml"
    inode = path.stat().st_ino

    def change(article: Article) -> str:
        article.title = "Ferry Service Resumes Daily"
        return "done"

    assert store.update("abcd2345", change) == "done"
    loaded = store.load("abcd2345")
    assert loaded.title == "Ferry Service Resumes Daily"
    assert loaded.updated > T0
    assert loaded.added == T0
    # Written to a new file and renamed over the old one, not rewritten in place.
    assert path.stat().st_ino != inode
    assert temp_files(root) == []
    assert sorted(os.listdir(root / "articles")) == ["abcd2345.toml"]


def test_update_holds_the_article_lock(root: Path) -> None:
    store = Store(root, lock_timeout=0.05)
    store.create(make_article())
    before = snapshot(root)
    atomic.make_dirs(store.data.locks)
    other = filelock.FileLock(store.data.locks / "abcd2345.lock")
    with other, pytest.raises(StoreLocked, match="abcd2345"):
        store.update("abcd2345", lambda a: a.tags.append("never"))
    assert snapshot(root)["articles/abcd2345.toml"] == before["articles/abcd2345.toml"]


def test_update_that_raises_leaves_the_file_unchanged(store: Store, root: Path) -> None:
    store.create(make_article())
    before = (root / "articles" / "abcd2345.toml").read_bytes()

    def change(article: Article) -> None:
        article.title = "Half done"
        article.votes.clear()
        raise RuntimeError("change failed")

    with pytest.raises(RuntimeError, match="change failed"):
        store.update("abcd2345", change)
    assert (root / "articles" / "abcd2345.toml").read_bytes() == before
    assert temp_files(root) == []
    assert store.load("abcd2345") == make_article()


def test_update_whose_write_fails_leaves_the_file_unchanged(
    store: Store, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.create(make_article())
    before = (root / "articles" / "abcd2345.toml").read_bytes()

    def failing_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(OSError, match="No space left"):
        store.update("abcd2345", lambda a: a.tags.append("lost"))
    monkeypatch.undo()
    assert (root / "articles" / "abcd2345.toml").read_bytes() == before
    assert temp_files(root) == []


def test_update_of_a_missing_article_is_not_found(store: Store, root: Path) -> None:
    store.create(make_article())
    with pytest.raises(NotFound):
        store.update("zzzz9999", lambda a: None)
    assert not (root / "articles" / "zzzz9999.toml").exists()


# --- scan ---------------------------------------------------------------------------------


def test_scan_reports_corrupt_files_and_returns_the_good_ones(store: Store, root: Path) -> None:
    store.create(make_article("abcd2345"))
    store.create(make_article("zzzz9999", title="Second"))
    articles = root / "articles"
    (articles / "bbbb0000.toml").write_bytes(b"\x00\x01\x02 garbage = = [")
    (articles / "cccc0000.toml").write_bytes(b'schema = 1\ntitle = "caf\xe9"\n')
    (articles / "dddd0000.toml").write_bytes(codec.dumps(make_article("eeee0000")).encode())
    (articles / "ffff0000.toml").write_bytes(b'schema = 1\nid = "ffff0000"\n')

    scan = store.scan()
    assert [a.id for a in scan.articles] == ["abcd2345", "zzzz9999"]
    assert [a.title for a in scan.articles] == ["Ferry Service Resumes", "Second"]
    assert all(isinstance(p, CorruptArticle) for p in scan.problems)
    messages = [str(p) for p in scan.problems]
    assert len(messages) == 4
    garbage, latin1, wrong_id, incomplete = messages
    assert garbage.startswith("articles/bbbb0000.toml: ")
    assert "TOML syntax error" in garbage
    assert latin1.startswith("articles/cccc0000.toml: ")
    assert "not valid UTF-8" in latin1
    assert wrong_id.startswith("articles/dddd0000.toml: ")
    assert "eeee0000" in wrong_id
    assert "does not match the file name" in wrong_id
    assert incomplete.startswith("articles/ffff0000.toml: ")
    assert "missing required key" in incomplete


def test_load_of_a_corrupt_file_raises_corrupt_article(store: Store, root: Path) -> None:
    store.create(make_article())
    (root / "articles" / "abcd2345.toml").write_bytes(b"\xff\xfe\xfd")
    with pytest.raises(CorruptArticle, match=r"articles/abcd2345\.toml: not valid UTF-8"):
        store.load("abcd2345")


def test_a_directory_named_like_an_article_is_a_problem(store: Store, root: Path) -> None:
    store.create(make_article())
    (root / "articles" / "bbbb0000.toml").mkdir()
    scan = store.scan()
    assert [a.id for a in scan.articles] == ["abcd2345"]
    assert len(scan.problems) == 1
    assert str(scan.problems[0]).startswith("articles/bbbb0000.toml: ")


@pytest.mark.parametrize(
    "name",
    [
        "notes.txt",
        ".x.toml.tmp-1234",
        ".abcd0000.toml.tmp-1234",
        "ABCDEFGH.toml",
        "abcd000.toml",
        "abcd00000.toml",
        "abcd0000.toml.bak",
        "abcd0000.TOML",
        "abcd000i.toml",
        ".abcd0000.toml",
    ],
)
def test_files_whose_names_are_not_ids_are_ignored(store: Store, root: Path, name: str) -> None:
    store.create(make_article())
    (root / "articles" / name).write_bytes(b"not an article")
    assert store.ids() == ["abcd2345"]
    scan = store.scan()
    assert [a.id for a in scan.articles] == ["abcd2345"]
    assert scan.problems == []


# --- a data directory that cannot be used -------------------------------------------------


def test_data_dir_that_is_a_file(tmp_path: Path, root: Path) -> None:
    root.write_text("I am a file")
    store = Store(root)
    with pytest.raises(DataDirError, match="not a directory"):
        store.ids()
    with pytest.raises(DataDirError):
        store.scan()
    assert root.read_text() == "I am a file"


def test_articles_dir_that_is_a_file(root: Path) -> None:
    root.mkdir()
    (root / "articles").write_text("oops")
    with pytest.raises(DataDirError, match="not a directory"):
        Store(root).ids()


def test_unreadable_articles_dir(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # DataDirError is "the data directory cannot be used (it is a file, or unreadable)".
    # Tests may run as root, where chmod 000 does not stop a read, so the refusal is simulated.
    store = Store(root)
    store.create(make_article())

    def denied(path: object) -> list[str]:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "listdir", denied)
    with pytest.raises(DataDirError):
        store.ids()


# --- votes and comments through the api ---------------------------------------------------


def test_rate_article_replaces_a_voters_earlier_vote(store: Store) -> None:
    store.create(make_article())  # ann already voted 4
    first = api.rate_article(store, "abcd", "bo", 5)
    assert first.replaced is None
    assert first.article_id == "abcd2345"
    assert (first.rating.average, first.rating.votes) == (4.5, 2)

    again = api.rate_article(store, "ABCD23", "  bo ", 1)
    assert again.replaced is not None
    assert (again.replaced.voter, again.replaced.stars) == ("bo", 5)
    assert (again.rating.average, again.rating.votes) == (2.5, 2)

    votes = store.load("abcd2345").votes
    assert [(v.voter, v.stars) for v in votes] == [("ann", 4), ("bo", 1)]


@pytest.mark.parametrize("stars", [0, 6, -1])
def test_rate_article_refuses_stars_out_of_range(store: Store, root: Path, stars: int) -> None:
    store.create(make_article())
    before = snapshot(root)
    with pytest.raises(InvalidInput, match="1 to 5"):
        api.rate_article(store, "abcd", "bo", stars)
    assert snapshot(root) == before


def test_comment_on_with_an_unknown_parent_writes_nothing(store: Store, root: Path) -> None:
    store.create(make_article())
    before_files = snapshot(root)
    before_tree = tree(root)
    with pytest.raises(NotFound, match="zzzz"):
        api.comment_on(store, "abcd", "A reply.", reply_to="zzzz")
    assert snapshot(root) == before_files
    assert tree(root) == before_tree
    assert store.load("abcd2345").comments == make_article().comments


def test_comment_on_with_an_invalid_parent_writes_nothing(store: Store, root: Path) -> None:
    store.create(make_article())
    before = tree(root), snapshot(root)
    with pytest.raises(InvalidId):
        api.comment_on(store, "abcd", "A reply.", reply_to="../c0mm3n")
    assert (tree(root), snapshot(root)) == before


def test_a_reply_records_its_parents_full_id(store: Store) -> None:
    store.create(make_article())
    top = api.comment_on(store, "abcd", "Top level.", author=" cy ", email="cy@example.org")
    assert top.parent is None
    assert len(top.id) == 6
    reply = api.comment_on(store, "abcd", "A reply.", reply_to=top.id[:4].upper())
    assert reply.parent == top.id
    old_reply = api.comment_on(store, "abcd", "To the first.", reply_to="c0mm")
    assert old_reply.parent == "c0mm3n"

    comments = store.load("abcd2345").comments
    assert [(c.id, c.parent) for c in comments] == [
        ("c0mm3n", None),
        (top.id, None),
        (reply.id, top.id),
        (old_reply.id, "c0mm3n"),
    ]
    assert (comments[1].author, comments[1].email) == ("cy", "cy@example.org")
    assert len({c.id for c in comments}) == 4


def test_added_article_equals_what_is_read_back(store: Store) -> None:
    draft = api.Draft(title="Naive Time", body="Text.", published=datetime(2024, 6, 6, 12, 0))
    added = api.add_article(store, draft)
    assert added.published == datetime(2024, 6, 6, 12, 0, tzinfo=UTC)
    assert store.load(added.id) == added


@pytest.mark.parametrize(
    "text",
    [
        'schema = 1\nid = "{id}"\ntitle = "T"\nbody = "B"\nadded = 0001-01-01T00:00:00+01:00\n',
        'schema = 1\nid = "{id}"\ntitle = "T"\nbody = "B"\nx = ' + "[" * 5000 + "]" * 5000,
    ],
    ids=["date-out-of-range", "nested-too-deeply"],
)
def test_scan_skips_files_with_unusable_values(store: Store, root: Path, text: str) -> None:
    good = api.add_article(store, api.Draft(title="Good", body="Fine."))
    bad_id = "zzzz2222"
    (root / "articles" / f"{bad_id}.toml").write_text(text.replace("{id}", bad_id))
    scan = store.scan()
    assert [a.id for a in scan.articles] == [good.id]
    assert len(scan.problems) == 1
    assert f"{bad_id}.toml" in str(scan.problems[0])


def test_a_fresh_id_drawn_twice_is_drawn_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New articles' ids are drawn without listing the store; a clash draws again."""
    from newscli.model.article import Article

    store = Store(tmp_path)
    when = datetime(2024, 1, 1, tzinfo=UTC)
    first = Article(id="aaaaaaaa", title="First", body="One.", added=when, updated=when)
    store.create(first)
    drawn = iter(["aaaaaaaa", "bbbbbbbb"])
    monkeypatch.setattr(ids, "new_id", lambda length, taken=(): next(drawn))
    second = Article(id="zzzzzzzz", title="Second", body="Two.", added=when, updated=when)
    store.create_fresh(second)
    assert second.id == "bbbbbbbb"
    assert store.load("aaaaaaaa").title == "First"
    assert store.load("bbbbbbbb").title == "Second"
