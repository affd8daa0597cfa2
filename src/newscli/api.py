"""What newscli does, callable from Python: every CLI command is a call here.

>>> from pathlib import Path
>>> from newscli import api
>>> store = api.open_store(Path("~/news").expanduser())
>>> article = api.add_article(store, api.Draft(title="Hello", body="First paragraph."))
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from newscli import ids, limits
from newscli.choices import Sort
from newscli.dates import now, to_utc
from newscli.errors import CorruptArticle, InvalidInput, NotFound
from newscli.importers.decode import unify_newlines
from newscli.importers.entry import Entry
from newscli.listing import Listing, Row
from newscli.models import (
    MAX_STARS,
    OPTIONAL_TEXT,
    Article,
    Comment,
    Draft,
    Rating,
    Vote,
    body_format,
    tag_key,
)
from newscli.query import ListQuery
from newscli.store import Scan, Store

Progress = Callable[[int, int], None]

if TYPE_CHECKING:
    from concurrent.futures import Future

    from newscli.check import Fixed, Report
    from newscli.edit import Edited
    from newscli.fetch import Fetched
    from newscli.quotes import Passage

__all__ = [
    "Article",
    "Comment",
    "Draft",
    "Entry",
    "ListQuery",
    "Listing",
    "Outcome",
    "Rating",
    "Reindexed",
    "Row",
    "Sort",
    "Store",
    "Vote",
    "add_article",
    "check_comment",
    "check_store",
    "comment_on",
    "draft_from",
    "edit_article",
    "empty_trash",
    "fetch_url",
    "fix_store",
    "get_article",
    "get_articles",
    "import_entries",
    "iter_articles",
    "list_articles",
    "list_ids",
    "list_trash",
    "open_store",
    "rate_article",
    "read_input",
    "reindex",
    "remove_articles",
    "restore_article",
    "search_articles",
    "tag_article",
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
    return " ".join(limits.text(value, what).split()) or None


def _clean_body(body: str, what: str) -> str:
    """Unify line endings and make paragraphs separated by exactly one blank line."""
    text = unify_newlines(limits.text(body, what)).strip()
    return _BLANK_LINES.sub("\n\n", text)


def _clean_tags(tags: list[str]) -> list[str]:
    """Tags with single spaces, without empties or repeats (the first spelling is kept)."""
    seen: dict[str, str] = {}
    for tag in tags:
        name = " ".join(limits.text(tag, "a tag").split())
        if name and tag_key(name) not in seen:
            seen[tag_key(name)] = name
    return list(seen.values())


def draft_from(
    page: bytes | None, name: str, given: Draft, fmt: str = "text", url: str | None = None
) -> Draft:
    """A draft read from a page (if any), with every field ``given`` set on top.

    ``fmt`` is ``text`` (a page-shaped text), ``markdown`` or ``html``; ``url`` is where
    the page was fetched. ``name`` names the input in errors; tags given are added to
    the ones read.
    """
    from newscli.importers.formats import read_draft

    draft = read_draft(page, name, fmt, url) if page is not None else Draft()
    if url and not draft.url:
        draft.url = url
    for item in fields(Draft):
        value = getattr(given, item.name)
        if item.name == "tags":
            draft.tags = [*draft.tags, *value]
        elif item.name == "extra":
            draft.extra = {**draft.extra, **value}
        elif value is not None:
            setattr(draft, item.name, value)
    return draft


def _checked_text(title: str | None, body: str | None) -> tuple[str, str]:
    """The cleaned title and body of a new article, if within the limits."""
    title = limits.title(_clean_line(title, "the title") or "")
    body = _clean_body(body or "", "the body")
    if not body:
        raise InvalidInput("the article has no body")
    return title, limits.body(body)


def add_article(store: Store, draft: Draft) -> Article:
    """Check a draft, give it an id and store it as a new article."""
    title, body = _checked_text(draft.title, draft.body)
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
        format=body_format(draft.format or "text"),
        tags=_clean_tags(draft.tags),
        extra=dict(draft.extra),
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
    rows, problems = iter_articles(store, spec, progress)
    return Listing(list(rows), problems)


def iter_articles(
    store: Store, spec: ListQuery | None = None, progress: Progress | None = None
) -> tuple[Iterator[Row], list[CorruptArticle]]:
    """Like ``list_articles``, but the rows are read from the index as they are iterated:
    any number of them in little memory. Use them before the store changes again."""
    if not store.index.sync(progress):
        return iter(()), []
    return store.index.iter_rows(spec or ListQuery()), store.index.problems()


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
    store: Store,
    ref: str,
    *,
    email: str | None = None,
    reply_to: str | None = None,
    quote: str | None = None,
) -> str:
    """Refuse a comment's article, address, parent or quoted passage before any text is written.

    Returns the article's full id. Nothing is locked or written, so a refusal leaves the
    data directory exactly as it was.
    """
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", email.strip()):
        raise InvalidInput(f"'{email}' does not look like an e-mail address")
    article_id = store.resolve(ref)
    if reply_to is not None or quote is not None:
        article = store.load(article_id)
        if reply_to is not None:
            parent = ids.normalise_prefix(reply_to, "comment")
            ids.resolve(parent, [c.id for c in article.comments], "comment")
        if quote is not None:
            _passage(article.body, limits.text(quote, "the quoted passage"))
    return article_id


def _passage(body: str, quote: str) -> Passage:
    from newscli.quotes import find_passage  # only comments that quote need it

    return find_passage(body, quote)


def comment_on(
    store: Store,
    ref: str,
    text: str,
    *,
    author: str | None = None,
    email: str | None = None,
    reply_to: str | None = None,
    quote: str | None = None,
) -> Comment:
    """Add a comment (or, with ``reply_to``, a reply to one) and return it.

    With ``quote``, the comment is inline feedback on that passage of the body, which
    must occur there once (white space and the style of quote marks aside).
    """
    body = limits.body(_clean_body(text, "the comment"), "the comment")
    if not body:
        raise InvalidInput("the comment is empty; nothing was saved")
    name = _clean_line(author, "the author's name")
    address = _clean_line(email, "the e-mail address")
    article_id = check_comment(store, ref, email=address, reply_to=reply_to, quote=quote)
    parent_prefix = ids.normalise_prefix(reply_to, "comment") if reply_to is not None else None

    def add(article: Article) -> Comment:
        taken = [c.id for c in article.comments]
        parent = ids.resolve(parent_prefix, taken, "comment") if parent_prefix else None
        # Found again under the lock: the body may have changed since the check.
        passage = _passage(article.body, quote) if quote is not None else None
        comment = Comment(
            id=ids.new_id(ids.COMMENT_ID_LENGTH, taken),
            text=body,
            at=now(),
            author=name,
            email=address,
            parent=parent,
            quote=passage.quote if passage else None,
            quote_prefix=passage.prefix if passage else None,
            quote_suffix=passage.suffix if passage else None,
        )
        article.comments.append(comment)
        return comment

    return store.update(article_id, add)


@dataclass(frozen=True)
class Outcome:
    """What importing one record did: ``created``, ``updated``, ``duplicate`` or ``bad``;
    or a ``warning`` about a stored file that could not be read."""

    where: str
    kind: str
    article_id: str | None = None
    reason: str | None = None


def read_input(
    data: bytes, source: str, fmt: str = "auto", *, url: str | None = None
) -> list[Entry]:
    """The records of one input in ``fmt`` (``auto`` guesses it); see ``import_entries``."""
    from newscli.importers.formats import guess_format, read_entries

    if fmt == "auto":
        fmt = guess_format(url or source, data, default="jsonl" if source == "stdin" else "text")
    return read_entries(data, source, fmt, url)


def fetch_url(url: str) -> Fetched:
    """The bytes at an http(s) URL (one-line FetchError on any network problem)."""
    from newscli.fetch import fetch

    return fetch(url)


def _checked_article(article: Article) -> Article:
    """An imported article with its text cleaned as ``add`` cleans it."""
    article.title, article.body = _checked_text(article.title, article.body)
    for key in OPTIONAL_TEXT:
        setattr(article, key, _clean_line(getattr(article, key), f"the {key}"))
    article.tags = _clean_tags(article.tags)
    return limits.article(article)


_KEPT_ON_UPDATE = frozenset(("schema", "id", "added", "updated"))


def _replace_fields(stored: Article, new: Article, keys: Iterable[str]) -> None:
    """Put the fields a record gave (``keys``) from ``new`` into ``stored``."""
    names = {f.name for f in fields(Article)} - _KEPT_ON_UPDATE
    for key in keys:
        if key in names:
            setattr(stored, key, getattr(new, key))
    for key, value in new.extra.items():
        stored.extra[key] = value


IMPORT_WRITERS = 8  # files written at once: each waits on its fsync, not on the CPU


def import_entries(
    store: Store, entries: Iterable[Entry], *, update: bool = False, dry_run: bool = False
) -> Iterator[Outcome]:
    """Store each good record as a new article, yielding what happened to every entry, in order.

    A record already stored (same url; else same id; else same title and body) is a
    ``duplicate``, or with ``update`` replaces the stored fields it gives. Ids given
    in records are kept. With ``dry_run`` nothing is written. New files are written by
    a few threads at once, since each write waits for the disk.
    """
    from concurrent.futures import ThreadPoolExecutor

    from newscli.importers.batch import Seen, article_from_record

    stamp = now()
    taken = set(store.ids())
    scan = store.scan() if taken else Scan([], [])
    seen = Seen(scan.articles)
    for problem in scan.problems:  # its url and id cannot be matched: say so
        yield Outcome("", "warning", reason=str(problem))

    def new_id() -> str:
        return ids.new_id(ids.ARTICLE_ID_LENGTH, taken)

    pending: deque[_Pending] = deque()
    with ThreadPoolExecutor(IMPORT_WRITERS) as writers:
        for entry in entries:
            if entry.record is None:
                pending.append((Outcome(entry.where, "bad", reason=entry.problem), None, None))
            else:
                try:
                    article, given_id = article_from_record(entry.record, stamp, new_id)
                    _checked_article(article)
                except InvalidInput as exc:
                    pending.append((Outcome(entry.where, "bad", reason=str(exc)), None, None))
                else:
                    existing = seen.match(article, given_id)
                    if existing is None:
                        write = None if dry_run else writers.submit(store.write_new, article)
                        seen.add(article)
                        taken.add(article.id)
                        created = Outcome(entry.where, "created", article.id)
                        pending.append((created, write, article))
                    elif update:
                        yield from _settle(store, pending, 0)  # it may be one created just now
                        if not dry_run:
                            keys = entry.record.keys()
                            store.update(existing, lambda a: _replace_fields(a, article, keys))  # noqa: B023
                        pending.append((Outcome(entry.where, "updated", existing), None, None))
                    else:
                        pending.append((Outcome(entry.where, "duplicate", existing), None, None))
            yield from _settle(store, pending, 4 * IMPORT_WRITERS)
        yield from _settle(store, pending, 0)


_Pending = tuple["Outcome", "Future[os.stat_result] | None", Article | None]


def _settle(store: Store, pending: deque[_Pending], keep: int) -> Iterator[Outcome]:
    """Outcomes from the front of ``pending`` whose writes are done, waiting for writes
    only while more than ``keep`` are queued; a write refused makes its record bad.
    Each article written is noted in the index here, in the thread that owns it."""
    while pending:
        outcome, write, article = pending[0]
        if write is not None and not write.done() and len(pending) <= keep:
            return
        pending.popleft()
        if write is not None:  # nothing is written (or noted) in a dry run
            try:
                written = write.result()
            except InvalidInput as exc:  # e.g. another process took the id meanwhile
                outcome = Outcome(outcome.where, "bad", reason=str(exc))
            else:
                if article is not None:
                    store.note_change(article.id, article, written)
        yield outcome


def get_articles(store: Store, refs: Iterable[str] = ()) -> Scan:
    """The articles named by ``refs`` (ids or prefixes), in that order; none named: all,
    newest first, with the files that could not be read as problems."""
    refs = list(refs)
    if not refs:
        listing = list_articles(store)
        articles, problems = [], list(listing.problems)
        for row in listing.rows:
            try:
                articles.append(store.load(row.id))
            except NotFound:
                continue  # removed since it was listed
            except CorruptArticle as exc:
                problems.append(exc)
        return Scan(articles, problems)
    return Scan([store.load(store.resolve(ref)) for ref in refs], [])


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


def list_trash(store: Store) -> Listing:
    """The articles in the trash (newest first), and the files there that cannot be read."""
    from newscli import trash

    found = trash.read(store)
    newest = sorted(found.articles, key=lambda a: (a.date, a.id), reverse=True)
    return Listing([Row.of(a) for a in newest], found.problems)


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
