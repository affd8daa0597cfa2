"""Where the signing key is: settings expands ``~`` in ``$NEWSCLI_SIGNING_KEY`` and in the
config file's ``signing_key``; the core takes the path it is given and reads no $HOME."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api, settings


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("HOME", str(folder))
    return folder


def test_a_key_under_home_in_the_environment_is_expanded(home: Path) -> None:
    said = settings.signing_key({"NEWSCLI_SIGNING_KEY": "~/keys/id"})
    assert said == (home / "keys" / "id", "$NEWSCLI_SIGNING_KEY")


def test_a_key_under_home_in_the_config_file_is_expanded(home: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('signing_key = "~/keys/id"\n')
    assert settings.signing_key({}, config) == (home / "keys" / "id", str(config))


def test_a_vote_signed_with_a_key_under_home_names_the_expanded_file(
    home: Path, run: Runner, add: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = add()
    monkeypatch.setenv("NEWSCLI_SIGNING_KEY", "~/keys/id")
    rated = run("rate", article, "4", "--as", "mei")
    assert (rated.exit_code, rated.stdout) == (1, "")
    assert rated.stderr == f"newscli: error: the signing key {home}/keys/id is not a file\n"


def test_the_core_takes_the_key_path_as_given(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert api.Signer(Path("~/keys/id")).key == tmp_path / "~" / "keys" / "id"
