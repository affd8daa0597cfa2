"""Writing the store as a static site in a folder, and bringing it up to date.

The folder's manifest, ``.newscli-site.json``, lists every file the site wrote and, for
each article, the key its page was built from: the article file's size and mtime, its
stored image's, and a digest of what the page builder makes of a fixed sample article
(so a newer newscli rebuilds every page). A re-run builds only the pages whose key
changed, writes a file only when its bytes differ, and removes only files that the
manifest lists, that have a name the site gives, and that the site no longer has.
Nothing else in the folder is touched.

The site is written only into a folder that is empty (or missing) or holds the manifest
of an earlier run, never over a file it did not write, and never in the data directory
(but its own ``site/``) or the cache directory, whose files it could overwrite or remove.

Pages are written through a temp file and a rename (``disk.atomic``), so a reader never
sees half of one, and flushed to disk all at once, before the manifest that says they are
up to date, rather than with one fsync a page. They are readable by others (umask
permitting), as pages to publish are.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from newscli import ids
from newscli.disk import atomic
from newscli.disk.datadir import is_link
from newscli.disk.reading import is_regular, read_file
from newscli.errors import CorruptArticle, InvalidInput, NewsError, NotFound
from newscli.model.article import Article, Comment, CommentVote, Vote
from newscli.model.listing import Listing, Row
from newscli.store.images import BadImage, image_bytes, stored_images
from newscli.store.store import Store

if TYPE_CHECKING:
    from newscli.export.formats.declaration import SiteExporter

MANIFEST = ".newscli-site.json"
PARALLEL_MIN = 200  # pages to build before a pool of processes pays for its start
_ID = ids.ARTICLE_ID_RE.pattern
# The only names the site writes, so the only ones it will ever remove.
_OURS = re.compile(
    rf"index\.html|page-\d+\.html|style\.css|articles/{_ID}\.(?:html|atom)"
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
        st = path.lstat()
    except FileNotFoundError:
        return "?"
    return f"{st.st_size}:{st.st_mtime_ns}"


PAGE_MODE = 0o666
"""A page's mode before the umask: readable by others, as pages to publish are."""


def _put(folder: Path, name: str, data: bytes, durable: bool = False) -> bool:
    """Write ``data`` as ``folder/name`` unless it holds exactly that; True if written.
    A link there is replaced, never read or written through. Not ``durable``: flushed
    later, with the others (``atomic.flush``)."""
    path = folder / name
    try:
        if path.lstat().st_size == len(data) and read_file(path, name) == data:
            return False
    except (FileNotFoundError, NewsError):
        pass
    atomic.write_bytes(path, data, mode=PAGE_MODE, durable=durable)
    return True


def _read_manifest(folder: Path) -> tuple[set[str], dict[str, str]]:
    """The files and article keys of the last run; nothing if there is no readable one."""
    try:
        data = json.loads(read_file(folder / MANIFEST, MANIFEST, limit=_MANIFEST_BYTES))
        files = {f for f in data["files"] if isinstance(f, str) and _OURS.fullmatch(f)}
        keys = {k: v for k, v in data["articles"].items() if isinstance(v, str)}
    except (OSError, NewsError, ValueError, KeyError, TypeError, AttributeError):
        return set(), {}
    return files, keys


def _write_manifest(folder: Path, files: set[str], keys: dict[str, str]) -> None:
    data = {"files": sorted(files), "articles": dict(sorted(keys.items()))}
    _put(folder, MANIFEST, (json.dumps(data, indent=0) + "\n").encode(), durable=True)


def write_site(
    store: Store, rows: Sequence[Row], folder: Path, media: Path, site: SiteExporter
) -> SiteWritten:
    """Write the site of ``rows`` (newest first) in ``folder``, created if missing;
    ``media`` is the folder of stored feature images. Raises NewsError when the folder
    cannot be written, or may not be (see the module's docstring)."""
    _refuse_folder(store, folder)
    try:
        return _write(store, rows, folder, media, site)
    except OSError as exc:
        where = exc.filename or folder
        raise NewsError(f"cannot write the site in '{where}': {exc.strerror or exc}") from None


_SUBFOLDERS = ("articles", "tags", "media")
_MANIFEST_BYTES = 64 * 2**20


def _refuse_folder(store: Store, folder: Path) -> None:
    """Raise NewsError unless the site may be written in ``folder``."""
    target = folder.resolve()
    default = store.data.site
    if target == default.resolve():
        store.data.folder(default)  # a link in place of the data directory's site/ is refused
    else:
        kept = [store.root]
        if store.index_path is not None:
            kept.append(store.index_path.parent)
        for place in kept:
            where = place.resolve()
            if target == where or where in target.parents or target in where.parents:
                raise NewsError(
                    f"{folder} is in (or holds) {place}, whose files a site could overwrite:"
                    " give a folder elsewhere"
                )
    for sub in ("", *_SUBFOLDERS):
        if sub and is_link(folder / sub):
            raise NewsError(f"{folder / sub} is a symbolic link; the site never writes through one")
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise NewsError(f"cannot write the site in '{folder}': {exc.strerror}") from None
    if names and MANIFEST not in names:
        raise NewsError(
            f"{folder} is not empty and holds no site newscli wrote ({MANIFEST}): the site is"
            " written only into an empty folder or one it made"
        )


@dataclass(frozen=True)
class _Job:
    """An article page to build: its id, where its page, comments feed and image copy go,
    and the stored image to copy."""

    article_id: str
    page: str
    feed: str
    image: str | None
    stored: Path | None

    @property
    def outputs(self) -> set[str]:
        """The files this job writes."""
        return {self.page, self.feed, *([self.image] if self.image else [])}


