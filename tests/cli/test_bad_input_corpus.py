"""A corpus of bad input across every command: each is refused with one line on stderr,
no traceback, and the data directory byte for byte as it was.

The older refusals of add, list, show, rate and comment are in test_cli_errors.py; this
corpus adds check, rm, restore, trash, edit, tag, import and export, hand-edited files with
wrong types, and a data directory that cannot be used even by root (a file, or a path
under a file). A bad import record is reported as SOURCE:LINE: reason instead.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli import api
from newscli.discussion.state import file_name
from newscli.model.article import Draft

DOMAIN, USAGE = 1, 2


@dataclass(frozen=True)
class World:
    first: str  # has a vote and a comment
    broken: str  # a hand-edited file with wrong types
    gone: str  # in the trash only
    back: str  # in the trash, and an article with its id exists again
    comment: str  # bo's comment on first, voted up by ana
    dead: str  # bo's deleted comment on first, kept for its reply


def _build_inputs(inputs: Path) -> None:
    inputs.mkdir()
    (inputs / "malformed.json").write_text('{"title": "Half a record", "body": ')
    (inputs / "malformed.yaml").write_text("title: [never closed\n")
    (inputs / "malformed.md").write_text("---\ntitle: [never closed\n---\nThe body.\n")
    (inputs / "malformed.html").write_text("<html><head><title>Only a head</title></head>")
    (inputs / "nul.json").write_bytes(b'{"title": "T",\n\n"body": "a\x00b"}\n')
    (inputs / "folder").mkdir()
    (inputs / "plain").write_text("a file where a directory should be\n")


def _build(data_dir: Path, inputs: Path) -> World:
    store = api.open_store(data_dir)
    first = api.add_article(store, Draft(title="Tide Tables Printed", body="Low at six.")).id
    api.rate_article(store, first, "ana", 5)
    comment = api.comment_on(store, first, "Useful.", author="bo").id
    api.vote_comment(store, first, comment, "ana", "up")
    dead = api.comment_on(store, first, "Wrong table.", author="bo").id
    api.comment_on(store, first, "Which one?", author="cy", reply_to=dead)
    api.delete_comment(store, first, dead, "bo")
    broken_state = api.state_dir(store) / file_name("zed")
    broken_state.parent.mkdir()
    broken_state.write_text("schema = [never closed\n")
    broken = api.add_article(store, Draft(title="Broken", body="By hand.")).id
    path = store.path_for(broken)
    path.write_text(path.read_text("utf-8").replace('title = "Broken"', "title = 42"))
    gone = api.add_article(store, Draft(title="Gone", body="To the trash.")).id
    back = api.add_article(store, Draft(title="Back", body="Twice.")).id
    api.remove_articles(store, [gone, back])
    shutil.copyfile(data_dir / "trash" / f"{back}.toml", store.path_for(back))

    _build_inputs(inputs)
    return World(first, broken, gone, back, comment, dead)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    root = tmp_path_factory.mktemp("corpus")
    return root, _build(root / "data", root / "inputs")


@pytest.fixture
def world(template: tuple[Path, World], data_dir: Path, tmp_path: Path) -> World:
    root, shared = template
    shutil.copytree(root / "data", data_dir)
    shutil.copytree(root / "inputs", tmp_path / "inputs")
    return shared


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int
    stdin: bytes = b""
    env: dict[str, str] = field(default_factory=dict)


PLAIN = "{inputs}/plain"
ADD = ("add", "--title", "T", "--body", "B")
CASES = {
    # ids and path traversal, for each command that takes an id
    "rm ../x": Case(("rm", "../x"), DOMAIN),
    "rm /etc/passwd": Case(("rm", "/etc/passwd"), DOMAIN),
    "rm ../articles/ID": Case(("rm", "../articles/{first}"), DOMAIN),
    "rm unknown id": Case(("rm", "zzzzzzzz"), DOMAIN),
    "rm a good id and an unknown one": Case(("rm", "{first}", "zzzzzzzz"), DOMAIN),
    "rm too-short prefix": Case(("rm", "ab"), DOMAIN),
    "rm empty id": Case(("rm", ""), DOMAIN),
    "rm whitespace id": Case(("rm", "  \t"), DOMAIN),
    "restore ../trash/ID": Case(("restore", "../trash/{gone}"), DOMAIN),
    "restore /etc/passwd": Case(("restore", "/etc/passwd"), DOMAIN),
    "restore unknown id": Case(("restore", "zzzzzzzz"), DOMAIN),
    "restore an id not in the trash": Case(("restore", "{first}"), DOMAIN),
    "restore an id that exists again": Case(("restore", "{back}"), DOMAIN),
    "edit ../ID": Case(("edit", "../{first}"), DOMAIN, env={"EDITOR": "true"}),
    "edit /etc/passwd": Case(("edit", "/etc/passwd"), DOMAIN, env={"EDITOR": "true"}),
    "edit unknown id": Case(("edit", "zzzzzzzz"), DOMAIN, env={"EDITOR": "true"}),
    "edit an id in the trash": Case(("edit", "{gone}"), DOMAIN, env={"EDITOR": "true"}),
    "tag ../x": Case(("tag", "../x", "+a"), DOMAIN),
    "tag /etc/passwd": Case(("tag", "/etc/passwd", "+a"), DOMAIN),
    "tag unknown id": Case(("tag", "zzzzzzzz", "+a"), DOMAIN),
    # editors that fail before changing anything
    "edit with no editor and no terminal": Case(("edit", "{first}"), DOMAIN),
    "edit with an editor that is not there": Case(
        ("edit", "{first}"), DOMAIN, env={"EDITOR": "/no/such/editor"}
    ),
    "edit with an editor that fails": Case(("edit", "{first}"), DOMAIN, env={"VISUAL": "false"}),
    "edit with an empty editor command": Case(("edit", "{first}"), DOMAIN, env={"EDITOR": "''"}),
    # a hand-edited file with wrong types
    "show wrong types": Case(("show", "{broken}"), DOMAIN),
    "rate wrong types": Case(("rate", "{broken}", "3", "--as", "cy"), DOMAIN),
    "comment on wrong types": Case(("comment", "{broken}", "Hi."), DOMAIN),
    "tag wrong types": Case(("tag", "{broken}", "+x"), DOMAIN),
    "edit wrong types, editor fails": Case(("edit", "{broken}"), DOMAIN, env={"EDITOR": "false"}),
    # bad numbers
    "rate 0 stars": Case(("rate", "{first}", "0"), USAGE),
    "rate -1 stars": Case(("rate", "{first}", "-1"), USAGE),
    "rate 1e3 stars": Case(("rate", "{first}", "1e3"), USAGE),
    "rate 4.0 stars": Case(("rate", "{first}", "4.0"), USAGE),
    "list --limit 1.5": Case(("list", "--limit", "1.5"), USAGE),
    "trash --format 3": Case(("trash", "--format", "3"), USAGE),
    # bad dates
    "--published month 13": Case(
        ("add", "--title", "T", "--body", "B", "--published", "2024-13-01"), USAGE
    ),
    "--published empty": Case(("add", "--title", "T", "--body", "B", "--published", ""), USAGE),
    "--published blank": Case(("add", "--title", "T", "--body", "B", "--published", "  "), USAGE),
    "--published with words": Case(
        ("add", "--title", "T", "--body", "B", "--published", "soon"), USAGE
    ),
    # empty and whitespace input
    "tag with an empty tag": Case(("tag", "{first}", "+"), DOMAIN),
    "tag with a blank tag": Case(("tag", "{first}", "-  "), DOMAIN),
    "comment of spaces": Case(("comment", "{first}", "   "), DOMAIN),
    "add a blank title": Case(("add", "--title", "\t", "--body", "B"), DOMAIN),
    "add empty stdin": Case(("add", "-"), DOMAIN),
    # malformed JSON, YAML and HTML given to add and import
    "add a JSON file (a batch)": Case(("add", "{inputs}/malformed.json"), USAGE),
    "add JSON on stdin (a batch)": Case(("add", "-"), USAGE, b'[{"title": '),
    "add malformed YAML": Case(("add", "{inputs}/malformed.yaml"), DOMAIN),
    "add malformed YAML front matter": Case(("add", "{inputs}/malformed.md"), DOMAIN),
    "add malformed HTML": Case(("add", "{inputs}/malformed.html"), DOMAIN),
    "add JSON with a NUL byte": Case(("add", "{inputs}/nul.json"), USAGE),
    "import an unknown format": Case(("import", "--format", "yaml", "-"), USAGE, b"{}"),
    "export an unknown id": Case(("export", "zzzz9999"), DOMAIN),
    "export a path traversal id": Case(("export", "../../etc/passwd"), DOMAIN),
    # missing files
    "add a missing file": Case(("add", "{inputs}/missing.txt"), DOMAIN),
    "add a directory": Case(("add", "{inputs}/folder"), DOMAIN),
    # a data directory that is a file, or below a file (refused even for root)
    "data dir is a file: check": Case(("--data-dir", PLAIN, "check"), DOMAIN),
    "data dir is a file: check --fix": Case(("--data-dir", PLAIN, "check", "--fix"), DOMAIN),
    "data dir is a file: rm": Case(("--data-dir", PLAIN, "rm", "abcd2345"), DOMAIN),
    "data dir is a file: restore": Case(("--data-dir", PLAIN, "restore", "abcd2345"), DOMAIN),
    "data dir is a file: trash": Case(("--data-dir", PLAIN, "trash"), DOMAIN),
    "data dir is a file: tag": Case(("--data-dir", PLAIN, "tag", "abcd2345", "+x"), DOMAIN),
    "data dir is a file: edit": Case(
        ("--data-dir", PLAIN, "edit", "abcd2345"), DOMAIN, env={"EDITOR": "true"}
    ),
    "data dir below a file: add": Case(
        ("--data-dir", PLAIN + "/sub", "add", "--title", "T", "--body", "B"), DOMAIN
    ),
    "data dir below a file: comment": Case(
        ("--data-dir", PLAIN + "/sub", "comment", "abcd2345", "Hi."), DOMAIN
    ),
    # usage
    "rm without an id": Case(("rm",), USAGE),
    "restore without an id": Case(("restore",), USAGE),
    "restore two ids": Case(("restore", "{gone}", "{back}"), USAGE),
    "edit two ids": Case(("edit", "{first}", "{broken}"), USAGE),
    "tag without an id": Case(("tag",), USAGE),
    "trash --format xml": Case(("trash", "--format", "xml"), USAGE),
    "trash --empty without --yes, not a terminal": Case(("trash", "--empty"), USAGE),
    "check with an argument": Case(("check", "{first}"), USAGE),
    "check --repair": Case(("check", "--repair"), USAGE),
    "path with an argument": Case(("path", "x"), USAGE),
    # discussions (issue 13)
    "vote on an unknown comment": Case(("vote", "{first}", "zzzzzz", "up", "--as", "cy"), DOMAIN),
    "vote on a too-short comment id": Case(("vote", "{first}", "ab", "up", "--as", "cy"), DOMAIN),
    "vote twice the same way": Case(("vote", "{first}", "{comment}", "up", "--as", "ana"), DOMAIN),
    "vote on your own comment": Case(("vote", "{first}", "{comment}", "up", "--as", "bo"), DOMAIN),
    "vote on a deleted comment": Case(("vote", "{first}", "{dead}", "up", "--as", "cy"), DOMAIN),
    "vote sideways": Case(("vote", "{first}", "{comment}", "sideways"), USAGE),
    "clear a vote never given": Case(
        ("vote", "{first}", "{comment}", "clear", "--as", "cy"), DOMAIN
    ),
    "edit someone else's comment": Case(
        ("comment", "{first}", "--edit", "{comment}", "Mine now.", "--as", "cy"), DOMAIN
    ),
    "edit a comment anonymously": Case(
        ("comment", "{first}", "--edit", "{comment}", "Mine now."), DOMAIN
    ),
    "delete twice": Case(("comment", "{first}", "--delete", "{dead}", "--as", "bo"), DOMAIN),
    "delete an unknown comment": Case(
        ("comment", "{first}", "--delete", "zzzzzz", "--as", "bo"), DOMAIN
    ),
    "edit and delete at once": Case(
        ("comment", "{first}", "--edit", "{comment}", "--delete", "{comment}"), USAGE
    ),
    "--force alone": Case(("comment", "{first}", "Hi.", "--force"), USAGE),
    "show --sort nonsense": Case(("show", "{first}", "--sort", "nonsense"), USAGE),
    "subscribe to a missing article": Case(("subscribe", "zzzzzzzz", "--as", "cy"), DOMAIN),
    "subscribe with an empty name": Case(("subscribe", "{first}", "--as", " "), DOMAIN),
    "rate as guest": Case(("rate", "{first}", "4", "--as", "Guest"), DOMAIN),
    "comment under a name with an escape": Case(
        ("comment", "{first}", "Hi.", "--as", "e\x1b"), DOMAIN
    ),
    "vote under a name that is not UTF-8": Case(
        ("vote", "{first}", "{comment}", "up", "--as", "b\udcffad"), DOMAIN
    ),
    "whoami with an empty --as": Case(("whoami", "--as", ""), DOMAIN),
    "unsubscribe when not subscribed": Case(("unsubscribe", "{first}", "--as", "cy"), DOMAIN),
    "rate --clear with no rating": Case(("rate", "{first}", "--clear", "--as", "cy"), DOMAIN),
    "rate with stars and --clear": Case(("rate", "{first}", "3", "--clear"), USAGE),
    "inbox with a broken state file": Case(("inbox", "--as", "zed"), DOMAIN),
    "show with a broken state file": Case(("show", "{first}", "--as", "zed"), DOMAIN),
    "inbox --format xml": Case(("inbox", "--as", "cy", "--format", "xml"), USAGE),
}


# Import reports each bad record as SOURCE:LINE: reason (a file it cannot read as
# SOURCE: reason) and goes on with the rest, so these are
# checked on a clean store, where no warning about another file can join the line.
RECORD_CASES = {
    "import a missing file": Case(("import", "--quiet", "{inputs}/missing.jsonl"), DOMAIN),
    "import malformed JSON": Case(("import", "--quiet", "{inputs}/malformed.json"), DOMAIN),
    "import malformed JSON on stdin": Case(("import", "--quiet", "-"), DOMAIN, b'[{"title": '),
    "import malformed YAML front matter": Case(
        ("import", "--quiet", "{inputs}/malformed.md"), DOMAIN
    ),
    "import malformed HTML": Case(("import", "--quiet", "{inputs}/malformed.html"), DOMAIN),
    "import JSON with a NUL byte": Case(("import", "--quiet", "{inputs}/nul.json"), DOMAIN),
    "import a record with a bad date": Case(
        ("import", "--quiet", "-"), DOMAIN, b'{"title": "T", "body": "B", "published": "never"}\n'
    ),
    "import a record with a wrong type": Case(
        ("import", "--quiet", "-"), DOMAIN, b'{"title": "T", "body": "B", "votes": 3}\n'
    ),
    "import a record with a traversal id": Case(
        ("import", "--quiet", "-"), DOMAIN, b'{"title": "T", "body": "B", "id": "../../etc"}\n'
    ),
    "import invalid UTF-8": Case(("import", "--quiet", "-"), DOMAIN, b'\xff\xfe{"title"'),
}


def _fill(arg: str, world: World, inputs: Path) -> str:
    return arg.format(
        first=world.first,
        broken=world.broken,
        gone=world.gone,
        back=world.back,
        comment=world.comment,
        dead=world.dead,
        inputs=inputs,
    )


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_refusal(
    case: Case,
    world: World,
    run: Runner,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inputs = tmp_path / "inputs"
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    before, inputs_before = snapshot(data_dir), snapshot(inputs)

    result = run(*(_fill(arg, world, inputs) for arg in case.args), input=case.stdin)

    assert result.exit_code == case.code, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("newscli: error: ")
    assert result.stderr.endswith("\n")
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert snapshot(data_dir) == before
    assert snapshot(inputs) == inputs_before


@pytest.mark.parametrize("case", RECORD_CASES.values(), ids=RECORD_CASES.keys())
def test_import_refuses_a_bad_record(
    case: Case, run: Runner, add: Callable[..., str], data_dir: Path, tmp_path: Path
) -> None:
    add()
    inputs = tmp_path / "inputs"
    _build_inputs(inputs)
    before = snapshot(data_dir)

    result = run(*(arg.format(inputs=inputs) for arg in case.args), input=case.stdin)

    assert result.exit_code == case.code, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert re.match(r"^\S+?(:\d+)?: \S", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(data_dir) == before


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) + len(RECORD_CASES) >= 40


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_a_read_only_data_dir(world: World, run: Runner, data_dir: Path) -> None:
    before = snapshot(data_dir)
    (data_dir / "articles").chmod(0o500)
    try:
        result = run("add", "--title", "T", "--body", "B")
    finally:
        (data_dir / "articles").chmod(0o700)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(data_dir) == before


def test_the_world_allows_what_the_refusals_refuse(world: World, run: Runner) -> None:
    """The refusals prove something only if the same commands can succeed."""
    assert run("tag", world.first, "+x").exit_code == 0
    assert run("restore", world.gone).exit_code == 0
    assert run("rm", world.first).exit_code == 0
    assert run("trash", "--format", "ids").exit_code == 0
    assert run("list", "--format", "ids").exit_code == 0  # the world was made without the index
    listed = run("check")
    assert listed.exit_code == 1
    assert listed.stdout == f"articles/{world.broken}.toml: 'title' must be a string, not int\n"
