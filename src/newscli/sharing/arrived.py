"""What a merge brought into this copy, looked at once the merge is committed.

- the articles it removed (a peer's ``rm``, or a deletion kept by ``resolve``) are never
  just gone: this copy's last version of each, with whatever was written here on it, goes
  to the trash (``store.trash``), and the sync names who removed it;
- the clock (``store.clock``) moves past every stamp it brought, so that what is written
  here next sorts after what arrived;
- the articles it brought or merged that hold open conflicts are named, so that everyone
  whose sync brings a conflict is told, not only the person whose sync noted it;
- entries under a name with trusted keys that no signature vouches for are named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newscli.disk.datadir import ARTICLE_FILE_RE
from newscli.errors import NewsError
from newscli.model import codec
from newscli.model.article import Article, Conflict
from newscli.model.people import normal_name
from newscli.model.stamps import newest_stamp
from newscli.sharing.git import Git
from newscli.store import trash
from newscli.store.store import Store

if TYPE_CHECKING:
    from newscli.discussion.signing import Unverified


@dataclass(frozen=True)
class RemovedInMerge:
    """An article a merge removed, kept in this copy's trash: its id, title and who
    removed it (the author of the commit that did, as git names them)."""

    article_id: str
    title: str
    removed_by: str | None


@dataclass(frozen=True)
class Unsettled:
    """An article the sync brought or merged that holds open conflicts."""

    article_id: str
    title: str
    conflicts: list[Conflict]


def changed_articles(git: Git, before: str, after: str = "HEAD") -> tuple[list[str], list[str]]:
    """The article files changed or added from ``before`` to ``after``, and those removed
    (ids)."""
    out = git.run(
        "diff", "--name-status", "-z", "--no-renames", before, after, "--", "articles"
    ).stdout.decode("utf-8", "surrogateescape")
    fields = out.split("\0")
    changed: list[str] = []
    removed: list[str] = []
    for status, path in zip(fields[0::2], fields[1::2], strict=False):
        match = ARTICLE_FILE_RE.fullmatch(path.removeprefix("articles/"))
        if match is None:
            continue
        (removed if status == "D" else changed).append(match[1])
    return changed, removed


def keep_removed(store: Store, git: Git, before: str, removed: list[str]) -> list[RemovedInMerge]:
    """Put this copy's version (at ``before``) of each removed article in the trash."""
    kept = []
    copies = git.blobs([f"{before}:articles/{article_id}.toml" for article_id in removed])
    for article_id, data in zip(removed, copies, strict=True):
        if data is None:
            continue
        trash.keep(store, article_id, data)
        kept.append(RemovedInMerge(article_id, _title(data), _remover(git, before, article_id)))
    return kept


def _title(data: bytes) -> str:
    try:
        return codec.loads(data.decode("utf-8")).title
    except (UnicodeDecodeError, NewsError, ValueError, OverflowError):
        return ""


def _remover(git: Git, before: str, article_id: str) -> str | None:
    """Who removed the article: the author of the last commit since ``before`` that did."""
    done = git.run(
        "log", "-1", "--format=%an", "--diff-filter=D", f"{before}..HEAD", "--",
        f"articles/{article_id}.toml", check=False,
    )  # fmt: skip
    name = normal_name(done.stdout.decode("utf-8", "replace"))
    return name or None


@dataclass(frozen=True)
class Looked:
    """What the articles a sync brought hold: open conflicts, and entries no signature
    vouches for."""

    unsettled: list[Unsettled]
    unverified: list[Unverified]


def look_at(store: Store, article_ids: list[str]) -> Looked:
    """Read the articles a sync brought or merged: move the clock past their stamps, and
    collect their open conflicts and unverified entries."""
    from newscli.discussion.signing import check_entries, trusted_keys
    from newscli.model.signed import entries

    articles: list[Article] = []
    for article_id in sorted(set(article_ids)):
        try:
            articles.append(store.load(article_id))
        except NewsError:
            continue  # unreadable: `check` says so
    stamps = [stamp for stamp in map(newest_stamp, articles) if stamp is not None]
    store.clock.saw(max(stamps, default=None))
    unsettled = [Unsettled(a.id, a.title, list(a.conflicts)) for a in articles if a.conflicts]
    trust = trusted_keys(store.data)
    unverified: list[Unverified] = []
    if trust.keys:
        checks = ((a.id, e) for a in articles for e in entries(a))
        unverified = check_entries(store.data, checks, trust.keys)
    return Looked(unsettled, unverified)
