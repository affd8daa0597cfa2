"""What `add`, `import` and `export` read and write, called from Python through `api`."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscli import api


def test_read_page_guesses_the_format_by_name(tmp_path: Path) -> None:
    page = tmp_path / "note.md"
    page.write_bytes(b"# Heading\n\nA paragraph.\n")

    read = api.read_page(str(page))

    assert (read.name, read.url, read.format) == (str(page), None, "markdown")
    assert read.data == b"# Heading\n\nA paragraph.\n"


def test_read_page_reads_the_given_stdin_for_a_dash() -> None:
    read = api.read_page("-", "auto", io.BytesIO(b'{"title": "t", "body": "b"}\n'))

    assert (read.name, read.format) == ("stdin", "jsonl")  # a batch: add refuses it


def test_read_source_makes_an_unreadable_file_one_bad_entry(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.jsonl")

    (entry,) = api.read_source(missing)

    assert entry.record is None
    assert entry.problem == f"cannot read '{missing}': No such file or directory"


def test_an_export_reads_back_and_a_folder_holds_one_file_an_article(tmp_path: Path) -> None:
    store = api.open_store(tmp_path / "data")
    first = api.add_article(store, api.Draft(title="One", body="First."))
    second = api.add_article(store, api.Draft(title="Two", body="Second."))

    text = api.export_text([first, second], "jsonl")
    records = [entry.record for entry in api.read_input(text.encode(), "x.jsonl")]
    written = api.export_folder([first, second], "markdown", tmp_path / "out")
    api.export_file([first], "toml", tmp_path / "one.toml")

    assert [r["title"] for r in records if r is not None] == ["One", "Two"]
    assert sorted(p.name for p in written) == sorted([f"{first.id}.md", f"{second.id}.md"])
    assert all(p.read_text().startswith("+++\n") for p in written)
    assert f'id = "{first.id}"' in (tmp_path / "one.toml").read_text()
    with pytest.raises(ValueError, match="holds one article"):
        api.export_text([first, second], "toml")


def test_import_to_a_pipe_never_imports_rich(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from newscli.cli import main\n"
        "status = main(['import'])\n"
        "print('rich' in sys.modules, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    env = {**os.environ, "NEWSCLI_HOME": str(tmp_path / "data")}
    record = json.dumps({"title": "Piped", "body": "In."}) + "\n"
    proc = subprocess.run(
        [sys.executable, "-c", code], input=record.encode(), capture_output=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert proc.stderr.decode("utf-8").splitlines()[-1] == "False"
