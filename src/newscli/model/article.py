"""Articles, votes and comments (``model.record`` maps them to and from the TOML record)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newscli.dates import iso
from newscli.model.tally import ImportedRating, ImportedVotes

SCHEMA = 4
# Schema 1 files have no comment votes, edits or deletions; schema 2 files no retracted
# votes and no change times of fields (their deleted comments without replies are gone);
# schema 3 files no stamps with a counter, no ``changed_by`` and no signed retractions.
READABLE_SCHEMAS = (1, 2, 3, 4)
MAX_STARS = 5
ANONYMOUS = "guest"
DELETED_TEXT = "This comment was deleted."
# The ``extra`` key marking a page that showed a feature image with no address.
IMAGE_PLACEHOLDER = "image_placeholder"
COMMENT_VOTE_VALUES = (1, -1)
MAX_TITLE_CHARS = 1_000
MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_INPUT_BYTES = MAX_BODY_BYTES + 1024 * 1024  # a page holds a little more than its body
BODY_FORMATS = ("text", "markdown")


def tag_key(tag: str) -> str:
    """The form tags are compared in: single spaces, case folded."""
    return " ".join(tag.split()).casefold()


@dataclass
class Vote:
    """One reader's star rating; a reader has at most one vote per article. ``signature``:
    the voter's SSH signature of it (``model.signed``), if they sign."""

    voter: str
    stars: int
    at: datetime
    extra: dict[str, Any] = field(default_factory=dict)
    signature: str | None = None


@dataclass
class CommentVote:
    """One reader's vote on a comment: ``value`` is +1 (up) or -1 (down)."""

    voter: str
    value: int
    at: datetime
    extra: dict[str, Any] = field(default_factory=dict)
    signature: str | None = None


@dataclass
class Retraction:
    """A vote taken back (a star rating, or a vote on a comment): who, and when.

    Kept as a dated record, as a deleted comment is, so that a merge can tell a vote
    taken back from one never seen there: of a person's vote and their retraction, the
    later stands. ``signature``: the voter's SSH signature of it, if they sign."""

    voter: str
    at: datetime
    extra: dict[str, Any] = field(default_factory=dict)
    signature: str | None = None


@dataclass
class EarlierText:
    """A comment's text that a merge set aside: two people edited the comment at once, and
    the later edit was kept (``at``: when this text was written or last edited)."""

    text: str
    at: datetime


@dataclass
class Comment:
    """A comment; ``parent`` is the id of the comment it replies to.

    A deleted comment stays as a tombstone: ``deleted`` is set and its text, author and
    votes are gone. The page shows it only while it has replies, so that they keep their
    place; the record says when it went, so that a merge deletes it everywhere.
    ``signature``: its author's SSH signature of it (``model.signed``), if they sign; on a
    tombstone, the signature of its deletion by ``deleted_by``.
    """

    id: str
    text: str
    at: datetime
    author: str | None = None
    email: str | None = None
    parent: str | None = None
    quote: str | None = None
    quote_prefix: str | None = None
    quote_suffix: str | None = None
    edited: datetime | None = None
    deleted: datetime | None = None
    votes: list[CommentVote] = field(default_factory=list)
    retracted: list[Retraction] = field(default_factory=list)
    history: list[EarlierText] = field(default_factory=list)
    imported_votes: ImportedVotes | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    signature: str | None = None
    deleted_by: str | None = None

    @property
    def display_author(self) -> str:
        """The name shown on the page: the author, or ``guest`` when anonymous."""
        return self.author or ANONYMOUS

    @property
    def display_text(self) -> str:
        """The text shown on the page: the comment's, or a placeholder once deleted."""
        return DELETED_TEXT if self.deleted else self.text


@dataclass
class Conflict:
    """A field two people changed differently, noted by a merge until someone settles it.

    The file holds the later change, written by ``kept_by`` at ``kept_at``; ``value`` is the
    other side's (None: it had none, or, for ``field == "article"``, it deleted the
    article), written by ``by`` at ``at``. Who and when are None where a merge did not
    know them (records of older newscli versions).
    """

    field: str
    value: Any = None
    at: datetime | None = None
    by: str | None = None
    kept_by: str | None = None
    kept_at: datetime | None = None


