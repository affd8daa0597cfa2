"""Disqus exports (the XML Disqus mails to a site's owner): each thread an article's
discussion, matched to a stored article by its link, else a new article of its title and
link.

An export lists every thread, then every post, each post naming its thread and parent.
To gather a thread's posts without holding the file, the reader puts threads and posts
in a temporary SQLite file as it reads them (which also proves the XML sound before
anything is imported), then gives each thread with its posts, in the export's order.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from newscli.errors import InvalidInput
from newscli.ingest.input_record import InputRecord, ReadOptions
from newscli.ingest.parse.site_comments import (
    APPROVED,
    DELETED,
    HELD,
    LEFT_OUT,
    SiteComment,
    discussion,
)
from newscli.ingest.parse.site_export import body_text, left_out_note
from newscli.ingest.parse.xml_stream import Element, children, ends, local, text_of

INTERNALS = "{http://disqus.com/disqus-internals}id"  # the dsq:id attribute
COMMENTS_ONLY = frozenset(("comments",))  # what --update may change in a matched article
_SCHEMA = """
create table threads (seq integer primary key, ref text, ident text, link text, title text,
    message text, deleted integer, line integer);
create table posts (seq integer primary key, ref text, thread text, thread_ident text,
    parent text, at text, author text, email text, message text, status text);
create index posts_thread on posts (thread, seq);
create index posts_ident on posts (thread_ident, seq);
"""


def read_disqus(handle: IO[bytes], source: str, options: ReadOptions) -> Iterator[InputRecord]:
    """A record for each thread that has comments, named ``SOURCE:LINE``; a note of what
    was left out at the end."""
    left_out: Counter[str] = Counter()
    with (
        tempfile.TemporaryDirectory(prefix="newscli-disqus-") as folder,
        closing(sqlite3.connect(Path(folder) / "export.sqlite3")) as db,
    ):
        db.executescript("pragma journal_mode = off; pragma synchronous = off;" + _SCHEMA)
        try:
            _load(db, handle)
        except InvalidInput as exc:
            yield InputRecord(source, problem=str(exc))
            return
        for thread in db.execute("select * from threads order by seq").fetchall():
            where = f"{source}:{thread[7]}"
            try:
                record = _thread(db, thread, options, left_out)
            except InvalidInput as exc:
                yield InputRecord(where, problem=str(exc))
                continue
            if record is not None:
                yield InputRecord(where, record=record, discussion=True, refreshes=COMMENTS_ONLY)
        orphans = db.execute(
            "select count(*) from posts where thread not in (select ref from threads)"
            " and (thread_ident is null or thread_ident not in"
            " (select ident from threads where ident is not null))"
        ).fetchone()[0]
        if orphans:
            left_out["comment of a thread not in the export"] += orphans
    if left_out:
        yield InputRecord(source, note=left_out_note(left_out))


def _text(kids: dict[str, Element], name: str) -> str:
    return text_of(kids.get(name)).strip()


def _flag(kids: dict[str, Element], name: str) -> bool:
    return _text(kids, name).lower() == "true"


def _load(db: sqlite3.Connection, handle: IO[bytes]) -> None:
    """Every thread and post of the export into ``db``, in the export's order."""
    for number, element in enumerate(ends(handle, frozenset(("thread", "post")), 2), start=1):
        ref = element.get(INTERNALS) or ""
        kids = children(element)
        if local(element.tag) == "thread":
            db.execute(
                "insert into threads values (null, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ref or f"#{number}",
                    _text(kids, "id") or None,
                    _text(kids, "link") or None,
                    _text(kids, "title"),
                    _text(kids, "message"),
                    _flag(kids, "isDeleted"),
                    element.sourceline,
                ),
            )
            continue
        thread, parent, author = (kids.get(n) for n in ("thread", "parent", "author"))
        about = children(author) if author is not None else {}
        ident = _text(kids, "id")
        status = "spam" if _flag(kids, "isSpam") else APPROVED
        db.execute(
            "insert into posts values (null, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                ref or (f"id:{ident}" if ident else f"#{number}"),
                (thread.get(INTERNALS) if thread is not None else None) or "",
                text_of(thread).strip() or None,
                _parent_ref(parent),
                _text(kids, "createdAt"),
                _text(about, "name"),
                _text(about, "email"),
                _text(kids, "message"),
                DELETED if _flag(kids, "isDeleted") and status == APPROVED else status,
            ),
        )


def _parent_ref(parent: Element | None) -> str | None:
    """A post's parent, as the post's ``dsq:id``, else as ``id:`` and its own ``id``."""
    if parent is None:
        return None
    ref = parent.get(INTERNALS)
    ident = text_of(parent).strip()
    return ref or (f"id:{ident}" if ident else None)


def _thread(
    db: sqlite3.Connection, thread: tuple[Any, ...], options: ReadOptions, left_out: Counter[str]
) -> dict[str, Any] | None:
    _, ref, ident, link, title, message, deleted, _ = thread
    posts = db.execute(
        "select * from posts where thread = ? union all"
        " select * from posts where thread = '' and thread_ident = ? order by seq",
        (ref, ident),
    ).fetchall()
    if deleted:
        left_out["deleted thread"] += 1
        left_out["comment of a deleted thread"] += len(posts)
        return None
    comments = [_comment(post) for post in posts]
    talk = discussion(comments, options.keep_unapproved)
    left_out.update({LEFT_OUT[k]: n for k, n in talk.left_out.items()})
    if not talk.comments:
        left_out["thread without comments"] += 1
        return None
    record: dict[str, Any] = {
        "title": title or link or ident or ref,
        "body": body_text(message) or link or title or ref,
        "comments": talk.comments,
    }
    if link:
        record["url"] = link
    if talk.held:
        record["extra"] = {HELD: talk.held}
    return record


def _comment(post: tuple[Any, ...]) -> SiteComment:
    _, ref, _, _, parent, at, author, email, message, status = post
    return SiteComment(
        key=f"disqus\n{ref}",
        ref=ref,
        at=_date(at, ref),
        html=message,
        status=status,
        parent=parent,
        author=author or None,
        email=email or None,
    )


def _date(value: str, ref: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.removesuffix("Z").removesuffix("z"))
    except ValueError:
        raise InvalidInput(f"post {ref} has no readable date: {value!r}") from None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
