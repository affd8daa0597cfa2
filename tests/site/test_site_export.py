"""``export --format site``: what the folder holds, and re-runs that touch only what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import site_world
from conftest import Runner
from newscli import api
from newscli.export import site_folder as site_export
from newscli.export.formats.site import tag_slug
from newscli.export.site_folder import SiteWritten


@pytest.fixture
def world(tmp_path: Path) -> site_world.World:
    return site_world.build(tmp_path, filler=2)


def _export(world: site_world.World, folder: Path) -> SiteWritten:
    store = api.open_store(world.data)
    try:
        return api.export_site(store, folder)
    finally:
        store.close()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_the_site_has_index_articles_tags_media_and_a_stylesheet(
    world: site_world.World, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    done = _export(world, folder)
    names = set(_files(folder))
    assert {"index.html", "style.css", ".newscli-site.json"} <= names
    assert {f"articles/{world.showcase}.html", f"media/{world.showcase}.png"} <= names
    assert {"tags/ports.html", "tags/transport-policy.html", "tags/filler.html"} <= names
    assert done.removed == [] and done.problems == []
    index = (folder / "index.html").read_text()
    assert index.index(world.showcase) < index.index(world.hostile) < index.index(world.broken)
    page = (folder / f"articles/{world.showcase}.html").read_text()
    assert f'src="../media/{world.showcase}.png"' in page
    assert 'href="../style.css"' in page and "<script" not in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert 'rel="noopener noreferrer"' in page


def test_a_rerun_writes_only_what_changed_and_removes_only_its_own_pages(
    world: site_world.World, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    _export(world, folder)
    (folder / "notes.txt").write_text("mine")
    (folder / "articles" / "mine.html").write_text("mine too")
    before = {p: (folder / p).stat().st_mtime_ns for p in _files(folder)}
    again = _export(world, folder)
    assert again.written == [] and again.removed == []
    store = api.open_store(world.data)
    api.rate_article(store, world.broken, "mei", 5)
    api.remove_articles(store, ["f000001a"])
    store.close()
    done = _export(world, folder)
    assert f"articles/{world.broken}.html" in done.written
    assert f"articles/{world.showcase}.html" not in done.written
    assert done.removed == ["articles/f000001a.atom", "articles/f000001a.html"]
    assert not (folder / "articles" / "f000001a.html").exists()
    assert not (folder / "articles" / "f000001a.atom").exists()
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "articles" / "mine.html").read_text() == "mine too"
    after = _files(folder)
    untouched = [p for p in after if p not in done.written and p != ".newscli-site.json"]
    assert all((folder / p).stat().st_mtime_ns == before[p] for p in untouched)


def test_a_tampered_manifest_cannot_remove_other_files(
    world: site_world.World, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    _export(world, folder)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep")
    (folder / "style.txt").write_text("keep")
    manifest = folder / ".newscli-site.json"
    data = json.loads(manifest.read_text())
    data["files"] += ["../precious.txt", "style.txt", "/etc/hostname", "articles/../../x.html"]
    manifest.write_text(json.dumps(data))
    assert _export(world, folder).removed == []
    assert precious.read_text() == "keep" and (folder / "style.txt").exists()


def test_tag_slugs_are_safe_file_names_and_tell_tags_apart() -> None:
    assert tag_slug("ports") == "ports"
    assert tag_slug("Transport Policy") == "transport-policy"
    slugs = {tag_slug(t) for t in ["new-york", "new york", "New/York", "../x", "", "nul", "東京"]}
    assert len(slugs) == 7
    assert all(s.replace("-", "").isalnum() and s.isascii() for s in slugs)


def test_the_cli_writes_a_site_and_prints_its_index(
    run: Runner, tmp_path: Path, data_dir: Path
) -> None:
    article = run("add", "--title", "<b>Hi</b>", "--body", "Text.", "-t", "x").stdout.strip()
    result = run("export", "--format", "site", "-o", str(tmp_path / "site"))
    assert result.exit_code == 0
    assert result.stdout == f"{(tmp_path / 'site').resolve() / 'index.html'}\n"
    assert "site in" in result.stderr
    page = tmp_path / "site" / "articles" / f"{article}.html"
    assert "&lt;b&gt;Hi&lt;/b&gt;" in page.read_text()
    default = run("export", "--format", "site")
    assert default.exit_code == 0
    assert default.stdout == f"{(data_dir / 'site').resolve() / 'index.html'}\n"
    assert (data_dir / "site" / "articles" / f"{article}.html").is_file()


def test_many_pages_are_built_in_worker_processes_alike(
    world: site_world.World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _export(world, tmp_path / "serial")
    monkeypatch.setattr(site_export, "PARALLEL_MIN", 1)
    done = _export(world, tmp_path / "pooled")
    assert done.problems == []
    assert _files(tmp_path / "pooled") == _files(tmp_path / "serial")


def test_each_article_has_a_feed_of_its_comments_that_its_page_links(
    world: site_world.World, tmp_path: Path
) -> None:
    import xml.etree.ElementTree as ET

    from newscli.text.atom import comment_urn

    folder = tmp_path / "out"
    _export(world, folder)
    for article_id in (world.showcase, world.hostile, world.broken):
        assert (folder / "articles" / f"{article_id}.atom").is_file()
    page = (folder / f"articles/{world.showcase}.html").read_text()
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="{world.showcase}.atom">' in page
    )
    assert f'<a href="{world.showcase}.atom" type="application/atom+xml">' in page
    feed = ET.fromstring((folder / f"articles/{world.showcase}.atom").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    store = api.open_store(world.data)
    live = [c.id for c in store.load(world.showcase).comments if not c.deleted]
    store.close()
    ids = [e.findtext(f"{atom}id") for e in feed.findall(f"{atom}entry")]
    assert ids == [comment_urn(world.showcase, cid) for cid in live]
    hostile = ET.fromstring((folder / f"articles/{world.hostile}.atom").read_bytes())
    assert "<script>" in (hostile.findtext(f"{atom}title") or "")  # text, escaped in the XML
