"""Writing the store as a static site in a folder, and bringing it up to date.

The folder's manifest, ``.newscli-site.json``, lists every file the site wrote and, for
each article, the key its page was built from: the article file's size and mtime, its
stored image's, and a digest of what the page builder makes of a fixed sample article
(so a newer newscli rebuilds every page). A re-run builds only the pages whose key
changed, writes a file only when its bytes differ, and removes only files that the
manifest lists, that have a name the site gives, and that the site no longer has.
Nothing else in the folder is touched.

Pages are written through a temp file and a rename, so a reader never sees half of one,
but without fsync: the site can always be built again from the store. They are readable
by others (umask permitting), as pages to publish are.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from newscli import atomic, ids
from newscli.errors import CorruptArticle, NewsError, NotFound
from newscli.listing import Row
from newscli.media import stored_images
from newscli.models import Article, Comment, CommentVote, Vote
from newscli.store import Store

if TYPE_CHECKING:
    from newscli.render.exporters import SiteExporter

MANIFEST = ".newscli-site.json"
_ID = ids.ARTICLE_ID_RE.pattern
# The only names the site writes, so the only ones it will ever remove.
_OURS = re.compile(
    rf"index\.html|page-\d+\.html|style\.css|articles/{_ID}\.html"
    rf"|tags/[a-z0-9-]+(?:\.\d+)?\.html|media/{_ID}\.(?:jpg|png|gif|webp)"
)


@dataclass(frozen=True)
class SiteWritten:
    """What a run did: the files written (new or changed) and removed, by path in the
    folder, how many were already right, and the article files that could not be read."""

    written: list[str]
    removed: list[str]
    unchanged: int
    problems: list[CorruptArticle]


def _sample() -> Article:
    """An article with every part a page shows, to tell one page builder from another."""
    at = datetime(2024, 6, 6, 12, tzinfo=UTC)
    comments = [
        Comment(id="aaaaaa", text="First.", at=at, author="mei", quote="body", edited=at),
        Comment(id="bbbbbb", text="", at=at, parent="aaaaaa", deleted=at),
        Comment(id="cccccc", text="Reply.", at=at, parent="bbbbbb"),
    ]
    comments[0].votes.append(CommentVote(voter="kai", value=1, at=at))
    return Article(
        id="sample22",
        title="Sample",
        body="A body.\n\nTwo.",
        added=at,
        updated=at,
        dateline="TAIPEI",
        published=at,
        url="https://example.org/a",
        source="Source",
        author="Author",
        image="https://example.org/a.jpg",
        image_caption="Caption",
        tags=["tag", "two words"],
        votes=[Vote(voter="a", stars=4, at=at)],
        comments=comments,
    )


def _builder(site: SiteExporter) -> str:
    page = site.article(_sample(), site.image_path("sample22.jpg"))
    listing = site.listing([Row.of(_sample())])
    text = page + "".join(listing.values()) + "".join(site.assets.values())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _stamp(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        st = path.stat()
    except FileNotFoundError:
        return "?"
    return f"{st.st_size}:{st.st_mtime_ns}"


def _put(folder: Path, name: str, data: bytes) -> bool:
    """Write ``data`` as ``folder/name`` unless it holds exactly that; True if written."""
    path = folder / name
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    temp = atomic.temp_name(path)
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    return True


def _read_manifest(folder: Path) -> tuple[set[str], dict[str, str]]:
    """The files and article keys of the last run; nothing if there is no readable one."""
    try:
        data = json.loads((folder / MANIFEST).read_text("utf-8"))
        files = {f for f in data["files"] if isinstance(f, str) and _OURS.fullmatch(f)}
        keys = {k: v for k, v in data["articles"].items() if isinstance(v, str)}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set(), {}
    return files, keys


def _write_manifest(folder: Path, files: set[str], keys: dict[str, str]) -> None:
    data = {"files": sorted(files), "articles": dict(sorted(keys.items()))}
    _put(folder, MANIFEST, (json.dumps(data, indent=0) + "\n").encode())


def write_site(
    store: Store, rows: Sequence[Row], folder: Path, media: Path, site: SiteExporter
) -> SiteWritten:
    """Write the site of ``rows`` (newest first) in ``folder``, created if missing;
    ``media`` is the folder of stored feature images. Raises NewsError when the folder
    cannot be written."""
    try:
        return _write(store, rows, folder, media, site)
    except OSError as exc:
        where = exc.filename or folder
        raise NewsError(f"cannot write the site in '{where}': {exc.strerror or exc}") from None


def _write(
    store: Store, rows: Sequence[Row], folder: Path, media: Path, site: SiteExporter
) -> SiteWritten:
    for sub in ("", "articles", "tags", "media"):
        atomic.make_dirs(folder / sub)
    old_files, old_keys = _read_manifest(folder)
    builder = _builder(site)
    images = stored_images(media)
    plan: dict[str, tuple[str, str, str | None]] = {}  # id -> (key, page, image)
    for row in rows:
        stored = images.get(row.id)
        key = f"{_stamp(store.path_for(row.id))}|{_stamp(stored)}|{builder}"
        copy = site.image_path(stored.name) if stored else None
        plan[row.id] = (key, site.article_path(row.id), copy)
    kept = {
        i: key
        for i, (key, page, image) in plan.items()
        if old_keys.get(i) == key
        and (folder / page).is_file()
        and (image is None or (folder / image).is_file())
    }
    pages = site.listing(rows)
    files = {*pages, *site.assets}
    files |= {p for _, page, image in plan.values() for p in (page, image) if p}
    # Until this run is done, the manifest names every file it may leave behind.
    _write_manifest(folder, old_files | files, kept)

    written: list[str] = []
    unchanged, problems, keys = 0, [], dict(kept)

    def put(name: str, data: bytes) -> None:
        nonlocal unchanged
        if _put(folder, name, data):
            written.append(name)
        else:
            unchanged += 1

    for article_id, (key, page, image) in plan.items():
        if article_id in kept:
            unchanged += 1 + (image is not None)
            continue
        try:
            article = store.load(article_id)
        except (NotFound, CorruptArticle) as exc:
            if isinstance(exc, CorruptArticle):
                problems.append(exc)
            files -= {page, image or page}
            continue
        if image is not None:
            put(image, images[article_id].read_bytes())
        put(page, site.article(article, image).encode())
        keys[article_id] = key
    for name, text in [*pages.items(), *site.assets.items()]:
        put(name, text.encode())
    removed = sorted(old_files - files)
    for name in removed:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    _write_manifest(folder, files, keys)
    return SiteWritten(written, removed, unchanged, problems)
