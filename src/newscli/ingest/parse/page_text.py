"""Reading an article from a plain-text dump of its web page.

The shape, top to bottom: an optional ``feature image`` line, the headline, an
optional dateline line (``TAIPEI- ``, ``LONDON —``, or with a date after the dash
as ``show --plain`` writes it: ``LONDON — Thursday, June 6, 2024``), the body
paragraphs, then the comment plugin's widget lines (``0 0 votes``, ``Article
Rating``, ``Subscribe``...), which are dropped along with anything after them.
Text without those parts is read as: first line the title, the rest the body.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime

from newscli.dates import find_date, read_long_date
from newscli.model.article import Draft
from newscli.model.decode import unify_newlines

_FEATURE_IMAGE = re.compile(r"feature image(?:\s*[:|]\s*(?P<rest>.*))?", re.I)
# A short line of words ending in a dash: "TAIPEI-", "LONDON —", "WASHINGTON, D.C. –".
_DATELINE = re.compile(
    r"(?P<place>[^\W\d_][^\W\d_ .,'’]*(?:[ .,'’]+[^\W\d_]+){0,4}\.?)\s*[-–—]+(?:\s*(?P<date>.+))?"
)
_WIDGETS = [
    re.compile(pattern, re.I)
    for pattern in (
        r"\d+(?:\.\d+)?\s+[\d,]+\s+votes?(?:\s+\([\d,]+\s+imported\))?(?:\s+unverified: .*)?",
        r"article rating",
        r"subscribe",
        r"notify of",
        r"new follow-up comments|new replies to my comments",
        r"guest",
        r"[\d,]+\s+comments?",
        r"(?:[\d,]+\s+)?inline feedbacks?",
        r"view all comments.*",
    )
]


def _is_widget(line: str) -> bool:
    stripped = line.strip()
    return any(w.fullmatch(stripped) for w in _WIDGETS)


def _cut_widgets(lines: list[str]) -> list[str]:
    """Drop everything from the first run of two widget lines (blank lines between allowed)."""
    content = [i for i, line in enumerate(lines) if line.strip()]
    for here, there in itertools.pairwise(content):
        if _is_widget(lines[here]) and _is_widget(lines[there]):
            return lines[:here]
    return lines


def _paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs separated by blank lines, lines inside one joined by a space.

    Text with no blank line at all (one paragraph a line, as many extractors
    write it) gives one paragraph per line.
    """
    content = [i for i, line in enumerate(lines) if line.strip()]
    inner = lines[content[0] : content[-1] + 1] if content else []
    if all(line.strip() for line in inner):
        return [line.strip() for line in inner]
    paragraphs, current = [], []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _dateline_parts(line: str) -> tuple[str, datetime | None] | None:
    """The place and the date (if any) of a dateline line, else None."""
    match = _DATELINE.fullmatch(line.strip())
    if not match:
        return None
    when = read_long_date(match["date"]) if match["date"] else None
    if match["date"] and when is None:
        return None
    return match["place"].strip(), when


def dateline_of(line: str) -> str | None:
    """The place of a dateline line (``TAIPEI- `` gives ``TAIPEI``), else None."""
    parts = _dateline_parts(line)
    return parts[0] if parts else None


def has_image_placeholder(text: str) -> bool:
    """Whether the text starts with a bare ``feature image`` line: an image without address."""
    first = next((line.strip() for line in unify_newlines(text).split("\n") if line.strip()), "")
    match = _FEATURE_IMAGE.fullmatch(first)
    return match is not None and not (match["rest"] or "").strip()


def parse_page_text(text: str) -> Draft:
    """Read a page-shaped or plain text into a draft (title and body may be missing)."""
    lines = _cut_widgets(unify_newlines(text).split("\n"))
    rest = iter(line for line in lines)
    draft = Draft()
    line = next((x for x in rest if x.strip()), None)
    if line is not None:
        match = _FEATURE_IMAGE.fullmatch(line.strip())
        if match:
            draft.image = (match["rest"] or "").strip() or None
            line = next((x for x in rest if x.strip()), None)
    if line is None:
        return draft
    draft.title = " ".join(line.split())
    body = list(rest)
    first = next((i for i, x in enumerate(body) if x.strip()), len(body))
    parts = _dateline_parts(body[first]) if first < len(body) else None
    if parts:
        draft.dateline, draft.published = parts
        body = body[first + 1 :]
    paragraphs = _paragraphs(body)
    if paragraphs:
        draft.body = "\n\n".join(paragraphs)
        draft.published = draft.published or find_date(paragraphs[0])
    return draft
