"""One nesting limit wherever an article is read: a file with a table nested deeper than
an import may bring is a file that cannot be read (one line, never an internal error),
``check`` reports it and ``--fix`` quarantines it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result, Runner
from newscli import api
from newscli.errors import CorruptArticle
from newscli.model.values import MAX_NESTING

Adder = Callable[..., str]
# A \u escape sends the file to the standard library's reader, which nests far deeper
# than the Rust one: the way a 1,200-level table once got past every check.
HEAD = (
    'schema = 2\nid = "{id}"\ntitle = "Deep \\u0041"\nbody = "B."\nadded = 2024-01-01T00:00:00Z\n'
)


def _deep_file(article_id: str, levels: int) -> str:
    """An article whose ``[extra]`` holds tables ``levels`` deep below it."""
    return HEAD.format(id=article_id) + "[extra" + ".a" * levels + "]\nb = 1\n"


def _one_line(result: Result, *words: str) -> None:
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("newscli: error: ")
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "internal error" not in result.stderr
    for word in words:
        assert word in result.stderr


def test_a_1200_level_table_is_an_unreadable_file_everywhere(
    add: Adder, run: Runner, data_dir: Path
) -> None:
    article = add()
    path = data_dir / "articles" / f"{article}.toml"
    path.write_text(_deep_file(article, 1200), "utf-8")
    too_deep = f"more than {MAX_NESTING} levels"
    _one_line(run("rate", article, "4", "--as", "ann"), too_deep)
    _one_line(run("comment", article, "Hi.", "--as", "bo"), too_deep)
    _one_line(run("export", article, "--format", "json"), too_deep)
    _one_line(run("show", article), too_deep)
    found = run("check")
    assert found.exit_code == 1
    assert found.stdout.startswith(f"articles/{article}.toml: 'extra': nested too deeply")
    fixed = run("check", "--fix")
    assert f"articles/{article}.toml: moved to quarantine/{article}.toml" in fixed.stderr
    assert not path.exists()


def test_reading_and_importing_share_one_limit(run: Runner, data_dir: Path, tmp_path: Path) -> None:
    """The deepest table an import takes is one a file may hold, and one level more is
    refused by both; what is stored exports and reads back."""
    store = api.open_store(data_dir)
    deepest = MAX_NESTING - 2  # levels below [extra], which is itself one level down
    for levels, readable in ((deepest, True), (deepest + 1, False)):
        nested: dict[str, object] = {"b": 1}
        for _ in range(levels):
            nested = {"a": nested}
        record = {"title": f"Deep {levels}", "body": "B.", "extra": nested}
        source = tmp_path / f"deep-{levels}.jsonl"
        source.write_text(json.dumps(record) + "\n", "utf-8")
        imported = run("import", str(source))
        assert imported.exit_code == (0 if readable else 1), imported.stderr
        path = data_dir / "articles" / "abcd2345.toml"
        path.write_text(_deep_file("abcd2345", levels), "utf-8")
        if readable:
            article_id = imported.stdout.strip()
            exported = run("export", article_id, "--format", "json")
            assert exported.exit_code == 0
            assert store.load("abcd2345").extra
        else:
            assert "nested too deeply" in imported.stderr
            with pytest.raises(CorruptArticle, match="nested too deeply"):
                store.load("abcd2345")
