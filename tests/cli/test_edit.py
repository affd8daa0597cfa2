"""`newscli edit`: a draft checked before it replaces the file; no typing is ever lost."""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli.model import codec
from newscli.model.article import MAX_BODY_BYTES

Adder = Callable[..., str]
TITLE = 'title = "Harbour Crane Returns"'


@pytest.fixture
def article(add: Adder, run: Runner) -> str:
    article_id = add(title="Harbour Crane Returns", body="It lifted its first ship.")
    assert run("comment", article_id, "Good to see.", "--as", "ana").exit_code == 0
    return article_id


def _file(data_dir: Path, article_id: str) -> Path:
    return data_dir / "articles" / f"{article_id}.toml"


def _draft(data_dir: Path, article_id: str) -> Path:
    return data_dir / "drafts" / f"{article_id}.toml"


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Install an editor: Python code run with ``text`` holding the file, saved back after."""
    count = iter(range(100))

    def install(code: str) -> None:
        script = tmp_path / f"editor{next(count)}.py"
        script.write_text(
            f"#!{sys.executable}\n"
            "import sys\n"
            "path = sys.argv[1]\n"
            "text = open(path, encoding='utf-8').read()\n"
            f"{code}\n"
            "open(path, 'w', encoding='utf-8').write(text)\n"
        )
        script.chmod(0o700)
        monkeypatch.setenv("VISUAL", str(script))

    return install


def test_a_changed_title_is_saved(
    article: str, run: Runner, data_dir: Path, editor: Callable[[str], None]
) -> None:
    before = codec.loads(_file(data_dir, article).read_text("utf-8"))
    editor(f"text = text.replace({TITLE!r}, 'title = \"Crane Back in Service\"')")

    result = run("edit", article[:4])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Saved {article}.\n")
    after = codec.loads(_file(data_dir, article).read_text("utf-8"))
    assert after.title == "Crane Back in Service"
    assert after.updated >= before.updated
    assert (after.body, after.comments) == (before.body, before.comments)
    assert not (data_dir / "drafts" / f"{article}.toml").exists()
    assert list((data_dir / "drafts").iterdir()) == []


def test_invalid_toml_keeps_the_original_and_the_draft(
    article: str, run: Runner, data_dir: Path, editor: Callable[[str], None]
) -> None:
    original = _file(data_dir, article).read_bytes()
    editor("text = text.replace('title = ', 'title = \"\"\"My long note, not closed ')")

    result = run("edit", article)
    assert (result.exit_code, result.stdout) == (1, "")
    assert len(result.stderr.splitlines()) == 1
    assert "TOML syntax error" in result.stderr
    draft = _draft(data_dir, article)
    assert result.stderr.rstrip().endswith(f"your draft is kept at {draft}")
    assert _file(data_dir, article).read_bytes() == original
    assert "My long note, not closed" in draft.read_text("utf-8")
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    assert stat.S_IMODE(draft.parent.stat().st_mode) == 0o700


def test_the_next_edit_continues_the_kept_draft(
    article: str, run: Runner, data_dir: Path, editor: Callable[[str], None]
) -> None:
    editor("text = text.replace('title = ', 'title = 7 # ')")  # a wrong type
    first = run("edit", article)
    assert first.exit_code == 1
    assert "'title' must be a string, not int" in first.stderr

    editor("assert 'title = 7 # ' in text\ntext = text.replace('title = 7 # ', 'title = ')")
    second = run("edit", article)
    assert second.exit_code == 0
    assert second.stderr == (
        "Continued the draft kept from your earlier edit.\nNo changes; nothing saved.\n"
    )
    assert not _draft(data_dir, article).exists()


def test_a_kept_draft_is_not_continued_once_the_article_changed(
    article: str, run: Runner, data_dir: Path, editor: Callable[[str], None]
) -> None:
    editor("text += 'oops = '")
    assert run("edit", article).exit_code == 1
    assert run("rate", article, "5", "--as", "cy").exit_code == 0
    before = snapshot(data_dir)

    result = run("edit", article)
    assert result.exit_code == 1
    assert "has changed since" in result.stderr
    assert str(_draft(data_dir, article)) in result.stderr
    assert snapshot(data_dir) == before


def test_unchanged_and_reformatted_drafts_save_nothing(
    article: str, run: Runner, data_dir: Path, editor: Callable[[str], None]
) -> None:
    before = snapshot(data_dir)
    editor("pass")
    result = run("edit", article)
    assert (result.exit_code, result.stderr) == (0, "No changes; nothing saved.\n")
    assert snapshot(data_dir) == {**before}

    editor("text = '# just a comment\\n' + text")  # the same article, another layout
    result = run("edit", article)
    assert (result.exit_code, result.stderr) == (0, "No changes; nothing saved.\n")
    assert snapshot(data_dir) == before


def test_a_vote_cast_while_editing_is_not_clobbered(
    article: str, run: Runner, data_dir: Path, editor: Callable[[str], None]
) -> None:
    env = f"dict(os.environ, NEWSCLI_HOME={str(data_dir)!r})"
    editor(
        "import os, subprocess\n"
        f"subprocess.run([{sys.executable!r}, '-m', 'newscli', 'rate', {article!r}, '2',"
        f" '--as', 'dee'], env={env}, check=True)\n"
        f"text = text.replace({TITLE!r}, 'title = \"Edited\"')"
    )
    result = run("edit", article)
    assert result.exit_code == 1
    assert "changed on disk while you were editing" in result.stderr
    saved = codec.loads(_file(data_dir, article).read_text("utf-8"))
    assert [v.voter for v in saved.votes] == ["dee"]
    assert saved.title == "Harbour Crane Returns"
    assert 'title = "Edited"' in _draft(data_dir, article).read_text("utf-8")


REFUSED = {
    "a new id": (
        "import re\ntext = re.sub('^id = .*$', 'id = \"zzzzzzzz\"', text, count=1, flags=re.M)",
        "the id must stay",
    ),
    "an empty title": (f"text = text.replace({TITLE!r}, 'title = \"  \"')", "has no title"),
    "a title over the limit": (
        f"text = text.replace({TITLE!r}, 'title = \"' + 'x' * 1001 + '\"')",
        "the limit is 1000",
    ),
    "a NUL byte in the title": (
        f"text = text.replace({TITLE!r}, 'title = \"a\\\\u0000b\"')",
        "NUL byte",
    ),
    "a raw NUL byte in the file": ("text += '\\0'", "NUL byte"),
    "a body over the limit": (
        f"text = text.replace('body = \"', 'body = \"' + 'x' * {MAX_BODY_BYTES + 1}, 1)",
        "10 MB",
    ),
    "a date that is not one": (
        "text = text.replace('added = 2', 'added = \"yesterday\" # ')",
        "'added' must be a date-time, not str",
    ),
    "a missing key": ("text = text.replace('schema = 4', '')", "missing required key 'schema'"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_invalid_articles_are_refused_with_the_draft_kept(
    case: str, article: str, run: Runner, data_dir: Path, editor: Callable[[str], None]
) -> None:
    code, reason = REFUSED[case]
    original = _file(data_dir, article).read_bytes()
    editor(code)
    result = run("edit", article)
    assert (result.exit_code, result.stdout) == (1, "")
    assert len(result.stderr.splitlines()) == 1
    assert reason in result.stderr
    assert "your draft is kept at" in result.stderr
    assert _file(data_dir, article).read_bytes() == original
    assert _draft(data_dir, article).exists()


def test_invalid_utf8_in_the_draft_is_refused(
    article: str, run: Runner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "latin1.sh"
    script.write_text("#!/bin/sh\nprintf '# caf\\351\\n' >> \"$1\"\n")
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(script))
    result = run("edit", article)
    assert result.exit_code == 1
    assert "not valid UTF-8" in result.stderr
    assert _draft(data_dir, article).exists()


def test_an_editor_that_fails_before_any_change_leaves_nothing(
    article: str, run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(data_dir)
    for command in ("false", "/no/such/editor"):
        monkeypatch.setenv("EDITOR", command)
        result = run("edit", article)
        assert result.exit_code == 1
        assert "draft" not in result.stderr
        assert snapshot(data_dir) == before


def test_no_editor_and_no_terminal(article: str, run: Runner) -> None:
    result = run("edit", article)
    assert (result.exit_code, result.stderr) == (
        1,
        "newscli: error: no editor: set $VISUAL or $EDITOR\n",
    )


def test_edit_repairs_a_broken_file(
    add: Adder, run: Runner, data_dir: Path, editor: Callable[[str], None]
) -> None:
    article = add(title="Harbour Crane Returns")
    path = _file(data_dir, article)
    path.write_text(path.read_text("utf-8").replace(TITLE, "title = 5"))
    assert run("show", article).exit_code == 1
    editor(f"text = text.replace('title = 5', {TITLE!r})")
    assert run("edit", article).exit_code == 0
    assert run("show", article).exit_code == 0


def test_a_nul_anywhere_in_the_draft_is_refused(
    article: str, run: Runner, data_dir: Path, editor: Callable[[str], None]
) -> None:
    editor("text = text.replace('author = \"ana\"', 'author = \"a\\\\u0000na\"')")
    result = run("edit", article)
    assert result.exit_code == 1
    assert "'comments #1.author' contains a NUL byte" in result.stderr
    assert _draft(data_dir, article).exists()


def test_a_second_edit_of_the_same_article_is_refused_while_one_is_open(
    article: str, run: Runner, data_dir: Path, editor: Callable[[str], None]
) -> None:
    env = f"dict(os.environ, NEWSCLI_HOME={str(data_dir)!r}, VISUAL='true')"
    editor(
        "import os, subprocess\n"
        f"second = subprocess.run([{sys.executable!r}, '-m', 'newscli', 'edit', {article!r}],"
        f" env={env}, capture_output=True, text=True)\n"
        "assert second.returncode == 1, second\n"
        "assert 'is being edited in another newscli process' in second.stderr, second\n"
        f"text = text.replace({TITLE!r}, 'title = \"First Edit Wins\"')"
    )
    result = run("edit", article)
    assert (result.exit_code, result.stderr) == (0, f"Saved {article}.\n")
    assert 'title = "First Edit Wins"' in _file(data_dir, article).read_text("utf-8")
    assert not (data_dir / ".locks" / f"{article}.edit.lock").exists()


@pytest.mark.parametrize("command", ["edit", "comment"])
def test_a_badly_quoted_editor_is_one_line_and_leaves_nothing(
    article: str, run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    before = snapshot(data_dir)
    monkeypatch.setenv("EDITOR", '"unclosed')
    result = run(command, article)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "newscli: error: the editor command '\"unclosed' cannot be read: No closing quotation\n"
    )
    assert snapshot(data_dir) == before


def test_choose_editor_falls_back_to_vi_only_on_a_terminal() -> None:
    from newscli.errors import NewsError
    from newscli.store.edit import choose_editor

    assert choose_editor(None, True, "none") == "vi"
    with pytest.raises(NewsError, match=r"^none$"):
        choose_editor(None, False, "none")
    assert choose_editor("nano -w", False, "none") == "nano -w"
