"""What newscli does, callable from Python: every CLI command is a call here.

>>> from pathlib import Path
>>> from newscli import api
>>> store = api.open_store(Path("~/news").expanduser())
>>> article = api.add_article(store, api.Draft(title="Hello", body="First paragraph."))
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from newscli import ids
from newscli.dates import now, to_utc
from newscli.errors import CorruptArticle, InvalidInput, NotFound
from newscli.importers.decode import unify_newlines
from newscli.listing import Listing, Row
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
from newscli.query import ListQuery, Sort
from newscli.store import Store

Progress = Callable[[int, int], None]

__all__ = [
    "Article",
    "Comment",
    "Draft",
    "ListQuery",
    "Listing",
    "Rating",
    "Reindexed",
    "Row",
    "Sort",
    "Store",
    "Vote",
    "add_article",
    "check_comment",
    "comment_on",
    "draft_from",
    "get_article",
    "list_articles",
    "list_ids",
    "open_store",
    "rate_article",
    "reindex",
    "search_articles",
]

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")


def open_store(data_dir: Path, index_path: Path | None = None) -> Store:
    """The store in ``data_dir`` (created on first write, not here).

    ``index_path`` is the index file, e.g. ``settings.index_path(data_dir)``; without
    one, the index is built in memory when first needed.
    """
    return Store(data_dir, index_path=index_path)


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
    """``value`` unchanged, if it can be stored: undecodable input bytes cannot."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} is not valid UTF-8") from None
    return value


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


def list_articles(
    store: Store, spec: ListQuery | None = None, progress: Progress | None = None
) -> Listing:
    """The rows that match ``spec``, in its order; unreadable files come back as problems.

    Reads the index, bringing it up to date first; ``progress(done, total)`` hears how
    far the reading of changed files has got.
    """
    if not store.index.sync(progress):
        return Listing([], [])
    return Listing(store.index.rows(spec or ListQuery()), store.index.problems())


def get_article(
    store: Store,
    ref: str | None = None,
    on_problem: Callable[[CorruptArticle], None] | None = None,
) -> Article:
    """The article whose id starts with ``ref``; with no ref, the newest one.

    Looking for the newest brings the index up to date: ``on_problem`` hears of the files
    it skipped.
    """
    if ref is not None:
        return store.load(store.resolve(ref))
    newest, problems = list_ids(store, ListQuery(limit=1))
    if on_problem is not None:
        for problem in problems:
            on_problem(problem)
    if not newest:
        raise NotFound("there are no articles yet: add one with 'newscli add'")
    return store.load(newest[0])


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
    body = _clean_body(text, "the comment")
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


def list_ids(
    store: Store, spec: ListQuery | None = None, progress: Progress | None = None
) -> tuple[list[str], list[CorruptArticle]]:
    """Like ``list_articles``, but only the ids: the cheapest listing of a large store."""
    if not store.index.sync(progress):
        return [], []
    return store.index.ids(spec or ListQuery()), store.index.problems()


def search_articles(
    store: Store, text: str, spec: ListQuery | None = None, progress: Progress | None = None
) -> Listing:
    """Full-text search, best match first (bm25), each row with a snippet of the match.

    ``text`` is an SQLite FTS5 query: words (all must occur), "a phrase", AND/OR/NOT,
    ``word*`` for a prefix. ``spec`` filters as in ``list_articles``; its sort is unused.
    A query that cannot be read raises InvalidInput.
    """
    if not text.strip():
        raise InvalidInput("the search is empty")
    if not store.index.sync(progress):
        return Listing([], [])
    return Listing(store.index.search(text, spec or ListQuery()), store.index.problems())


@dataclass(frozen=True)
class Reindexed:
    """The outcome of a rebuild: how many articles are indexed, and the unreadable files."""

    articles: int
    problems: list[CorruptArticle]


def reindex(store: Store, progress: Progress | None = None) -> Reindexed:
    """Throw the index away and build it again from every file."""
    store.index.rebuild(progress)
    return Reindexed(store.index.count(), store.index.problems())
