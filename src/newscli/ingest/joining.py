"""A site's discussion joining an article already stored: the comments it lacks are added,
those it has are left as they are (or refreshed with ``--update``), and nothing of the
article's own discussion in newscli is lost.

Imported comments carry ids derived from the site's own, so the same comment has the same
id import after import, and a second import finds it. A comment written in newscli that
happens to have such an id (about one chance in a billion a comment) is told apart by its
time: the imported one then takes an id derived from both, as stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

from newscli import ids
from newscli.dates import iso
from newscli.ingest.batch import Seen
from newscli.ingest.parse.site_comments import HELD
from newscli.model.article import Article, Comment

_REFRESHED = ("text", "author", "email", "edited", "imported_votes")


@dataclass(frozen=True)
class Joined:
    """How many comments a discussion added to the stored article and how many it
    refreshed."""

    added: int = 0
    refreshed: int = 0

    def reason(self) -> str | None:
        parts = [f"{n} comment{'s' if n != 1 else ''} {what}" for n, what in self._counts() if n]
        return " and ".join(parts) or None

    def _counts(self) -> tuple[tuple[int, str], ...]:
        return (self.added, "added"), (self.refreshed, "refreshed")


def join_comments(stored: Article, imported: Iterable[Comment], refresh: bool) -> Joined:
    """Add to ``stored`` the imported comments it lacks; with ``refresh``, give those it
    has the export's text, author, edit time and tally (a comment deleted in newscli stays
    deleted). New comments come after the stored ones, in the export's order, which puts
    every reply after its parent."""
    comments = list(imported)
    known = {c.id: c for c in stored.comments}
    taken = set(known) | {c.id for c in comments}
    renamed: dict[str, str] = {}
    for comment in comments:
        other = known.get(comment.id)
        if other is not None and other.at != comment.at:
            key = f"{comment.id}\n{iso(comment.at)}"
            renamed[comment.id] = ids.derived_id(key, ids.COMMENT_ID_LENGTH, taken)
            taken.add(renamed[comment.id])
    added = refreshed = 0
    for comment in comments:
        parent = renamed.get(comment.parent, comment.parent) if comment.parent else None
        comment = replace(comment, id=renamed.get(comment.id, comment.id), parent=parent)
        other = known.get(comment.id)
        if other is None:
            stored.comments.append(comment)
            known[comment.id] = comment
            added += 1
        elif refresh and not other.deleted and _refresh(other, comment):
            refreshed += 1
    return Joined(added, refreshed)


def join_held(stored: Article, new: Article) -> int:
    """Add to ``stored``'s comments kept aside (``--keep-unapproved``) those of ``new`` it
    lacks; how many."""
    held = new.extra.get(HELD)
    if not isinstance(held, list):
        return 0
    kept = stored.extra.get(HELD)
    kept = kept if isinstance(kept, list) else []
    known = {h.get("id") for h in kept if isinstance(h, dict)}
    more = [h for h in held if isinstance(h, dict) and h.get("id") not in known]
    if more:
        stored.extra[HELD] = [*kept, *more]
    return len(more)


def _refresh(stored: Comment, imported: Comment) -> bool:
    """Give ``stored`` the export's version of it; whether anything changed."""
    if imported.deleted:
        stored.deleted, stored.text, stored.author, stored.email = imported.deleted, "", None, None
        stored.edited, stored.imported_votes, stored.votes = None, None, []
        return True
    changed = False
    for key in _REFRESHED:
        value = getattr(imported, key)
        if getattr(stored, key) != value:
            setattr(stored, key, value)
            changed = True
    return changed


def loose_match(seen: Seen, url: str | None) -> str | None:
    """The stored article at ``url`` written another way: the other scheme of http and
    https, with or without ``www.`` and a final slash (a site's export and a saved page
    rarely agree on all three)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    for scheme in ("https", "http"):
        for netloc in (host, f"www.{host}"):
            for tail in (path, f"{path}/"):
                variant = urlunsplit((scheme, netloc, tail, parts.query, ""))
                if variant in seen.by_url:
                    return seen.by_url[variant]
    return None
