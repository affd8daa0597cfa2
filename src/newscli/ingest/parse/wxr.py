"""WordPress exports (WXR, Tools → Export): each post an article with its whole discussion.

The file is read twice, a piece at a time: once whole, for the site's name, its authors'
display names and its attachments' addresses (a featured image may come after its post),
which also proves the XML sound before anything is imported; then an item at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any

from newscli.errors import InvalidInput
from newscli.ingest.input_record import InputRecord, ReadOptions
from newscli.ingest.parse.site_comments import APPROVED, HELD, LEFT_OUT, SiteComment, discussion
from newscli.ingest.parse.site_export import body_text, left_out_note, php_counts
from newscli.ingest.parse.xml_stream import (
    Element,
    ends,
    local,
    local_name,
    namespace,
    rereadable,
    text_of,
)

_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_KINDS = {"post": "post", "page": "page"}
_STATUS_NAMES = {
    "draft": "draft",
    "pending": "pending post",
    "private": "private post",
    "trash": "trashed post",
    "future": "scheduled post",
    "auto-draft": "auto-draft",
}
_PINGS = {"pingback": "pingback", "trackback": "trackback"}
_COMMENT_TYPES = ("", "comment", "review")
_APPROVAL = {"1": APPROVED, "0": "unapproved", "spam": "spam", "trash": "trash"}
_TAXONOMIES = ("category", "post_tag")
_DEFAULT_CATEGORY = "uncategorized"
NO_TITLE = "(no title)"
_WP_DATE_LENGTH = len("2024-06-06 08:12:00")  # as WordPress lists a post without one


@dataclass
class _Site:
    """What the whole export says once: its name, address, authors and attachments."""

    title: str | None = None
    address: str = ""
    authors: dict[str, str] = field(default_factory=dict)  # login -> display name
    attachments: dict[str, str] = field(default_factory=dict)  # post id -> file address


def read_wxr(handle: IO[bytes], source: str, options: ReadOptions) -> Iterator[InputRecord]:
    """A record for each post (and page, with ``options.pages``) of the export, in order,
    named ``SOURCE:LINE``; a note of what was left out at the end."""
    with rereadable(handle) as again:
        try:
            site = _site(again())
        except InvalidInput as exc:
            yield InputRecord(source, problem=str(exc))
            return
        left_out: Counter[str] = Counter()
        for item in ends(again(), frozenset(("item",)), 3):
            where = f"{source}:{item.sourceline}"
            try:
                record = _post(item, site, options, left_out)
            except InvalidInput as exc:
                yield InputRecord(where, problem=str(exc))
                continue
            if record is not None:
                yield InputRecord(where, record=record, discussion=True)
    if left_out:
        yield InputRecord(source, note=left_out_note(left_out))


def _site(handle: IO[bytes]) -> _Site:
    site = _Site()
    wanted = frozenset(("item", "author", "title", "link", "base_blog_url"))
    for element in ends(handle, wanted, 3):
        name = local(element.tag)
        if name == "item":
            fields = _fields(element)
            if fields.get("post_type") == "attachment" and fields.get("attachment_url"):
                site.attachments[fields.get("post_id", "")] = fields["attachment_url"]
        elif name == "author":
            fields = _fields(element)
            login = fields.get("author_login", "")
            site.authors[login] = fields.get("author_display_name") or login
        else:
            value = text_of(element).strip()
            if name == "title":
                site.title = value or None
            elif name == "base_blog_url" or not site.address:
                site.address = value.rstrip("/")
    return site


def _fields(element: Element) -> dict[str, str]:
    """An element's children that hold text, by local name (the first of each), stripped."""
    found: dict[str, str] = {}
    for child in element:
        name = local_name(child.tag)
        if name == "encoded":  # content:encoded and excerpt:encoded share a local name
            name = "content" if namespace(child.tag) == _CONTENT_NS else "excerpt"
        if name not in found and not len(child):
            found[name] = (child.text or "").strip()
    return found


def _meta(element: Element, tag: str) -> dict[str, str]:
    """The ``wp:postmeta`` or ``wp:commentmeta`` of an element, by key (the last counts)."""
    meta = {}
    for child in element:
        if local(child.tag) == tag:
            fields = _fields(child)
            meta[fields.get("meta_key", "")] = fields.get("meta_value", "")
    return meta


