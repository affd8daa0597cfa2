"""An article's feature image, kept beside it as ``<media>/<id>.<ext>``.

The image is fetched with a fetch function passed in (``newscli.net.fetch.fetch`` or one
with its signature), refused unless Pillow opens it as one of a few raster formats,
verifies it, and decodes it whole within a pixel limit; its extension comes from the
format found, never from the address or the server's content type. Written atomically,
so a refused or failed image leaves nothing behind. Pillow (the ``images`` extra) is
imported only by the functions that decode.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urljoin

from newscli import ids
from newscli.disk import atomic
from newscli.disk.reading import is_regular, read_file
from newscli.errors import InvalidId, InvalidInput, MissingExtra, NotFound
from newscli.store.store import Store

if TYPE_CHECKING:
    from PIL.Image import Image

    from newscli.model.picture import Picture
    from newscli.net.fetch import Fetched

MAX_IMAGE_BYTES = 5 * 2**20
# Below Pillow's own decompression-bomb warning (about 89 million), above any camera's.
MAX_IMAGE_PIXELS = 50_000_000
# Each side too (WebP's own limit): a 1 x 49,000,000 PNG of 95 KB passes the area limit,
# yet costs about 1 GB and seconds to scale for every ``show``.
MAX_IMAGE_SIDE = 16_384
# The formats kept, by Pillow's name, with the extension each is stored under. Only
# these are opened: Pillow would otherwise try every plugin it has (EPS runs Ghostscript).
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
KINDS = "JPEG, PNG, GIF or WebP"
INSTALL_HINT = "pip install 'newscli[images]'"
_TYPES = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp"}


class BadImage(InvalidInput):
    """Bytes that are not an image newscli keeps (or a stored image that no longer is)."""


class Fetcher(Protocol):
    """What fetches the image: ``newscli.net.fetch.fetch`` fits."""

    def __call__(self, url: str, *, limit: int) -> Fetched: ...


def pillow_installed() -> bool:
    """Whether Pillow can be imported (without importing it)."""
    return importlib.util.find_spec("PIL") is not None


def require_pillow() -> None:
    """Raise MissingExtra, naming the ``pip install`` that helps, if Pillow is missing."""
    if not pillow_installed():
        raise MissingExtra(f"images need Pillow, which is not installed: {INSTALL_HINT}")


def image_address(image: str | None, base: str | None) -> str | None:
    """The http(s) address of an article's image: ``image`` as it is if absolute, else
    resolved against ``base`` (the page's address, or a feed entry's link); None when
    there is no image or it cannot be fetched (a file name, a ``data:`` URI...)."""
    if not image or not image.strip():
        return None
    address = urljoin(base, image.strip()) if base and _is_http(base) else image.strip()
    return address if _is_http(address) else None


def image_path(media: Path, article_id: str) -> Path | None:
    """The stored image of an article, if there is one: a regular file, never a link."""
    for path in _candidates(media, article_id):
        if is_regular(path):
            return path
    return None


def image_bytes(path: Path, name: str) -> bytes:
    """A stored image's bytes, never through a link (BadImage naming ``name`` if it is
    one, or cannot be read, or is larger than an image may be)."""
    try:
        return read_file(path, name, limit=MAX_IMAGE_BYTES, error=BadImage)
    except FileNotFoundError:
        raise BadImage(f"{name}: cannot read: it is missing") from None


def fetch_image(url: str, fetch: Fetcher, media: Path, article_id: str) -> Path:
    """Fetch the image at ``url``, check it and store it as the article's image.

    Raises BadImage, or the fetch function's error (a NewsError), in one line; then
    nothing is written and an image stored before is kept.
    """
    if not _is_http(url):
        raise BadImage(f"'{_flat(url)}' is not an http or https address")
    fetched = fetch(url, limit=MAX_IMAGE_BYTES)
    if not _is_http(fetched.url):
        raise BadImage(f"{_flat(url)}: redirected to '{_flat(fetched.url)}', not http or https")
    sent = f" (the server sent {_flat(fetched.content_type)})" if fetched.content_type else ""
    return store_image(fetched.data, media, article_id, _flat(url), sent)


def store_image(
    data: bytes, media: Path, article_id: str, origin: str = "the image", note: str = ""
) -> Path:
    """Check ``data`` and write it as the article's image; returns the file written.

    ``origin`` names the data in errors (its address or file name), ``note`` is added to
    the reason a format is refused. An image stored before under another extension goes.
    """
    target = media / f"{_checked_id(article_id)}.{image_extension(data, origin, note)}"
    atomic.write_bytes(target, data)
    for other in _candidates(media, article_id):
        if other != target:
            with contextlib.suppress(FileNotFoundError):
                other.unlink()
    return target


def image_extension(data: bytes, origin: str = "the image", note: str = "") -> str:
    """The extension ``data`` is stored under, after checking that it is a whole image of
    a kept format within the limits; raises BadImage otherwise."""
    return EXTENSIONS[_decoded(data, origin, note).format or ""]


def read_image(path: Path, at_least: tuple[int, int] | None = None) -> Image:
    """A stored image decoded (first frame, RGB or RGBA if it has transparency), checked
    as when it was stored; ``check`` calls it to find a broken image file. ``at_least``
    lets a JPEG be decoded at 1/2, 1/4 or 1/8 of its size while still as large as that,
    which makes drawing it quick."""
    require_pillow()
    image = _decoded(image_bytes(path, str(path)), str(path), "", at_least)
    return image.convert("RGBA" if image.has_transparency_data else "RGB")


def remove_image(media: Path, article_id: str) -> bool:
    """Delete the article's stored image; returns whether there was one."""
    removed = False
    for path in _candidates(media, article_id):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed = True
    return removed


