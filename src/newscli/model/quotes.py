"""Inline feedback: finding a quoted passage in an article's body, then and later.

A passage is matched ignoring differences of white space and of straight versus
typographic quotes. It is stored with a little context on either side, so that
it can be found again after the body has been edited a little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscli.errors import InvalidInput
from newscli.model.article import Article

CONTEXT_CHARS = 32
_SAME_CHARACTER = [set("'‘’‚‛′"), set('"“”„‟″')]  # noqa: RUF001 (the point is to match them)


@dataclass(frozen=True)
class Passage:
    """A passage as it stands in the body, with up to 32 characters around it."""

    quote: str
    prefix: str
    suffix: str


def _char_pattern(char: str) -> str:
    for group in _SAME_CHARACTER:
        if char in group:
            return "[" + re.escape("".join(sorted(group))) + "]"
    return re.escape(char)


def _pattern(text: str, whole_words: bool) -> re.Pattern[str] | None:
    """A pattern matching ``text`` with any run of white space for its white space.

    With ``whole_words``, a passage that starts or ends with a letter or digit does
    not match inside a longer word ("at" is not found in "late").
    """
    words = text.split()
    if not words:
        return None
    pattern = r"\s+".join("".join(map(_char_pattern, word)) for word in words)
    if whole_words:
        pattern = (r"(?<!\w)" if words[0][0].isalnum() else "") + pattern
        pattern += r"(?!\w)" if words[-1][-1].isalnum() else ""
    return re.compile(pattern)


def _matches(body: str, text: str, whole_words: bool = True) -> list[tuple[int, int]]:
    pattern = _pattern(text, whole_words)
    return [] if pattern is None else [m.span() for m in pattern.finditer(body)]


def find_passage(body: str, passage: str) -> Passage:
    """The one place ``passage`` occurs in ``body``, with its context.

    Raises InvalidInput when the passage is empty, absent, or occurs more than once.
    """
    if not passage.split():
        raise InvalidInput("the quoted passage is empty")
    found = _matches(body, passage)
    shown = " ".join(passage.split())
    if not found:
        why = " as whole words" if _matches(body, passage, False) else ""
        raise InvalidInput(f"the passage '{shown}' does not occur in the article{why}")
    if len(found) > 1:
        raise InvalidInput(
            f"the passage '{shown}' occurs {len(found)} times in the article; "
            "quote more of it to say which"
        )
    start, end = found[0]
    return Passage(
        quote=body[start:end],
        prefix=body[max(0, start - CONTEXT_CHARS) : start],
        suffix=body[end : end + CONTEXT_CHARS],
    )


def _common(one: str, other: str) -> int:
    """How many characters ``one`` and ``other`` share at their start."""
    count = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        count += 1
    return count


def _context_score(body: str, span: tuple[int, int], prefix: str, suffix: str) -> int:
    """How many characters of the stored context still surround ``span`` (white space aside)."""
    reach = 4 * CONTEXT_CHARS
    before = "".join(body[max(0, span[0] - reach) : span[0]].split())
    after = "".join(body[span[1] : span[1] + reach].split())
    return _common(before[::-1], "".join(prefix.split())[::-1]) + _common(
        after, "".join(suffix.split())
    )


def locate(body: str, quote: str, prefix: str = "", suffix: str = "") -> tuple[int, int] | None:
    """Where a stored passage stands in ``body`` now, as (start, end); None if it is gone.

    The passage itself is looked for first; where it occurs more than once, the
    occurrence whose surroundings best match the stored context wins. If the
    passage was edited, the text between its context, when both are still there
    and close together, is taken instead.
    """
    found = _matches(body, quote)
    if found:
        return max(found, key=lambda span: _context_score(body, span, prefix, suffix))
    # Context was cut at a fixed length, so it may begin or end inside a word.
    befores, afters = _matches(body, prefix, False), _matches(body, suffix, False)
    if len(befores) != 1 or len(afters) != 1:
        return None
    start, end = befores[0][1], afters[0][0]
    # Whitespace between the context and the passage is not part of the passage.
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start >= end or end - start > 2 * len(quote) + CONTEXT_CHARS:
        return None
    return start, end


@dataclass(frozen=True)
class Mark:
    """A passage of the body (character offsets) that inline feedback quotes, with the
    footnote number of that feedback and its comment's id."""

    start: int
    end: int
    number: int
    comment_id: str


def marks(article: Article, numbers: dict[str, int]) -> list[Mark]:
    """Where each numbered inline-feedback comment's passage stands in the body now."""
    found = []
    for comment in article.comments:
        if comment.quote and comment.id in numbers:
            span = locate(
                article.body, comment.quote, comment.quote_prefix or "", comment.quote_suffix or ""
            )
            if span is not None:
                found.append(Mark(*span, numbers[comment.id], comment.id))
    return found
