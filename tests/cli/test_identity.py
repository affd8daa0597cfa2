"""Who you are: one rule for every command (--as, $NEWSCLI_USER, the config file, the login
name), `whoami` saying which and why, every write saying as whom, and one spelling of a
name on every path (issue 25)."""

from __future__ import annotations

import getpass
import json
import tomllib
import unicodedata
from pathlib import Path

import pytest

from conftest import Runner, snapshot
from newscli.discussion.state import file_name

NFC_JOSE = "José"
NFD_JOSE = unicodedata.normalize("NFD", NFC_JOSE)


def _ok(run: Runner, *args: str) -> tuple[str, str]:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """The config file that NEWSCLI_CONFIG names in every test (absent until written)."""
    return tmp_path / "config.toml"


@pytest.fixture
def article(run: Runner) -> str:
    return _ok(run, "add", "--title", "Night Ferry", "--body", "Back at last.")[0].strip()


def _stored(data_dir: Path, article: str) -> dict[str, object]:
    return tomllib.loads((data_dir / "articles" / f"{article}.toml").read_text("utf-8"))


def test_whoami_says_who_and_why_in_the_rules_order(
    run: Runner, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    login = getpass.getuser()
    assert _ok(run, "whoami") == (
        f"{login}\n",
        f"{login}: your login name, since no --as, no $NEWSCLI_USER and no name in the"
        f" config file ({config}) says otherwise\n",
    )
    config.write_text('name = "Mei Lin"\n')
    assert _ok(run, "whoami") == (
        "Mei Lin\n",
        f"Mei Lin: the name in {config} ($NEWSCLI_USER or --as NAME overrides it)\n",
    )
    monkeypatch.setenv("NEWSCLI_USER", "kai ")
    assert _ok(run, "whoami") == ("kai\n", "kai: from $NEWSCLI_USER (--as NAME overrides it)\n")
    assert _ok(run, "whoami", "--as", "  ana   bo ") == ("ana bo\n", "ana bo: given with --as\n")


def test_the_config_files_name_is_everyones_default(
    run: Runner, article: str, config: Path, data_dir: Path
) -> None:
    config.write_text('name = "mei"\n')
    _ok(run, "rate", article, "4")
    comment = _ok(run, "comment", article, "Mine.")[0].strip()
    _ok(run, "subscribe", article)
    stored = _stored(data_dir, article)
    assert [v["voter"] for v in stored["votes"]] == ["mei"]  # type: ignore[index]
    assert [c["author"] for c in stored["comments"]] == ["mei"]  # type: ignore[index]
    assert (data_dir / "state" / file_name("mei")).is_file()
    _ok(run, "comment", article, "Re.", "--as", "kai", "--reply-to", comment)
    assert "Re." in _ok(run, "inbox")[0]
    page = " ".join(_ok(run, "show", article)[0].split())
    assert "mei: subscribed to new follow-up comments" in page
    assert "mei Join the discussion" in page


def test_a_config_file_that_cannot_be_read_is_one_line(
    run: Runner, article: str, config: Path, data_dir: Path
) -> None:
    before = snapshot(data_dir)
    for text in ("name = [", "name = 3\n"):
        config.write_text(text)
        result = run("rate", article, "4")
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith(f"newscli: error: {config}")
        assert len(result.stderr.splitlines()) == 1
    assert snapshot(data_dir) == before


def test_every_write_says_as_whom(run: Runner, article: str) -> None:
    assert _ok(run, "rate", article, "4", "--as", "mei")[1].startswith("Rated 4 as mei.\n")
    comment, said = _ok(run, "comment", article, "Hello.", "--as", "mei")
    assert said == "Commented as mei.\n"
    comment = comment.strip()
    assert _ok(run, "vote", article, comment, "up", "--as", "kai")[1] == (
        f"Voted up as kai: comment {comment} now stands at +1.\n"
    )
    assert _ok(run, "vote", article, comment, "clear", "--as", "kai")[1] == (
        f"Took back your vote as kai: comment {comment} now stands at +0.\n"
    )
    assert _ok(run, "comment", article, "--edit", comment, "Hi.", "--as", "mei")[1] == (
        f"Edited comment {comment} as mei.\n"
    )
    assert _ok(run, "subscribe", article, "--as", "kai")[1] == (
        f"Subscribed kai to new follow-up comments on {article}.\n"
    )
    assert _ok(run, "unsubscribe", article, "--as", "kai")[1] == (
        f"Unsubscribed kai from {article}.\n"
    )
    assert _ok(run, "inbox", "--read", "--as", "kai")[1].endswith("Marked kai's inbox read.\n")
    assert _ok(run, "comment", article, "--delete", comment, "--as", "mei")[1] == (
        f"Deleted comment {comment} as mei.\n"
    )
    assert _ok(run, "rate", article, "--clear", "--as", "mei")[1].startswith(
        "Took back the vote of 4 stars as mei.\n"
    )


def test_one_name_however_it_is_typed(
    run: Runner, article: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ok(run, "rate", article, "5", "--as", NFC_JOSE)
    replaced = _ok(run, "rate", article, "3", "--as", NFD_JOSE)[1]
    assert "Replaced the earlier vote of 5 stars." in replaced
    assert [v["voter"] for v in _stored(data_dir, article)["votes"]] == [NFC_JOSE]  # type: ignore[index]

    mine = _ok(run, "comment", article, "Mine.", "--as", "Mei  Lin")[0].strip()
    reply = _ok(run, "comment", article, "Yours?", "--as", "kai", "--reply-to", mine)[0].strip()
    monkeypatch.setenv("NEWSCLI_USER", "Mei Lin ")
    assert _ok(run, "inbox", "--format", "ids")[0] == f"{article} {reply}\n"
    assert _ok(run, "comment", article, "--edit", mine, "Still mine.")[0] == f"{mine}\n"
    _ok(run, "subscribe", article, "--as", " Mei Lin")
    assert sorted(p.name for p in (data_dir / "state").iterdir() if p.suffix == ".toml") == [
        file_name("Mei Lin")
    ]
    vote = run("vote", article, mine, "up", "--as", "Mei\u00a0Lin")
    assert vote.exit_code == 1 and "is yours" in vote.stderr


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("", "the name given with --as is empty"),
        ("   ", "the name given with --as is empty"),
        ("mei\x1b[31m", "the name given with --as holds a control character (U+001B)"),
        ("mei\u202e", "the name given with --as holds a control character (U+202E)"),
        ("b\udcffad", "the name given with --as is not valid UTF-8"),
        ("Guest", "'Guest' is how anonymous comments are shown"),
    ],
)
@pytest.mark.parametrize(
    "command",
    [
        ("rate", "{article}", "4"),
        ("comment", "{article}", "Hi."),
        ("subscribe", "{article}"),
        ("unsubscribe", "{article}"),
        ("inbox",),
        ("show", "{article}"),
        ("list", "--unread"),
        ("whoami",),
    ],
)
def test_a_name_that_cannot_be_used_is_refused_by_every_command(
    run: Runner, article: str, data_dir: Path, name: str, words: str, command: tuple[str, ...]
) -> None:
    before = snapshot(data_dir)
    result = run(*(part.format(article=article) for part in command), "--as", name)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"newscli: error: {words}" + result.stderr.split(words, 1)[1]
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(data_dir) == before


