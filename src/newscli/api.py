"""What newscli does, callable from Python: every CLI command is a call here.

A facade: the work is done in the core modules it names (``store``, ``importing``,
``cleaning``, ``sources``, ``export_files``, ``trash``, ``check``, ``edit``...).

>>> from pathlib import Path
>>> from newscli import api
>>> store = api.open_store(Path("~/news").expanduser())
>>> article = api.add_article(store, api.Draft(title="Hello", body="First paragraph."))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli import ids, limits
from newscli.choices import Sort
from newscli.cleaning import clean_tags, cleaned_article
from newscli.dates import now
from newscli.discussion import PageState
from newscli.errors import CorruptArticle, InvalidInput, NewsError, NotFound
from newscli.listing import Listing, Row
from newscli.models import Article, Comment, Draft, Rating, Vote, tag_key
from newscli.query import ListQuery
from newscli.store import Scan, Store
from newscli.visits import inbox, mark_read, state_dir, subscribe, unsubscribe, with_read_status

Progress = Callable[[int, int], None]

if TYPE_CHECKING:
    from newscli.check import Fixed, Report
    from newscli.conflicts import Resolved
    from newscli.conflicts import resolve as resolve_conflicts
    from newscli.discussing import (
        CommentVoted,
        Deleted,
        RateResult,
        RatingCleared,
        check_comment,
        clear_rating,
        comment_on,
        delete_comment,
        edit_comment,
        editable_text,
        rate_article,
        vote_comment,
    )
    from newscli.edit import Edited
    from newscli.export_files import export_file, export_folder, export_text
    from newscli.fetch import fetch as fetch_url
    from newscli.images import Kept, fetching_available, keep_images, picture
    from newscli.images import fetch_image as fetch_article_image
    from newscli.images import image_file as article_image
    from newscli.images import remove_image as remove_article_image
    from newscli.importers.entry import Entry
    from newscli.importing import Added, Outcome, add_new, import_entries
    from newscli.inputs import Inputs, stream_source
    from newscli.media import Picture
    from newscli.merging import Merged, merge_file
    from newscli.site_export import SiteWritten
    from newscli.sources import Page, read_input, read_page, read_source, read_sources, read_text
    from newscli.sources import sample as sample_page
    from newscli.sync import Options as SyncOptions
    from newscli.sync import Synced, SyncState
    from newscli.sync import init as sync_init
    from newscli.sync import state as sync_state
    from newscli.sync import sync as sync_store

# Names whose modules load only when first used, so that a command pays only for its own
# work (sharing, importing and images are the heaviest): "MODULE" or "MODULE:ATTRIBUTE".
_LAZY = dict.fromkeys(("Added", "Outcome", "add_new", "import_entries"), "importing") | {
    **dict.fromkeys(
        (
            *("CommentVoted", "Deleted", "RateResult", "RatingCleared", "check_comment"),
            *("clear_rating", "comment_on", "delete_comment", "edit_comment", "editable_text"),
            *("rate_article", "vote_comment"),
        ),
        "discussing",
    ),
    **dict.fromkeys(
        ("Page", "read_input", "read_page", "read_source", "read_sources", "read_text"),
        "sources",
    ),
    "Entry": "importers.entry",
    **dict.fromkeys(("Kept", "fetching_available", "keep_images", "picture"), "images"),
    "fetch_article_image": "images:fetch_image",
    "article_image": "images:image_file",
    "remove_article_image": "images:remove_image",
    **dict.fromkeys(("Inputs", "stream_source"), "inputs"),
    **dict.fromkeys(("Merged", "merge_file"), "merging"),
    **dict.fromkeys(("export_text", "export_file", "export_folder"), "export_files"),
    "Resolved": "conflicts",
    "resolve_conflicts": "conflicts:resolve",
    **dict.fromkeys(("Synced", "SyncState"), "sync"),
    **{f"sync_{name}": f"sync:{name}" for name in ("init", "state")},
    "sync_store": "sync:sync",
    "SyncOptions": "sync:Options",
    "fetch_url": "fetch:fetch",  # the bytes at an http(s) URL; FetchError says why not
    "sample_page": "sources:sample",  # the bundled sample article's page
}


def __getattr__(name: str) -> Any:
    """Load a name of ``_LAZY`` from its module when it is first asked for."""
    import importlib

    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, _, attribute = _LAZY[name].partition(":")
    value = getattr(importlib.import_module(f"newscli.{module}"), attribute or name)
    globals()[name] = value
    return value


__all__ = [
    "Added",
    "Article",
    "Comment",
    "CommentVoted",
    "Deleted",
    "Draft",
    "Entry",
    "Inputs",
    "Kept",
    "ListQuery",
    "Listing",
    "Merged",
    "Outcome",
    "Page",
    "PageState",
    "RateResult",
    "Rating",
    "RatingCleared",
    "Reindexed",
    "Resolved",
    "Row",
    "Sort",
    "Store",
    "SyncOptions",
    "SyncState",
    "Synced",
    "Viewed",
    "Vote",
    "add_article",
    "add_new",
    "article_image",
    "check_comment",
    "check_store",
    "clear_rating",
    "comment_on",
    "delete_comment",
    "draft_from",
    "edit_article",
    "edit_comment",
    "editable_text",
    "empty_trash",
    "export_file",
    "export_folder",
    "export_site",
    "export_text",
    "fetch_article_image",
    "fetch_url",
    "fetching_available",
    "fix_store",
    "get_article",
    "get_articles",
    "import_entries",
    "inbox",
    "iter_articles",
    "keep_images",
    "list_articles",
    "list_ids",
    "list_trash",
    "mark_read",
    "merge_file",
    "open_store",
    "picture",
    "rate_article",
    "read_input",
    "read_page",
    "read_source",
    "read_sources",
    "read_text",
    "reindex",
    "remove_article_image",
    "remove_articles",
    "resolve_conflicts",
    "restore_article",
    "sample_page",
    "search_articles",
    "state_dir",
    "stream_source",
    "subscribe",
    "sync_init",
    "sync_state",
    "sync_store",
    "tag_article",
    "unsubscribe",
    "view_article",
    "vote_comment",
    "with_read_status",
]


def open_store(data_dir: Path, index_path: Path | Callable[[], Path] | None = None) -> Store:
    """The store in ``data_dir`` (created on first write, not here).

    ``index_path`` is the index file, e.g. ``settings.index_path(data_dir)``, or a function
    giving it when the index is first needed (commands that need none skip the work);
    without one, the index is built in memory when first needed.
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

    if page is not None and fmt == "html":
        limits.html_page(page)  # before the parser, which would take long
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
    article = cleaned_article(draft, ids.new_id(ids.ARTICLE_ID_LENGTH), now())
    store.create_fresh(article)
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


