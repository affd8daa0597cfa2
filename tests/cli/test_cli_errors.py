"""Refusals: each bad invocation fails cleanly, says one line, and changes nothing."""

from __future__ import annotations

import dataclasses
import getpass
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli import api
from newscli.model.article import MAX_INPUT_BYTES, Draft

DOMAIN, USAGE = 1, 2


@dataclass(frozen=True)
class World:
    """What the refusals are tried against, and the paths they may name."""

    first: str  # has a vote and a comment
    second: str
    twin: str  # a copy of `first` under another id with the same first four characters
    ambiguous: str  # that shared prefix
    comment: str
    inputs: Path
    plain_file: Path


def _build(data_dir: Path, tmp_path: Path) -> World:
    """Two articles (one with a vote and a comment), a twin, a corrupt file, and inputs."""
    store = api.open_store(data_dir)
    first = api.add_article(
        store, Draft(title="Canal Boats Race at Dawn", body="Twelve boats took part.")
    ).id
    second = api.add_article(
        store,
        Draft(
            title="Snow Closes the Pass",
            body="Ploughs wait.",
            published=datetime(2024, 2, 2, tzinfo=UTC),
        ),
    ).id
    api.rate_article(store, first, "uli", 4)
    comment = api.comment_on(store, first, "Great race.", author="vic").id
    articles = data_dir / "articles"

    # An article that shares its first four characters with `first`: a copy with a fixed id.
    twin = first[:4] + ("zzzz" if not first.endswith("zzzz") else "yyyy")
    text = (articles / f"{first}.toml").read_text("utf-8")
    assert text.count(f'id = "{first}"') == 1
    (articles / f"{twin}.toml").write_text(text.replace(f'id = "{first}"', f'id = "{twin}"'))
    # A corrupt article file.
    (articles / "xxxxxxxx.toml").write_text('schema = 1\nid = "xxxxxxxx"\ntitle = """\n')

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "latin1.txt").write_bytes(
        "Caf\u00e9 Reopens\n\nThe caf\u00e9 is back.\n".encode("cp1252")
    )
    (inputs / "nul.txt").write_bytes(b"Title\n\nBody with a \x00 byte.\n")
    (inputs / "empty.txt").write_bytes(b" \n\n \t\n")
    (inputs / "folder").mkdir()
    with (inputs / "huge.txt").open("wb") as huge:  # sparse: over the input limit, no disk
        huge.truncate(MAX_INPUT_BYTES + 10)
    plain = tmp_path / "not-a-directory"
    plain.write_bytes(b"just a file\n")
    return World(first, second, twin, first[:4], comment, inputs, plain)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    root = tmp_path_factory.mktemp("world")
    return root, _build(root / "data", root)


@pytest.fixture
def world(template: tuple[Path, World], data_dir: Path, tmp_path: Path) -> World:
    """A fresh copy of the template world in this test's data directory."""
    root, shared = template
    shutil.copytree(root / "data", data_dir)
    shutil.copytree(root / "inputs", tmp_path / "inputs")
    plain = tmp_path / shared.plain_file.name
    shutil.copyfile(shared.plain_file, plain)
    return dataclasses.replace(shared, inputs=tmp_path / "inputs", plain_file=plain)


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int
    stdin: bytes = b""


