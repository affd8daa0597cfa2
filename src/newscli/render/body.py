"""The article's body: paragraphs with the passages that carry inline feedback marked."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from newscli.model.article import Article
from newscli.model.quotes import locate
from newscli.text.layout import paragraph_spans
from newscli.text.safe import neutralise

MARKER_STYLE = "bold cyan"


@dataclass(frozen=True)
class Mark:
    """A passage of the body (character offsets) and the footnote number of its feedback."""

    start: int
    end: int
    number: int


def marks(article: Article, numbers: dict[str, int]) -> list[Mark]:
    """Where each inline-feedback comment's passage stands in the body now."""
    found = []
    for comment in article.comments:
        if comment.quote and comment.id in numbers:
            span = locate(
                article.body, comment.quote, comment.quote_prefix or "", comment.quote_suffix or ""
            )
            if span is not None:
                found.append(Mark(*span, numbers[comment.id]))
    return found


def _paragraph(body: str, span: tuple[int, int], found: list[Mark]) -> Text:
    start, end = span
    text = Text(neutralise(body[start:end]))  # one character for one: offsets still hold
    markers: dict[int, list[int]] = defaultdict(list)
    for mark in found:
        if mark.start < end and mark.end > start:
            text.stylize("underline", max(mark.start, start) - start, min(mark.end, end) - start)
        if start < mark.end <= end:
            markers[mark.end - start].append(mark.number)
    if not markers:
        return text
    cuts = sorted(markers)
    pieces = text.divide(cuts)
    result = Text()
    for piece, cut in zip(pieces, [*cuts, None], strict=True):
        result.append_text(piece)
        if cut is not None:
            result.append("".join(f"[{n}]" for n in sorted(markers[cut])), style=MARKER_STYLE)
    return result


class MarkdownBody:
    """A Markdown body: its links are hyperlinks on a terminal, and ``text (address)``
    anywhere else, so that a pipe keeps the address."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.markdown import Markdown  # only Markdown bodies need markdown-it

        yield Markdown(self.text, hyperlinks=console.is_terminal)


def _markdown(body: str, found: list[Mark]) -> RenderableType:
    """A Markdown body with footnote markers after the marked passages (not underlined).

    Markdown is given the neutralised text; it does not read Rich markup, so
    brackets stay literal.
    """
    text = neutralise(body)
    for mark in sorted(found, key=lambda m: (m.end, m.number), reverse=True):
        text = f"{text[: mark.end]}\\[{mark.number}\\]{text[mark.end :]}"
    return MarkdownBody(text)


def article_body(article: Article, numbers: dict[str, int]) -> RenderableType:
    """The body, a blank line between paragraphs; Markdown bodies are rendered as Markdown."""
    found = marks(article, numbers)
    if article.format == "markdown":
        return _markdown(article.body, found)
    parts: list[RenderableType] = []
    for span in paragraph_spans(article.body):
        if parts:
            parts.append(Text())
        parts.append(_paragraph(article.body, span, found))
    return Group(*parts)