# --- what a person sees of an article -----------------------------------------------------


@dataclass(frozen=True)
class Viewed:
    """An article to show, what its page says to the reader, its decoded feature image
    (if asked for and stored), and why an image could not be drawn."""

    article: Article
    state: PageState
    picture: Picture | None = None
    problems: tuple[str, ...] = ()


def view_article(
    store: Store,
    ref: str | None,
    person: str | None,
    commenter: str | None,
    on_problem: Callable[[CorruptArticle], None] | None = None,
    image_room: tuple[int, int] | None = None,
) -> Viewed:
    """The article ``get_article`` finds, opened by ``person`` (noted with ``mark_read``;
    None: nobody's state is read or written); ``commenter`` is the name they comment as.
    With ``image_room`` (pixels), its stored image is decoded at least that large."""
    article = get_article(store, ref, on_problem)
    state = PageState(commenter=commenter)
    if person is not None:
        seen = mark_read(store, article.id, person)
        state = PageState(person, commenter, seen.opened, seen.subscription)
    if image_room is None:
        return Viewed(article, state)
    from newscli.images import picture as decoded

    try:
        return Viewed(article, state, decoded(store, article.id, image_room))
    except NewsError as exc:  # the stored file is no longer an image: the placeholder
        return Viewed(article, state, problems=(f"image not drawn: {exc}",))


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


def export_site(store: Store, folder: Path | str, refs: Iterable[str] = ()) -> SiteWritten:
    """Write the articles named (default: all) as a static site in ``folder``: index and
    tag pages, one page an article, their stored images (from ``<data>/media``) and a
    stylesheet. A re-run writes only what changed and removes only pages it wrote."""
    from newscli.render.export import site_exporter
    from newscli.site_export import write_site

    refs = list(refs)
    if refs:
        rows = [Row.of(store.load(store.resolve(ref))) for ref in refs]
        listing = Listing(sorted(rows, key=lambda r: (r.date, r.id), reverse=True), [])
    else:
        listing = list_articles(store)
    media = store.data.media
    done = write_site(store, listing.rows, Path(folder), media, site_exporter("site"))
    return replace(done, problems=[*listing.problems, *done.problems])


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
        after = clean_tags([*kept, *adding])
        if len(after) > len(article.tags):  # an article over the limit may still shed tags
            limits.tags(after)
        article.tags = after
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
