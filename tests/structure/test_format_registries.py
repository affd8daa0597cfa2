"""The import and export registries: the CLI's choices name exactly their formats, and
every fact a format declares (extensions, content types, suffixes) is what is used."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newscli.choices import ExportFormat, InputFormat, PageFormat
from newscli.export.registry import EXPORTERS, ONE_PER_FILE, SUFFIXES, export
from newscli.ingest.formats.declaration import PageReader
from newscli.ingest.formats.registry import (
    PAGE_FORMATS,
    READERS,
    guess_format,
    read_draft,
    read_entries,
)


def test_input_format_choices_are_auto_and_the_readers() -> None:
    names = [r.name for r in READERS]
    assert len(set(names)) == len(names)
    assert sorted(InputFormat) == sorted(["auto", *names])


def test_page_format_choices_are_auto_and_the_page_readers() -> None:
    pages = [r.name for r in READERS if isinstance(r, PageReader)]
    assert list(PageFormat) == ["auto", *pages]
    assert tuple(pages) == PAGE_FORMATS


def test_export_format_choices_are_the_exporters_in_order() -> None:
    names = [e.name for e in EXPORTERS]
    assert len(set(names)) == len(names)
    assert list(ExportFormat) == names


def test_every_extension_and_content_type_picks_its_reader() -> None:
    extensions = [ext for r in READERS for ext in r.extensions]
    assert len(set(extensions)) == len(extensions)
    for reader in READERS:
        for ext in reader.extensions:
            assert guess_format(f"in{ext.upper()}", b"{") == reader.name
        for kind in reader.content_types:
            assert guess_format("in", b"{", f"{kind}; charset=utf-8") == reader.name


def test_earlier_readers_win_on_first_bytes() -> None:
    assert guess_format("in", b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert guess_format("in", b"<!doctype html><p>Hi</p>") == "html"
    assert guess_format("in", b"plain words", default="jsonl") == "jsonl"


def test_suffixes_and_one_per_file_come_from_the_exporters() -> None:
    assert SUFFIXES == {
        "jsonl": ".jsonl",
        "json": ".json",
        "toml": ".toml",
        "markdown": ".md",
        "html": ".html",
        "text": ".txt",
    }
    assert {"toml", "markdown", "html", "text"} == ONE_PER_FILE
    assert ExportFormat.MARKDOWN in ONE_PER_FILE  # the CLI looks its enum values up
    assert SUFFIXES[ExportFormat.MARKDOWN] == ".md"


def test_unknown_formats_are_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown import format 'yaml': use one of jsonl, json"):
        read_entries(b"", "in", "yaml")
    with pytest.raises(ValueError, match="jsonl is not a page format: use one of text, markdown"):
        read_draft(b"{}", "in", "jsonl")
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export([], "pdf")


def test_the_cli_builds_its_options_without_the_registries() -> None:
    probe = (
        "import json, sys\n"
        "from newscli.cli import main\n"
        "for command in ('import', 'add', 'export'):\n"
        "    main([command, '--help'])\n"
        "sys.stderr.write(json.dumps(sorted(m for m in sys.modules if m.startswith(\n"
        "    ('newscli.ingest.formats', 'newscli.export.registry')))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "--format" in done.stdout
    assert json.loads(done.stderr.rsplit("\n", 1)[-1]) == []