def test_a_name_from_the_environment_is_refused_naming_it(
    run: Runner, article: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCLI_USER", "b\udcffad")  # bytes that are not UTF-8
    for args in (("subscribe", article), ("inbox",)):
        result = run(*args)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == "newscli: error: the name in $NEWSCLI_USER is not valid UTF-8\n"


def test_json_rows_carry_read_marks_for_a_named_person_only(
    run: Runner, article: str, config: Path
) -> None:
    assert "read" not in json.loads(_ok(run, "list", "-f", "json")[0])[0]  # the login name
    config.write_text('name = "mei"\n')
    assert json.loads(_ok(run, "list", "-f", "json")[0])[0]["read"] is False


def test_an_import_spells_names_one_way(run: Runner, data_dir: Path) -> None:
    record = {
        "title": "T",
        "body": "B.",
        "votes": [{"voter": NFD_JOSE, "stars": 4, "at": "2026-01-01T00:00:00Z"}],
        "comments": [{"id": "aaaaaa", "text": "Hi.", "author": " Mei  Lin", "at": "2026-01-01"}],
    }
    made = run("import", "-", input=json.dumps(record))
    assert made.exit_code == 0, made.stderr
    article = made.stdout.strip()
    stored = _stored(data_dir, article)
    assert stored["votes"][0]["voter"] == NFC_JOSE  # type: ignore[index]
    assert stored["comments"][0]["author"] == "Mei Lin"  # type: ignore[index]
    record["votes"] = [*record["votes"], {"voter": NFC_JOSE, "stars": 2, "at": "2026-01-02"}]  # type: ignore[list-item]
    twice = run("import", "-", input=json.dumps(record))
    assert twice.exit_code == 1 and "'José' has voted already" in twice.stderr
