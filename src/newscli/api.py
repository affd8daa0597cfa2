"""What newscli does, callable from Python: every CLI command is a call here.

>>> from pathlib import Path
>>> from newscli import api
>>> store = api.open_store(Path("~/news").expanduser())
>>> article = api.add_article(store, api.Draft(title="Hello", body="First paragraph."))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from newscli import ids, limits, query
from newscli.dates import now, to_utc
from newscli.errors import CorruptArticle, InvalidInput, NotFound
from newscli.importers.decode import unify_newlines
from newscli.models import (
    BODY_FORMATS,
    MAX_BODY_BYTES,
    MAX_STARS,
    MAX_TITLE_CHARS,
    Article,
    Comment,
    Draft,
    Rating,
    Vote,
    tag_key,
)
from newscli.query import ListQuery
from newscli.store import Scan, Store

if TYPE_CHECKING:  # the integrity modules are imported by the calls that need them
    from newscli.check import Fixed, Report
    from newscli.edit import Edited

__all__ = [
    "Article",
    "Comment",
    "Draft",
    "ListQuery",
    "Rating",
    "Store",
    "Vote",
    "add_article",
    "check_comment",
    "check_store",
    "comment_on",
    "draft_from",
    "edit_article",
    "empty_trash",
    "fix_store",
    "get_article",
    "list_articles",
    "list_trash",
    "open_store",
    "rate_article",
    "remove_articles",
    "restore_article",
    "tag_article",
]

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")


def open_store(data_dir: Path) -> Store:
    """The store in ``data_dir`` (created on first write, not here)."""
    return Store(data_dir)


def _clean_line(value: str | None, what: str) -> str | None:
    """One line with single spaces, or None when nothing is left."""
    if value is None:
        return None
    return " ".join(_utf8(value, what).split()) or None


def _clean_body(body: str, what: str) -> str:
    """Unify line endings and make paragraphs separated by exactly one blank line."""
    text = unify_newlines(_utf8(body, what)).strip()
    return _BLANK_LINES.sub("\n\n", text)


def _clean_tags(tags: list[str]) -> list[str]:
    """Tags with single spaces, without empties or repeats (the first spelling is kept)."""
    seen: dict[str, str] = {}
    for tag in tags:
        name = " ".join(_utf8(tag, "a tag").split())
        if name and tag_key(name) not in seen:
            seen[tag_key(name)] = name
    return list(seen.values())


def _utf8(value: str, what: str) -> str:
    """``value`` unchanged, if it can be stored: no NUL bytes, no undecodable input bytes."""
    return limits.text(value, what)


def draft_from(page: bytes | None, name: str, given: Draft) -> Draft:
    """A draft read from a page-shaped text (if any), with every field ``given`` set on top.

    ``name`` names the input in errors; tags given are added to the ones read.
    """
    from newscli.importers.decode import decode_text
    from newscli.importers.page_text import parse_page_text

    draft = parse_page_text(decode_text(page, name)) if page is not None else Draft()
    for item in fields(Draft):
        value = getattr(given, item.name)
        if item.name == "tags":
            draft.tags = [*draft.tags, *value]
        elif value is not None:
            setattr(draft, item.name, value)
    return draft


def _body_format(value: str | None) -> str:
    if value is None:
        return "text"
    if value not in BODY_FORMATS:
        raise InvalidInput(f"the body format must be one of {', '.join(BODY_FORMATS)}")
    return value


def add_article(store: Store, draft: Draft) -> Article:
    """Check a draft, give it an id and store it as a new article."""
    title = _clean_line(draft.title, "the title")
    if not title:
        raise InvalidInput("the article has no title")
    if len(title) > MAX_TITLE_CHARS:
        raise InvalidInput(
            f"the title is {len(title)} characters long; the limit is {MAX_TITLE_CHARS}"
        )
    body = _clean_body(draft.body or "", "the body")
    if not body:
        raise InvalidInput("the article has no body")
    if len(body.encode("utf-8")) > MAX_BODY_BYTES:
        raise InvalidInput(f"the body is larger than the limit of {MAX_BODY_BYTES // 2**20} MB")
    stamp = now()
    article = Article(
        id=store.new_id(),
        title=title,
        body=body,
        added=stamp,
        updated=stamp,
        dateline=_clean_line(draft.dateline, "the dateline"),
        published=to_utc(draft.published) if draft.published else None,
        url=_clean_line(draft.url, "the url"),
        source=_clean_line(draft.source, "the source"),
        author=_clean_line(draft.author, "the author"),
        image=_clean_line(draft.image, "the image"),
        image_caption=_clean_line(draft.image_caption, "the image caption"),
        format=_body_format(draft.format),
        tags=_clean_tags(draft.tags),
    )
    store.create(article)
    return article


def list_articles(store: Store, spec: ListQuery | None = None) -> Scan:
    """The articles that match ``spec``, in its order; unreadable files come back as problems."""
    scan = store.scan()
    return Scan(query.select(scan.articles, spec or ListQuery()), scan.problems)


def get_article(
    store: Store,
    ref: str | None = None,
    on_problem: Callable[[CorruptArticle], None] | None = None,
) -> Article:
    """The article whose id starts with ``ref``; with no ref, the newest one.

    Looking for the newest reads every file: ``on_problem`` hears of those it skipped.
    """
    if ref is not None:
        return store.load(store.resolve(ref))
    newest = list_articles(store, ListQuery(limit=1))
    if on_problem is not None:
        for problem in newest.problems:
            on_problem(problem)
    if not newest.articles:
        raise NotFound("there are no articles yet: add one with 'newscli add'")
    return newest.articles[0]


@dataclass(frozen=True)
class RateResult:
    """The article's rating after a vote, and the vote it replaced, if any."""

    article_id: str
    rating: Rating
    replaced: Vote | None


