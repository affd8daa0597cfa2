"""A person's inbox as text: a table for people; tab-separated lines, JSON, JSON Lines
or ids for scripts; an Atom feed for feed readers.

The machine formats never load Rich; only ``inbox_table`` does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from newscli.choices import InboxFormat
from newscli.dates import iso
from newscli.model.article import ANONYMOUS

if TYPE_CHECKING:
    from rich.table import Table

    from newscli.model.notices import InboxItem


def item_json(item: InboxItem) -> dict[str, Any]:
    """One inbox item as a JSON object (``author`` null for an anonymous comment;
    ``arrived``: when it reached this copy of the store)."""
    return {
        "article": item.article_id,
        "title": item.title,
        "comment": item.comment_id,
        "author": item.author,
        "at": iso(item.at),
        "arrived": iso(item.arrived),
        "why": item.why,
        "line": item.line,
    }


_FEED_TITLES = {"reply": "{} replied on “{}”", "mention": "{} mentioned you on “{}”"}


def inbox_feed(items: Sequence[InboxItem], person: str) -> str:
    """The items as an Atom feed: an entry a comment (its id the same in every feed),
    updated when it arrived here."""
    from newscli.text.atom import FeedEntry, comment_urn, feed, feed_urn

    entries = [
        FeedEntry(
            id=comment_urn(item.article_id, item.comment_id),
            title=_FEED_TITLES.get(item.why, "{} on “{}”").format(
                item.author or ANONYMOUS, item.title
            ),
            author=item.author,
            published=item.at,
            updated=item.arrived,
            text=item.text,
        )
        for item in items
    ]
    return feed(feed_urn("inbox", person), f"{person}'s newscli inbox", entries)


def inbox_pieces(items: Sequence[InboxItem], fmt: InboxFormat, person: str) -> Iterator[str]:
    """The items, newest first as given, in a machine format."""
    from newscli.text.safe import json_dumps, one_line

    if fmt is InboxFormat.ATOM:
        yield inbox_feed(items, person)
    elif fmt is InboxFormat.IDS:  # the article and comment ids, as `comment --reply-to` needs
        yield from (f"{item.article_id} {item.comment_id}\n" for item in items)
    elif fmt is InboxFormat.TSV:  # the table's columns, a line an item, for grep and cut
        for item in items:
            author, title, line = (
                one_line(c).replace("\t", " ")
                for c in (item.author or ANONYMOUS, item.title, item.line)
            )
            cells = (item.article_id, item.comment_id, author, iso(item.at), item.why, title, line)
            yield "\t".join(cells) + "\n"
    elif fmt is InboxFormat.JSON:
        yield json_dumps([item_json(item) for item in items], indent=2) + "\n"
    elif fmt is InboxFormat.JSONL:
        yield from (json_dumps(item_json(item)) + "\n" for item in items)
    else:
        raise ValueError(f"not a text format: {fmt}")


def inbox_table(items: Sequence[InboxItem]) -> Table:
    """Each item's article title, author, why, the first line of the comment and its id
    (what ``comment ARTICLE --reply-to ID`` needs is in ``--format ids``)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from newscli.text.safe import one_line

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False)
    # The comment's id is never cut short: the first line gives way first, then the title.
    table.add_column("article", overflow="ellipsis", no_wrap=True, min_width=8, ratio=2)
    table.add_column("author", no_wrap=True, overflow="ellipsis", min_width=6, max_width=16)
    table.add_column("why", no_wrap=True, min_width=9)
    table.add_column("first line", overflow="ellipsis", no_wrap=True, ratio=3)
    table.add_column("comment", style="cyan", no_wrap=True, min_width=len("comment"))
    for item in items:
        table.add_row(
            Text(one_line(item.title)),
            Text(one_line(item.author or ANONYMOUS)),
            item.why,
            Text(one_line(item.line)),
            item.comment_id,
        )
    return table
