"""An article as a web page, in the terminal page's order (see ``render/page.py``): the
feature image or a placeholder box, the headline, the dateline and date, source, author
and tags, the body with the passages that carry inline feedback marked, the source link,
the rating widget, then the discussion (``render/webcomments.py``).

``article_html`` is the one builder: the standalone ``export --format html`` page and the
site's article pages both call it; ``Links`` says where the site's pages are.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from newscli.export.web.comments import discussion_html
from newscli.export.web.parts import (
    escape,
    escape_line,
    http_url,
    outside_link,
    stars_html,
    time_tag,
)
from newscli.model.article import Article
from newscli.model.quotes import Mark, marks
from newscli.model.threads import discussion
from newscli.text.layout import paragraph_spans
from newscli.text.wording import average_text, vote_count


@dataclass(frozen=True)
class Links:
    """Where a page of the site finds the others: ``home`` is the index, ``tag(name)`` a
    tag's page, ``image`` the copy of the stored feature image (None: none stored),
    ``feed`` the Atom feed of the article's comments (None: none)."""

    home: str
    tag: Callable[[str], str]
    image: str | None = None
    feed: str | None = None


def _figure(article: Article, links: Links | None, image: str | None) -> str:
    """The feature image over a placeholder box: where the image cannot load, the box
    and its caption are what shows (no script needed)."""
    source = image or (links.image if links else None) or http_url(article.image)
    if not (source or article.image):
        return ""
    image = f'<img src="{source}" alt="" decoding="async">' if source else ""
    caption = article.image_caption
    cap = f"<figcaption>{escape_line(caption)}</figcaption>" if caption else ""
    box = '<div class="placeholder"><span>feature image</span></div>'
    return f'<figure class="feature"><div class="frame">{box}{image}</div>{cap}</figure>'


def _byline(article: Article, links: Links | None) -> str:
    first = []
    if article.dateline:
        first.append(f'<span class="dateline">{escape_line(article.dateline)}</span>')
    first.append(time_tag(article))
    second = []
    if article.source:
        second.append(f'<span class="source">{escape_line(article.source)}</span>')
    if article.author:
        second.append(f'<span class="author">by {escape_line(article.author)}</span>')
    for tag in article.tags:
        label = f"#{escape_line(tag)}"
        second.append(
            f'<a class="tag" href="{links.tag(tag)}">{label}</a>'
            if links
            else f'<span class="tag">{label}</span>'
        )
    line = f'<p class="byline">{" — ".join(first)}</p>'
    return line + (f'\n<p class="details">{" · ".join(second)}</p>' if second else "")


def _piece(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _paragraph(body: str, start: int, end: int, found: list[Mark]) -> str:
    """One paragraph, marked passages in ``<mark>`` and a linked ``[n]`` after each."""
    here = [m for m in found if m.start < end and m.end > start]
    cuts = sorted({start, end, *(min(max(x, start), end) for m in here for x in (m.start, m.end))})
    out = []
    for left, right in itertools.pairwise(cuts):
        text = _piece(body[left:right])
        covered = any(m.start <= left and m.end >= right for m in here)
        out.append(f"<mark>{text}</mark>" if covered else text)
        for mark in sorted((m for m in here if m.end == right), key=lambda m: m.number):
            number = mark.number
            out.append(f'<a class="fn" id="fn-{number}" href="#c-{mark.comment_id}">[{number}]</a>')
    return f"<p>{''.join(out)}</p>"


def _body(article: Article, numbers: dict[str, int]) -> str:
    found = marks(article, numbers)
    body = article.body
    return "\n".join(_paragraph(body, s, e, found) for s, e in paragraph_spans(body))


def _rating(article: Article) -> str:
    rating = article.rating
    return (
        f'<section class="rating">{stars_html(rating.average)} '
        f"<strong>{average_text(rating.average)}</strong> {escape(vote_count(article))}"
        '<br><span class="label">Article Rating</span></section>'
    )


def article_html(article: Article, links: Links | None = None, image: str | None = None) -> str:
    """The ``<article>`` element of a page: every part of the terminal page, in order,
    and every comment (a web page has room for all of them). ``image`` is the stored
    image as a ``data:`` URI, for a page that stands alone."""
    talk = discussion(article.comments, all_comments=True)
    source = http_url(article.url)
    link = f'<p class="source-link">{outside_link(source, source)}</p>' if source else ""
    feed = (
        f'<p class="feed"><a href="{html.escape(links.feed)}" type="application/atom+xml">'
        "Follow the comments (Atom feed)</a></p>"
        if links and links.feed
        else ""
    )
    return "\n".join(
        part
        for part in (
            f'<article class="post" id="article-{article.id}">',
            _figure(article, links, image),
            f"<header><h1>{escape_line(article.title)}</h1>",
            _byline(article, links),
            '</header>\n<div class="entry">',
            _body(article, talk.numbers),
            "</div>",
            link,
            _rating(article),
            discussion_html(article.id, talk),
            feed,
            "</article>",
        )
        if part
    )