# {first}, {second}, {ambiguous}, {comment}, {inputs} and {plain} are filled in from World.
CASES = {
    # ids
    "unknown id": Case(("show", "zzzzzzzz"), DOMAIN),
    "unknown id prefix": Case(("show", "zzzz"), DOMAIN),
    "unknown id to rate": Case(("rate", "zzzzzzzz", "3"), DOMAIN),
    "unknown id to comment": Case(("comment", "zzzzzzzz", "hello"), DOMAIN),
    "too-short prefix": Case(("show", "{first3}"), DOMAIN),
    "ambiguous prefix": Case(("show", "{ambiguous}"), DOMAIN),
    "ambiguous prefix to rate": Case(("rate", "{ambiguous}", "2"), DOMAIN),
    "id with ../": Case(("show", "../{first}"), DOMAIN),
    "id with ../ to rate": Case(("rate", "../../etc/passwd", "2"), DOMAIN),
    "id is /etc/passwd": Case(("show", "/etc/passwd"), DOMAIN),
    "id is uppercase garbage": Case(("show", "NOT-AN-ID!"), DOMAIN),
    "id with a newline": Case(("show", "abcd\nefgh"), DOMAIN),
    "id with an escape": Case(("comment", "\x1b[2Jabcd", "hi"), DOMAIN),
    # stars
    "stars 0": Case(("rate", "{first}", "0"), USAGE),
    "stars 6": Case(("rate", "{first}", "6"), USAGE),
    "stars abc": Case(("rate", "{first}", "abc"), USAGE),
    "stars 3.5": Case(("rate", "{first}", "3.5"), USAGE),
    "stars missing": Case(("rate", "{first}"), USAGE),
    "empty voter name": Case(("rate", "{first}", "3", "--as", "  "), DOMAIN),
    # add
    "empty title": Case(("add", "--title", "", "--body", "Text."), DOMAIN),
    "whitespace title": Case(("add", "--title", "  \t ", "--body", "Text."), DOMAIN),
    "empty body": Case(("add", "--title", "Title", "--body", ""), DOMAIN),
    "title too long": Case(("add", "--title", "x" * 1001, "--body", "Text."), DOMAIN),
    "whitespace-only stdin": Case(("add", "-"), DOMAIN, b"  \n\n\t \n"),
    "empty stdin": Case(("add", "-"), DOMAIN, b""),
    "invalid UTF-8 on stdin": Case(("add", "-"), DOMAIN, b"Headline\n\nBad \xff\xfe bytes.\n"),
    "invalid UTF-8 in a file": Case(("add", "{inputs}/latin1.txt"), DOMAIN),
    "NUL byte on stdin": Case(("add", "-"), DOMAIN, b"Headline\n\nA \x00 here.\n"),
    "NUL byte in a file": Case(("add", "{inputs}/nul.txt"), DOMAIN),
    "blank file": Case(("add", "{inputs}/empty.txt"), DOMAIN),
    "missing file": Case(("add", "{inputs}/no-such-file.txt"), DOMAIN),
    "directory as SOURCE": Case(("add", "{inputs}/folder"), DOMAIN),
    "file over the input limit": Case(("add", "{inputs}/huge.txt"), DOMAIN),
    "unparseable --published": Case(
        ("add", "--title", "T", "--body", "B", "--published", "last Tuesday"), USAGE
    ),
    "impossible --published": Case(
        ("add", "--title", "T", "--body", "B", "--published", "2024-02-30"), USAGE
    ),
    "--published out of range": Case(
        ("add", "--title", "T", "--body", "B", "--published", "0001-01-01T00:00:00+01:00"), USAGE
    ),
    "add with no source and no title/body": Case(("add",), USAGE),
    "add with SOURCE and --sample": Case(("add", "-", "--sample"), USAGE, b"T\n\nB\n"),
    # show
    "show of a corrupt file": Case(("show", "xxxxxxxx"), DOMAIN),
    # comment
    "comment with empty text": Case(("comment", "{first}", ""), DOMAIN),
    "comment with blank text": Case(("comment", "{first}", " \n\t "), DOMAIN),
    "comment with blank stdin": Case(("comment", "{first}", "-"), DOMAIN, b"\n \n"),
    "comment with invalid UTF-8 on stdin": Case(("comment", "{first}", "-"), DOMAIN, b"\xc3("),
    "--reply-to unknown comment": Case(
        ("comment", "{first}", "Reply.", "--reply-to", "zzzzzz"), DOMAIN
    ),
    "--reply-to too short": Case(("comment", "{first}", "Reply.", "--reply-to", "{c3}"), DOMAIN),
    "--reply-to a comment of another article": Case(
        ("comment", "{second}", "Reply.", "--reply-to", "{comment}"), DOMAIN
    ),
    "bad --email": Case(("comment", "{first}", "Hi.", "--email", "not-an-address"), DOMAIN),
    "bad --email with space": Case(("comment", "{first}", "Hi.", "--email", "a b@c.d"), DOMAIN),
    # Arguments that are not UTF-8 (Python turns such argv bytes into lone surrogates)
    "title not UTF-8": Case(("add", "--title", "Caf\udce9", "--body", "x"), DOMAIN),
    "voter not UTF-8": Case(("rate", "{first}", "3", "--as", "J\udcf6rg"), DOMAIN),
    "comment not UTF-8": Case(("comment", "{first}", "na\udcefve"), DOMAIN),
    # usage
    "unknown command": Case(("publish", "{first}"), USAGE),
    "unknown option": Case(("list", "--colour"), USAGE),
    "unknown global option": Case(("--verbose", "list"), USAGE),
    "extra argument": Case(("show", "{first}", "{second}"), USAGE),
    "--limit 0": Case(("list", "--limit", "0"), USAGE),
    "--limit -1": Case(("list", "--limit", "-1"), USAGE),
    "--limit abc": Case(("list", "--limit", "abc"), USAGE),
    "unknown --format": Case(("list", "--format", "xml"), USAGE),
    "unknown --sort": Case(("list", "--sort", "random"), USAGE),
    "option missing its value": Case(("list", "--format"), USAGE),
    # data directory
    "data dir is a file: list": Case(("--data-dir", "{plain}", "list"), DOMAIN),
    "data dir is a file: add": Case(("--data-dir", "{plain}", "add", "--sample"), DOMAIN),
    "data dir is a file: show": Case(("--data-dir", "{plain}", "show"), DOMAIN),
    "data dir is a file: rate": Case(("--data-dir", "{plain}", "rate", "abcd", "3"), DOMAIN),
}


