"""Reading article files without locks: the ids in a folder, and one file as an Article.

Writes are atomic, so a reader sees a whole old file or a whole new one. Both the store
and the index read through here (the index in its worker processes too).

An article file must be a regular file: a symbolic link, a pipe or a device in its place
is a bad file (reported, and quarantined by ``check --fix``), never followed or waited on.
"""

from __future__ import annotations

import errno
import os
import stat

from newscli.disk.datadir import ARTICLE_FILE_RE, DataDir
from newscli.errors import CorruptArticle, DataDirError, InvalidInput, NotFound
from newscli.model import codec
from newscli.model.article import Article

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


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
    try:
        return codec.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise CorruptArticle(f"{name}: not valid UTF-8 (byte {exc.start})") from None
    except InvalidInput as exc:
        raise CorruptArticle(f"{name}: {exc}") from None
    except (ValueError, OverflowError, RecursionError) as exc:  # a reader's limit
        raise CorruptArticle(f"{name}: unusable value ({type(exc).__name__})") from None


def read_bytes(path: os.PathLike[str], name: str) -> bytes:
    """The bytes of the regular file at ``path``, not through a symbolic link.

    Raises FileNotFoundError when it is missing, CorruptArticle (starting with ``name``)
    when it cannot be read or is not a regular file.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # what O_NOFOLLOW meets a link with
            raise CorruptArticle(f"{name}: a symbolic link, not an article file") from None
        raise CorruptArticle(f"{name}: cannot read: {exc.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise CorruptArticle(f"{name}: cannot read: {os.strerror(errno.EISDIR)}")
        if not stat.S_ISREG(mode):
            raise CorruptArticle(f"{name}: not a regular file")
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:  # closes fd
        try:
            return handle.read()
        except OSError as exc:
            raise CorruptArticle(f"{name}: cannot read: {exc.strerror}") from None


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
