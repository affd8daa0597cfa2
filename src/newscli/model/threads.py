"""An article's comments as the page shows them: threads, their depth, order, net votes,
footnote numbers, and which comments are new to the reader."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from operator import attrgetter

from newscli.errors import InvalidInput
from newscli.model.article import QUOTE_KEYS, Comment

MAX_DEPTH = 5
THREADS_SHOWN = 10
ORDERS = ("oldest", "newest", "votes")

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


def shown_comments(comments: list[Comment]) -> list[Comment]:
    """The comments a page shows, in their order: all but the deleted ones that have no
    shown reply (a tombstone stays only to keep its replies in place)."""
    by_id = {c.id: c for c in comments}
    shown: set[str] = set()
    for comment in comments:
        if comment.deleted:
            continue
        node: Comment | None = comment
        while node is not None and node.id not in shown:  # up the thread, a loop at most once
            shown.add(node.id)
            node = by_id.get(node.parent) if node.parent else None
    return [c for c in comments if c.id in shown]


def net_votes(comment: Comment) -> int:
    """Up votes minus down votes; a voter named twice (after a merge) counts once, last."""
    return sum({v.voter: v.value for v in comment.votes}.values())


def imported_net(comment: Comment) -> int:
    """The net votes a comment brought from the site it was imported from (0: none)."""
    return comment.imported_votes.net if comment.imported_votes else 0


def total_votes(comment: Comment) -> int:
    """The imported tally and the votes cast in newscli, together: what ``votes`` sorts by."""
    return imported_net(comment) + net_votes(comment)


@dataclass(frozen=True)
class PageState:
    """What the page says to the person reading it; the default is nobody in particular.

    ``person``: whose state this is (None: unknown). ``commenter``: the name their comments
    are written under (None: anonymous, ``guest``). ``subscription``: ``all``, ``replies``
    or None. ``new``: the ids of the comments that arrived since their last visit.
    ``unverified``: what a signature should vouch for and does not (``signed.SignedEntry``
    keys: ``comment ID``, ``vote NAME``, ``vote NAME on ID``).
    """

    person: str | None = None
    commenter: str | None = None
    subscription: str | None = None
    new: frozenset[str] = frozenset()
    unverified: frozenset[str] = frozenset()

    def is_new(self, comment: Comment) -> bool:
        """Whether the page marks ``comment`` as new since the reader's last visit."""
        return comment.id in self.new


def checked_order(order: str) -> str:
    """``order`` if threads can be sorted that way; raises InvalidInput."""
    if order not in ORDERS:
        raise InvalidInput(f"cannot sort comments by {order!r}: choose {', '.join(ORDERS)}")
    return order


_written_at = attrgetter("at")


def _ordered(tops: list[Comment], order: str) -> list[Comment]:
    """The top-level comments in ``order``. Comments of the same second keep the file's
    order, which is the order they were written in: reversed for ``newest``."""
    if order == "newest":
        return sorted(tops, key=_written_at)[::-1]
    if order == "votes":
        return sorted(tops, key=lambda c: (-total_votes(c), c.at))
    return sorted(tops, key=_written_at)


def threads(comments: list[Comment], order: str = "oldest") -> list[Thread]:
    """Comments grouped in threads, each in reading order with its depth (at most 5).

    ``order`` sorts the threads by their first comment: ``oldest`` or ``newest`` first,
    or ``votes`` (highest net votes first, ties oldest first); replies are always oldest
    first. A reply hangs under its parent only if the parent was written before it, which
    rules out loops in hand-edited files; any other comment starts a thread of its own.
    Deeper replies attach at depth 5, as the web page does.
    """
    checked_order(order)
    earlier: set[str | None] = set()
    children: dict[str | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        children[comment.parent if comment.parent in earlier else None].append(comment)
        earlier.add(comment.id)
    replies = {parent: sorted(kids, key=_written_at) for parent, kids in children.items()}

    result: list[Thread] = []
    for top in _ordered(children[None], order):
        thread: Thread = []
        stack = [(0, top)]  # a loop, not recursion: reply chains may be long
        while stack:
            depth, comment = stack.pop()
            thread.append((min(depth, MAX_DEPTH), comment))
            # Oldest first; the sort is stable, so comments of the same second keep their
            # order. Reversed, because the walk pops from the end of its stack.
            stack += [(depth + 1, c) for c in reversed(replies.get(comment.id, ()))]
        result.append(thread)
    return result


@dataclass(frozen=True)
class Discussion:
    """What the page shows of the comments, and what it counts."""

    shown: list[Thread]
    hidden: int
    """Comments not shown (deleted ones' placeholders are not counted)."""
    total: int
    """Comments, not counting deleted ones' placeholders."""
    feedbacks: int
    numbers: dict[str, int]
    """Footnote number of each inline-feedback comment, in reading order."""
    order: str = "oldest"
    feedback_only: bool = False


def discussion(
    comments: list[Comment],
    all_comments: bool = False,
    order: str = "oldest",
    feedback_only: bool = False,
) -> Discussion:
    """The threads the page shows in ``order``, the counts, and footnote numbers.

    Shown: the first 10 threads (all with ``all_comments``) and every later thread that
    holds inline feedback, so that each ``[n]`` in the body points to a note on the page;
    with ``feedback_only``, only the inline-feedback comments, each on its own. Deleted
    comments with no reply left are neither shown nor counted.
    """
    comments = shown_comments(comments)
    every = threads(comments, order)
    quoting = [c for thread in every for _, c in thread if c.quote]
    if feedback_only:
        shown = [[(0, c)] for c in quoting]
    elif all_comments:
        shown = every
    else:
        later = [t for t in every[THREADS_SHOWN:] if quoting and any(c.quote for _, c in t)]
        shown = every[:THREADS_SHOWN] + later
    # A deleted comment's placeholder keeps its replies' place but is no comment: not counted.
    live = sum(1 for c in comments if not c.deleted)
    return Discussion(
        shown=shown,
        hidden=live - sum(1 for thread in shown for _, c in thread if not c.deleted),
        total=live,
        feedbacks=len(quoting),
        numbers={c.id: number for number, c in enumerate(quoting, start=1)},
        order=order,
        feedback_only=feedback_only,
    )


def discussion_problems(comments: list[Comment]) -> list[str]:
    """What is wrong with the votes, edits and deletions of an article's comments, for
    ``check``: each a sentence naming the comment. Files with these are still read."""
    problems = broken_replies(comments, "the file")
    for comment in comments:
        where = f"comment {comment.id}"
        voters = Counter(v.voter for v in comment.votes)
        for voter, count in sorted(voters.items()):
            if count > 1:
                problems.append(f"{where} has {count} votes by {voter}")
        if comment.author is not None and comment.author in voters:
            problems.append(f"{where} has a vote by its own author, {comment.author}")
        if comment.edited is not None and comment.edited < comment.at:
            problems.append(f"{where} was edited before it was written")
        retracted = {r.voter for r in comment.retracted}
        for voter in sorted(retracted & set(voters)):
            problems.append(f"{where} has a vote by {voter} that {voter} also took back")
        if comment.deleted is None:
            continue
        kept = [
            k
            for k in ("text", "author", "email", "edited", *QUOTE_KEYS, "votes")
            if getattr(comment, k)
        ]
        if kept or comment.extra:
            what = ", ".join(kept + sorted(comment.extra))
            problems.append(f"{where} is deleted but still has its {what}")
    return problems
