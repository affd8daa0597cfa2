"""Atom feeds of comments: the inbox's (`inbox --format atom`) and each article's on the
site; well-formed, one entry an item, ids the same in every feed and on every run."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from newscli.model.article import Article, Comment
from newscli.model.notices import InboxItem
from newscli.render.inbox import inbox_feed
from newscli.text.atom import EMPTY_FEED_TIME, article_feed, comment_urn

ATOM = "{http://www.w3.org/2005/Atom}"
T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _item(comment_id: str, why: str, text: str, author: str | None = "kai") -> InboxItem:
    return InboxItem(
        article_id="abcd2345",
        title="Night <Ferry> & co",
        comment_id=comment_id,
        author=author,
        at=T0,
        why=why,
        text=text,
        arrived=T0.replace(hour=13),
        seq=1,
    )


def test_the_inbox_feed_has_an_entry_an_item_with_stable_ids() -> None:
    items = [
        _item("aaaaaa", "reply", "Yes,\x1b[31m and\x00 late.\n\nSecond paragraph."),
        _item("bbbbbb", "mention", "Ask @mei.", author=None),
    ]
    text = inbox_feed(items, "mei")
    root = ET.fromstring(text)  # well-formed, with no character XML forbids
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "mei's newscli inbox"
    assert root.findtext(f"{ATOM}updated") == "2026-03-01T13:00:00Z"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        comment_urn("abcd2345", "aaaaaa"),
        comment_urn("abcd2345", "bbbbbb"),
    ]
    first, second = entries
    assert first.findtext(f"{ATOM}title") == "kai replied on “Night <Ferry> & co”"
    assert first.findtext(f"{ATOM}content") == "Yes,␛[31m and␀ late.\n\nSecond paragraph."
    assert first.findtext(f"{ATOM}published") == "2026-03-01T12:00:00Z"
    assert first.findtext(f"{ATOM}updated") == "2026-03-01T13:00:00Z"  # when it arrived
    assert second.findtext(f"{ATOM}title") == "guest mentioned you on “Night <Ferry> & co”"
    assert second.findtext(f"{ATOM}author/{ATOM}name") == "guest"
    assert inbox_feed(items, "mei") == text  # the same bytes every time
    assert inbox_feed(items, "kai") != text


def test_an_empty_feed_is_still_a_feed() -> None:
    root = ET.fromstring(inbox_feed([], "mei"))
    assert root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}updated") == EMPTY_FEED_TIME.isoformat().replace("+00:00", "Z")


def test_an_articles_feed_holds_its_comments_but_not_the_deleted_ones() -> None:
    comments = [
        Comment(id="aaaaaa", text="First.", at=T0, author="mei"),
        Comment(id="bbbbbb", text="", at=T0, deleted=T0),
        Comment(id="cccccc", text="Edited.", at=T0, author="kai", parent="bbbbbb", edited=T0),
    ]
    article = Article("abcd2345", "Night Ferry", "Body.", T0, T0, comments=comments)
    root = ET.fromstring(article_feed(article, "abcd2345.html"))
    assert root.find(f"{ATOM}link").get("href") == "abcd2345.html"  # type: ignore[union-attr]
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    # The same ids as in an inbox: a reader following both sees one entry.
    assert ids == [comment_urn("abcd2345", "aaaaaa"), comment_urn("abcd2345", "cccccc")]
