"""What newscli does, callable from Python: every CLI command is a call here.

The one door to the core: the command line and the reader call only this module. The
work is done in the parts it names (``store``, ``index``, ``ingest``, ``discussion``,
``sharing``, ``export``); the names of ``_LAZY`` load their part only when first used,
so that a command pays only for its own work.

>>> from pathlib import Path
>>> from newscli import api
>>> store = api.open_store(Path("~/news").expanduser())
>>> article = api.add_article(store, api.Draft(title="Hello", body="First paragraph."))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli import ids
from newscli.choices import Sort
from newscli.errors import CorruptArticle, InvalidInput, NotFound
from newscli.model.article import (
    ANONYMOUS,
    DELETED,
    UNREADABLE,
    Article,
    Comment,
    Draft,
    Rating,
    Vote,
    describe_conflict,
    shown_value,
)
from newscli.model.listing import FIELDS, SEARCH_FIELDS, Listing, Progress, Row
from newscli.model.query import ListQuery
from newscli.store.store import Scan, Store

if TYPE_CHECKING:
    from newscli.discussion.actions import (
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
        tag_article,
        vote_comment,
    )
    from newscli.discussion.following import (
        Viewed,
        inbox,
        mark_read,
        state_dir,
        subscribe,
        unsubscribe,
        with_read_status,
    )
    from newscli.discussion.identities import (
        Verification,
        add_person,
        list_people,
        unverified_in,
        verify_store,
    )
    from newscli.discussion.people import Person, Registry
    from newscli.discussion.signing import Signer, SigningError, Unverified
    from newscli.export.files import export_file, export_folder, export_text
    from newscli.export.registry import ONE_PER_FILE
    from newscli.export.site_folder import SiteWritten, export_site
    from newscli.ingest.drafts import draft_from
    from newscli.ingest.formats.registry import PAGE_FORMATS
    from newscli.ingest.image_fetch import (
        ImageFetchResult,
        arrived_without_image,
        fetching_available,
        keep_images,
    )
    from newscli.ingest.image_fetch import fetch_image as fetch_article_image
    from newscli.ingest.input_record import InputRecord, ReadOptions
    from newscli.ingest.pipeline import Added, Outcome, add_new, import_entries
    from newscli.ingest.sources import (
        Inputs,
        Page,
        read_input,
        read_page,
        read_source,
        read_sources,
        read_text,
        stream_source,
    )
    from newscli.ingest.sources import sample as sample_page
    from newscli.model.limits import stars as parse_stars  # 1-5 from what a person typed
    from newscli.model.notices import Inbox, InboxItem
    from newscli.model.people import acting_name, person_name
    from newscli.model.picture import Picture
    from newscli.model.threads import PageState, discussion
    from newscli.net.fetch import fetch as fetch_url
    from newscli.sharing.arrived import RemovedInMerge, Unsettled
    from newscli.sharing.conflicts import KeptValue, Resolved
    from newscli.sharing.conflicts import resolve as resolve_conflicts
    from newscli.sharing.merge import Merged
    from newscli.sharing.merge_files import merge_file
    from newscli.sharing.sync import Options as SyncOptions
    from newscli.sharing.sync import Synced, SyncState
    from newscli.sharing.sync import init as sync_init
    from newscli.sharing.sync import state as sync_state
    from newscli.sharing.sync import sync as sync_store
    from newscli.store.browse import Browse, Rest
    from newscli.store.browse import browse as browse_articles
    from newscli.store.check import Fixed, Report
    from newscli.store.edit import Edited, choose_editor, edit_text
    from newscli.store.images import image_file as article_image
    from newscli.store.images import picture, pillow_installed, remove_article_image
    from newscli.store.listings import (
        Reindexed,
        count_articles,
        iter_articles,
        list_articles,
        list_ids,
        reindex,
        search_articles,
    )
    from newscli.store.trash import empty as empty_trash
    from newscli.store.trash import listing as list_trash
    from newscli.store.trash import remove_articles
    from newscli.store.trash import restore as restore_article

# The names loaded when first used, as "MODULE:ATTRIBUTE" under newscli; the imports above
# say the same for the type checker (a test holds the two together).
_LAZY = {
    "CommentVoted": "discussion.actions:CommentVoted",
    "Deleted": "discussion.actions:Deleted",
    "RateResult": "discussion.actions:RateResult",
    "RatingCleared": "discussion.actions:RatingCleared",
    "check_comment": "discussion.actions:check_comment",
    "clear_rating": "discussion.actions:clear_rating",
    "comment_on": "discussion.actions:comment_on",
    "delete_comment": "discussion.actions:delete_comment",
    "edit_comment": "discussion.actions:edit_comment",
    "editable_text": "discussion.actions:editable_text",
    "rate_article": "discussion.actions:rate_article",
    "tag_article": "discussion.actions:tag_article",
    "vote_comment": "discussion.actions:vote_comment",
    "Viewed": "discussion.following:Viewed",
    "inbox": "discussion.following:inbox",
    "mark_read": "discussion.following:mark_read",
    "state_dir": "discussion.following:state_dir",
    "subscribe": "discussion.following:subscribe",
    "unsubscribe": "discussion.following:unsubscribe",
    "with_read_status": "discussion.following:with_read_status",
    "Verification": "discussion.identities:Verification",
    "add_person": "discussion.identities:add_person",
    "list_people": "discussion.identities:list_people",
    "unverified_in": "discussion.identities:unverified_in",
    "verify_store": "discussion.identities:verify_store",
    "Person": "discussion.people:Person",
    "Registry": "discussion.people:Registry",
    "Signer": "discussion.signing:Signer",
    "SigningError": "discussion.signing:SigningError",
    "Unverified": "discussion.signing:Unverified",
    "Inbox": "model.notices:Inbox",
    "acting_name": "model.people:acting_name",
    "person_name": "model.people:person_name",
    "PageState": "model.threads:PageState",
    "discussion": "model.threads:discussion",
    "InboxItem": "model.notices:InboxItem",
    "export_file": "export.files:export_file",
    "export_folder": "export.files:export_folder",
    "export_text": "export.files:export_text",
    "ONE_PER_FILE": "export.registry:ONE_PER_FILE",  # formats written one file an article
    "SiteWritten": "export.site_folder:SiteWritten",
    "InputRecord": "ingest.input_record:InputRecord",
    "ReadOptions": "ingest.input_record:ReadOptions",  # a site export's choices
    "PAGE_FORMATS": "ingest.formats.registry:PAGE_FORMATS",  # what ``add`` reads as one page
    "ImageFetchResult": "ingest.image_fetch:ImageFetchResult",
    "fetching_available": "ingest.image_fetch:fetching_available",
    "keep_images": "ingest.image_fetch:keep_images",
    "arrived_without_image": "ingest.image_fetch:arrived_without_image",
    "fetch_article_image": "ingest.image_fetch:fetch_image",
    "Added": "ingest.pipeline:Added",
    "Outcome": "ingest.pipeline:Outcome",
    "add_new": "ingest.pipeline:add_new",
    "import_entries": "ingest.pipeline:import_entries",
    "Inputs": "ingest.sources:Inputs",
    "Page": "ingest.sources:Page",
    "read_input": "ingest.sources:read_input",
    "read_page": "ingest.sources:read_page",
    "read_source": "ingest.sources:read_source",
    "read_sources": "ingest.sources:read_sources",
    "read_text": "ingest.sources:read_text",
    "stream_source": "ingest.sources:stream_source",
    "sample_page": "ingest.sources:sample",  # the bundled sample article's page
    "parse_stars": "model.limits:stars",  # 1-5 from what a person typed
    "fetch_url": "net.fetch:fetch",  # the bytes at an http(s) URL; FetchError says why not
    "KeptValue": "sharing.conflicts:KeptValue",
    "Resolved": "sharing.conflicts:Resolved",
    "resolve_conflicts": "sharing.conflicts:resolve",
    "RemovedInMerge": "sharing.arrived:RemovedInMerge",
    "Unsettled": "sharing.arrived:Unsettled",
    "Merged": "sharing.merge:Merged",
    "merge_file": "sharing.merge_files:merge_file",
    "SyncOptions": "sharing.sync:Options",
    "SyncState": "sharing.sync:SyncState",
    "Synced": "sharing.sync:Synced",
    "sync_init": "sharing.sync:init",
    "sync_state": "sharing.sync:state",
    "sync_store": "sharing.sync:sync",
    "Browse": "store.browse:Browse",
    "Rest": "store.browse:Rest",
    "browse_articles": "store.browse:browse",  # a first screen at once
    "export_site": "export.site_folder:export_site",
    "draft_from": "ingest.drafts:draft_from",
    "Reindexed": "store.listings:Reindexed",
    "count_articles": "store.listings:count_articles",
    "iter_articles": "store.listings:iter_articles",
    "list_articles": "store.listings:list_articles",
    "list_ids": "store.listings:list_ids",
    "reindex": "store.listings:reindex",
    "search_articles": "store.listings:search_articles",
    "Fixed": "store.check:Fixed",
    "Report": "store.check:Report",
    "Edited": "store.edit:Edited",
    "choose_editor": "store.edit:choose_editor",
    "edit_text": "store.edit:edit_text",
    "picture": "store.images:picture",
    "pillow_installed": "store.images:pillow_installed",  # whether images can be drawn
    "article_image": "store.images:image_file",
    "remove_article_image": "store.images:remove_article_image",
    "empty_trash": "store.trash:empty",
    "list_trash": "store.trash:listing",
    "remove_articles": "store.trash:remove_articles",
    "restore_article": "store.trash:restore",
}
# Names for the type checker only: ``Picture`` is Pillow's image, never imported to run.
_TYPES_ONLY = ("Picture",)
# The names imported or defined above, at once.
_EAGER = (
    *("Article", "Comment", "Draft", "Listing", "ListQuery", "Progress", "Rating"),
    *("Row", "Scan", "Sort", "Store", "Vote", "add_article", "ANONYMOUS"),
    *("check_store", "edit_article", "FIELDS"),
    *("fix_store", "get_article", "get_articles", "open_store", "DELETED"),
    *("UNREADABLE", "shown_value", "describe_conflict", "SEARCH_FIELDS"),
    *("view_article", "catch_up"),
)
__all__ = sorted([*_EAGER, *_LAZY])


def __getattr__(name: str) -> Any:
    """Load a name of ``_LAZY`` from its module when it is first asked for."""
    import importlib

    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, _, attribute = _LAZY[name].partition(":")
    value = getattr(importlib.import_module(f"newscli.{module}"), attribute)
    globals()[name] = value
    return value


def open_store(
    data_dir: Path,
    index_path: Path | Callable[[], Path] | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Store:
    """The store in ``data_dir`` (created on first write, not here).

    ``index_path`` is the index file, e.g. ``settings.index_path(data_dir)``, or a function
    giving it when the index is first needed (commands that need none skip the work);
    without one, the index is built in memory when first needed. ``clock`` tells the
    machine's time in UTC (default: the system's); the store's own clock stamps every
    dated record from it (``Store.clock``).
    """
    return Store(data_dir, index_path=index_path, wall=clock)


def add_article(store: Store, draft: Draft) -> Article:
    """Check a draft, give it an id and store it as a new article."""
    from newscli.model.cleaning import cleaned_article

    article = cleaned_article(draft, ids.new_id(ids.ARTICLE_ID_LENGTH), store.clock.wall_time())
    store.create_fresh(article)
    return article


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
    from newscli.store.listings import list_ids

    newest, problems = list_ids(store, ListQuery(limit=1))
    if on_problem is not None:
        for problem in problems:
            on_problem(problem)
    if not newest:
        raise NotFound("there are no articles yet: add one with 'newscli add'")
    return store.load(newest[0])


def view_article(
    store: Store,
    ref: str | None,
    person: str | None,
    on_problem: Callable[[CorruptArticle], None] | None = None,
    image_room: tuple[int, int] | None = None,
) -> Viewed:
    """The article ``get_article`` finds, as ``person`` sees it (``discussion.following``:
    noted with ``mark_read``; None: nobody's state is read or written, and the page asks
    for a name to comment). With ``image_room`` (pixels), its stored image is decoded at
    least that large."""
    from newscli.discussion.following import view

    return view(store, get_article(store, ref, on_problem), person, image_room)


def get_articles(store: Store, refs: Iterable[str] = ()) -> Scan:
    """The articles named by ``refs`` (ids or prefixes), in that order; none named: all,
    newest first, with the files that could not be read as problems."""
    from newscli.store.listings import list_articles

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


# --- integrity: check, edit ---------------------------------------------------------------


def check_store(store: Store, verify: bool = False) -> Report:
    """Read every file in the data directory and report its problems; changes nothing.
    With ``verify``, also every entry whose signature does not vouch for it
    (``verify_store``)."""
    from newscli.discussion.identities import verification_problems
    from newscli.store import check

    report = check.check(store)
    return check.joined(report, verification_problems(store)) if verify else report


def fix_store(store: Store, report: Report) -> tuple[list[Fixed], int]:
    """Fix what ``check_store`` found where that is safe (see ``newscli.store.check``).

    Returns what was done about each problem, and how many unused lock files were removed.
    """
    from newscli.store import check

    return check.fix(store, report), check.tidy_locks(store)


def edit_article(store: Store, ref: str, editor: str, person: str | None = None) -> Edited:
    """Edit the article's file in ``editor`` on a draft; save the draft if valid and changed,
    the fields changed noted as ``person``'s (None: someone not known).

    Raises DraftKept (naming the draft) when the draft cannot be saved.
    """
    from newscli.store import edit

    return edit.edit(store, store.resolve(ref), editor, person)


def catch_up(store: Store) -> int:
    """Bring the index up to date with edits made to the files in place too (what every
    listing does first), and the log of comments' arrivals with the files; returns how
    many rows of the index and files of the log that changed (0: none)."""
    from newscli.discussion.inbox import catch_up_arrivals

    before = store.index.con.total_changes  # the rows this connection has written
    store.index.sync()
    return store.index.con.total_changes - before + catch_up_arrivals(store)
