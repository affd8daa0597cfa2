"""What newscli does, callable from Python: every CLI command is a call here.

A facade: the work is done in the core modules it names (``store``, ``importing``,
``cleaning``, ``sources``, ``export_files``, ``trash``, ``check``, ``edit``...).

>>> from pathlib import Path
>>> from newscli import api
>>> store = api.open_store(Path("~/news").expanduser())
>>> article = api.add_article(store, api.Draft(title="Hello", body="First paragraph."))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from newscli import ids, limits
from newscli.choices import ExportFormat, Sort
from newscli.cleaning import checked_text, clean_body, clean_line, clean_tags
from newscli.dates import now, to_utc
from newscli.errors import CorruptArticle, InvalidInput, NotFound
from newscli.importers.entry import Entry
from newscli.importing import Outcome, import_entries
from newscli.inputs import Inputs, stream_source
from newscli.listing import Listing, Row
from newscli.models import MAX_STARS, Article, Comment, Draft, Rating, Vote, body_format, tag_key
from newscli.query import ListQuery
from newscli.sources import Page, read_input, read_page, read_source, read_text
from newscli.store import Scan, Store

Progress = Callable[[int, int], None]

if TYPE_CHECKING:
    from newscli.check import Fixed, Report
    from newscli.edit import Edited
    from newscli.fetch import Fetched
    from newscli.quotes import Passage

__all__ = [
    "Article",
    "Comment",
    "Draft",
    "Entry",
    "Inputs",
    "ListQuery",
    "Listing",
    "Outcome",
    "Page",
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
    "export_file",
    "export_folder",
    "export_text",
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
    "read_page",
    "read_source",
    "read_text",
    "reindex",
    "remove_articles",
    "restore_article",
    "sample_page",
    "search_articles",
    "stream_source",
    "tag_article",
]


def open_store(data_dir: Path, index_path: Path | None = None) -> Store:
    """The store in ``data_dir`` (created on first write, not here).

    ``index_path`` is the index file, e.g. ``settings.index_path(data_dir)``; without
    one, the index is built in memory when first needed.
    """
    return Store(data_dir, index_path=index_path)


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


def add_article(store: Store, draft: Draft) -> Article:
    """Check a draft, give it an id and store it as a new article."""
    title, body = checked_text(draft.title, draft.body)
    stamp = now()
    article = Article(
        id=store.new_id(),
        title=title,
        body=body,
        added=stamp,
        updated=stamp,
        dateline=clean_line(draft.dateline, "the dateline"),
        published=to_utc(draft.published) if draft.published else None,
        url=clean_line(draft.url, "the url"),
        source=clean_line(draft.source, "the source"),
        author=clean_line(draft.author, "the author"),
        image=clean_line(draft.image, "the image"),
        image_caption=clean_line(draft.image_caption, "the image caption"),
        format=body_format(draft.format or "text"),
        tags=clean_tags(draft.tags),
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
    name = clean_line(voter, "the voter's name")
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
    body = limits.body(clean_body(text, "the comment"), "the comment")
    if not body:
        raise InvalidInput("the comment is empty; nothing was saved")
    name = clean_line(author, "the author's name")
    address = clean_line(email, "the e-mail address")
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


def fetch_url(url: str) -> Fetched:
    """The bytes at an http(s) URL (one-line FetchError on any network problem)."""
    from newscli.fetch import fetch

    return fetch(url)


def sample_page() -> Page:
    """The bundled sample article's page, for ``draft_from``."""
    from newscli.sources import sample

    return sample()


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


def export_text(articles: Sequence[Article], fmt: ExportFormat | str = "jsonl") -> str:
    """The articles as text: ``jsonl`` and ``json`` hold any number; ``toml``, ``markdown``,
    ``html`` and ``text`` exactly one (else ValueError)."""
    from newscli.export_files import export_text

    return export_text(articles, ExportFormat(fmt))


def export_file(articles: Sequence[Article], fmt: ExportFormat | str, path: Path) -> None:
    """Write ``export_text(articles, fmt)`` to ``path`` atomically."""
    from newscli.export_files import export_text, write_file

    write_file(path, export_text(articles, ExportFormat(fmt)))


def export_folder(
    articles: Sequence[Article], fmt: ExportFormat | str, folder: Path | str
) -> list[Path]:
    """Write each article to its own file ``ID.SUFFIX`` in ``folder`` (created if
    missing); returns the paths written."""
    from newscli.export_files import export_folder

    return export_folder(articles, ExportFormat(fmt), folder)


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
    adding, removing = clean_tags(list(add)), {tag_key(t) for t in clean_tags(list(remove))}
    if not (adding or removing):
        return store.load(article_id).tags

    def change(article: Article) -> list[str]:
        kept = [t for t in article.tags if tag_key(t) not in removing]
        article.tags = clean_tags([*kept, *adding])
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
