"""`newscli check [--fix]`: every problem named on one line, fixes that never lose a byte."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli import api
from newscli.disk import atomic
from newscli.model.article import Article, Conflict, Draft
from newscli.store import check
from newscli.store.store import Store

GARBAGE = b"\x00\xff not an article at all \x1b[2J\n"


@pytest.fixture
def store(data_dir: Path) -> Store:
    return api.open_store(data_dir)


@pytest.fixture
def article(store: Store) -> str:
    added = api.add_article(store, Draft(title="Dam Repairs Finish Early", body="Water flows."))
    api.comment_on(store, added.id, "Good news.", author="ana")
    return added.id


def _file(store: Store, article_id: str) -> Path:
    return store.data.articles / f"{article_id}.toml"


def _dead_pid() -> int:
    """The id of a process that has just ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --- clean ----------------------------------------------------------------------------------


def test_a_clean_store_exits_0(run: Runner, article: str) -> None:
    result = run("check")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "No problems found (1 article file read).\n"


def test_a_conflict_alone_is_not_sent_to_fix(run: Runner, store: Store, article: str) -> None:
    def noted(stored: Article) -> None:
        stored.conflicts.append(Conflict("title", "Dam Repairs Finish Late"))

    store.update(article, noted)
    result = run("check")
    assert result.exit_code == 1
    assert "'newscli resolve" in result.stdout
    assert (
        result.stderr
        == "1 problem found; 'newscli resolve' settles a conflict, as its line says.\n"
    )
    assert "--fix" not in result.stderr


def test_a_missing_data_dir_is_clean_and_is_not_created(run: Runner, data_dir: Path) -> None:
    result = run("check")
    assert (result.exit_code, result.stdout) == (0, "")
    assert not data_dir.exists()


# --- each kind of problem ---------------------------------------------------------------


def _replace(store: Store, article_id: str, old: str, new: str) -> None:
    path = _file(store, article_id)
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


PROBLEMS: dict[str, tuple[Callable[[Store, str], None], str]] = {
    "TOML syntax error": (
        lambda s, a: _file(s, a).write_bytes(b'title = "never closed\n'),
        "TOML syntax error",
    ),
    "garbage bytes": (lambda s, a: _file(s, a).write_bytes(GARBAGE), "not valid UTF-8"),
    # rtoml alone would read this as a date, not a table, and crash the listing.
    "serde's private date key alone": (
        lambda s, a: _file(s, a).write_bytes(b'"$__toml_private_datetime" = "2024-01-01"\n'),
        "missing required key",
    ),
    "wrong type": (
        lambda s, a: _replace(s, a, 'title = "Dam Repairs Finish Early"', "title = 42"),
        "'title' must be a string, not int",
    ),
    "missing required key": (
        lambda s, a: _replace(s, a, 'title = "Dam Repairs Finish Early"\n', ""),
        "missing required key 'title'",
    ),
    "the same voter twice": (
        lambda s, a: _file(s, a).write_text(
            _file(s, a).read_text("utf-8")
            + "".join(
                f'\n[[votes]]\nvoter = "ann"\nstars = {n}\nat = 2024-06-06T08:00:00Z\n'
                for n in (4, 2)
            ),
            "utf-8",
        ),
        "votes #2: 'ann' has voted already",
    ),
    "id not matching the file name": (
        lambda s, a: _replace(s, a, f'id = "{a}"', 'id = "zzzzzzzz"'),
        "its id 'zzzzzzzz' does not match the file name",
    ),
}


@pytest.mark.parametrize("name", PROBLEMS)
def test_an_unreadable_file_is_named_then_quarantined(
    name: str, run: Runner, store: Store, article: str, data_dir: Path
) -> None:
    spoil, reason = PROBLEMS[name]
    spoil(store, article)
    bad = _file(store, article).read_bytes()

    found = run("check")
    assert found.exit_code == 1
    assert found.stderr == "1 problem found; 'newscli check --fix' fixes it.\n"
    assert found.stdout.startswith(f"articles/{article}.toml: ")
    assert reason in found.stdout
    assert len(found.stdout.splitlines()) == 1
    assert "\x1b" not in found.stdout

    fixed = run("check", "--fix")
    assert fixed.exit_code == 0
    assert fixed.stdout == found.stdout
    assert f"articles/{article}.toml: moved to quarantine/{article}.toml\n" in fixed.stderr
    assert (data_dir / "quarantine" / f"{article}.toml").read_bytes() == bad
    assert not _file(store, article).exists()

    after = run("check")
    assert (after.exit_code, after.stdout) == (0, "")


