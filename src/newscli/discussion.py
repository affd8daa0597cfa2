"""An article's comments as the page shows them: threads, their depth, and footnote numbers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from newscli.models import Comment

MAX_DEPTH = 5
THREADS_SHOWN = 10

Thread = list[tuple[int, Comment]]


def broken_replies(comments: list[Comment], container: str) -> list[str]:
    """Why each reply whose parent is not another comment of ``container`` is broken.

    Such a reply is shown as a comment of its own; ``check`` reports it in a file,
    ``import`` refuses it in a record.
    """
    known = {c.id for c in comments}
    return [
        f"comment {c.id} replies to itself"
        if c.parent == c.id
        else f"comment {c.id} replies to comment {c.parent}, which is not in {container}"
        for c in comments
        if c.parent is not None and (c.parent == c.id or c.parent not in known)
    ]


def threads(comments: list[Comment]) -> list[Thread]:
    """Comments grouped in threads, each in reading order with its depth (at most 5).

    A reply hangs under its parent only if the parent was written before it, which
    rules out loops in hand-edited files; any other comment starts a thread of its own.
    Deeper replies attach at depth 5, as the web page does.
    """
    earlier: set[str | None] = set()
    children: dict[str | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        children[comment.parent if comment.parent in earlier else None].append(comment)
        earlier.add(comment.id)

    def replies(parent: str | None, depth: int) -> list[tuple[int, Comment]]:
        # Oldest first; the sort is stable, so comments of the same second keep their order.
        # Reversed, because the walk below pops from the end of its stack.
        ordered = sorted(children[parent], key=lambda c: c.at)
        return [(depth, c) for c in reversed(ordered)]

    result: list[Thread] = []
    for _, top in reversed(replies(None, 0)):
        thread: Thread = []
        stack = [(0, top)]  # a loop, not recursion: reply chains may be long
        while stack:
            depth, comment = stack.pop()
            thread.append((min(depth, MAX_DEPTH), comment))
            stack += replies(comment.id, depth + 1)
        result.append(thread)
    return result


@dataclass(frozen=True)
class Discussion:
    """What the page shows of the comments, and what it counts."""

    shown: list[Thread]
    hidden: int
    total: int
    feedbacks: int
    numbers: dict[str, int]
    """Footnote number of each inline-feedback comment, in reading order."""


def discussion(comments: list[Comment], all_comments: bool = False) -> Discussion:
    """The first 10 threads (all with ``all_comments``), the counts, and footnote numbers."""
    every = threads(comments)
    shown = every if all_comments else every[:THREADS_SHOWN]
    quoting = [c for thread in every for _, c in thread if c.quote]
    return Discussion(
        shown=shown,
        hidden=len(comments) - sum(len(thread) for thread in shown),
        total=len(comments),
        feedbacks=len(quoting),
        numbers={c.id: number for number, c in enumerate(quoting, start=1)},
    )