def rate_article(store: Store, ref: str, voter: str, stars: int) -> RateResult:
    """Record ``voter``'s vote of 1..5 stars; a voter's new vote replaces their earlier one."""
    if not 1 <= stars <= MAX_STARS:
        raise InvalidInput(f"stars must be a whole number from 1 to {MAX_STARS}, not {stars}")
    name = _clean_line(voter, "the voter's name")
    if not name:
        raise InvalidInput("the voter's name is empty")
    article_id = store.resolve(ref)

    def vote(article: Article) -> RateResult:
        earlier = next((v for v in article.votes if v.voter == name), None)
        if earlier is not None:
            article.votes.remove(earlier)
        article.votes.append(Vote(voter=name, stars=stars, at=now()))
        return RateResult(article.id, article.rating, earlier)

    return store.update(article_id, vote)


def check_comment(
    store: Store, ref: str, *, email: str | None = None, reply_to: str | None = None
) -> str:
    """Refuse a comment's article, address or parent before any text is written for it.

    Returns the article's full id. Nothing is locked or written, so a refusal leaves the
    data directory exactly as it was.
    """
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", email.strip()):
        raise InvalidInput(f"'{email}' does not look like an e-mail address")
    article_id = store.resolve(ref)
    if reply_to is not None:
        parent = ids.normalise_prefix(reply_to, "comment")
        ids.resolve(parent, [c.id for c in store.load(article_id).comments], "comment")
    return article_id


def comment_on(
    store: Store,
    ref: str,
    text: str,
    *,
    author: str | None = None,
    email: str | None = None,
    reply_to: str | None = None,
) -> Comment:
    """Add a comment (or, with ``reply_to``, a reply to one) and return it."""
    body = limits.body(_clean_body(text, "the comment"), "the comment")
    if not body:
        raise InvalidInput("the comment is empty; nothing was saved")
    name = _clean_line(author, "the author's name")
    address = _clean_line(email, "the e-mail address")
    article_id = check_comment(store, ref, email=address, reply_to=reply_to)
    parent_prefix = ids.normalise_prefix(reply_to, "comment") if reply_to is not None else None

    def add(article: Article) -> Comment:
        taken = [c.id for c in article.comments]
        parent = ids.resolve(parent_prefix, taken, "comment") if parent_prefix else None
        comment = Comment(
            id=ids.new_id(ids.COMMENT_ID_LENGTH, taken),
            text=body,
            at=now(),
            author=name,
            email=address,
            parent=parent,
        )
        article.comments.append(comment)
        return comment

    return store.update(article_id, add)


# --- integrity: check, trash, edit, tags ---------------------------------------------------


def check_store(store: Store) -> Report:
    """Read every file in the data directory and report its problems; changes nothing."""
    from newscli import check

    return check.check(store)


def fix_store(store: Store, report: Report) -> tuple[list[Fixed], int]:
    """Fix what ``check_store`` found where that is safe (see ``newscli.check``).

    Returns what was done about each problem, and how many unused lock files were removed.
    """
    from newscli import check

    return check.fix(store, report), check.tidy_locks(store)


def remove_articles(store: Store, refs: list[str]) -> list[str]:
    """Move articles to the trash; returns their ids. Every id is resolved before any move."""
    from newscli import trash

    article_ids = list(dict.fromkeys(store.resolve(ref) for ref in refs))
    trash.remove(store, article_ids)
    return article_ids


def restore_article(store: Store, ref: str) -> str:
    """Bring back the article removed last with this id, byte for byte; returns its id."""
    from newscli import trash

    return trash.restore(store, ref)


def list_trash(store: Store) -> Scan:
    """The articles in the trash (newest first), and the files there that cannot be read."""
    from newscli import trash

    found = trash.read(store)
    return Scan(query.select(found.articles, ListQuery()), found.problems)


def empty_trash(store: Store) -> int:
    """Delete everything in the trash for good; returns how many files that was."""
    from newscli import trash

    return trash.empty(store)


def edit_article(store: Store, ref: str, editor: str) -> Edited:
    """Edit the article's file in ``editor`` on a draft; save the draft if valid and changed.

    Raises DraftKept (naming the draft) when the draft cannot be saved.
    """
    from newscli import edit

    return edit.edit(store, store.resolve(ref), editor)


def tag_article(
    store: Store, ref: str, add: Sequence[str] = (), remove: Sequence[str] = ()
) -> list[str]:
    """Add and remove tags (compared ignoring case and spacing); returns the tags after."""
    if any(not tag.split() for tag in [*add, *remove]):
        raise InvalidInput("a tag cannot be empty")
    article_id = store.resolve(ref)
    adding, removing = _clean_tags(list(add)), {tag_key(t) for t in _clean_tags(list(remove))}
    if not (adding or removing):
        return store.load(article_id).tags

    def change(article: Article) -> list[str]:
        kept = [t for t in article.tags if tag_key(t) not in removing]
        article.tags = _clean_tags([*kept, *adding])
        return article.tags

    return store.update(article_id, change)