def test_duplicate_ids_quarantine_only_the_misnamed_file(
    run: Runner, store: Store, article: str
) -> None:
    copy = "zzzzzzzz"
    _file(store, copy).write_bytes(_file(store, article).read_bytes())

    found = run("check")
    assert found.exit_code == 1
    assert found.stdout == (
        f"articles/{copy}.toml: duplicate id '{article}': articles/{article}.toml has it too\n"
    )
    run("check", "--fix")
    assert _file(store, article).exists()
    assert not _file(store, copy).exists()
    assert run("check").exit_code == 0


def test_a_reply_whose_parent_is_missing_is_reported_and_left(
    run: Runner, store: Store, article: str
) -> None:
    comment = store.load(article).comments[0].id
    _replace(store, article, "\nat = 20", '\nparent = "qqqqqq"\nat = 20')
    before = snapshot(store.root)

    found = run("check")
    assert found.exit_code == 1
    assert found.stdout == (
        f"articles/{article}.toml: comment {comment} replies to comment qqqqqq, "
        "which is not in the file\n"
    )
    fixed = run("check", "--fix")
    assert fixed.exit_code == 1  # nothing could be done about it
    assert "left alone (orphan reply)" in fixed.stderr
    assert snapshot(store.root) == before


def test_a_reply_to_itself_is_reported_and_left(run: Runner, store: Store, article: str) -> None:
    comment = store.load(article).comments[0].id
    _replace(store, article, "\nat = 20", f'\nparent = "{comment}"\nat = 20')
    before = snapshot(store.root)
    found = run("check")
    assert found.exit_code == 1
    assert found.stdout == f"articles/{article}.toml: comment {comment} replies to itself\n"
    fixed = run("check", "--fix")
    assert fixed.exit_code == 1
    assert "left alone (orphan reply)" in fixed.stderr
    assert snapshot(store.root) == before
    shown = run("show", article, "--plain")
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert "Good news." in shown.stdout


def test_stray_files_are_reported_and_left(run: Runner, store: Store, article: str) -> None:
    (store.data.articles / "notes.txt").write_text("mine\n")
    (store.data.articles / "ABCDEFGH.toml").write_text("")
    (store.data.articles / "folder").mkdir()
    (store.data.articles / ".git").mkdir()  # hidden files are not newscli's business
    (store.data.articles / ".swp").write_text("")
    before = snapshot(store.root)

    found = run("check")
    assert found.exit_code == 1
    assert found.stdout.splitlines() == [
        "articles/ABCDEFGH.toml: a file that is not an article",
        "articles/folder: a directory that is not an article",
        "articles/notes.txt: a file that is not an article",
    ]
    assert run("check", "--fix").exit_code == 1
    assert snapshot(store.root) == before


# --- temp files -------------------------------------------------------------------------------


def _temp(folder: Path, pid: int | None, age: float = 0) -> Path:
    middle = f"{pid}-" if pid is not None else ""
    path = folder / f".abcd2345.toml{atomic.TEMP_MARKER}{middle}0badc0de"
    path.write_bytes(b'schema = 1\nid = "abcd2')  # half a file
    if age:
        then = time.time() - age
        os.utime(path, (then, then))
    return path


def test_temp_names_name_their_writer(tmp_path: Path) -> None:
    name = atomic.temp_name(tmp_path / "abcd2345.toml").name
    assert name.startswith(".abcd2345.toml.tmp-")
    assert atomic.is_temp(name)
    assert atomic.temp_writer(name) == os.getpid()
    assert atomic.is_temp(".abcd2345.toml.tmp-0badc0de")  # as older versions named them
    assert atomic.temp_writer(".abcd2345.toml.tmp-0badc0de") is None
    assert not atomic.is_temp("abcd2345.toml")


@pytest.mark.parametrize(
    ("writer", "age", "stale"),
    [
        ("dead", 0, True),
        ("this process", 0, False),  # a write in progress
        ("this process", check.STALE_AFTER + 60, True),
        ("none", 0, False),
        ("none", check.STALE_AFTER + 60, True),
    ],
)
def test_a_temp_file_is_stale_when_its_writer_is_gone_or_it_is_old(
    writer: str, age: float, stale: bool, run: Runner, store: Store, article: str
) -> None:
    pid = {"dead": _dead_pid(), "this process": os.getpid(), "none": None}[writer]
    temp = _temp(store.data.articles, pid, age)

    listed = run("list", "--format", "ids")
    assert (listed.stdout, listed.stderr) == (f"{article}\n", "")  # list never sees it

    found = run("check")
    assert found.exit_code == (1 if stale else 0)
    if stale:
        assert found.stdout.startswith(f"articles/{temp.name}: a temp file left by")
        fixed = run("check", "--fix")
        assert f"articles/{temp.name}: removed\n" in fixed.stderr
        assert not temp.exists()
        assert run("check").exit_code == 0
    else:
        assert found.stdout == ""
        assert temp.exists()


