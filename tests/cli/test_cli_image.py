"""The feature image kept with its article: fetched by ``add`` and ``import`` from a
server on 127.0.0.1, the ``image`` command, and rm/restore/trash/check/export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api
from newscli.ingest.parse.feed import read_feed
from newscli.store import images as media
from pictures import jpeg_claiming, picture_bytes
from webserver import Page, Site, serve

pytest.importorskip("PIL.Image")
pytest.importorskip("trafilatura")

PNG = picture_bytes("PNG", (32, 18))
BODY = (
    "<p>KEELUNG - The harbour lights came back on Thursday after a month of repairs, and "
    "the fishing fleet returned before dawn to a quay lit from end to end.</p>"
    "<p>Engineers replaced the cables a storm tore loose in May, the port authority said, "
    "and the new lamps use half the power of the old ones.</p>"
)


def article_page(image: str) -> bytes:
    head = f'<title>Harbour lights return</title><meta property="og:image" content="{image}">'
    page = f"<!doctype html><html><head>{head}</head><body><article><h1>Harbour lights "
    page += f"return</h1>{BODY}</article></body></html>"
    return page.encode()


@pytest.fixture
def site() -> Iterator[Site]:
    pages = {"/news/page.html": Page(article_page("/pics/a.png")), "/pics/a.png": Page(PNG)}
    pages["/pics/a.png"].content_type = "image/png"
    with serve(pages) as served:
        yield served


def media_files(data_dir: Path) -> list[str]:
    folder = data_dir / "media"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def added(run: Runner, *args: str) -> tuple[str, str]:
    result = run("add", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip(), result.stderr


@pytest.mark.usefixtures("image_fetching")
def test_add_url_keeps_the_image_of_a_relative_og_image(
    run: Runner, data_dir: Path, site: Site
) -> None:
    article_id, err = added(run, f"{site.base}/news/page.html")
    assert err == ""
    assert media_files(data_dir) == [f"{article_id}.png"]
    assert (data_dir / "media" / f"{article_id}.png").read_bytes() == PNG
    shown = run("image", article_id)
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert shown.stdout == f"{data_dir / 'media' / article_id}.png\n"


@pytest.mark.usefixtures("image_fetching")
def test_no_images_fetches_nothing(run: Runner, data_dir: Path, site: Site) -> None:
    article_id, err = added(run, "--no-images", f"{site.base}/news/page.html")
    assert (err, media_files(data_dir), len(site.agents)) == ("", [], 1)
    missing = run("image", article_id)
    assert (missing.exit_code, missing.stdout) == (1, "")
    assert missing.stderr == (
        f"newscli: error: {article_id} has no stored image: 'newscli image {article_id} --fetch'\n"
    )


def test_without_the_fixture_tests_fetch_nothing(run: Runner, data_dir: Path, site: Site) -> None:
    added(run, f"{site.base}/news/page.html")
    assert (media_files(data_dir), len(site.agents)) == ([], 1)


BAD = {
    "truncated PNG": (Page(picture_bytes("PNG", (64, 64))[:-40], "image/png"), "truncated"),
    "decompression bomb": (Page(jpeg_claiming(60_000, 60_000), "image/jpeg"), "50,000,000"),
    "SVG": (Page(b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"), "not a JPEG"),
    "text/html named .jpg": (Page(b"<!doctype html><p>Moved</p>"), "sent text/html"),
    "0 bytes": (Page(b"", "image/png"), "empty (0 bytes)"),
    "redirect to file://": (Page(status=302, location="file:///etc/passwd"), "file:///etc/passwd"),
}


@pytest.mark.usefixtures("image_fetching")
@pytest.mark.parametrize("case", BAD)
def test_a_bad_image_is_one_warning_and_the_article_is_still_added(
    run: Runner, data_dir: Path, case: str
) -> None:
    served, reason = BAD[case]
    with serve({"/page.html": Page(article_page("/pics/a.jpg")), "/pics/a.jpg": served}) as site:
        article_id, err = added(run, f"{site.base}/page.html")
    assert err.startswith(f"newscli: warning: image of {article_id} not kept: ")
    assert reason in err and err.count("\n") == 1
    assert media_files(data_dir) == []  # nothing half-written, no temp file
    assert run("show", "--plain", article_id).exit_code == 0


def test_image_fetch_rm_and_usage(run: Runner, data_dir: Path, site: Site) -> None:
    article_id, _ = added(run, f"{site.base}/news/page.html")  # not fetched: no fixture
    refused = run("image", article_id, "--fetch")  # found in content, on this machine
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert "127.0.0.1 is a private or local address" in refused.stderr
    fetched = run("image", article_id, "--fetch", "--allow-private")
    assert (fetched.exit_code, fetched.stderr) == (0, "")
    assert fetched.stdout == f"{data_dir / 'media' / article_id}.png\n"
    removed = run("image", article_id, "--rm")
    assert (removed.exit_code, removed.stdout) == (0, "")
    assert removed.stderr == f"Removed the image of {article_id}.\n"
    assert media_files(data_dir) == []
    again = run("image", article_id, "--rm")
    assert (again.exit_code, again.stderr) == (
        1,
        f"newscli: error: {article_id} has no stored image\n",
    )
    both = run("image", article_id, "--fetch", "--rm")
    assert (both.exit_code, both.stdout) == (2, "")
    assert both.stderr == "newscli: error: give one of --fetch, --rm and --path\n"


def test_image_fetch_errors_are_errors(run: Runner, data_dir: Path) -> None:
    pages = {"/p.html": Page(article_page("/a.jpg")), "/a.jpg": Page(b"<html>", "text/html")}
    with serve(pages) as site:
        article_id, _ = added(run, f"{site.base}/p.html")
        failed = run("image", article_id, "--fetch", "--allow-private")
    assert (failed.exit_code, failed.stdout) == (1, "")
    assert failed.stderr.startswith("newscli: error: ") and "sent text/html" in failed.stderr
    assert failed.stderr.count("\n") == 1
    no_address = run("image", added(run, "--title", "T", "--body", "B.")[0], "--fetch")
    assert no_address.exit_code == 1 and "has no image address" in no_address.stderr


def test_without_an_image_address_image_suggests_no_fetch(run: Runner) -> None:
    article_id, _ = added(run, "--title", "T", "--body", "B.")
    shown = run("image", article_id)
    assert (shown.exit_code, shown.stdout) == (1, "")
    assert shown.stderr == (
        f"newscli: error: {article_id} has no image: its article gives no image address\n"
    )


def test_without_pillow_the_image_command_names_the_pip_install(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media, "pillow_installed", lambda: False)
    article_id, _ = added(run, "--title", "T", "--body", "B.", "--image", "https://x.test/a.png")
    for args in ([article_id], [article_id, "--fetch"]):
        result = run("image", *args)
        assert (result.exit_code, result.stdout) == (1, "")
        assert "pip install 'newscli[images]'" in result.stderr
        assert result.stderr.count("\n") == 1


@pytest.mark.usefixtures("image_fetching")
def test_import_fetches_images_after_the_articles_are_written(
    run: Runner, data_dir: Path, site: Site
) -> None:
    records = [
        {"title": "One", "body": "B.", "url": f"{site.base}/news/1", "image": "/pics/a.png"},
        {"title": "Two", "body": "B.", "url": f"{site.base}/news/2", "image": "/pics/none.png"},
        {"title": "Three", "body": "B."},
    ]
    lines = "".join(json.dumps(r) + "\n" for r in records)
    result = run("import", "-q", "--allow-private", input=lines)
    assert result.exit_code == 0
    first, second, _third = result.stdout.split()
    assert result.stderr.startswith(f"newscli: warning: image of {second} not kept: ")
    assert "HTTP 404" in result.stderr and result.stderr.count("\n") == 1
    assert media_files(data_dir) == [f"{first}.png"]


@pytest.mark.usefixtures("image_fetching")
def test_an_import_names_the_first_few_images_not_kept_and_counts_the_rest(
    run: Runner, data_dir: Path, site: Site
) -> None:
    records = [
        {"title": f"N{n}", "body": "B.", "url": f"{site.base}/n/{n}", "image": f"/none/{n}.png"}
        for n in range(5)
    ]
    lines = "".join(json.dumps(r) + "\n" for r in records)
    result = run("import", "-q", "--allow-private", input=lines)
    assert (result.exit_code, len(result.stdout.split())) == (0, 5)
    lines = result.stderr.splitlines()
    assert len(lines) == 4
    assert all(" not kept: " in line and "HTTP 404" in line for line in lines[:3])
    assert lines[3] == (
        "newscli: warning: 2 more images not kept; 'newscli check' lists the articles without one"
    )
    listed = run("check")
    assert listed.exit_code == 1
    assert listed.stdout.count("its feature image is not stored") == 5


@pytest.mark.usefixtures("image_fetching")
def test_import_with_no_images(run: Runner, data_dir: Path, site: Site) -> None:
    record = {"title": "One", "body": "B.", "url": f"{site.base}/n", "image": "/pics/a.png"}
    result = run("import", "-q", "--no-images", input=json.dumps(record))
    assert (result.exit_code, result.stderr, media_files(data_dir)) == (0, "", [])


def test_a_feed_items_relative_image_is_resolved_against_its_link() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
    <channel><title>T</title><item><title>A</title><link>https://news.test/a/b.html</link>
    <media:content url="/pics/a.png" medium="image"/></item></channel></rss>"""
    read = read_feed(feed)
    assert [(d.title, d.url, d.image) for d in read.drafts] == [
        ("A", "https://news.test/a/b.html", "https://news.test/pics/a.png")
    ]
    assert read.warning is None


