"""Layout facts the Rich page and the plain page share, kept free of Rich so that plain
output never loads it: where the body's paragraphs stand, how far replies indent, how
wide the page is."""

from __future__ import annotations

INDENT = 4  # columns a reply stands in from the comment it answers
MEASURE = 88  # the page's widest measure on a terminal, in columns
GUTTER = 2  # columns left of the reader's page, where the focused comment's bar is drawn


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the body's paragraphs, as ``Article.paragraphs`` splits them."""
    spans, start = [], 0
    for part in body.split("\n\n"):
        if part.strip():
            spans.append((start, start + len(part)))
        start += len(part) + 2
    return spans
