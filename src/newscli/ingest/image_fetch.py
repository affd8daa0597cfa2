"""Fetching an article's feature image into the store after the article is written;
``store.images`` checks and keeps it (in the store's ``media/`` folder, under the
article's lock).

Fetching is best effort when it follows ``add`` or ``import``: each failure comes back
as a message, never as an error that undoes the article.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.errors import NewsError, NotFound
from newscli.model.article import Article
from newscli.net.reach import Reach
from newscli.store import images as media
from newscli.store.store import Store

if TYPE_CHECKING:
    from newscli.net.fetch import Fetched

FETCHERS = 4
"""Images fetched at once after an import."""


@dataclass(frozen=True)
class ImageFetchResult:
    """What fetching one article's image did: the file stored, or why there is none."""

    article_id: str
    path: Path | None = None
    problem: str | None = None


def fetching_available() -> bool:
    """Whether images are fetched after ``add`` and ``import``: the ``web`` extra (for
    pages) and Pillow (to check what comes back) are installed."""
    return media.pillow_installed() and importlib.util.find_spec("trafilatura") is not None


def address(article: Article) -> str | None:
    """The http(s) address of the article's image, a relative one resolved against the
    article's own address; None when there is nothing to fetch."""
    return media.image_address(article.image, article.url)


def fetch_image(
    store: Store, ref: str, deadline: float | None = None, *, private: bool = False
) -> Path:
    """Fetch the image of the article ``ref`` into the store (replacing one kept before)
    and return its file; raises a one-line NewsError (no address, fetch, bad image).

    The address is one found in content: it may not reach a private address unless
    ``private`` allows it (see ``newscli.net.fetch``)."""
    media.require_pillow()
    article = store.load(store.resolve(ref))
    found = address(article)
    if found is None:
        raise NotFound(f"{article.id} has no image address to fetch")
    return _fetch(store, article, found, deadline, Reach(trusted=False, private=private))


def keep_images(
    store: Store,
    articles: Iterable[Article | str],
    within: float | None = None,
    *,
    trusted: Collection[str] = (),
    private: bool = False,
) -> Iterator[ImageFetchResult]:
    """Fetch the images of ``articles`` (or ids) that have an address, a few at once,
    yielding what happened to each as it is done. The whole batch ends within ``within``
    seconds (the fetch deadline if None): an image not fetched by then is reported so.

    An image address is one found in content, which may not reach a private address
    (see ``newscli.net.fetch``), unless the article's id is in ``trusted`` (the person
    gave the address, or the page it was found in came from a private address) or
    ``private`` allows any."""
    from concurrent.futures import ThreadPoolExecutor

    from newscli.net.fetch import DEADLINE, TookTooLong

    limit = DEADLINE if within is None else within
    ends = time.monotonic() + limit
    todo = []
    for item in articles:
        try:
            article = item if isinstance(item, Article) else store.load(item)
        except NewsError as exc:
            yield ImageFetchResult(str(item), problem=str(exc))
            continue
        found = address(article)
        if found is not None:
            todo.append((article, found))
    if not todo:
        return

    def one(article: Article, url: str) -> ImageFetchResult:
        left = ends - time.monotonic()
        if left <= 0:
            return ImageFetchResult(
                article.id, problem=f"{url}: not fetched, the time for images ran out"
            )
        reach = Reach(trusted=article.id in trusted, private=private)
        try:
            return ImageFetchResult(article.id, _fetch(store, article, url, left, reach))
        except TookTooLong:  # said with the batch's limit, not the time this one had left
            return ImageFetchResult(
                article.id, problem=f"{url}: took longer than the limit of {limit:g} s"
            )
        except NewsError as exc:
            return ImageFetchResult(article.id, problem=str(exc))

    with ThreadPoolExecutor(min(FETCHERS, len(todo))) as pool:
        yield from pool.map(lambda pair: one(*pair), todo)


def arrived_without_image(store: Store, since_ns: int) -> list[Article]:
    """The articles whose file was written at ``since_ns`` or later (by a sync's merge)
    that have an image address and no stored image: what a sync brought without its
    picture, as images are not shared (see the README's "The feature image")."""
    import os
    import stat

    stored = media.stored_images(store.data.media)
    found = []
    for article_id in store.ids():
        if article_id in stored:
            continue
        try:
            written = os.lstat(store.path_for(article_id))
            if not stat.S_ISREG(written.st_mode) or written.st_mtime_ns < since_ns:
                continue
            article = store.load(article_id)
        except (OSError, NewsError):
            continue  # gone, or unreadable: check says so
        if address(article) is not None:
            found.append(article)
    return found


def _fetch(store: Store, article: Article, url: str, deadline: float | None, reach: Reach) -> Path:
    from newscli.net import fetch

    def get(url: str, *, limit: int) -> Fetched:
        return fetch.fetch(url, limit=limit, deadline=deadline, reach=reach)

    folder = store.data.folder(store.data.media)
    path = media.fetch_image(url, get, folder, article.id)
    with store.lock(article.id):  # removed while its image was on the way: no orphan
        if not store.path_for(article.id).exists():
            media.remove_image(folder, article.id)
            raise NotFound(f"no article with id '{article.id}' (removed meanwhile)")
    return path