def _fill(arg: str, world: World) -> str:
    return arg.format(
        first=world.first,
        first3=world.first[:3],
        second=world.second,
        ambiguous=world.ambiguous,
        comment=world.comment,
        c3=world.comment[:3],
        inputs=world.inputs,
        plain=world.plain_file,
    )


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_refusal(case: Case, world: World, run: Runner, data_dir: Path, tmp_path: Path) -> None:
    args = [_fill(arg, world) for arg in case.args]
    before = snapshot(data_dir)
    outside = snapshot(tmp_path / "inputs"), world.plain_file.read_bytes()

    result = run(*args, input=case.stdin)

    assert result.exit_code == case.code, result.stderr
    assert result.stdout == ""
    assert result.stderr.endswith("\n")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("newscli: error: ")
    assert "Traceback" not in result.stderr + result.stdout
    assert "internal error" not in result.stderr  # a refusal is not a crash
    assert "\x1b" not in result.stderr
    assert snapshot(data_dir) == before
    assert (snapshot(tmp_path / "inputs"), world.plain_file.read_bytes()) == outside


def test_world_is_what_the_refusals_assume(world: World, run: Runner) -> None:
    """The refusals above only prove something if the same commands can succeed."""
    listed = run("list", "--format", "ids")
    assert listed.exit_code == 0
    assert "xxxxxxxx.toml" in listed.stderr  # the corrupt file is there, and skipped
    assert sorted(listed.stdout.split()) == sorted([world.first, world.second, world.twin])
    shown = run("show", world.first)
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert "Great race." in shown.stdout
    rated = run("rate", world.twin, "5", "--as", "uli")
    assert (rated.exit_code, rated.stdout) == (0, "")
    replied = run("comment", world.first, "Reply.", "--reply-to", world.comment[:4])
    assert (replied.exit_code, replied.stderr) == (0, f"Commented as {getpass.getuser()}.\n")


def test_an_ambiguous_prefix_names_the_candidates(world: World, run: Runner) -> None:
    result = run("show", world.ambiguous)
    assert (result.exit_code, result.stdout) == (1, "")
    assert "ambiguous" in result.stderr
    assert world.first in result.stderr
    assert world.twin in result.stderr
