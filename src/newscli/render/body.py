"""The article's body: paragraphs with the passages that carry inline feedback marked."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from newscli.model.article import Article
from newscli.model.quotes import Mark, marks
from newscli.text.layout import paragraph_spans
from newscli.text.links import link_target, misleads
from newscli.text.safe import neutralise

if TYPE_CHECKING:
    from markdown_it.token import Token

MARKER_STYLE = "bold cyan"


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


def _markdown(body: str, found: list[Mark]) -> RenderableType:
    """A Markdown body with footnote markers after the marked passages (not underlined).

    Markdown is given the neutralised text; it does not read Rich markup, so
    brackets stay literal. Its links are held to ``_guard_links``.
    """
    from rich.markdown import Markdown  # only Markdown bodies need markdown-it

    text = neutralise(body)
    for mark in sorted(found, key=lambda m: (m.end, m.number), reverse=True):
        text = f"{text[: mark.end]}\\[{mark.number}\\]{text[mark.end :]}"
    markdown = Markdown(text, hyperlinks=True)
    for block in markdown.parsed:
        if block.children:
            block.children = _guard_links(block.children)
    return markdown


def _guard_links(tokens: list[Token]) -> list[Token]:
    """An inline run of Markdown tokens whose links (and images) point only where
    ``link_target`` allows (any other is plain text), each followed by its address in
    brackets when its text reads as another address."""
    from markdown_it.token import Token

    kept: list[Token] = []
    target: str | None = None
    dropped = False
    words: list[str] = []
    for token in tokens:
        if token.type == "link_open":
            target = link_target(str(token.attrs.get("href", "")))
            dropped, words = target is None, []
            if not dropped:
                kept.append(token)
            continue
        if token.type == "link_close":
            if not dropped:
                kept.append(token)
                if target and misleads("".join(words), target):
                    kept.append(Token("text", "", 0, content=f" ({target})"))
            target, dropped = None, False
            continue
        if token.type in ("text", "code_inline"):
            words.append(token.content)
        elif token.type == "image":
            source = link_target(str(token.attrs.get("src", "")))
            token.attrs["src"] = source or ""
            if source and misleads(token.content, source):
                kept += [token, Token("text", "", 0, content=f" ({source})")]
                continue
        kept.append(token)
    return kept


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
