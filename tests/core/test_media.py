"""The feature image kept beside an article: fetched, checked, stored, moved, removed."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from newscli.errors import InvalidId, MissingExtra, NewsError
from newscli.net.fetch import Fetched, FetchError, fetch
from newscli.store import images as media
from pictures import jpeg_claiming, picture_bytes
from webserver import Page, serve

Image = pytest.importorskip("PIL.Image")

ARTICLE = "abcdefgh"
SRC = Path(media.__file__).parent.parent


def claiming_size(png: bytes, width: int, height: int) -> bytes:
    """``png`` with its header saying another size (and a right checksum)."""
    header = b"IHDR" + struct.pack(">II", width, height) + png[24:29]
    return png[:12] + header + struct.pack(">I", zlib.crc32(header)) + png[33:]


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_served_image_is_stored_under_the_extension_of_its_format(tmp_path: Path) -> None:
    pages = {"/pic": Page(picture_bytes("JPEG"), "application/octet-stream")}
    with serve(pages) as site:
        path = media.fetch_image(f"{site.base}/pic", fetch, tmp_path / "media", ARTICLE)
    assert path == tmp_path / "media" / f"{ARTICLE}.jpg"
    assert path.read_bytes() == pages["/pic"].body
    assert media.image_path(tmp_path / "media", ARTICLE) == path
    assert media.read_image(path).size == (16, 9)


def test_a_new_image_replaces_the_old_one_of_another_format(tmp_path: Path) -> None:
    media.store_image(picture_bytes("PNG"), tmp_path, ARTICLE)
    path = media.store_image(picture_bytes("GIF"), tmp_path, ARTICLE)
    assert files(tmp_path) == [f"{ARTICLE}.gif"]
    assert media.image_path(tmp_path, ARTICLE) == path


BAD = {
    "truncated PNG": (picture_bytes("PNG", (64, 64))[:-40], "image/png", "broken or truncated"),
    "JPEG of 60,000 x 60,000 pixels": (
        jpeg_claiming(60_000, 60_000),
        "image/jpeg",
        "than 50,000,000",
    ),
    "PNG over the pixel limit": (
        claiming_size(picture_bytes(), 8000, 7000),
        "image/png",
        "8000x7000 pixels, more than the limit of 50,000,000",
    ),
    # 49 million pixels, within the area: each side is held too.
    "PNG of 1 x 49,000,000 pixels": (
        claiming_size(picture_bytes(), 1, 49_000_000),
        "image/png",
        "1x49000000 pixels, more than the limit of 16,384 on a side",
    ),
    "PNG of 49,000,000 x 1 pixels": (
        claiming_size(picture_bytes(), 49_000_000, 1),
        "image/png",
        "on a side",
    ),
    "JPEG of 20,000 x 2 pixels": (jpeg_claiming(20_000, 2), "image/jpeg", "on a side"),
    "SVG": (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml", "not a JPEG"),
    "HTML named .jpg": (b"<!doctype html><p>Moved</p>", "text/html", "sent text/html"),
    "0 bytes": (b"", "image/png", "empty (0 bytes)"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_images_are_refused_in_one_line_and_nothing_is_written(
    case: str, tmp_path: Path
) -> None:
    body, kind, reason = BAD[case]
    folder = tmp_path / "media"
    kept = media.store_image(picture_bytes("PNG"), folder, ARTICLE)
    with serve({"/a.jpg": Page(body, kind)}) as site, pytest.raises(media.BadImage) as caught:
        media.fetch_image(f"{site.base}/a.jpg", fetch, folder, ARTICLE)
    message = str(caught.value)
    assert reason in message
    assert message.startswith(f"{site.base}/a.jpg: ")
    assert "\n" not in message
    assert files(folder) == [kept.name]  # no temp file, and the earlier image is kept
    assert kept.read_bytes() == picture_bytes("PNG")


def test_a_redirect_to_a_file_url_is_refused_by_the_fetch(tmp_path: Path) -> None:
    pages = {"/a.png": Page(status=302, location="file:///etc/passwd")}
    with serve(pages) as site, pytest.raises(FetchError) as caught:
        media.fetch_image(f"{site.base}/a.png", fetch, tmp_path, ARTICLE)
    assert "\n" not in str(caught.value)
    assert files(tmp_path) == []


def test_a_fetch_that_ends_outside_http_is_refused(tmp_path: Path) -> None:
    def landed_on_a_file(url: str, *, limit: int) -> Fetched:
        return Fetched("file:///etc/passwd", picture_bytes(), "image/png")

    with pytest.raises(media.BadImage, match="redirected to 'file:///etc/passwd'"):
        media.fetch_image("https://example.org/a.png", landed_on_a_file, tmp_path, ARTICLE)
    assert files(tmp_path) == []


def test_the_fetch_is_asked_for_at_most_5_mb(tmp_path: Path) -> None:
    asked: list[int] = []

    def too_big(url: str, *, limit: int) -> Fetched:
        asked.append(limit)
        raise FetchError(f"{url}: larger than the limit of {limit // 2**20} MB")

    with pytest.raises(FetchError, match="limit of 5 MB"):
        media.fetch_image("https://example.org/a.png", too_big, tmp_path, ARTICLE)
    assert asked == [5 * 2**20]
    with pytest.raises(media.BadImage, match="limit of 5 MB"):
        media.store_image(b"\x89PNG" + bytes(5 * 2**20), tmp_path, ARTICLE)
    assert files(tmp_path) == []


def test_only_http_addresses_are_fetched(tmp_path: Path) -> None:
    def never(url: str, *, limit: int) -> Fetched:
        raise AssertionError("fetched")

    with pytest.raises(media.BadImage, match="not an http or https address"):
        media.fetch_image("file:///etc/passwd", never, tmp_path, ARTICLE)


@pytest.mark.parametrize(
    ("image", "base", "address"),
    [
        ("/pics/a.png", "https://news.example/2024/story.html", "https://news.example/pics/a.png"),
        ("a.png", "https://news.example/2024/story.html", "https://news.example/2024/a.png"),
        ("//cdn.example/a.png", "https://news.example/", "https://cdn.example/a.png"),
        ("https://cdn.example/a.png", "https://news.example/", "https://cdn.example/a.png"),
        (" https://cdn.example/a.png ", None, "https://cdn.example/a.png"),
        ("/pics/a.png", None, None),
        ("/pics/a.png", "/home/me/page.html", None),
        ("data:image/png;base64,AAAA", "https://news.example/", None),
        ("javascript:alert(1)", "https://news.example/", None),
        ("", "https://news.example/", None),
        (None, "https://news.example/", None),
    ],
)
def test_image_address_resolves_against_the_page(
    image: str | None, base: str | None, address: str | None
) -> None:
    assert media.image_address(image, base) == address


def test_only_full_article_ids_become_file_names(tmp_path: Path) -> None:
    for bad in ("../../etc", "abcd", "ABCDEFGH", "abcdefgh/"):
        with pytest.raises(InvalidId):
            media.store_image(picture_bytes(), tmp_path, bad)
        with pytest.raises(InvalidId):
            media.image_path(tmp_path, bad)
    assert files(tmp_path) == []


def test_move_and_remove(tmp_path: Path) -> None:
    kept, trash = tmp_path / "media", tmp_path / "trash" / "media"
    media.store_image(picture_bytes("GIF"), trash, ARTICLE)  # from an earlier removal
    media.store_image(picture_bytes("PNG"), kept, ARTICLE)
    moved = media.move_image(ARTICLE, kept, trash)
    assert moved == trash / f"{ARTICLE}.png"
    assert files(trash) == [f"{ARTICLE}.png"]
    assert media.image_path(kept, ARTICLE) is None
    assert media.move_image(ARTICLE, kept, trash) is None
    assert media.stored_images(trash) == {ARTICLE: moved}
    assert media.remove_image(trash, ARTICLE) is True
    assert media.remove_image(trash, ARTICLE) is False
    assert media.stored_images(tmp_path / "nowhere") == {}


def test_stored_images_skips_other_names(tmp_path: Path) -> None:
    path = media.store_image(picture_bytes(), tmp_path, ARTICLE)
    for name in ("notes.txt", "abcdefgh.svg", "ABCDEFGH.png", ".abcdefgh.png.tmp-1-00000000"):
        (tmp_path / name).write_bytes(b"x")
    assert media.stored_images(tmp_path) == {ARTICLE: path}
    assert media.media_type(path) == "image/png"


def test_a_stored_image_of_one_long_side_is_never_decoded_to_draw(tmp_path: Path) -> None:
    """Written by hand (or kept by an older newscli), it is refused when read as well."""
    path = tmp_path / f"{ARTICLE}.png"
    path.write_bytes(claiming_size(picture_bytes(), 1, 49_000_000))
    with pytest.raises(media.BadImage, match="on a side"):
        media.read_image(path, (80, 40))


def test_a_stored_image_broken_later_is_found(tmp_path: Path) -> None:
    path = media.store_image(picture_bytes("PNG", (64, 64)), tmp_path, ARTICLE)
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(media.BadImage, match="broken or truncated"):
        media.read_image(path)
    path.unlink()
    with pytest.raises(media.BadImage, match="cannot read"):
        media.read_image(path)


def test_without_pillow_the_error_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(media, "pillow_installed", lambda: False)
    with pytest.raises(MissingExtra, match=r"pip install 'newscli\[images\]'"):
        media.store_image(picture_bytes(), tmp_path, ARTICLE)
    assert issubclass(media.BadImage, NewsError)


def test_pillow_is_imported_only_when_an_image_is_decoded() -> None:
    code = (
        "import sys, newscli.store.images, newscli.render.image; "
        "newscli.store.images.image_address('/a.png', 'https://x.example/'); "
        "print('PIL' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_other_module_imports_pillow() -> None:
    allowed = {
        SRC / "store" / "images.py",
        SRC / "render" / "image.py",
        SRC / "model" / "picture.py",
    }
    importers = {
        path
        for path in SRC.rglob("*.py")
        if any(
            line.strip().startswith(("import PIL", "from PIL"))
            for line in path.read_text().splitlines()
        )
    }
    assert importers <= allowed
    assert importers  # the scan does find the two that do
