"""A person's inbox as text: a table for people; tab-separated lines, JSON, JSON Lines
or ids for scripts.

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
    """One inbox item as a JSON object (``author`` null for an anonymous comment)."""
    return {
        "article": item.article_id,
        "title": item.title,
        "comment": item.comment_id,
        "author": item.author,
        "at": iso(item.at),
        "why": item.why,
        "line": item.line,
    }


def inbox_pieces(items: Sequence[InboxItem], fmt: InboxFormat) -> Iterator[str]:
    """The items, newest first as given, in a machine format."""
    from newscli.text.safe import json_dumps, one_line

    if fmt is InboxFormat.IDS:  # the article and comment ids, as `comment --reply-to` needs
        yield from (f"{item.article_id} {item.comment_id}\n" for item in items)
    elif fmt is InboxFormat.TSV:  # the table's columns, a line an item, for grep and cut
        for item in items:
            author, line = (
                one_line(c).replace("\t", " ") for c in (item.author or ANONYMOUS, item.line)
            )
            cells = (item.article_id, item.comment_id, author, iso(item.at), item.why, line)
            yield "\t".join(cells) + "\n"
    elif fmt is InboxFormat.JSON:
        yield json_dumps([item_json(item) for item in items], indent=2) + "\n"
    elif fmt is InboxFormat.JSONL:
        yield from (json_dumps(item_json(item)) + "\n" for item in items)
    else:
        raise ValueError(f"not a text format: {fmt}")


def inbox_table(items: Sequence[InboxItem]) -> Table:
    """Article, comment id, author, time, why and the first line of each item."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from newscli.ids import ARTICLE_ID_LENGTH
    from newscli.text.safe import one_line
    from newscli.text.wording import timestamp

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False)
    # Ids and times are never cut short: the first line gives way first, then the author.
    table.add_column("article", style="cyan", no_wrap=True, min_width=ARTICLE_ID_LENGTH)
    table.add_column("comment", style="cyan", no_wrap=True, min_width=len("comment"))
    table.add_column("author", no_wrap=True, overflow="ellipsis", min_width=6, max_width=16)
    table.add_column("time", no_wrap=True, min_width=16)
    table.add_column("why", no_wrap=True, min_width=9)
    table.add_column("first line", overflow="ellipsis", no_wrap=True, ratio=1)
    for item in items:
        table.add_row(
            item.article_id,
            item.comment_id,
            Text(one_line(item.author or ANONYMOUS)),
            timestamp(item.at),
            item.why,
            Text(one_line(item.line)),
        )
    return table
