"""``export --format site``: what the folder holds, and re-runs that touch only what changed."""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import stat
from pathlib import Path

import pytest

import site_world
from conftest import Runner
from newscli import api
from newscli.errors import NewsError
from newscli.export import site_folder as site_export
from newscli.export.formats.site import listing_pages, tag_slug
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


def test_a_page_replaces_a_link_in_its_place_and_is_readable_by_others(
    world: site_world.World, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    _export(world, folder)
    outside = tmp_path / "outside.html"
    outside.write_text("keep")
    page = folder / "articles" / f"{world.broken}.html"
    page.unlink()
    page.symlink_to(outside)
    store = api.open_store(world.data)
    api.rate_article(store, world.broken, "mei", 5)
    store.close()
    umask = os.umask(0o022)
    try:
        done = _export(world, folder)
    finally:
        os.umask(umask)
    assert f"articles/{world.broken}.html" in done.written
    assert outside.read_text() == "keep"
    assert not page.is_symlink() and "<!DOCTYPE html>" in page.read_text()
    assert stat.S_IMODE(page.stat().st_mode) == 0o644
    assert not [p.name for p in page.parent.iterdir() if ".tmp-" in p.name]


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


def test_tags_whose_plain_slug_is_anothers_hashed_one_get_pages_of_their_own() -> None:
    # "x!" is not spelled by its words alone: its slug is hashed, and "x 4038e65d" is the
    # plain slug that hash once made (sha256("x!") starts 4038e65d).
    assert tag_slug("x!") != tag_slug("x 4038e65d")
    rows = [
        api.Row.of(api.Article("abcd2345", "One", "B.", site_world.AT, site_world.AT, tags=["x!"])),
        api.Row.of(
            api.Article("abcd2346", "Two", "B.", site_world.AT, site_world.AT, tags=["x 4038e65d"])
        ),
    ]
    pages = listing_pages(rows)
    tagged = {name: text for name, text in pages.items() if name.startswith("tags/")}
    assert len(tagged) == 2
    assert {("#x!" in t, "#x 4038e65d" in t) for t in tagged.values()} == {
        (True, False),
        (False, True),
    }


@pytest.mark.parametrize("name", ["index.html", "style.css", "notes.txt"])
def test_a_folder_holding_other_files_is_refused(
    name: str, world: site_world.World, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / name).write_text("my own work")
    with pytest.raises(NewsError, match="not empty and holds no site newscli wrote"):
        _export(world, folder)
    assert [p.name for p in folder.iterdir()] == [name]
    assert (folder / name).read_text() == "my own work"


def test_a_file_the_site_did_not_write_is_never_overwritten(
    world: site_world.World, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    _export(world, folder)
    (folder / "index.html").unlink()
    (folder / "tags").rename(tmp_path / "tags-moved")
    (folder / "tags").mkdir()
    (folder / "tags" / "ports.html").write_text("mine")
    manifest = json.loads((folder / ".newscli-site.json").read_text())
    manifest["files"] = [f for f in manifest["files"] if f != "tags/ports.html"]
    (folder / ".newscli-site.json").write_text(json.dumps(manifest))
    with pytest.raises(NewsError, match="was not written by newscli"):
        _export(world, folder)
    assert (folder / "tags" / "ports.html").read_text() == "mine"


def test_the_data_and_cache_directories_are_refused(
    world: site_world.World, tmp_path: Path
) -> None:
    store = api.open_store(world.data, tmp_path / "cache" / "index.sqlite3")
    api.list_ids(store)  # the index is made in the cache directory
    media = sorted((world.data / "media").iterdir())
    for folder in (
        world.data,
        world.data / "media",
        world.data / "articles",
        tmp_path / "cache",
        tmp_path / "cache" / "site",
        tmp_path,  # holds both
    ):
        with pytest.raises(NewsError, match="whose files a site could overwrite"):
            api.export_site(store, folder)
    assert sorted((world.data / "media").iterdir()) == media
    assert api.export_site(store).written  # its own site/ is fine
    store.close()


def test_an_empty_output_path_is_refused(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run("add", "--title", "T", "--body", "B.")
    result = run("export", "--format", "site", "-o", "")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "empty path" in result.stderr
    assert "index.html" not in {p.name for p in tmp_path.iterdir()}
    with pytest.raises(NewsError, match="empty path"):
        api.export_site(api.open_store(tmp_path / "data"), "")


def test_every_link_of_the_site_leads_to_a_page_and_anchor_it_has(
    world: site_world.World, tmp_path: Path
) -> None:
    """Without a browser: each relative href and src of every page names a file of the
    site, and each #anchor an id on that page; the tag pages are reached from the index,
    the articles and each other."""
    folder = tmp_path / "out"
    _export(world, folder)
    pages = {p.relative_to(folder).as_posix(): p.read_text() for p in folder.rglob("*.html")}
    ids = {name: set(re.findall(r'\bid="([^"]+)"', text)) for name, text in pages.items()}
    reached: set[str] = set()
    for name, text in pages.items():
        for link in re.findall(r'\b(?:href|src)="([^"]+)"', text):
            link = html.unescape(link)
            if link.startswith(("http://", "https://", "mailto:", "data:")):
                continue
            path, _, anchor = link.partition("#")
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            )
            assert (folder / target).is_file(), f"{name} links {link}"
            assert not target.startswith(".."), f"{name} links outside the site: {link}"
            if anchor:
                assert anchor in ids[target], f"{name} links {link}: no such anchor"
            reached.add(target)
    tags = {n for n in pages if n.startswith("tags/")}
    assert tags and tags <= reached
    assert {n for n in pages if n.startswith("articles/")} <= reached
