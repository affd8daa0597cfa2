"""HTML fragments (a feed item's content) to plain paragraphs, with the standard library."""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCKS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header"),
        *("hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"),
    )
)
_SKIPPED = frozenset(("script", "style", "template", "noscript", "iframe", "object"))


class _Paragraphs(HTMLParser):
    def __init__(self, skipped: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.skipped = skipped
        self.paragraphs: list[str] = []
        self.words: list[str] = []
        self.skipping = 0

    def _end_paragraph(self) -> None:
        text = " ".join("".join(self.words).split())
        if text:
            self.paragraphs.append(text)
        self.words = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.skipped:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipped:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self._end_paragraph()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.words.append(data)


def html_paragraphs(fragment: str, skip: frozenset[str] = frozenset()) -> list[str]:
    """The text of an HTML fragment, one string per block; tags and scripts dropped, and
    the elements named in ``skip`` with what they hold."""
    parser = _Paragraphs(_SKIPPED | skip)
    parser.feed(fragment)
    parser.close()
    parser._end_paragraph()
    return parser.paragraphs
