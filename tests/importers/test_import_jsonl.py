"""``newscli import`` of JSON Lines, JSON and TOML: bad records named, nothing duplicated."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from conftest import Runner, snapshot


def _record(number: int, **changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "title": f"Harbour story {number}",
        "body": f"First paragraph of story {number}.\n\nSecond paragraph.",
        "url": f"https://news.example.org/{number}",
        "published": "2024-06-06T08:00:00Z",
        "tags": ["harbour"],
    }
    record.update(changes)
    return record


def _jsonl(records: list[object]) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def _ids(text: str) -> list[str]:
    return text.split()


def test_hundred_records_with_three_bad_lines(run: Runner, tmp_path: Path) -> None:
    lines: list[object] = [_record(n) for n in range(100)]
    lines[9] = '{"title": "broken", "body": '
    lines[49] = _record(49, title=None)
    lines[89] = _record(89, published="the day after tomorrow")
    source = tmp_path / "batch.jsonl"
    source.write_text(_jsonl(lines))

    result = run("import", str(source))

    assert result.exit_code == 1
    assert len(_ids(result.stdout)) == 97
    errors = [line for line in result.stderr.splitlines() if f"{source}:" in line]
    assert [line.split(": ", 1)[0] for line in errors] == [
        f"{source}:10",
        f"{source}:50",
        f"{source}:90",
    ]
    assert "invalid JSON" in errors[0]
    assert "no title" in errors[1]
    assert "cannot read date 'the day after tomorrow'" in errors[2]

    del lines[89], lines[49], lines[9]
    source.write_text(_jsonl(lines))
    again = run("import", str(source))
    assert again.exit_code == 0
    assert again.stdout == ""
    assert "imported 0 articles (97 duplicates, 0 bad)" in again.stderr
    assert len(json.loads(run("list", "--format", "json").stdout)) == 97


def test_stdin_is_json_lines_and_stdout_is_only_ids(run: Runner) -> None:
    result = run("import", input=_jsonl([_record(1), _record(2)]))
    assert result.exit_code == 0
    created = _ids(result.stdout)
    assert len(created) == 2
    listed = json.loads(run("list", "--format", "json", "--sort", "title").stdout)
    assert sorted(created) == sorted(row["id"] for row in listed)
    assert [row["title"] for row in listed] == ["Harbour story 1", "Harbour story 2"]


def test_duplicates_name_the_stored_id(run: Runner, add: Callable[..., str]) -> None:
    by_url = add("--url", "https://news.example.org/7")
    by_content = add(title="No address", body="Just text.")
    records = [_record(7), {"title": "No address", "body": "Just text."}, _record(8), _record(8)]
    result = run("import", "--verbose", input=_jsonl(records))
    assert result.exit_code == 0
    assert len(_ids(result.stdout)) == 1
    assert f"stdin:1: already stored as {by_url}, skipped" in result.stderr
    assert f"stdin:2: already stored as {by_content}, skipped" in result.stderr
    assert "stdin:4: already stored as " in result.stderr


def test_duplicates_are_a_count_unless_verbose(run: Runner) -> None:
    records = [_record(n) for n in range(5)]
    assert run("import", input=_jsonl(records)).exit_code == 0
    again = run("import", input=_jsonl(records))
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr == (
        "newscli: imported 0 articles (5 duplicates, 0 bad)\n"
        "newscli: --verbose names each record already stored\n"
    )
    verbose = run("import", "--verbose", input=_jsonl(records))
    assert verbose.stderr.count("already stored as") == 5
    assert "--verbose names" not in verbose.stderr
    both = run("import", "--quiet", "--verbose", input=_jsonl(records))
    assert (both.exit_code, both.stdout) == (2, "")
    assert "--quiet and --verbose do not go together" in both.stderr


def test_update_replaces_the_fields_given(run: Runner, add: Callable[..., str]) -> None:
    article_id = add("--url", "https://news.example.org/3", "--author", "Kept Author")
    run("rate", article_id, "4", "--as", "alice")
    record = {"url": "https://news.example.org/3", "title": "New title", "body": "New body."}
    result = run("import", "--update", input=_jsonl([record]))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert f"stdin:1: {article_id} updated" in result.stderr
    exported = json.loads(run("export", article_id).stdout)
    assert exported["title"] == "New title"
    assert exported["body"] == "New body."
    assert exported["author"] == "Kept Author"
    assert [v["voter"] for v in exported["votes"]] == ["alice"]


def test_ids_are_kept_when_valid_and_refused_otherwise(run: Runner) -> None:
    records = [_record(1, id="abcd2345"), _record(2, id="../../etc"), _record(3, id="ABCD2345")]
    result = run("import", input=_jsonl(records))
    assert result.exit_code == 1
    assert _ids(result.stdout) == ["abcd2345"]
    assert "stdin:2: 'id' is not a valid article id" in result.stderr
    assert "stdin:3: 'id' is not a valid article id" in result.stderr
    again = run("import", "-v", input=_jsonl([_record(9, id="abcd2345")]))
    assert again.stdout == ""
    assert "already stored as abcd2345" in again.stderr


def test_a_bad_comment_id_is_named_with_the_alphabet(run: Runner) -> None:
    comment = {"id": "c0u001", "text": "Hi.", "at": "2025-01-01T00:00:00Z"}
    result = run("import", input=_jsonl([_record(1, comments=[comment])]))
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        "stdin:1: comments #1: 'id' is not a valid comment id: 'c0u001' (6 characters of"
        " 0123456789abcdefghjkmnpqrstvwxyz: digits and lower-case letters but i, l, o, u)\n"
    ) in result.stderr


def test_unknown_keys_go_to_extra_and_nulls_are_absent(run: Runner) -> None:
    record = _record(1, section="Transport", author=None, meta={"a": None, "b": [1, None]})
    result = run("import", input=_jsonl([record]))
    assert result.exit_code == 0, result.stderr
    exported = json.loads(run("export", result.stdout.strip()).stdout)
    assert exported["extra"] == {"section": "Transport", "meta": {"b": [1]}}
    assert "author" not in exported


def test_wrong_types_and_non_objects_are_bad_records(run: Runner) -> None:
    lines = [_record(1, tags="not-a-list"), "[1, 2]", _record(2, votes=[{"voter": "a"}]), ""]
    result = run("import", input=_jsonl(lines))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "stdin:1: 'tags' must be an array, not str" in result.stderr
    assert "stdin:2: expected an object, not an array" in result.stderr
    assert "stdin:3: votes #1: missing required key 'stars'" in result.stderr


def test_a_json_array_on_stdin_is_recognised(run: Runner) -> None:
    result = run("import", input=json.dumps([_record(1), _record(2)]))
    assert result.exit_code == 0, result.stderr
    assert len(_ids(result.stdout)) == 2


def test_dry_run_writes_nothing(run: Runner, data_dir: Path) -> None:
    result = run("import", "--dry-run", "-v", input=_jsonl([_record(1), _record(1), "{"]))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "stdin:2: already stored as" in result.stderr
    assert "would import 1 article (1 duplicate, 1 bad); nothing was written" in result.stderr
    assert snapshot(data_dir) == {}


def test_quiet_prints_only_ids_and_errors(run: Runner) -> None:
    run("import", input=_jsonl([_record(1)]))
    result = run("import", "--quiet", input=_jsonl([_record(1), _record(2), "nope"]))
    assert result.exit_code == 1
    assert len(_ids(result.stdout)) == 1
    assert result.stderr.splitlines() == [result.stderr.splitlines()[0]]
    assert result.stderr.startswith("stdin:3: invalid JSON")


def test_json_array_names_each_element_by_its_line(run: Runner, tmp_path: Path) -> None:
    source = tmp_path / "batch.json"
    good, bad = json.dumps(_record(1), indent=1), json.dumps(_record(2, body=""), indent=1)
    source.write_text(f"[\n{good},\n{bad}\n]\n")
    result = run("import", str(source))
    assert result.exit_code == 1
    assert len(_ids(result.stdout)) == 1
    first_line_of_bad = 2 + good.count("\n") + 1
    assert f"{source}:{first_line_of_bad}: the record has no body" in result.stderr


def test_a_missing_file_is_one_error_and_nothing_is_imported(
    run: Runner, tmp_path: Path, data_dir: Path
) -> None:
    source = tmp_path / "ok.jsonl"
    source.write_text(_jsonl([_record(1)]))
    for order in ([source, tmp_path / "missing.jsonl"], [tmp_path / "missing.jsonl", source]):
        result = run("import", *map(str, order))
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            f"newscli: error: cannot read '{tmp_path / 'missing.jsonl'}': "
            "No such file or directory\n"
        )
        assert snapshot(data_dir) == {}


def test_toml_article_file_imports_with_its_id(run: Runner, tmp_path: Path, data_dir: Path) -> None:
    other = tmp_path / "other"
    article_id = run("--data-dir", str(other), "add", "--title", "T", "--body", "B").stdout.strip()
    result = run("import", str(other / "articles" / f"{article_id}.toml"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == article_id
    assert (data_dir / "articles" / f"{article_id}.toml").exists()


def test_unknown_format_choice_is_a_usage_error(run: Runner) -> None:
    result = run("import", "--format", "yaml")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_ids_come_out_in_input_order(run: Runner) -> None:
    given = [f"{n:04d}abcd" for n in range(60)]
    records = [_record(n, id=article_id) for n, article_id in enumerate(given)]
    result = run("import", input=_jsonl(records))
    assert result.exit_code == 0, result.stderr
    assert _ids(result.stdout) == given


def test_a_write_refused_midway_makes_that_record_bad(tmp_path: Path) -> None:
    from newscli import api
    from newscli.errors import InvalidInput
    from newscli.ingest.input_record import InputRecord
    from newscli.model import codec

    class RacedStore(api.Store):
        def write_new_many(
            self, articles: Sequence[tuple[str, bytes]]
        ) -> list[os.stat_result | InvalidInput]:
            raced_id, data = articles[1]  # another process took its id first
            raced = codec.loads(data.decode("utf-8"))
            assert (raced.id, raced.title) == (raced_id, "Harbour story 1")
            self.write_new(replace(raced, title="The other process's article"))
            return super().write_new_many(articles)

    entries = [InputRecord(f"in:{n}", record=_record(n)) for n in range(3)]
    outcomes = list(api.import_entries(RacedStore(tmp_path), entries))
    assert [o.kind for o in outcomes] == ["created", "bad", "created"]
    assert outcomes[1].reason is not None
    assert "already exists" in outcomes[1].reason
    store = api.open_store(tmp_path)
    assert len(store.ids()) == 3
    assert store.load(outcomes[1].reason.split("'")[1]).title == "The other process's article"


def test_an_unreadable_stored_file_is_a_warning(
    run: Runner, add: Callable[..., str], data_dir: Path
) -> None:
    broken = add()
    (data_dir / "articles" / f"{broken}.toml").write_text("not = [toml")
    result = run("import", input=_jsonl([_record(1)]))
    assert result.exit_code == 0
    assert len(_ids(result.stdout)) == 1
    assert f"newscli: warning: skipped articles/{broken}.toml: TOML syntax error" in result.stderr
