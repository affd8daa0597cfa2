"""Small pieces of wording shared by the renderers: counts, stars, dates, and the lines of
the discussion widgets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING

from newscli.model.article import (
    ANONYMOUS,
    DELETED,
    MAX_STARS,
    Article,
    Comment,
    Conflict,
    Rating,
)
from newscli.text.safe import one_line

if TYPE_CHECKING:
    from newscli.model.threads import PageState

FULL_STAR, HALF_STAR, EMPTY_STAR = "★", "½", "☆"


def plural(count: int, noun: str) -> str:
    """``1 vote``, ``2 votes``, ``0 votes``."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def hashtag(tag: str) -> str:
    """``#tag`` made inert; a tag that already starts with ``#`` keeps its one ``#``; a
    tag with a space in quotes (``#"long read"``), so that a line of tags reads as many
    tags as there are."""
    name = one_line(tag).removeprefix("#")
    return f'#"{name}"' if " " in name else f"#{name}"


OPEN_SINGLE, CLOSE_SINGLE = "\u2018", "\u2019"
_INNER_QUOTES = str.maketrans({"“": OPEN_SINGLE, "”": CLOSE_SINGLE})
_OPENING = re.compile(r'(^|(?<=[\s(\[]))"')  # a straight quote at the start or after a space


def quoted(passage: str) -> str:
    """``passage`` made inert, on one line, in double quotes; the double quotes inside it
    become single ones, as quotes within a quotation are written."""
    inner = _OPENING.sub(OPEN_SINGLE, one_line(passage).translate(_INNER_QUOTES))
    inner = inner.replace('"', CLOSE_SINGLE)
    return f"“{inner}”"


def average_text(average: float | None) -> str:
    """The average as the page writes it: one decimal, or ``0`` before any vote."""
    return "0" if average is None else f"{average:.1f}"


def stars(average: float | None) -> str:
    """Five stars for an average, rounded to the nearest half star."""
    halves = round((average or 0) * 2)
    full, half = divmod(halves, 2)
    return FULL_STAR * full + HALF_STAR * half + EMPTY_STAR * (MAX_STARS - full - half)


def vote_count(article: Article) -> str:
    """``18 votes``; ``18 votes (17 imported)`` when a tally came with the article."""
    count = plural(article.rating.votes, "vote")
    imported = article.imported_rating
    return f"{count} ({imported.votes} imported)" if imported else count


def rating_short(rating: Rating) -> str:
    """``4.5 (2)`` for tables; ``-`` when nobody has voted."""
    if rating.average is None:
        return "-"
    return f"{rating.average:.1f} ({rating.votes})"


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)


def _utc(value: datetime) -> datetime:
    """``value`` in UTC; at the calendar's edges, where that cannot be, as it is.

    Dates are stored in UTC, so only a file edited by hand can hold the second case.
    """
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        return value


def is_date_only(value: datetime) -> bool:
    """True for dates stored without a time of day (midnight UTC)."""
    return _utc(value).time() == time()


def long_date(value: datetime) -> str:
    """``Thursday, June 6, 2024`` in English whatever the locale; the time too when known."""
    utc = _utc(value)
    text = f"{_DAYS[utc.weekday()]}, {_MONTHS[utc.month - 1]} {utc.day}, {utc.year}"
    return text if is_date_only(value) else f"{text}, {utc.hour:02d}:{utc.minute:02d} UTC"


def timestamp(value: datetime) -> str:
    """``2024-06-06 14:05`` in the local time zone, for comments; ``... UTC`` for a time
    so near the calendar's edge that the local zone cannot write it."""
    try:
        local, zone = value.astimezone(), ""
    except (OverflowError, ValueError):
        local, zone = _utc(value), " UTC"
    return f"{local.date().isoformat()} {local.hour:02d}:{local.minute:02d}{zone}"


NOTIFY_CHOICES = {"all": "new follow-up comments", "replies": "new replies to my comments"}
ORDER_NAMES = {"oldest": "Oldest first", "newest": "Newest first", "votes": "Most voted first"}
FEEDBACK_BAR = ("Inline Feedbacks", "View all comments")
FORM_PROMPT = "Join the discussion: "


def comment_head(
    comment: Comment, state: PageState, op: str | None = None
) -> list[tuple[str, str]]:
    """The parts of a comment's head line, each with what it is (``author``, ``op`` when
    the author is ``op``, the article's author, ``time``, ``id``, ``up``/``down``,
    ``edited``, ``new``). A deleted comment has no author.

    The votes are the tally imported with the comment (``+12 (imported)``), then the net of
    the votes cast in newscli (``+1``), each left out at 0."""
    parts = [] if comment.deleted else [("author", comment.display_author)]
    if parts and _same_name(comment.author, op):
        parts.append(("op", "OP"))
    parts += [("time", timestamp(comment.at)), ("id", comment.id)]
    for net, label, _ in vote_parts(comment):
        parts.append(("up" if net > 0 else "down", label))
    if comment.edited is not None and not comment.deleted:
        parts.append(("edited", f"edited {timestamp(comment.edited)}"))
    if state.is_new(comment):
        parts.append(("new", "new"))
    if {f"comment {comment.id}", f"deletion {comment.id}"} & state.unverified:
        parts.append(("unverified", "unverified"))
    voters = sorted(
        m["name"] for m in map(_VOTE_ON.fullmatch, state.unverified) if m and m["id"] == comment.id
    )
    if voters:
        parts.append(("unverified", f"unverified vote by {', '.join(voters)}"))
    return parts


