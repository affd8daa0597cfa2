"""Checking every file of the data directory, and fixing what can be fixed without loss.

What counts as a problem, and what ``fix`` does about it:

- an article file that cannot be read as an article (TOML syntax, wrong types, missing
  keys, an id that does not match the file name or is another file's id): moved to
  ``<data>/quarantine/`` (never deleted; an earlier quarantined file is never overwritten);
- a stale temp file (``.NAME.tmp-PID-XXXXXXXX``): removed. A temp file is stale when the
  process named in it is no longer running on this machine, or when it is older than
  ``STALE_AFTER`` seconds (a write takes milliseconds; this also covers temp files of
  other machines sharing the directory, and of older versions that named no process);
- a stray file in ``articles/`` (a name that is not ``<id>.toml``): reported, left alone;
- a reply whose parent comment is missing, or that replies to itself: reported, left
  alone (it is shown as a comment of its own);
- a conflict a merge noted (two people changed a field differently): reported, left
  for ``newscli resolve``;
- the index (in the cache directory) out of date with the files, or damaged: rebuilt.
  Any newscli command that lists brings it up to date (or rebuilds it) by itself;
  ``check`` only reports it;
- an article with a feature image address and no stored image (it arrived by a sync and
  was not fetched, or the fetch failed): reported, left alone (``newscli image ID --fetch``);
- a stored image (``media/<id>.<ext>``) that is missing (a dangling link, a folder, a file
  that cannot be read) or broken (no longer an image, checked as when it was fetched,
  if Pillow is installed): reported, left alone (``newscli image ID --fetch`` fetches it
  again); an image whose article is gone: moved to ``<data>/quarantine/``;
- a folder of the data directory (``articles``, ``trash``, ``.locks``...) that is a
  symbolic link: reported, left alone, and never followed (an article file that is a
  link is unreadable, and is quarantined as the link itself);
- with ``check --verify`` (``discussion.signing`` finds them): an entry under the name of
  someone with registered keys whose signature is missing or wrong: reported, left alone.

Hidden files other than temp files (``.git``, editor swap files) are not looked at.
``fix`` also removes lock files in ``<data>/.locks/`` whose article is gone.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import filelock

from newscli import ids
from newscli.disk import atomic
from newscli.disk.datadir import (
    ARTICLE_FILE_RE,
    ARTICLES,
    DRAFTS,
    LOCKS,
    MEDIA,
    QUARANTINE,
    STATE,
    is_link,
)
from newscli.disk.reading import names_in, parse, read_bytes
from newscli.errors import CorruptArticle, DataDirError
from newscli.model.article import Article
from newscli.model.threads import broken_replies, discussion_problems
from newscli.store import images as media
from newscli.store.store import Store

STALE_AFTER = 5 * 60


class Kind(StrEnum):
    """What sort of problem it is, which decides what ``fix`` does about it."""

    UNREADABLE = "unreadable"
    STALE_TEMP = "stale temp file"
    STRAY = "stray file"
    ORPHAN_REPLY = "orphan reply"
    DISCUSSION = "comment votes, edits or deletions"
    INDEX_STALE = "index out of date"
    INDEX_DAMAGED = "index damaged"
    LINKED = "symbolic link"
    CONFLICT = "conflict"
    BAD_IMAGE = "missing or broken image"
    ORPHAN_IMAGE = "image without its article"
    NO_IMAGE = "feature image not stored"
    UNVERIFIED = "entry without a valid signature"


@dataclass(frozen=True)
class Problem:
    """One problem: the file (relative to the data directory), why, and its kind."""

    name: str
    reason: str
    kind: Kind
    data: bytes | None = None  # an unreadable file's bytes, as judged

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True)
class Report:
    """What ``check`` found: how many article files it read, and the problems."""

    checked: int
    problems: list[Problem]


def check(store: Store) -> Report:
    """Read every file in the data directory and report what is wrong, changing nothing."""
    linked = store.data.linked_folders()
    problems = [Problem(name, _LINK_REASON, Kind.LINKED) for name in linked]
    problems += _linked_files(store, linked)
    problems += _temp_problems(store, time.time(), linked)
    if ARTICLES in linked:
        return Report(0, sorted(problems, key=_fix_order))
    misfiled: list[tuple[str, str, bytes]] = []  # file name, the id inside, bytes
    file_ids: list[str] = []
    pictured: list[str] = []  # articles with an image address to fetch from
    for name in _names(store.data.articles):
        where = f"articles/{name}"
        if name.startswith("."):
            continue  # temp files are looked at above; other hidden files are not ours
        match = ARTICLE_FILE_RE.fullmatch(name)
        if match is None:
            problems.append(Problem(where, _stray(store.data.articles / name), Kind.STRAY))
            continue
        file_ids.append(match[1])
        data = None
        try:
            data = read_bytes(store.data.articles / name, where)
            article = parse(where, data)
        except FileNotFoundError:
            continue  # removed while we were reading
        except CorruptArticle as exc:
            reason = str(exc).removeprefix(f"{where}: ")
            problems.append(Problem(where, reason, Kind.UNREADABLE, data))
            continue
        if article.id != match[1]:
            misfiled.append((name, article.id, data))
        problems += _orphan_replies(where, article)
        problems += _conflicts(where, article)
        if media.image_address(article.image, article.url) is not None:
            pictured.append(match[1])
    inner_ids = Counter(inner for _, inner, _ in misfiled)
    for name, inner, data in misfiled:
        if inner in file_ids:
            reason = f"duplicate id '{inner}': articles/{inner}.toml has it too"
        elif inner_ids[inner] > 1:
            reason = f"duplicate id '{inner}': another misnamed file has it too"
        else:
            reason = f"its id '{inner}' does not match the file name"
        problems.append(Problem(f"articles/{name}", reason, Kind.UNREADABLE, data))
    if MEDIA not in linked:
        problems += _image_problems(store, set(file_ids), pictured)
    damage = store.index.damage()
    if damage:
        problems.append(Problem("index", f"damaged: {damage}", Kind.INDEX_DAMAGED))
    behind = 0 if damage else store.index.outdated()
    if behind:
        files = "1 article file" if behind == 1 else f"{behind} article files"
        reason = f"out of date: {files} changed since it last read them"
        problems.append(Problem("index", reason, Kind.INDEX_STALE))
    return Report(len(file_ids), sorted(problems, key=_fix_order))


def joined(report: Report, problems: list[Problem]) -> Report:
    """``report`` with more problems, found by another part (``check --verify``'s)."""
    return Report(report.checked, sorted([*report.problems, *problems], key=_fix_order))


_LINK_REASON = "a symbolic link, never followed: make it a real folder"
_LINKED_FILE = "a symbolic link, never followed: newscli makes no links; remove it"


def _linked_files(store: Store, linked: list[str]) -> list[Problem]:
    """Links where newscli reads files other than articles (which are judged as such):
    the people's state, the stored images, and the git files of a shared store."""
    places = [".gitignore", ".gitattributes", f"{STATE}/{LOCKS}"]
    for folder in (STATE, MEDIA):
        if folder not in linked and (store.root / folder).is_dir():
            places += [f"{folder}/{name}" for name in _names(store.root / folder)]
    return [Problem(n, _LINKED_FILE, Kind.LINKED) for n in places if is_link(store.root / n)]


_INDEX_KINDS = (Kind.INDEX_STALE, Kind.INDEX_DAMAGED)


def _fix_order(problem: Problem) -> tuple[bool, str, str]:
    """By file name, with the index last: it is rebuilt after the files are put right."""
    return problem.kind in _INDEX_KINDS, problem.name, problem.reason


def _stray(path: Path) -> str:
    what = "a directory" if path.is_dir() else "a file"
    return f"{'a symbolic link' if is_link(path) else what} that is not an article"


def _orphan_replies(where: str, article: Article) -> list[Problem]:
    """Broken replies, and what is wrong with the comments' votes, edits and deletions."""
    orphans = set(broken_replies(article.comments, "the file"))
    return [
        Problem(where, reason, Kind.ORPHAN_REPLY if reason in orphans else Kind.DISCUSSION)
        for reason in discussion_problems(article.comments)
    ]


def _conflicts(where: str, article: Article) -> list[Problem]:
    """Fields a merge found changed differently on two sides, until ``resolve`` settles them."""
    from newscli.model.article import describe_conflict as describe

    hint = f"'newscli resolve {article.id} [--keep mine|theirs|VALUE]' settles it"
    return [
        Problem(where, f"conflict: {describe(c)}; {hint}", Kind.CONFLICT) for c in article.conflicts
    ]


def _image_problems(store: Store, file_ids: set[str], pictured: list[str]) -> list[Problem]:
    """Stored images whose article is gone, or that are missing or broken; articles with
    an image address and no stored image (one that arrived by a sync, say)."""
    stored = media.stored_images(store.data.media)
    problems = [
        Problem(
            f"articles/{article_id}.toml",
            f"its feature image is not stored; 'newscli image {article_id} --fetch' fetches it",
            Kind.NO_IMAGE,
        )
        for article_id in pictured
        if article_id not in stored
    ]
    for article_id, path in stored.items():
        where = store.data.name(path)
        if is_link(path):
            continue  # reported with the other links, never followed
        if article_id not in file_ids:
            problems.append(Problem(where, "no article has this image", Kind.ORPHAN_IMAGE))
            continue
        fetch = f"'newscli image {article_id} --fetch' fetches it again"
        if not path.is_file() or not os.access(path, os.R_OK):
            problems.append(Problem(where, f"missing or unreadable; {fetch}", Kind.BAD_IMAGE))
        elif media.pillow_installed():
            try:
                media.read_image(path)
            except media.BadImage as exc:
                reason = str(exc).removeprefix(f"{path}: ")
                problems.append(Problem(where, f"{reason}; {fetch}", Kind.BAD_IMAGE))
    return problems


def _names(folder: Path) -> list[str]:
    return sorted(names_in(folder))


def _temp_problems(store: Store, now: float, linked: list[str]) -> list[Problem]:
    problems = []
    folders = [store.root] + [store.root / n for n in (ARTICLES, DRAFTS) if n not in linked]
    for folder in folders:
        for name in _names(folder) if folder.is_dir() else []:
            if not atomic.is_temp(name):
                continue
            path = folder / name
            try:
                age = now - path.stat().st_mtime
            except FileNotFoundError:
                continue  # its write has just finished
            writer = atomic.temp_writer(name)
            if age > STALE_AFTER or (writer is not None and not _running(writer)):
                where = store.data.name(path)
                reason = f"a temp file left by an interrupted write ({int(age)} s old)"
                problems.append(Problem(where, reason, Kind.STALE_TEMP))
    return problems


def _running(pid: int) -> bool:
    """Whether a process with this id runs here (True when that cannot be told)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@dataclass(frozen=True)
class Fixed:
    """What ``fix`` did about one problem (``done`` is None when it left it alone)."""

    problem: Problem
    done: str | None


def fix(store: Store, report: Report) -> list[Fixed]:
    """Quarantine unreadable files and remove stale temp files; leave the rest alone.

    An article file is moved only under its lock and only if it still holds the bytes
    that were judged unreadable, so a file repaired meanwhile stays where it is.
    """
    results = []
    for problem in report.problems:
        path = store.root / problem.name
        done = None
        if problem.kind is Kind.STALE_TEMP:
            path.unlink(missing_ok=True)
            done = "removed"
        elif problem.kind is Kind.UNREADABLE:
            done = _quarantine(store, path, problem.data)
        elif problem.kind is Kind.ORPHAN_IMAGE:
            done = _quarantine_image(store, path)
        elif problem.kind in _INDEX_KINDS:
            store.index.rebuild()
            done = "rebuilt"
        results.append(Fixed(problem, done))
    return results


def _quarantine(store: Store, path: Path, judged: bytes | None) -> str | None:
    article_id = path.name.removesuffix(".toml")
    try:
        with store.lock(article_id):
            if not path.exists():
                return "already gone"
            if judged is not None and path.read_bytes() != judged:
                return None  # changed since it was checked: check it again
            quarantine = store.data.folder(store.root / QUARANTINE)
            moved = atomic.move_to_free_name(path, quarantine)
        store.note_change(article_id)
    except (OSError, DataDirError):
        return None  # e.g. a directory with an article's name, or a linked quarantine
    return f"moved to {store.data.name(moved)}"


def _quarantine_image(store: Store, path: Path) -> str | None:
    """Move an image whose article is gone to the quarantine, unless it is back."""
    article_id = path.name.partition(".")[0]
    try:
        with store.lock(article_id):
            if store.path_for(article_id).exists():
                return None  # its article came back: check again
            if not path.exists():
                return "already gone"
            quarantine = store.data.folder(store.root / QUARANTINE)
            moved = atomic.move_to_free_name(path, quarantine)
    except (OSError, DataDirError):
        return None
    return f"moved to {store.data.name(moved)}"


def tidy_locks(store: Store) -> int:
    """Remove lock files whose article is gone; returns how many.

    Each is removed while held, so no process can be using it; a process that was
    waiting for it sees its file gone and locks the new one (filelock checks for that).
    """
    removed = 0
    if is_link(store.root / LOCKS):
        return 0  # reported by ``check``, never followed
    for name in _names(store.data.locks) if store.data.locks.is_dir() else []:
        article_id = name.removesuffix(".lock")
        if not name.endswith(".lock") or not ids.ARTICLE_ID_RE.fullmatch(article_id):
            continue
        lock = filelock.FileLock(store.data.locks / name, timeout=0)
        try:
            with lock:
                if not store.path_for(article_id).exists():
                    (store.data.locks / name).unlink()
                    removed += 1
        except (filelock.Timeout, OSError):
            continue  # in use, or not ours to remove
    return removed