def _post(
    item: Element, site: _Site, options: ReadOptions, left_out: Counter[str]
) -> dict[str, Any] | None:
    """The record of a post, or None when it is not one to import (counted if it is a
    post or page left out)."""
    fields = _fields(item)
    kind = fields.get("post_type") or "post"  # older and hand-made exports have none
    if kind not in _KINDS:
        return None  # attachments, menu items, revisions: not articles
    if kind == "page" and not options.pages:
        left_out["page (--pages imports them)"] += 1
        return None
    status = fields.get("status") or "publish"
    if status not in options.statuses:
        left_out[_STATUS_NAMES.get(status, f"{status} post")] += 1
        return None
    link = fields.get("link") or None
    record: dict[str, Any] = {
        "title": fields.get("title") or NO_TITLE,
        "body": body_text(fields.get("content", ""))
        or body_text(fields.get("excerpt", ""))
        or link
        or fields.get("title")
        or NO_TITLE,
    }
    creator = fields.get("creator")
    optional = {
        "url": link,
        "source": site.title,
        "author": site.authors.get(creator, creator) if creator else None,
        "published": _published(fields),
        "tags": _tags(item),
    }
    meta = _meta(item, "postmeta")
    optional["image"] = site.attachments.get(meta.get("_thumbnail_id", ""))
    rating = _rating(meta)
    if rating:
        record["imported_rating"] = rating
    record |= {k: v for k, v in optional.items() if v}
    post_id = fields.get("post_id") or link or record["title"]
    key = f"wxr\n{site.address}\n{post_id}"
    comments = _comments(item, key, _published(fields), left_out)
    talk = discussion(comments, options.keep_unapproved)
    left_out.update({LEFT_OUT[k]: n for k, n in talk.left_out.items()})
    if talk.comments:
        record["comments"] = talk.comments
    if talk.held:
        record["extra"] = {HELD: talk.held}
    return record


def _published(fields: dict[str, str]) -> datetime | None:
    """When the post was published: ``post_date_gmt``, else ``pubDate``, else the site's
    local ``post_date`` taken as UTC. A draft has none: WordPress writes its
    ``post_date_gmt`` as zeros."""
    from email.utils import parsedate_to_datetime

    gmt = fields.get("post_date_gmt")
    if gmt is not None and gmt.startswith("0000"):
        return None
    if _wp_date(gmt):
        return _wp_date(gmt)
    try:
        stated = parsedate_to_datetime(fields.get("pubDate", ""))
    except (TypeError, ValueError, IndexError):
        stated = None
    if stated and stated.year > 1970:
        return stated if stated.tzinfo else stated.replace(tzinfo=UTC)
    return _wp_date(fields.get("post_date"))


def _wp_date(value: str | None) -> datetime | None:
    """``2024-06-06 08:12:00`` (WordPress's database form) in UTC; None for its
    ``0000-00-00 00:00:00`` and for anything else that is not a date."""
    if not value or len(value) != _WP_DATE_LENGTH:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return None


def _tags(item: Element) -> list[str]:
    tags = []
    for child in item:
        if local(child.tag) != "category" or child.get("domain") not in _TAXONOMIES:
            continue
        name = text_of(child).strip()
        if name and child.get("nicename") != _DEFAULT_CATEGORY:
            tags.append(name)
    return tags


def _rating(meta: dict[str, str]) -> dict[str, Any] | None:
    """wpDiscuz's post rating (average and count), if it has one."""
    try:
        average = round(float(meta.get("wpdiscuz_post_rating", "")), 1)
        votes = int(meta.get("wpdiscuz_post_rating_count", ""))
    except ValueError:
        return None
    if votes < 1 or not 1 <= average <= 5:
        return None
    return {"average": average, "votes": votes}


def _comments(
    item: Element, post_key: str, posted: datetime | None, left_out: Counter[str]
) -> Iterator[SiteComment]:
    """The post's comments; pingbacks, trackbacks and other notes counted and left out. A
    comment that gives no date at all (hand-made exports) takes the post's."""
    for element in item:
        if local(element.tag) != "comment" or not len(element):
            continue
        fields = _fields(element)
        kind = fields.get("comment_type", "")
        undated = not (fields.get("comment_date_gmt") or fields.get("comment_date"))
        if kind in _COMMENT_TYPES and undated and posted is None:
            left_out["comment without a date"] += 1
        elif kind in _COMMENT_TYPES:
            yield _comment(element, fields, post_key, posted)
        else:
            left_out[_PINGS.get(kind, f"{kind} note")] += 1


def _comment(
    element: Element, fields: dict[str, str], post_key: str, posted: datetime | None
) -> SiteComment:
    ref = fields.get("comment_id", "")
    meta = _meta(element, "commentmeta")
    at = _wp_date(fields.get("comment_date_gmt")) or _wp_date(fields.get("comment_date"))
    if at is None and not (fields.get("comment_date_gmt") or fields.get("comment_date")):
        at = posted
    if at is None:
        raise InvalidInput(f"comment {ref or '?'} has no date")
    approval = fields.get("comment_approved", "1")
    return SiteComment(
        key=f"{post_key}\n{ref}",
        ref=ref,
        at=at,
        html=fields.get("comment_content", ""),
        status=_APPROVAL.get(approval, "trash" if "trash" in approval else "unapproved"),
        parent=fields.get("comment_parent") if fields.get("comment_parent") != "0" else None,
        author=fields.get("comment_author") or None,
        email=fields.get("comment_author_email") or None,
        edited=_wp_date(meta.get("wpdiscuz_last_edited_at")),
        votes=php_counts(meta.get("wpdiscuz_votes_seperate"), meta.get("wpdiscuz_votes")),
    )