def _same_name(one: str | None, other: str | None) -> bool:
    """Whether two names are one spelling but for case (a byline often shouts: ``By ROSA``);
    None is nobody. For the page's ``OP`` mark only: people are told apart by case."""
    from newscli.model.people import normal_name  # the discussion's alone: not at start-up

    if not one or not other:
        return False
    return normal_name(one).casefold() == normal_name(other).casefold()


def vote_parts(comment: Comment) -> list[tuple[int, str, bool]]:
    """A comment's votes as the page writes them, each with whether it was imported:
    ``(12, "+12 (imported)", True)`` for the tally it came with, ``(1, "+1", False)`` for
    the votes cast in newscli; none at 0 or once deleted."""
    from newscli.model.threads import imported_net, net_votes  # the discussion's alone

    if comment.deleted:
        return []
    return _vote_parts(imported_net(comment), net_votes(comment))


def _vote_parts(imported: int, own: int) -> list[tuple[int, str, bool]]:
    parts = [(imported, f"{imported:+d} (imported)", True)] if imported else []
    return [*parts, (own, f"{own:+d}", False)] if own else parts


def standing_text(imported: int, own: int) -> str:
    """A comment's votes in a sentence, as its page shows them: ``+12 (imported) +1``,
    ``+1``, or ``0`` when there are none."""
    return " ".join(label for _, label, _ in _vote_parts(imported, own)) or "0"


_VOTE_ON = re.compile(r"vote (?P<name>.+) on (?P<id>[0-9a-z]{6})")


def unverified_votes(state: PageState) -> str | None:
    """``unverified: mei's vote`` for the star votes that signatures do not vouch for."""
    names = sorted(
        key.removeprefix("vote ")
        for key in state.unverified
        if key.startswith("vote ") and not _VOTE_ON.fullmatch(key)
    )
    if not names:
        return None
    return "unverified: " + ", ".join(f"{one_line(name)}'s vote" for name in names)


def subscription_line(
    state: PageState, article_id: str, keys: Mapping[str, str] | None = None
) -> tuple[str, str, str]:
    """The reader's subscription to the article, a separator, and what changes it: the
    command, or with ``keys`` (action to key, as the reader binds them) the key."""
    if state.person is None:
        return "To be notified:", " ", f"newscli subscribe {article_id} --as NAME"
    if state.subscription is None:
        change = (
            f"{keys['subscribe']} subscribe"
            if keys
            else f"newscli subscribe {article_id} [--replies-only]"
        )
        return f"{state.person}: not subscribed", " · ", change
    kind = NOTIFY_CHOICES.get(state.subscription, state.subscription)
    change = f"{keys['subscribe']} unsubscribe" if keys else f"newscli unsubscribe {article_id}"
    return f"{state.person}: subscribed to {kind}", " · ", change


def form_line(
    state: PageState, article_id: str, keys: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """The comment form: the name the reader comments as, and the command to comment (with
    ``keys``, the key)."""
    how = f"{keys['comment']} comment" if keys else f"newscli comment {article_id} [TEXT]"
    return state.commenter or ANONYMOUS, how


def order_line(order: str, keys: Mapping[str, str] | None = None) -> str:
    """``Oldest first · --sort newest|votes``: the order shown and the others (only the
    order shown with ``keys``: the reader has no key for the others)."""
    from newscli.model.threads import ORDERS  # the discussion's alone

    if keys is not None:
        return ORDER_NAMES[order]
    others = "|".join(o for o in ORDERS if o != order)
    return f"{ORDER_NAMES[order]} · --sort {others}"


def view_hint(article_id: str, feedback_only: bool) -> str:
    """The command that switches the bar to its other view."""
    if feedback_only:
        return f"all comments: newscli show {article_id}"
    return f"inline feedbacks only: newscli show {article_id} --feedback-only"


def conflict_line(conflict: Conflict, article_id: str) -> str:
    """The line under the headline for an open conflict, naming who wrote each side when
    that is known, and the command that settles it."""
    if conflict.field == DELETED:
        gone = f"deleted by {one_line(conflict.by)}" if conflict.by else "deleted on one side"
        kept = f"changed by {one_line(conflict.kept_by)}" if conflict.kept_by else "changed"
        what = f"{gone}, {kept}"
    else:
        who = " and ".join(one_line(n) for n in (conflict.kept_by, conflict.by) if n)
        what = f"{conflict.field} changed " + (f"by {who}" if who else "on both sides")
    return f"Conflict: {what} · newscli resolve {article_id}"