@dataclass(frozen=True)
class _Built:
    article_id: str
    written: list[str]
    unchanged: int
    problem: str | None  # the file could not be read
    gone: bool  # the file is no longer there


def _build(root: Path, folder: Path, site: SiteExporter, job: _Job) -> _Built:
    """Load one article, write its page and copy its image (in a worker, when many)."""
    try:
        article = Store(root).load(job.article_id)
    except NotFound:
        return _Built(job.article_id, [], 0, None, True)
    except CorruptArticle as exc:
        return _Built(job.article_id, [], 0, str(exc), True)
    outputs = [
        (job.page, site.article(article, job.image).encode()),
        (job.feed, site.feed(article).encode()),
    ]
    if job.image is not None and job.stored is not None:
        try:
            outputs.insert(0, (job.image, image_bytes(job.stored, f"media/{job.stored.name}")))
        except BadImage as exc:
            return _Built(job.article_id, [], 0, str(exc), False)
    written = [name for name, data in outputs if _put(folder, name, data)]
    return _Built(job.article_id, written, len(outputs) - len(written), None, False)


def _build_all(root: Path, folder: Path, site: SiteExporter, jobs: list[_Job]) -> Iterator[_Built]:
    """``_build`` of every job, on every core when there are many."""
    build = partial(_build, root, folder, site)
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_MIN or workers < 2:
        yield from map(build, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, initializer=_quiet_interrupts) as pool:
        yield from pool.map(build, jobs, chunksize=max(8, len(jobs) // (workers * 8)))


def _quiet_interrupts() -> None:
    """In a worker: Ctrl-C stops the parent, which stops the pool, without a traceback
    from every worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _write(
    store: Store, rows: Sequence[Row], folder: Path, media: Path, site: SiteExporter
) -> SiteWritten:
    for sub in ("", *_SUBFOLDERS):
        atomic.make_dirs(folder / sub)
    old_files, old_keys = _read_manifest(folder)
    builder = _builder(site)
    # Only regular files: a link in the media folder, or the folder a link, is never followed.
    found = {} if is_link(media) else stored_images(media)
    images = {i: p for i, p in found.items() if is_regular(p)}
    keys: dict[str, str] = {}
    jobs: dict[str, _Job] = {}
    files: set[str] = set()
    for row in rows:
        stored = images.get(row.id)
        keys[row.id] = f"{_stamp(store.path_for(row.id))}|{_stamp(stored)}|{builder}"
        image = site.image_path(stored.name) if stored else None
        job = _Job(row.id, site.article_path(row.id), site.feed_path(row.id), image, stored)
        outputs = job.outputs
        files |= outputs
        up_to_date = all((folder / name).is_file() for name in outputs)
        if old_keys.get(row.id) != keys[row.id] or not up_to_date:
            jobs[row.id] = job
    pages = site.listing(rows)
    files |= {*pages, *site.assets}
    theirs = sorted(n for n in files - old_files if os.path.lexists(folder / n))
    if theirs:
        raise NewsError(
            f"{folder / theirs[0]} was not written by newscli, and the site would overwrite it:"
            " move it away, or write the site elsewhere"
        )
    if jobs or not files <= old_files:
        # Until this run is done, the manifest names every file it may leave behind.
        kept = {i: k for i, k in keys.items() if i not in jobs and old_keys.get(i) == k}
        _write_manifest(folder, old_files | files, kept)

    written: list[str] = []
    problems: list[CorruptArticle] = []
    unchanged = len(files) - len(pages) - len(site.assets)
    unchanged -= sum(len(j.outputs) for j in jobs.values())
    for built in _build_all(store.root, folder, site, list(jobs.values())):
        written += built.written
        unchanged += built.unchanged
        if built.gone:
            files -= jobs[built.article_id].outputs
            del keys[built.article_id]
        if built.problem:
            problems.append(CorruptArticle(built.problem))
    for name, text in [*pages.items(), *site.assets.items()]:
        if _put(folder, name, text.encode()):
            written.append(name)
        else:
            unchanged += 1
    removed = sorted(old_files - files)
    for name in removed:
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    if written or removed or keys != old_keys:
        atomic.flush(folder, [folder / name for name in written])
        _write_manifest(folder, files, keys)
    return SiteWritten(written, removed, unchanged, problems)


def export_site(
    store: Store, folder: Path | str | None = None, refs: Iterable[str] = ()
) -> SiteWritten:
    """Write the articles named (default: all) as a static site in ``folder`` (default:
    ``site/`` in the data directory): index and tag pages, one page an article, their
    stored images (from ``<data>/media``) and a stylesheet. A re-run writes only what
    changed and removes only pages it wrote. The folder must be empty, or hold a site
    newscli wrote, and lie outside the data and cache directories."""
    from newscli.export.registry import site_exporter
    from newscli.store.listings import list_articles

    if isinstance(folder, str) and not folder.strip():
        raise InvalidInput("the site needs a folder: an empty path would be the current one")
    refs = list(refs)
    if refs:
        rows = [Row.of(store.load(store.resolve(ref))) for ref in refs]
        listing = Listing(sorted(rows, key=lambda r: (r.date, r.id), reverse=True), [])
    else:
        listing = list_articles(store)
    media = store.data.media
    where = store.data.site if folder is None else Path(folder)
    done = write_site(store, listing.rows, where, media, site_exporter("site"))
    return replace(done, problems=[*listing.problems, *done.problems])