DELETED = "article"
"""The conflict field that notes a deletion of the whole article."""
UNREADABLE = "file"
"""The conflict field that notes a copy of the file a merge could not read (its value:
why), and so kept the other copy."""
_SHOWN = 60  # characters of the other side's value shown in a message


def canon(value: Any) -> str:
    """A value as text that orders the same everywhere: the last word in every tie."""
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def shown_value(value: Any) -> str:
    """A field's value in a message: JSON-like, cut to a readable length."""
    if value is None:
        return "none"
    shown = canon(value)
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "..."


def describe_conflict(conflict: Conflict) -> str:
    """What the conflict is, in one line, naming who wrote each side when that is known."""
    kept = f"{conflict.kept_by}'s" if conflict.kept_by else "the later"
    other = f"{conflict.by}'s" if conflict.by else "the other"
    if conflict.field == DELETED:
        gone = f"deleted by {conflict.by}" if conflict.by else "deleted on one side"
        changed = (
            f"changed by {conflict.kept_by}" if conflict.kept_by else "changed on the other side"
        )
        return f"{gone} and {changed}: the article was kept"
    if conflict.field == UNREADABLE:
        return f"the other side's copy could not be read ({conflict.value}): this one was kept"
    return (
        f"{conflict.field} changed on both sides: {kept} change is kept;"
        f" {other} was {shown_value(conflict.value)}"
    )


@dataclass(frozen=True)
class Rating:
    """The average of an article's votes (None when there are none) and their count."""

    average: float | None
    votes: int


@dataclass
class Article:
    """A news article with its ratings and discussion; one TOML file on disk."""

    id: str
    title: str
    body: str
    added: datetime
    updated: datetime
    dateline: str | None = None
    published: datetime | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    image: str | None = None
    image_caption: str | None = None
    format: str = "text"
    tags: list[str] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    retracted: list[Retraction] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    imported_rating: ImportedRating | None = None
    changed: dict[str, datetime] = field(default_factory=dict)
    """When each field (``title``, ``extra.KEY``...) was last changed (a stamp of
    ``store.clock``), for those changed since the article was added: a merge keeps the
    later of two changes of a field."""
    changed_by: dict[str, str] = field(default_factory=dict)
    """Who made the change ``changed`` dates, for the fields where that is known."""

    @property
    def date(self) -> datetime:
        """The date the article is sorted by: published, else added."""
        return self.published or self.added

    @property
    def rating(self) -> Rating:
        """Average stars (one decimal) and vote count, an imported tally included."""
        imported = self.imported_rating
        count = len(self.votes) + (imported.votes if imported else 0)
        if not count:
            return Rating(None, 0)
        total = sum(v.stars for v in self.votes) + (imported.stars() if imported else 0)
        # Tenths rounded half up in exact numbers: 4.25 gives 4.3, as a reader expects.
        tenths = (20 * total + count) // (2 * count)
        return Rating(int(tenths) / 10, count)

    @property
    def paragraphs(self) -> list[str]:
        """The body split into paragraphs."""
        return [p for p in self.body.split("\n\n") if p.strip()]


OPTIONAL_TEXT = ("dateline", "url", "source", "author", "image", "image_caption")
FIELDS = (
    *("title", "body", "dateline", "published", "url", "source", "author", "image"),
    *("image_caption", "format"),
)
"""The article's own fields, each changed as a whole (``changed`` dates each)."""
QUOTE_KEYS = ("quote", "quote_prefix", "quote_suffix")


def summary(article: Article) -> dict[str, Any]:
    """The stable JSON row that ``list`` prints for an article."""
    rating = article.rating
    return {
        "id": article.id,
        "title": article.title,
        "dateline": article.dateline,
        "published": iso(article.published) if article.published else None,
        "added": iso(article.added),
        "updated": iso(article.updated),
        "url": article.url,
        "source": article.source,
        "author": article.author,
        "image": article.image,
        "tags": list(article.tags),
        "rating": {"average": rating.average, "votes": rating.votes},
        "comments": len(article.comments),
    }


@dataclass
class Draft:
    """The fields of an article about to be added, as parsed or given; all optional."""

    title: str | None = None
    body: str | None = None
    dateline: str | None = None
    published: datetime | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    image: str | None = None
    image_caption: str | None = None
    format: str | None = None
    tags: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