def test_stale_temp_files_in_the_data_dir_itself_are_removed(
    run: Runner, store: Store, article: str
) -> None:
    temp = _temp(store.root, _dead_pid())
    assert run("check").stdout.startswith(f"{temp.name}: a temp file")
    run("check", "--fix")
    assert not temp.exists()


# --- fixing never loses anything ------------------------------------------------------------


def test_quarantine_never_overwrites_an_earlier_file(
    run: Runner, store: Store, article: str, data_dir: Path
) -> None:
    _file(store, article).write_bytes(b"first garbage\n")
    run("check", "--fix")
    _file(store, article).write_bytes(b"second garbage\n")
    result = run("check", "--fix")
    assert f"moved to quarantine/{article}.toml.1" in result.stderr
    quarantine = data_dir / "quarantine"
    assert (quarantine / f"{article}.toml").read_bytes() == b"first garbage\n"
    assert (quarantine / f"{article}.toml.1").read_bytes() == b"second garbage\n"
    assert stat.S_IMODE(quarantine.stat().st_mode) == 0o700


def test_a_file_repaired_after_the_check_is_not_quarantined(store: Store, article: str) -> None:
    good = _file(store, article).read_bytes()
    _file(store, article).write_bytes(GARBAGE)
    report = api.check_store(store)
    _file(store, article).write_bytes(good)  # someone fixed it meanwhile

    fixed, _ = api.fix_store(store, report)
    assert [item.done for item in fixed] == [None]
    assert _file(store, article).read_bytes() == good


def test_fix_reports_what_it_left(run: Runner, store: Store, article: str) -> None:
    _file(store, article).write_bytes(GARBAGE)
    (store.data.articles / "notes.txt").write_text("mine\n")
    result = run("check", "--fix")
    assert result.exit_code == 1
    *problems, locks = result.stderr.splitlines()
    assert sorted(problems) == sorted(
        [
            f"articles/{article}.toml: moved to quarantine/{article}.toml",
            "articles/notes.txt: left alone (stray file): see to it by hand",
        ]
    )
    assert locks == "Removed 1 unused lock file."


# --- lock files -----------------------------------------------------------------------------


def test_fix_removes_only_the_locks_of_articles_that_are_gone(
    run: Runner, store: Store, article: str, data_dir: Path
) -> None:
    locks = data_dir / ".locks"
    gone, other = "zzzzzzzz", "notalock.txt"
    (locks / f"{gone}.lock").write_bytes(b"")
    (locks / other).write_bytes(b"")
    assert (locks / f"{article}.lock").exists()  # left by the comment

    result = run("check", "--fix")
    assert (result.exit_code, result.stderr) == (0, "Removed 1 unused lock file.\n")
    # store.lock: the store-wide hold's; clock.lock: the clock's (store.clock)
    kept = [f"{article}.lock", other, "store.lock", "clock.lock"]
    assert sorted(p.name for p in locks.iterdir()) == sorted(kept)


def test_a_lock_in_use_is_not_removed(store: Store, data_dir: Path) -> None:
    lock_path = data_dir / ".locks" / "zzzzzzzz.lock"
    atomic.make_dirs(lock_path.parent)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import filelock, sys\n"
            f"with filelock.FileLock({str(lock_path)!r}):\n"
            "    print('held', flush=True)\n"
            "    sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"held\n"
        assert check.tidy_locks(store) == 0
        assert lock_path.exists()
    finally:
        holder.communicate(b"", timeout=30)
    assert check.tidy_locks(store) == 1
    assert not lock_path.exists()


# --- the data directory itself ----------------------------------------------------------


def test_articles_that_is_a_file_is_one_line_error(run: Runner, data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "articles").write_text("oops\n")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("newscli: error: ")
    assert "is not a directory" in result.stderr


def test_a_directory_with_an_article_name_is_reported_and_left(
    run: Runner, store: Store, article: str
) -> None:
    (store.data.articles / "zzzzzzzz.toml").mkdir()
    found = run("check")
    assert found.stdout == "articles/zzzzzzzz.toml: cannot read: Is a directory\n"
    fixed = run("check", "--fix")
    assert fixed.exit_code == 1
    assert "articles/zzzzzzzz.toml: left alone (unreadable)" in fixed.stderr
    assert (store.data.articles / "zzzzzzzz.toml").is_dir()


def test_a_stale_temp_file_of_a_draft_is_removed(run: Runner, store: Store) -> None:
    drafts = store.root / "drafts"
    atomic.make_dirs(drafts)
    temp = _temp(drafts, _dead_pid())
    assert run("check").stdout.startswith(f"drafts/{temp.name}: a temp file")
    assert run("check", "--fix").exit_code == 0
    assert not temp.exists()
