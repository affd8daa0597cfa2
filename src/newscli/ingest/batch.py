"""Turning an imported record into an article, and recognising one already stored.

Records use the article file's field names (``docs/format.md``). Dates may be
ISO-8601 or written (``June 6, 2024``) strings; a record may leave out ``schema``,
``id``, ``added`` and ``updated``, and comments may leave out their ``id``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from newscli import ids
from newscli.dates import in_range, parse_date
from newscli.errors import InvalidInput
from newscli.index.rows import content_digest
from newscli.model.article import SCHEMA, Article
from newscli.model.record import from_record
from newscli.model.threads import broken_replies
from newscli.model.values import without_nulls

_DATE_KEYS = ("published", "added", "updated")
_ENTRY_KEYS = ("votes", "retracted", "comments", "conflicts")


def _date(value: object, where: str) -> object:
    """A string, date or datetime as a UTC datetime that every time zone can show;
    anything else is left for the type check."""
    try:
        if isinstance(value, str):
            return parse_date(value)
        if isinstance(value, datetime):
            return in_range(value)
    except InvalidInput as exc:
        raise InvalidInput(f"'{where}': {exc}") from None
    if isinstance(value, date):
        return datetime.combine(value, time(), UTC)
    return value


def _entries(items: object, key: str, taken: set[str]) -> object:
    if not isinstance(items, list):
        return items
    result = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            item = {**item, "at": _date(item.get("at"), f"{key} #{number}: at")}
            if key == "conflicts" and "kept_at" in item:
                item["kept_at"] = _date(item["kept_at"], f"{key} #{number}: kept_at")
            if key == "comments":
                item = _comment_dates(item, f"{key} #{number}: ")
                if "id" not in item:
                    item["id"] = ids.new_id(ids.COMMENT_ID_LENGTH, taken)
                    taken.add(item["id"])
        result.append(item)
    return result


def _comment_dates(comment: dict[str, Any], where: str) -> dict[str, Any]:
    """A comment's ``edited`` and ``deleted`` times and its votes', retractions' and
    history's ``at`` read as dates."""
    for key in ("edited", "deleted"):
        if key in comment:
            comment[key] = _date(comment[key], f"{where}{key}")
    for key in ("votes", "retracted", "history"):
        items = comment.get(key)
        if isinstance(items, list):
            comment[key] = [
                {**v, "at": _date(v.get("at"), f"{where}{key} #{n}: at")}
                if isinstance(v, dict)
                else v
                for n, v in enumerate(items, start=1)
            ]
    return comment


def article_from_record(
    record: Mapping[str, Any], stamp: datetime, new_id: Callable[[], str]
) -> tuple[Article, bool]:
    """The article a record describes, and whether the record gave its id.

    Raises InvalidInput naming the key that is wrong.
    """
    data: dict[str, Any] = without_nulls(record)  # JSON null means absent
    given_id = "id" in data
    if given_id and not (isinstance(data["id"], str) and ids.ARTICLE_ID_RE.fullmatch(data["id"])):
        raise InvalidInput(
            f"'id' is not a valid article id: {str(data['id'])[:40]!r}"
            f" ({ids.shape(ids.ARTICLE_ID_LENGTH)})"
        )
    data.setdefault("schema", SCHEMA)
    if not given_id:
        data["id"] = new_id()
    for key in _DATE_KEYS:
        if key in data:
            data[key] = _date(data[key], key)
    data.setdefault("added", stamp)
    data.setdefault("updated", data["added"])
    changed = data.get("changed")
    if isinstance(changed, dict):
        data["changed"] = {k: _date(v, f"changed.{k}") for k, v in changed.items()}
    comments = data.get("comments")
    # Only string ids can be taken; any other id is a bad record, which from_record reports.
    taken = {
        c["id"]
        for c in (comments if isinstance(comments, list) else [])
        if isinstance(c, dict) and isinstance(c.get("id"), str)
    }
    for key in _ENTRY_KEYS:
        if key in data:
            data[key] = _entries(data[key], key, taken)
    for key in ("title", "body"):
        if key not in data or (isinstance(data[key], str) and not data[key].strip()):
            raise InvalidInput(f"the record has no {key}")
    try:
        article = from_record(data)
    except (OverflowError, ValueError) as exc:
        raise InvalidInput(f"unusable value: {exc}") from None
    broken = broken_replies(article.comments, "the record")
    if broken:
        raise InvalidInput(broken[0])
    return article, given_id


class Seen:
    """The stored articles by url, id and content, built once and kept up to date.

    Content is a 16-byte digest of the title and body (``content_digest``), never the
    texts: memory grows by about a hundred bytes an article, whatever their length.
    """

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        self.by_url: dict[str, str] = {}
        self.by_id: set[str] = set()
        self.by_content: dict[bytes, str] = {}
        for article in articles:
            self.add(article)

    @classmethod
    def of(cls, known: Iterable[tuple[str, str | None, bytes]]) -> Seen:
        """``known``: the id, url and content digest of each stored article (as the
        index gives them: ``Index.fingerprints``)."""
        seen = cls()
        for article_id, url, digest in known:
            seen.note(article_id, url, digest)
        return seen

    def add(self, article: Article) -> None:
        """Remember an article just stored."""
        self.note(article.id, article.url, content_digest(article.title, article.body))

    def note(self, article_id: str, url: str | None, digest: bytes) -> None:
        """Remember an article just stored, by its id, url and content digest."""
        if url:
            self.by_url.setdefault(url, article_id)
        self.by_id.add(article_id)
        self.by_content.setdefault(digest, article_id)

    def match(self, article: Article, given_id: bool) -> str | None:
        """The id of the stored article that ``article`` duplicates, if any.

        Matched by url; else, when the record gave one, by id; else by title and body.
        A record whose id is taken is always a duplicate of that article.
        """
        digest = content_digest(article.title, article.body)
        return self.match_parts(article.id, article.url, given_id, digest)

    def match_parts(
        self, article_id: str, url: str | None, given_id: bool, digest: bytes
    ) -> str | None:
        """``match`` of an article known by its id, url and content digest."""
        if url and url in self.by_url:
            return self.by_url[url]
        if given_id and article_id in self.by_id:
            return article_id
        if not url and not given_id:
            return self.by_content.get(digest)
        return None
