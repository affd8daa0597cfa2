"""A site's comments as an export holds them, made into newscli's: threads kept, ids
derived from the site's own, what is not approved counted and left out (or kept aside),
a left-out comment that has replies kept as a tombstone so that they keep their place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newscli import ids
from newscli.ingest.parse.html_text import html_paragraphs

APPROVED = "approved"
DELETED = "deleted"
# Why a comment is left out, as the note about it counts it.
LEFT_OUT = {
    "spam": "spam comment",
    "trash": "trashed comment",
    "unapproved": "unapproved comment",
    DELETED: "deleted comment",
}
HELD = "held_comments"  # the ``extra`` key of comments kept aside (``--keep-unapproved``)


@dataclass
class SiteComment:
    """A comment as the export has it. ``key`` names it in the whole export (the same
    comment, the same key, export after export); ``ref`` and ``parent`` are the site's ids
    within the article."""

    key: str
    ref: str
    at: datetime
    html: str
    status: str = APPROVED  # or one of LEFT_OUT
    parent: str | None = None
    author: str | None = None
    email: str | None = None
    edited: datetime | None = None
    votes: tuple[int, int] | None = None  # up, down


@dataclass
class SiteDiscussion:
    """An article's comments as import records, those kept aside, and what was left out."""

    comments: list[dict[str, Any]] = field(default_factory=list)
    held: list[dict[str, Any]] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)


def comment_text(html: str) -> str:
    """A comment's HTML as newscli's text: each line and block a paragraph."""
    return "\n\n".join(html_paragraphs(html.replace("\r\n", "\n").replace("\n", "<br>")))


def discussion(comments: Iterable[SiteComment], keep_held: bool = False) -> SiteDiscussion:
    """The approved comments as records, threaded; the others counted, and with
    ``keep_held`` kept aside (deleted ones never are)."""
    found: list[SiteComment] = []
    taken: set[str] = set()
    new_ids: dict[str, str] = {}
    for comment in comments:
        if comment.ref not in new_ids:  # a comment given twice counts once
            new_ids[comment.ref] = ids.derived_id(comment.key, ids.COMMENT_ID_LENGTH, taken)
            taken.add(new_ids[comment.ref])
            found.append(comment)
    parents = _parents(found, new_ids)
    needed = _needed(found, parents)
    result = SiteDiscussion()
    for comment in _in_order(found, parents):
        cid = new_ids[comment.ref]
        parent = parents.get(comment.ref)
        if comment.status == APPROVED:
            result.comments.append(_record(comment, cid, parent))
            continue
        result.left_out[comment.status] += 1
        if comment.ref in needed:
            tomb = {"id": cid, "at": comment.at, "deleted": comment.at}
            result.comments.append(tomb | ({"parent": parent} if parent else {}))
        if keep_held and comment.status != DELETED:
            result.held.append(_record(comment, cid, parent) | {"status": comment.status})
    return result


def _in_order(found: list[SiteComment], parents: dict[str, str]) -> list[SiteComment]:
    """Oldest first, but never a reply before its parent (a site's clock can say so), so
    that the page hangs every reply under its parent."""
    parent_of = {c.ref: c.parent for c in found if c.ref in parents}
    ordered: list[SiteComment] = []
    shown: set[str] = set()
    waiting: dict[str, list[SiteComment]] = {}
    for comment in sorted(found, key=lambda c: c.at):
        parent = parent_of.get(comment.ref)
        if parent is not None and parent not in shown:
            waiting.setdefault(parent, []).append(comment)
            continue
        stack = [comment]
        while stack:
            next_one = stack.pop()
            ordered.append(next_one)
            shown.add(next_one.ref)
            stack.extend(reversed(waiting.pop(next_one.ref, [])))
    return ordered


def _parents(found: list[SiteComment], new_ids: dict[str, str]) -> dict[str, str]:
    """Each reply's parent as a new id; a parent not in the export, or a loop of replies,
    leaves the comment at the top."""
    by_ref = {c.ref: c for c in found}
    parents: dict[str, str] = {}
    for comment in found:
        seen = {comment.ref}
        step = comment.parent
        while step in by_ref and step not in seen:
            seen.add(step)
            step = by_ref[step].parent
        if comment.parent in by_ref and step not in seen:
            parents[comment.ref] = new_ids[comment.parent]
    return parents


def _needed(found: list[SiteComment], parents: dict[str, str]) -> set[str]:
    """The comments left out that an approved reply (at any depth) still hangs from."""
    parent_ref = {c.ref: c.parent for c in found if c.ref in parents}
    status = {c.ref: c.status for c in found}
    needed: set[str] = set()
    for comment in found:
        if comment.status != APPROVED:
            continue
        step = parent_ref.get(comment.ref)
        while step is not None and step not in needed:
            needed.add(step)
            step = parent_ref.get(step)
    return {ref for ref in needed if status[ref] != APPROVED}


def _record(comment: SiteComment, cid: str, parent: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {"id": cid, "at": comment.at, "text": comment_text(comment.html)}
    for key in ("author", "email", "edited"):
        value = getattr(comment, key)
        if value:
            record[key] = value
    if parent:
        record["parent"] = parent
    if comment.votes and any(comment.votes):
        record["imported_up"], record["imported_down"] = comment.votes
    return record
