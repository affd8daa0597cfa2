"""The one place that names the folders and files inside a data directory.

::

    <data>/articles/<id>.toml   the articles, one file each (the source of truth)
    <data>/.locks/<id>.lock     per-article locks (and <id>.edit.lock while an edit is open)
    <data>/.locks/store.lock    the store-wide hold: writers share it, a sync takes it alone
    <data>/trash/<id>.toml[.N]  removed articles, until the trash is emptied
    <data>/drafts/<id>.toml     an edit's draft, beside <id>.base (the file it started from)
    <data>/quarantine/          files ``check --fix`` found unreadable
    <data>/state/<name>-<hash>.toml   each person's subscriptions and read marks
    <data>/state/.locks/        their locks
    <data>/media/<id>.<ext>     the articles' feature images (``media``, ``images``)
    <data>/people/<name>-<hash>.toml  each person's display name and public keys (shared)
    <data>/local/arrivals.sqlite3     what arrived in this copy, and each person's marks
    <data>/site/                the static site ``export --format site`` writes by default

newscli never follows a symbolic link in place of one of these folders: it would list,
move into or delete from wherever the link points (say, ``trash`` linked to
``articles``). The data directory itself may be a link.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from newscli import ids
from newscli.errors import DataDirError, InvalidInput

ARTICLES = "articles"
LOCKS = ".locks"
TRASH = "trash"
DRAFTS = "drafts"
QUARANTINE = "quarantine"
STATE = "state"
MEDIA = "media"
PEOPLE = "people"
LOCAL = "local"
SITE = "site"
FOLDERS = (ARTICLES, LOCKS, TRASH, DRAFTS, QUARANTINE, STATE, MEDIA, PEOPLE, LOCAL)
UNSHARED = (LOCKS, DRAFTS, QUARANTINE, TRASH, MEDIA, LOCAL)
"""The folders a shared store keeps to each machine (locks, work in progress, the trash,
what arrived here and when each person last looked)."""

ARTICLE_SUFFIX = ".toml"
ARTICLE_FILE_RE = re.compile(rf"({ids.ARTICLE_ID_RE.pattern}){re.escape(ARTICLE_SUFFIX)}")


class DataDir:
    """The paths inside the data directory at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.articles = root / ARTICLES
        self.locks = root / LOCKS
        self.trash = root / TRASH
        self.drafts = root / DRAFTS
        self.quarantine = root / QUARANTINE
        self.state = root / STATE
        self.media = root / MEDIA
        self.people = root / PEOPLE
        self.local = root / LOCAL
        self.site = root / SITE
        self.store_lock = self.locks / "store.lock"
        self.merge_head = root / ".git" / "MERGE_HEAD"
        """git's mark of a merge under way in a shared store."""

    def article_file(self, article_id: str) -> Path:
        """The file of an article; the id must already be a valid generated id."""
        if not ids.ARTICLE_ID_RE.fullmatch(article_id):
            raise InvalidInput(f"'{article_id}' is not a valid article id")
        return self.articles / f"{article_id}{ARTICLE_SUFFIX}"

    def lock_file(self, article_id: str) -> Path:
        return self.locks / f"{article_id}.lock"

    def edit_lock_file(self, article_id: str) -> Path:
        return self.locks / f"{article_id}.edit.lock"

    def draft_files(self, article_id: str) -> tuple[Path, Path]:
        """An edit's draft and its base (the article's bytes when the draft was made)."""
        return self.drafts / f"{article_id}.toml", self.drafts / f"{article_id}.base"

    def name(self, path: Path) -> str:
        """``path`` as named in messages: relative to the data directory, with ``/``."""
        return path.relative_to(self.root).as_posix()

    def folder(self, path: Path) -> Path:
        """One of the folders above, refused (DataDirError) if it is a symbolic link."""
        if is_link(path):
            raise DataDirError(linked(self.name(path)))
        return path

    def linked_folders(self) -> list[str]:
        """The names of the folders above that are symbolic links."""
        return [name for name in FOLDERS if is_link(self.root / name)]


def is_link(path: Path) -> bool:
    """Whether ``path`` is a symbolic link (False if it is missing or cannot be looked at)."""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def linked(name: str) -> str:
    """The message for a folder of the data directory that is a symbolic link."""
    return (
        f"{name} in the data directory is a symbolic link; newscli does not follow it"
        " (make it a real folder, or link the whole data directory instead)"
    )
