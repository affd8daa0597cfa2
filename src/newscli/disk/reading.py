"""Reading the files of the data directory without locks: the ids in a folder, one file
as an Article, and any other file's bytes (``read_file``, the one way newscli reads them).

Writes are atomic, so a reader sees a whole old file or a whole new one. Both the store
and the index read through here (the index in its worker processes too).

Every file is opened without following a symbolic link (``O_NOFOLLOW``) and must be a
regular file: a link, a pipe or a device in its place is refused in one line that names
it, never followed or waited on (an article file so is a bad file, reported and
quarantined by ``check --fix``). newscli makes no links, so none is ever its own.
"""

from __future__ import annotations

import errno
import os
import stat

from newscli.disk.datadir import ARTICLE_FILE_RE, DataDir
from newscli.errors import CorruptArticle, DataDirError, InvalidInput, NewsError, NotFound
from newscli.model.article import Article

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
LINKED_FILE = "a symbolic link, never followed"


def names_in(folder: os.PathLike[str]) -> list[str]:
    """The names in a folder of the data directory, in no particular order (none if it is
    missing); raises DataDirError when it cannot be read."""
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        raise DataDirError(f"{folder} is not a directory") from None
    except OSError as exc:
        raise DataDirError(f"cannot read {folder}: {exc.strerror}") from None


def article_ids(data: DataDir) -> list[str]:
    """The ids of all article files, in no particular order."""
    names = names_in(data.folder(data.articles))
    return [m.group(1) for m in map(ARTICLE_FILE_RE.fullmatch, names) if m]


def parse(name: str, data: bytes) -> Article:
    """The article in a file's bytes; raises CorruptArticle starting with ``name``."""
    from newscli.model import codec  # not at start-up: a listing reads no file unchanged

    try:
        return codec.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CorruptArticle(f"{name}: not valid UTF-8 (byte {exc.start})") from None
    except InvalidInput as exc:
        raise CorruptArticle(f"{name}: {exc}") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # a reader's limit
        raise CorruptArticle(f"{name}: unusable value ({type(exc).__name__})") from None


def read_file(
    path: os.PathLike[str],
    name: str,
    *,
    limit: int | None = None,
    error: type[NewsError] = DataDirError,
    link: str = LINKED_FILE,
) -> bytes:
    """The bytes of the regular file at ``path``, never through a symbolic link: the one
    way newscli reads a file of the data directory.

    Raises FileNotFoundError when it is missing, else ``error`` (a one-line message that
    starts with ``name``) when it is a link (``link`` says so), a directory, a pipe or a
    device, larger than ``limit`` bytes, or cannot be read.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # what O_NOFOLLOW meets a link with
            raise error(f"{name}: {link}") from None
        raise error(f"{name}: cannot read: {exc.strerror}") from None
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise error(f"{name}: cannot read: {os.strerror(errno.EISDIR)}")
        if not stat.S_ISREG(status.st_mode):
            raise error(f"{name}: not a regular file")
        if limit is not None and status.st_size > limit:
            raise error(f"{name}: larger than the limit of {_size(limit)}")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:  # closes fd
        try:
            data = handle.read() if limit is None else handle.read(limit + 1)
        except OSError as exc:
            raise error(f"{name}: cannot read: {exc.strerror}") from None
    if limit is not None and len(data) > limit:  # it grew while being read
        raise error(f"{name}: larger than the limit of {_size(limit)}")
    return data


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit:,} bytes"


def read_bytes(path: os.PathLike[str], name: str) -> bytes:
    """The bytes of the article file at ``path`` (``read_file``): raises FileNotFoundError
    when it is missing, CorruptArticle (starting with ``name``) when it cannot be read or
    is not a regular file."""
    return read_file(path, name, error=CorruptArticle, link="a symbolic link, not an article file")


def is_regular(path: os.PathLike[str]) -> bool:
    """Whether ``path`` is a regular file itself (not a link to one); False if missing."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def read_article(data: DataDir, article_id: str) -> Article:
    """Read one article file (its folder already checked with ``DataDir.folder``).

    Raises NotFound, or CorruptArticle naming the file.
    """
    path = data.article_file(article_id)
    name = data.name(path)
    try:
        raw = read_bytes(path, name)
    except FileNotFoundError:
        raise NotFound(f"no article with id '{article_id}'") from None
    article = parse(name, raw)
    if article.id != article_id:
        raise CorruptArticle(f"{name}: its id '{article.id}' does not match the file name")
    return article
