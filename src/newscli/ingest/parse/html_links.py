"""The texts of a page's links: a teaser list after an article is a run of them.

Read from the lxml tree before extraction, in the form ``boilerplate.comparable``
gives, so that a paragraph of the extracted text can be told to be a link.
"""

from __future__ import annotations

from typing import Any

from newscli.ingest.parse.boilerplate import comparable

# Link texts longer than this are no teaser headline.
MAX_LINK_CHARS = 300


def link_texts(tree: Any) -> frozenset[str]:
    """The comparable text of every ``<a>`` on the page."""
    texts = set()
    for element in tree.iter("a"):
        text = comparable(element.text_content() or "")
        if text and len(text) <= MAX_LINK_CHARS:
            texts.add(text)
    return frozenset(texts)
