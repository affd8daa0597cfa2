"""The trash: removed articles kept byte for byte in ``<data>/trash/`` until it is emptied.

A removed article keeps its file name, ``<id>.toml``; removing the same id again while
an earlier copy is in the trash adds ``<id>.toml.1``, ``<id>.toml.2``... so that nothing
is overwritten. A file's modification time in the trash is when it was removed (its bytes
are kept as they were). Restoring takes the copy removed last. The article's stored image goes
with it, as ``<id>.<ext>`` (the image of the copy removed last), and comes back with it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newscli import ids
from newscli.dates import iso
from newscli.disk import atomic
from newscli.disk.datadir import linked
from newscli.disk.reading import parse, read_bytes
from newscli.errors import CorruptArticle, DataDirError, InvalidInput, NotFound
from newscli.model.article import Article
from newscli.model.listing import Listing, Row
from newscli.store import images as media
from newscli.store.store import Store

_ENTRY_RE = re.compile(rf"(?P<id>{ids.ARTICLE_ID_RE.pattern})\.toml(?:\.(?P<n>[1-9][0-9]*))?")


@dataclass(frozen=True)
class TrashedFile:
    """One file in the trash: the article's id and which copy of it (0 is the first)."""

    article_id: str
    copy: int
    path: Path


def folder(store: Store) -> Path:
    """The trash folder; DataDirError if it is a symbolic link (never followed)."""
    return store.data.folder(store.data.trash)


def entries(store: Store) -> list[TrashedFile]:
    """Every article file in the trash, by id, then in the order they were removed."""
    trash = folder(store)
    try:
        names = os.listdir(trash)
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise DataDirError(f"cannot read {trash}: {exc.strerror}") from None
    found = []
    for match in filter(None, map(_ENTRY_RE.fullmatch, names)):
        found.append(TrashedFile(match["id"], int(match["n"] or 0), trash / match.group()))
    return sorted(found, key=lambda e: (e.article_id, e.copy))


def remove_articles(store: Store, refs: list[str]) -> list[str]:
    """Move articles to the trash; returns their ids. Every id is resolved before any move."""
    article_ids = list(dict.fromkeys(store.resolve(ref) for ref in refs))
    remove(store, article_ids)
    return article_ids


def remove(store: Store, article_ids: list[str]) -> list[Path]:
    """Move articles (full ids) to the trash, each under its lock; returns the trash files."""
    moved = []
    trash, images = folder(store), store.data.folder(store.data.media)
    for article_id in article_ids:
        with store.lock(article_id):
            source = store.path_for(article_id)
            if not source.exists():
                raise NotFound(f"no article with id '{article_id}'")
            moved.append(atomic.move_to_free_name(source, trash))
            os.utime(moved[-1])  # when it was removed
            media.move_image(article_id, images, trash)
        store.note_change(article_id)
    return moved


def keep(store: Store, article_id: str, data: bytes) -> Path:
    """Put a copy of an article that is gone from the store in the trash (its bytes as this
    copy last had them: a sync that removed it), with its stored image; returns the file."""
    trash, images = folder(store), store.data.folder(store.data.media)
    atomic.make_dirs(trash)
    name = store.path_for(article_id).name
    for number in range(1_000_000):
        target = trash / (name if number == 0 else f"{name}.{number}")
        try:
            atomic.write_bytes(target, data, new=True)
        except FileExistsError:
            continue
        media.move_image(article_id, images, trash)
        return target
    raise FileExistsError(f"no free name for {name} in {trash}")


def restore(store: Store, ref: str) -> str:
    """Bring back the copy of an article removed last, byte for byte; returns its id.

    Refuses if an article with that id exists again.
    """
    article_id = ids.resolve(ref, {e.article_id for e in entries(store)}, "article in the trash")
    trash, images = folder(store), store.data.folder(store.data.media)
    store.data.folder(store.data.articles)
    with store.lock(article_id):
        latest = [e for e in entries(store) if e.article_id == article_id]
        if not latest:
            raise NotFound(f"no article with id '{article_id}' in the trash")
        try:
            atomic.move_new(latest[-1].path, store.path_for(article_id))
        except FileExistsError:
            raise InvalidInput(
                f"an article with id '{article_id}' exists; remove it first to restore this one"
            ) from None
        media.move_image(article_id, trash, images)
    store.note_change(article_id)
    return article_id


@dataclass(frozen=True)
class Trashed:
    """An article in the trash and when it was removed."""

    article: Article
    removed: datetime


def read(store: Store) -> tuple[list[Trashed], list[CorruptArticle]]:
    """Every article in the trash, with when it was removed; unreadable files come back
    as problems."""
    found: list[Trashed] = []
    problems: list[CorruptArticle] = []
    for entry in entries(store):
        name = f"trash/{entry.path.name}"
        try:
            data = read_bytes(entry.path, name)
            removed = datetime.fromtimestamp(int(entry.path.stat().st_mtime), UTC)
            found.append(Trashed(parse(name, data), removed))
        except FileNotFoundError:
            continue  # restored or emptied meanwhile
        except OSError as exc:
            problems.append(CorruptArticle(f"{name}: cannot read: {exc.strerror}"))
        except CorruptArticle as exc:
            problems.append(exc)
    return found, problems


def listing(store: Store) -> Listing:
    """The articles in the trash, the one removed last first, each row with when it was
    removed (``removed``); and the files there that cannot be read."""
    found, problems = read(store)
    rows = []
    for item in sorted(found, key=lambda t: (t.removed, t.article.id), reverse=True):
        row = Row.of(item.article)
        row.removed = iso(item.removed)
        rows.append(row)
    return Listing(rows, problems)


def empty(store: Store) -> int:
    """Delete every article file (and image) in the trash for good; returns how many
    article files there were.

    The folder is opened without following a link, and every file is deleted inside
    that opened folder, so a link put in its place meanwhile is not followed either.
    """
    trash = folder(store)
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(trash, flags)
    except FileNotFoundError:
        return 0
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):
            raise DataDirError(linked(store.data.name(trash))) from None
        raise DataDirError(f"cannot read {trash}: {exc.strerror}") from None
    count = 0
    try:
        names = os.listdir(fd)
        for name in sorted(filter(_ENTRY_RE.fullmatch, names)):
            try:
                os.unlink(name, dir_fd=fd)
            except FileNotFoundError:
                continue
            count += 1
        for name in filter(media.is_image_name, names):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name, dir_fd=fd)
    finally:
        os.close(fd)
    return count