def move_image(article_id: str, source: Path, target: Path) -> Path | None:
    """Move the article's image from the media folder ``source`` to ``target`` (e.g. into
    the trash and back), replacing the one there; returns where it went, if it existed."""
    path = image_path(source, article_id)
    if path is None:
        return None
    remove_image(target, article_id)
    moved = target / path.name
    atomic.move_new(path, moved)
    return moved


def stored_images(media: Path) -> dict[str, Path]:
    """Every stored image by article id (``<id>.<ext>`` with a kept extension)."""
    try:
        names = os.listdir(media)
    except FileNotFoundError:
        return {}
    return {name.partition(".")[0]: media / name for name in sorted(names) if is_image_name(name)}


def is_image_name(name: str) -> bool:
    """Whether ``name`` is that of a stored image: ``<id>.<ext>``, a kept extension."""
    stem, _, ext = name.partition(".")
    return ext in _TYPES and ids.ARTICLE_ID_RE.fullmatch(stem) is not None


def media_type(path: Path) -> str:
    """The MIME type of a stored image, from the extension it was stored under."""
    return _TYPES.get(path.suffix.lstrip("."), "application/octet-stream")


def _decoded(data: bytes, origin: str, note: str, at_least: tuple[int, int] | None = None) -> Image:
    """Open (allowed formats only), verify, reopen and decode; BadImage on any failure."""
    if not data:
        raise BadImage(f"{origin}: empty (0 bytes)")
    if len(data) > MAX_IMAGE_BYTES:
        raise BadImage(f"{origin}: larger than the limit of {MAX_IMAGE_BYTES // 2**20} MB")
    require_pillow()
    from PIL import Image, UnidentifiedImageError

    stream = io.BytesIO(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(stream, formats=list(EXTENSIONS)) as probe:
                _check_size(probe.size, origin)
                probe.verify()
            stream.seek(0)
            image = Image.open(stream, formats=list(EXTENSIONS))
            _check_size(image.size, origin)
            if at_least:
                image.draft("RGB", at_least)
            image.load()
        except BadImage:
            raise
        except UnidentifiedImageError:
            raise BadImage(f"{origin}: not a {KINDS} image{note}") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise BadImage(f"{origin}: more than {MAX_IMAGE_PIXELS:,} pixels") from None
        # Decoders of untrusted bytes fail in many ways (OSError, SyntaxError, ValueError,
        # EOFError, struct.error...); each is a broken image, told in one line.
        except Exception as exc:
            raise BadImage(f"{origin}: broken or truncated image ({_flat(str(exc))})") from None
    return image


def _check_size(size: tuple[int, int], origin: str) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise BadImage(f"{origin}: an image of {width}x{height} pixels")
    if max(width, height) > MAX_IMAGE_SIDE:
        raise BadImage(
            f"{origin}: {width}x{height} pixels, more than the limit of {MAX_IMAGE_SIDE:,}"
            " on a side"
        )
    if width * height > MAX_IMAGE_PIXELS:
        raise BadImage(
            f"{origin}: {width}x{height} pixels, more than the limit of {MAX_IMAGE_PIXELS:,}"
        )


def _candidates(media: Path, article_id: str) -> list[Path]:
    article_id = _checked_id(article_id)
    return [media / f"{article_id}.{ext}" for ext in _TYPES]


def _checked_id(article_id: str) -> str:
    """Only a full article id ever becomes part of a file name."""
    if not ids.ARTICLE_ID_RE.fullmatch(article_id):
        raise InvalidId(f"'{_flat(article_id)}' is not a full article id")
    return article_id


def _is_http(address: str) -> bool:
    return address.lower().startswith(("http://", "https://"))


def _flat(text: str | None) -> str:
    """Text from outside on one line, for a one-line message."""
    return " ".join((text or "").split())


def image_file(store: Store, ref: str) -> Path:
    """The stored image of the article ``ref``; NotFound (naming the command that
    fetches it) if there is none."""
    article_id = store.resolve(ref)
    path = image_path(store.data.folder(store.data.media), article_id)
    if path is None:
        require_pillow()
        raise NotFound(f"{article_id} has no stored image: 'newscli image {article_id} --fetch'")
    return path


def remove_article_image(store: Store, ref: str) -> str:
    """Delete the stored image of the article ``ref``; returns its id (NotFound if none)."""
    article_id = store.resolve(ref)
    with store.lock(article_id):
        if not remove_image(store.data.folder(store.data.media), article_id):
            raise NotFound(f"{article_id} has no stored image")
    return article_id


def picture(
    store: Store, article_id: str, at_least: tuple[int, int] | None = None
) -> Picture | None:
    """The article's stored image decoded for drawing (None without one, or without
    Pillow); a stored file that is no longer an image raises BadImage."""
    path = image_path(store.data.folder(store.data.media), article_id)
    if path is None or not pillow_installed():
        return None
    return read_image(path, at_least)
