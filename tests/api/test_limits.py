"""The limits on every way in, each refused with a message naming it; private files."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli import api
from newscli.errors import InvalidInput
from newscli.model.article import MAX_BODY_BYTES, MAX_TITLE_CHARS, Draft

Adder = Callable[..., str]
TOO_BIG = "x" * (MAX_BODY_BYTES + 1)


@pytest.fixture
def store(data_dir: Path) -> api.Store:
    return api.open_store(data_dir)


def test_the_title_limit_is_1000_characters(store: api.Store) -> None:
    api.add_article(store, Draft(title="é" * MAX_TITLE_CHARS, body="b"))
    with pytest.raises(InvalidInput, match="the title is 1001 characters long; the limit is 1000"):
        api.add_article(store, Draft(title="é" * (MAX_TITLE_CHARS + 1), body="b"))


def test_the_body_limit_is_10_mb(store: api.Store) -> None:
    with pytest.raises(InvalidInput, match="the body is larger than the limit of 10 MB"):
        api.add_article(store, Draft(title="t", body=TOO_BIG))


@pytest.mark.parametrize("field", ["title", "body", "dateline", "author"])
def test_nul_bytes_are_refused_by_add(store: api.Store, field: str) -> None:
    draft = Draft(title="t", body="b")
    setattr(draft, field, "before\0after")
    with pytest.raises(InvalidInput, match="NUL byte: binary data is not accepted"):
        api.add_article(store, draft)
    assert store.ids() == []


def test_comment_limits(store: api.Store) -> None:
    article = api.add_article(store, Draft(title="t", body="b")).id
    with pytest.raises(InvalidInput, match="NUL byte"):
        api.comment_on(store, article, "a\0b")
    with pytest.raises(InvalidInput, match=r"name holds a control character \(U\+0000\)"):
        api.comment_on(store, article, "fine", author="\0")
    with pytest.raises(InvalidInput, match="the comment is larger than the limit of 10 MB"):
        api.comment_on(store, article, TOO_BIG)
    assert store.load(article).comments == []


def test_a_comment_over_the_limit_on_stdin(add: Adder, run: Runner, data_dir: Path) -> None:
    article = add()
    before = snapshot(data_dir)
    result = run("comment", article, "-", input=TOO_BIG)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("newscli: error: the comment is larger than the limit of 10 MB\n")
    assert snapshot(data_dir) == before


@pytest.mark.parametrize(
    ("command", "stdin", "message"),
    [
        (("add", "-"), b"Title\n\nA \x00 byte.\n", "binary input (NUL byte at offset 9)"),
        (("add", "-"), b"Title\n\nCaf\xe9.\n", "not valid UTF-8 (byte 0xe9 at offset 10)"),
        (("comment", "{id}", "-"), b"A \x00 byte.", "binary input (NUL byte at offset 2)"),
        (("comment", "{id}", "-"), b"Caf\xe9", "not valid UTF-8 (byte 0xe9 at offset 3)"),
    ],
)
def test_binary_and_invalid_utf8_input_is_refused(
    command: tuple[str, ...], stdin: bytes, message: str, add: Adder, run: Runner, data_dir: Path
) -> None:
    article = add()
    before = snapshot(data_dir)
    result = run(*(part.format(id=article) for part in command), input=stdin)
    assert (result.exit_code, result.stdout) == (1, "")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(data_dir) == before


def test_every_file_is_private(
    add: Adder, run: Runner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After one of everything, files are 0600 and folders 0700 (comments hold addresses)."""
    first, second = add(), add()
    run("comment", first, "Hi.", "--email", "ana@example.org")
    run("rate", first, "3", "--as", "ana")
    run("tag", first, "+x")
    run("rm", second)
    (data_dir / "articles" / "zzzzzzzz.toml").write_bytes(b"garbage")
    (data_dir / "articles" / "zzzzzzzz.toml").chmod(0o600)
    run("check", "--fix")
    editor = tmp_path / "bad-editor.sh"
    editor.write_text("#!/bin/sh\necho 'broken = ' >> \"$1\"\n")
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    assert run("edit", first).exit_code == 1  # keeps a draft

    folders = {p.relative_to(data_dir).as_posix() for p in data_dir.rglob("*") if p.is_dir()}
    assert folders == {"articles", ".locks", "trash", "quarantine", "drafts", "local"}
    for path in [data_dir, *data_dir.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
