"""``import --update`` writes only what changes: a record equal to what is stored is
``unchanged``, and its file (and its ``updated`` date) stay as they were."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Runner, snapshot
from newscli import api
from newscli.ingest.input_record import InputRecord


def _jsonl(*records: dict[str, object]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


RECORD = {"title": "Ferry resumes", "body": "The ferry runs again.", "url": "https://x.test/1"}


def test_an_unchanged_record_is_reported_so_and_written_nowhere(
    run: Runner, data_dir: Path
) -> None:
    assert run("import", input=_jsonl(RECORD)).exit_code == 0
    before = snapshot(data_dir / "articles")
    result = run("import", "--update", input=_jsonl(RECORD, {**RECORD, "author": "Lin"}))
    assert result.exit_code == 0, result.stderr
    (article_id,) = [p.removesuffix(".toml") for p in before]
    lines = result.stderr.splitlines()
    assert lines[0] == f"stdin:1: {article_id} unchanged"
    assert lines[1] == f"stdin:2: {article_id} updated"
    assert lines[2] == "newscli: imported 0 articles (1 updated, 1 unchanged, 0 duplicates, 0 bad)"

    again = snapshot(data_dir / "articles")
    result = run("import", "--update", input=_jsonl({**RECORD, "author": "Lin"}))
    assert result.stderr.startswith(f"stdin:1: {article_id} unchanged\n")
    assert snapshot(data_dir / "articles") == again


def test_a_dry_run_tells_unchanged_from_updated(run: Runner) -> None:
    run("import", input=_jsonl(RECORD))
    result = run("import", "--update", "--dry-run", input=_jsonl(RECORD, {**RECORD, "tags": ["a"]}))
    assert ": unchanged" not in result.stderr
    assert " unchanged" in result.stderr.splitlines()[0]
    assert result.stderr.splitlines()[1].endswith("would be updated")


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
_RECORDS = st.fixed_dictionaries(
    {"title": _TEXT.filter(str.strip), "body": _TEXT.filter(str.strip)},
    optional={
        "author": _TEXT,
        "dateline": _TEXT,
        "tags": st.lists(_TEXT, max_size=4),
        "published": st.sampled_from(["2024-06-06", "2024-06-06T12:00:00+02:00", "June 6, 2024"]),
        "extra_field": st.integers(-(2**63), 2**63 - 1),
    },
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(record=_RECORDS)
def test_any_record_imported_again_changes_nothing(
    tmp_path: Path, record: dict[str, object]
) -> None:
    store = api.open_store(tmp_path / f"d{len(list(tmp_path.iterdir()))}")
    first = list(api.import_entries(store, [InputRecord("r:1", record)]))
    if first[0].kind == "bad":  # refused at the door: nothing to update
        return
    before = snapshot(store.data.articles)
    (again,) = api.import_entries(store, [InputRecord("r:1", record)], update=True)
    assert again.kind == "unchanged"
    assert snapshot(store.data.articles) == before
