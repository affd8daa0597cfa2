"""Pieces shared by the readers of site exports (WordPress, Disqus): a post's HTML as
paragraphs, wpDiscuz's vote counts, and the note of what an import left out."""

from __future__ import annotations

import re
from collections import Counter

from newscli.ingest.parse.html_text import html_paragraphs

# Shortcodes whose content is not the article's text: a caption's image and words, a
# gallery, an embedded player's address.
_DROPPED = "caption|wp_caption|gallery|embed|video|audio|playlist|wpvideo|youtube"
_DROPPED_SHORTCODE = re.compile(
    rf"\[(?P<name>{_DROPPED})\b[^\]]*\](?:(?:(?!\[(?:{_DROPPED})\b).)*?\[/(?P=name)\])?",
    re.S | re.I,
)
_CLOSING = re.compile(r"\[/([A-Za-z][\w-]*)\]")
_WITH_ATTRIBUTES = re.compile(r"\[[A-Za-z][\w-]*\s+[^\[\]]*=[^\[\]]*\]")
_BLOCK_TAG = re.compile(r"<(?:p|div|h[1-6]|ul|ol|blockquote|figure|table|pre)\b", re.I)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Caption text that WordPress and its editors put beside the picture, not in the text.
_CAPTIONS = frozenset(("figcaption",))
_CAPTION_PARAGRAPH = re.compile(
    r'<(p|div|span|dd)\b[^>]*class="[^"]*(?:wp-caption-text|wp-element-caption|caption)'
    r'[^"]*"[^>]*>.*?</\1>',
    re.S | re.I,
)
_SERIALISED = r's:\d+:"{name}";i:(-?\d+);'  # PHP's serialize() of one array entry
_VOTE_NAMES = ("like", "dislike")


def body_text(html: str) -> str:
    """A post's HTML as newscli's body: paragraphs a blank line apart, without block
    comments, shortcodes, captions, scripts or tags.

    Content with no block tags is read as WordPress shows it (``wpautop``): a blank line
    ends a paragraph and a line break breaks the line.
    """
    text = html.replace("\r\n", "\n")
    text = _DROPPED_SHORTCODE.sub(" ", text)
    for name in set(_CLOSING.findall(text)):
        text = re.sub(rf"\[/?{re.escape(name)}\b[^\]]*\]", " ", text)
    text = _WITH_ATTRIBUTES.sub(" ", text)
    text = _CAPTION_PARAGRAPH.sub(" ", text)
    if not _BLOCK_TAG.search(text):
        text = _BLANK_LINE.sub("<p>", text.strip()).replace("\n", "<br>")
    return "\n\n".join(html_paragraphs(text, skip=_CAPTIONS))


def php_counts(separate: str | None, net: str | None) -> tuple[int, int] | None:
    """wpDiscuz's votes on a comment as (up, down): its serialised ``like`` and
    ``dislike``, else its net count as ups (or downs, below zero); None without either."""
    if separate:
        like, dislike = (re.search(_SERIALISED.format(name=n), separate) for n in _VOTE_NAMES)
        if like and dislike:
            return abs(int(like.group(1))), abs(int(dislike.group(1)))
    try:
        total = int((net or "").strip())
    except ValueError:
        return None
    return (total, 0) if total >= 0 else (0, -total)


def _plural(count: int, label: str) -> str:
    """``1 draft``, ``2 drafts``, ``2 pages (--pages imports them)``."""
    noun, _, rest = label.partition(" (")
    noun = noun if count == 1 else noun + "s"
    return f"{count} {noun}" + (f" ({rest}" if rest else "")


def left_out_note(counts: Counter[str]) -> str:
    """``left out 2 drafts, 1 pingback, 3 spam comments``."""
    return "left out " + ", ".join(_plural(n, label) for label, n in sorted(counts.items()))
