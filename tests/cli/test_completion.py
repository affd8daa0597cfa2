"""Shell completion: commands, formats, article ids and tags, read from the index only
when the shell asks, and asked the way bash asks (``_NEWSCLI_COMPLETE``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscli import api
from newscli.cli import main
from newscli.model.article import Draft

TIMEOUT = 120


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("completion") / "data"
    store = api.open_store(home)
    for n in range(30):
        tags = ["ferries", "#harbour"] if n % 2 else ["Transport"]
        api.add_article(store, Draft(title=f"Story {n}", body="b", tags=tags))
    store.close()
    return home


def _complete(home: Path, *words: str) -> list[str]:
    """What bash gets for the last of ``words`` (an empty one: a new word)."""
    env = {
        **os.environ,
        "NEWSCLI_HOME": str(home),
        "_NEWSCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": " ".join(("newscli", *words)),
        "COMP_CWORD": str(len(words)),
    }
    done = subprocess.run(
        [sys.executable, "-m", "newscli"], capture_output=True, env=env, timeout=TIMEOUT
    )
    assert (done.returncode, done.stderr) == (0, b"")
    return done.stdout.decode().split()


def test_commands_and_formats_complete(home: Path) -> None:
    assert _complete(home, "sh") == ["show"]
    assert _complete(home, "list", "--format", "t") == ["table", "tsv"]


def test_an_id_prefix_completes_to_the_ids_it_starts(home: Path) -> None:
    every = api.list_ids(api.open_store(home))[0]
    assert sorted(_complete(home, "show", "")) == sorted(every)
    prefix = every[0][:2]
    assert _complete(home, "show", prefix) == [i for i in every if i.startswith(prefix)]


def test_tags_complete_for_options_and_for_tag(home: Path) -> None:
    assert _complete(home, "list", "--tag", "f") == ["ferries"]
    assert _complete(home, "list", "--tag", "T") == ["Transport"]
    article = api.list_ids(api.open_store(home))[0][0]
    assert sorted(_complete(home, "tag", article, "+")) == ["+#harbour", "+Transport", "+ferries"]


def test_a_missing_data_directory_completes_nothing(tmp_path: Path) -> None:
    assert _complete(tmp_path / "none", "show", "") == []
    assert not (tmp_path / "none").exists()


_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(_ALPHABET + "A_", max_size=3))  # "-" starts an option's name
def test_any_typed_prefix_completes_to_exactly_its_ids(
    home: Path,
    typed: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NEWSCLI_HOME", str(home))
    monkeypatch.setenv("_NEWSCLI_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", f"newscli show {typed}")
    monkeypatch.setenv("COMP_CWORD", "2")
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main([])
    every = api.list_ids(api.open_store(home))[0]
    assert sorted(capsys.readouterr().out.split()) == sorted(
        i for i in every if i.startswith(typed)
    )
