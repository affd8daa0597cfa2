"""An article as the index's columns, and the index's columns back as a listing Row."""

from __future__ import annotations

import functools
import json
import os
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from newscli import ids
from newscli.index.stamps import RACY, stamp
from newscli.model.article import Article, Rating, tag_key
from newscli.model.listing import Row

RACY_NS = 100_000_000  # mtimes tick coarsely: a file this fresh may change unseen
ROW_COLUMNS = (
    "id, title, dateline, published, added, updated, url, source, author, image, tags,"
    " average, votes, comments"
)

# (id, stamp, article columns or None, text columns or None, problem or None); a stamp
# of b"" for a file that was gone
Parsed = tuple[str, bytes, tuple[Any, ...] | None, tuple[str, ...] | None, str | None]

_NUMBERS = str.maketrans(ids.ALPHABET, "0123456789abcdefghijklmnopqrstuv")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def number(article_id: str) -> int:
    """An article id as the integer it spells in base 32."""
    return int(article_id.translate(_NUMBERS), 32)


def micros(value: datetime) -> int:
    return (value - _EPOCH) // timedelta(microseconds=1)


def read_stamp(st: os.stat_result, now_ns: int | None = None) -> bytes:
    """The stamp to record for a file being read now (``now_ns``: the clock, in ns since
    the epoch): ``RACY`` when it is so fresh that a change could keep its stamp (then it
    is read again next time), else its ``stamp``."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    return RACY if now_ns - st.st_mtime_ns < RACY_NS else stamp(st)


def content_digest(title: str, body: str) -> bytes:
    """What tells one article's text from another's, in 16 bytes: the duplicate check of
    ``import`` keeps these, not the texts."""
    import hashlib  # not at start-up: listings never need it

    digest = hashlib.blake2b(title.encode("utf-8", "surrogatepass"), digest_size=16)
    digest.update(b"\0")
    digest.update(body.encode("utf-8", "surrogatepass"))
    return digest.digest()


Columns = tuple[tuple[Any, ...], tuple[str, ...]]  # an article's ``articles`` and ``fts`` rows
_STAMP = 2  # where the stamp is among the ``articles`` columns


def restamped(found: Columns, file_stamp: bytes) -> Columns:
    """``found`` (from ``columns``) for the file whose stamp is ``file_stamp``."""
    values, text = found
    return (*values[:_STAMP], file_stamp, *values[_STAMP + 1 :]), text


def digest_of(found: Columns) -> bytes:
    """The content digest among ``found`` (from ``columns``)."""
    digest: bytes = found[0][-1]
    return digest


def columns(article: Article, file_stamp: bytes) -> Columns:
    """The ``articles`` and ``fts`` columns of an article whose file has ``file_stamp``."""
    row = Row.of(article)
    rating = row.rating
    values = (
        number(article.id),
        article.id,
        file_stamp,
        row.title,
        row.title.casefold(),
        row.dateline,
        row.published,
        row.added,
        row.updated,
        row.url,
        row.source,
        row.author,
        row.image,
        json.dumps(list(row.tags), ensure_ascii=False),
        json.dumps([tag_key(t) for t in row.tags], ensure_ascii=False),
        micros(article.date),
        micros(article.added),
        rating.average,
        rating.votes,
        row.comments,
        content_digest(article.title, article.body),
    )
    text = (
        article.title,
        article.body,
        article.dateline or "",
        "\n".join(article.tags),
        "\n\n".join(c.text for c in article.comments),
    )
    return values, text


@functools.lru_cache(maxsize=4096)
def _tags(text: str) -> tuple[str, ...]:
    """A JSON array of tags as a tuple; many rows share the same few sets."""
    return tuple(json.loads(text))


def row(r: tuple[Any, ...]) -> Row:
    """The Row of ``ROW_COLUMNS`` (and a snippet after them, when searched)."""
    return Row(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        tags=_tags(r[10]),
        rating=Rating(r[11], r[12]),
        comments=r[13],
        snippet=r[14] if len(r) > 14 else None,
    )