def stored(data_dir: Path, article_id: str) -> Path:
    path = media.store_image(PNG, data_dir / "media", article_id)
    assert media_files(data_dir) == [path.name]
    return path


def test_rm_restore_and_empty_carry_the_image(run: Runner, data_dir: Path) -> None:
    article_id, _ = added(run, "--title", "T", "--body", "B.")
    stored(data_dir, article_id)
    assert run("rm", article_id).exit_code == 0
    assert media_files(data_dir) == []
    assert (data_dir / "trash" / f"{article_id}.png").read_bytes() == PNG
    assert run("restore", article_id).exit_code == 0
    assert media_files(data_dir) == [f"{article_id}.png"]
    assert not (data_dir / "trash" / f"{article_id}.png").exists()
    assert run("rm", article_id).exit_code == 0
    emptied = run("trash", "--empty", "--yes")
    assert emptied.stderr == "Deleted 1 article from the trash.\n"
    assert sorted(p.name for p in (data_dir / "trash").iterdir()) == []
    assert media_files(data_dir) == []


def test_check_reports_broken_missing_and_orphan_images(run: Runner, data_dir: Path) -> None:
    broken, _ = added(run, "--title", "One", "--body", "B.")
    missing, _ = added(run, "--title", "Two", "--body", "B.")
    stored(data_dir, broken).write_bytes(PNG[:-30])
    (data_dir / "media" / f"{missing}.jpg").mkdir()  # a folder where the image should be
    orphan = data_dir / "media" / "zzzzzzzz.gif"
    orphan.write_bytes(picture_bytes("GIF"))
    report = run("check")
    assert report.exit_code == 1
    found = dict(line.split(": ", 1) for line in report.stdout.splitlines())
    assert sorted(found) == sorted(
        [f"media/{broken}.png", f"media/{missing}.jpg", "media/zzzzzzzz.gif"]
    )
    assert found[f"media/{broken}.png"].startswith("broken or truncated image")
    assert found[f"media/{broken}.png"].endswith(
        f"'newscli image {broken} --fetch' fetches it again"
    )
    assert found[f"media/{missing}.jpg"].startswith("missing or unreadable")
    assert found["media/zzzzzzzz.gif"] == "no article has this image"
    fixed = run("check", "--fix")
    assert "media/zzzzzzzz.gif: moved to quarantine/zzzzzzzz.gif" in fixed.stderr
    assert (data_dir / "quarantine" / "zzzzzzzz.gif").exists() and not orphan.exists()
    assert (data_dir / "media" / f"{broken}.png").exists()  # left alone


