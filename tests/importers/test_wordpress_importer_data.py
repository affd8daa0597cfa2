"""WordPress's own importer fixtures (the wordpress-importer repository's phpunit/data),
when a copy is at hand: they are not part of newscli (their licence is not ours), so this
check is skipped unless $WORDPRESS_IMPORTER_DATA names the folder holding them.

    WORDPRESS_IMPORTER_DATA=/path/to/wordpress-importer/phpunit/data .venv/bin/pytest \\
        tests/importers/test_wordpress_importer_data.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import Runner, snapshot

FOLDER = Path(os.environ.get("WORDPRESS_IMPORTER_DATA", "/nonexistent"))
THEME = FOLDER / "theme-unit-test-data.xml"
pytestmark = pytest.mark.skipif(
    not THEME.is_file(), reason="set WORDPRESS_IMPORTER_DATA to wordpress-importer's phpunit/data"
)


def _expected(path: Path) -> dict[str, list[tuple[int, str]]]:
    """The export's own view, read independently: for each published post, its approved
    comments (not pingbacks or trackbacks) in the page's order, as (depth, author)."""
    from lxml import etree

    expected = {}
    for item in etree.parse(str(path)).iter("item"):
        fields = {etree.QName(c).localname: (c.text or "").strip() for c in item}
        if (
            fields.get("post_type", "post") != "post"
            or fields.get("status", "publish") != "publish"
        ):
            continue
        comments = {}
        for comment in item:
            c = {etree.QName(x).localname: (x.text or "").strip() for x in comment}
            if c.get("comment_approved") == "1" and c.get("comment_type") in ("", "comment", None):
                comments[c["comment_id"]] = c
        expected[fields["link"]] = _page_order(comments)
    return expected


def _page_order(comments: dict[str, dict[str, str]]) -> list[tuple[int, str]]:
    """Threads oldest first, each reply under its parent, oldest first, five deep at most."""
    children: dict[str, list[str]] = {}
    for ref, c in comments.items():
        parent = c.get("comment_parent", "0")
        children.setdefault(parent if parent in comments else "0", []).append(ref)
    order: list[tuple[int, str]] = []
    stack = [
        (0, ref)
        for ref in sorted(
            children.get("0", []), key=lambda r: comments[r]["comment_date_gmt"], reverse=True
        )
    ]
    while stack:
        depth, ref = stack.pop()
        order.append((min(depth, 5), comments[ref]["comment_author"]))
        kids = sorted(
            children.get(ref, []), key=lambda r: comments[r]["comment_date_gmt"], reverse=True
        )
        stack += [(depth + 1, kid) for kid in kids]
    return order


def test_the_theme_unit_test_data(
    run: Runner, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run("import", "--no-images", str(THEME))
    assert result.exit_code == 0, result.stderr
    records = {r["url"]: r for r in map(json.loads, run("export").stdout.splitlines())}
    expected = _expected(THEME)
    assert set(records) == set(expected)
    with_comments = {link: order for link, order in expected.items() if order}
    assert len(with_comments) >= 5
    for link, order in with_comments.items():
        article = records[link]
        assert len(article["comments"]) == len(order), link  # every approved one, no more
        page = run("show", article["id"], "--plain", "--all-comments").stdout
        heads = {c["id"] for c in article["comments"]}
        shown = [
            ((len(line) - len(line.lstrip(" "))) // 4, line.strip().split("  ")[0])
            for line in page.splitlines()
            if any(f"  {cid}" in line for cid in heads)
        ]
        assert shown == order, link

    before = snapshot(data_dir / "articles")
    again = run("import", "--no-images", str(THEME))
    assert again.stdout == "" and snapshot(data_dir / "articles") == before

    ids = run("list", "--format", "ids").stdout.split()
    pages = [run("show", i, "--plain", "--all-comments").stdout for i in ids]
    backup = tmp_path / "backup.jsonl"
    backup.write_text(run("export").stdout, encoding="utf-8")
    monkeypatch.setenv("NEWSCLI_HOME", str(tmp_path / "empty"))
    assert run("import", "--no-images", str(backup)).exit_code == 0
    assert [run("show", i, "--plain", "--all-comments").stdout for i in ids] == pages


@pytest.mark.parametrize(
    "name", sorted(p.name for p in FOLDER.glob("*.xml")) if FOLDER.is_dir() else []
)
def test_every_fixture_imports_or_is_refused_in_one_line_each(name: str, run: Runner) -> None:
    result = run("import", "--no-images", "--format", "wxr", str(FOLDER / name))
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines()[:-1]:
        assert line.startswith(str(FOLDER / name)), line