def test_html_export_embeds_the_stored_image_and_jsonl_stays_text(
    run: Runner, data_dir: Path
) -> None:
    article_id, _ = added(run, "--title", "T", "--body", "B.", "--image", "https://x.test/a.png")
    linked = run("export", "-f", "html", article_id).stdout
    assert '<img src="https://x.test/a.png"' in linked
    stored(data_dir, article_id)
    page = run("export", "-f", "html", article_id).stdout
    assert '<img src="data:image/png;base64,' in page and "https://x.test/a.png" not in page
    assert "img-src 'self' data:" in page
    written = run("export", "-f", "html", "-o", f"{data_dir.parent}/out/", article_id)
    assert written.exit_code == 0
    assert "data:image/png;base64," in (data_dir.parent / "out" / f"{article_id}.html").read_text()
    record = json.loads(run("export", "-f", "jsonl", article_id).stdout)
    assert record["image"] == "https://x.test/a.png"


@pytest.mark.usefixtures("image_fetching")
def test_the_sample_is_added_without_fetching_its_image(
    run: Runner, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []
    monkeypatch.setattr(api, "keep_images", lambda *args, **kw: asked.append(args) or iter(()))
    _, err = added(run, "--sample")
    assert (err, asked, media_files(data_dir)) == ("", [], [])
    added(run, "--title", "T", "--body", "B.", "--image", "https://x.test/a.png")
    assert len(asked) == 1  # the probe sees the fetch of any other article
