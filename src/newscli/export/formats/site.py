"""A static site of the store: ``index.html`` (newest first, 100 articles a page, then
``page-2.html``...), ``articles/<id>.html`` and the Atom feed of its comments
``articles/<id>.atom``, ``tags/<slug>.html`` (``tags/<slug>.2.html``...),
``media/<id>.<ext>`` and ``style.css``. Every link is relative, so the folder works from
``file://``; every page forbids scripts in its Content-Security-Policy.

File names come from ids and from tag slugs made of ``a-z0-9-`` only.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache, partial

from newscli.export.formats.declaration import SiteExporter
from newscli.export.web.page import Links, article_html
from newscli.export.web.parts import document, escape, escape_line, stars_html
from newscli.export.web.style import STYLESHEET
from newscli.model.article import Article, tag_key
from newscli.model.listing import Row
from newscli.text.atom import article_feed
from newscli.text.wording import average_text, plural

PER_PAGE = 100
SITE_NAME = "newscli"
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
# Stands for the way up from a listing page to the folder ("" or "../") in an entry made
# once for the index and the tag pages; a NUL never survives ``escape``.
_UP = "\x00up\x00"
# Names some systems keep for devices: never a file name on its own.
_RESERVED = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)", re.I)


@lru_cache(maxsize=4096)
def tag_slug(tag: str) -> str:
    """A file name for a tag: its words in ``a-z0-9`` joined by ``-`` when that spells the
    tag exactly, else those words, ``--`` and a short hash of the tag. A plain slug has
    single dashes only (a tag's words are single-spaced), so it never looks like a hashed
    one: ``x 4038e65d`` is ``x-4038e65d``, ``x!`` is ``x--<hash>``."""
    key = tag_key(tag)
    slug = _SLUG_JUNK.sub("-", key).strip("-")
    if slug and "-" not in key and slug == key.replace(" ", "-") and not _RESERVED.fullmatch(slug):
        return slug
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{slug[:40].rstrip('-') or 'tag'}--{digest}"


def _tag_file(tag: str, page: int = 1) -> str:
    suffix = "" if page == 1 else f".{page}"
    return f"tags/{tag_slug(tag)}{suffix}.html"


def _index_file(page: int) -> str:
    return "index.html" if page == 1 else f"page-{page}.html"


def article_path(article_id: str) -> str:
    """Where an article's page is, from the folder."""
    return f"articles/{article_id}.html"


def feed_path(article_id: str) -> str:
    """Where the feed of an article's comments is, from the folder."""
    return f"articles/{article_id}.atom"


def comments_feed(article: Article) -> str:
    """The Atom feed of an article's comments, pointing at its page (beside it)."""
    return article_feed(article, f"{article.id}.html")


def image_path(name: str) -> str:
    """Where a stored image ``<id>.<ext>`` is copied, from the folder."""
    return f"media/{name}"


def _masthead(up: str) -> str:
    return f'<nav class="site"><a href="{up}index.html">{SITE_NAME}</a></nav>'


def article_page(article: Article, image: str | None) -> str:
    """An article's page in ``articles/``: the shared builder, with links to the tag pages."""
    feed = feed_path(article.id).rsplit("/", 1)[-1]  # beside the page
    links = Links(
        home="../index.html",
        tag=lambda tag: f"../{_tag_file(tag)}",
        image=f"../{image}" if image else None,
        feed=feed,
    )
    body = f"{_masthead('../')}\n{article_html(article, links)}"
    return document(escape_line(article.title), body, stylesheet="../style.css", feed=feed)


def _entry(row: Row) -> str:
    up = _UP
    rating = row.rating
    info = [f'<time datetime="{escape(row.date)}">{escape(row.date[:10])}</time>']
    if row.dateline:
        info.append(f'<span class="dateline">{escape_line(row.dateline)}</span>')
    score = f"{stars_html(rating.average)}{average_text(rating.average)}"
    info += [
        f'<span class="score">{score} ({plural(rating.votes, "vote")})</span>',
        f'<a href="{up}{article_path(row.id)}#comments">{plural(row.comments, "comment")}</a>',
    ]
    tags = " ".join(
        f'<a class="tag" href="{up}{_tag_file(t)}">#{escape_line(t)}</a>' for t in row.tags
    )
    title = f'<a href="{up}{article_path(row.id)}">{escape_line(row.title)}</a>'
    return (
        f'<li><p class="info">{" · ".join(info)}</p><h2>{title}</h2>'
        + (f'<p class="info">{tags}</p>' if tags else "")
        + "</li>"
    )


def _pages(
    title: str, rows: Sequence[str], file: Callable[[int], str], up: str, extra: str = ""
) -> dict[str, str]:
    """``rows`` in pages of 100 (``file(n)`` names page n), each linking the pages before
    and after it; ``up`` leads from a page back to the folder."""
    count = max(1, -(-len(rows) // PER_PAGE))
    pages = {}
    for number in range(1, count + 1):
        chunk = rows[(number - 1) * PER_PAGE : number * PER_PAGE]
        here = file(number).rsplit("/", 1)[-1]
        prev = f'<a rel="prev" href="{file(number - 1).rsplit("/", 1)[-1]}">← Newer</a>'
        nxt = f'<a rel="next" href="{file(number + 1).rsplit("/", 1)[-1]}">Older →</a>'
        newer, older = (
            (prev if number > 1 else "<span></span>"),
            (nxt if number < count else "<span></span>"),
        )
        nav = f'<nav class="pages">{newer}<span>page {number} of {count}</span>{older}</nav>'

        items = "\n".join(chunk).replace(_UP, up)
        heading = f'<h1>{title}</h1><p class="count">{plural(len(rows), "article")}</p>'
        intro = extra if number == 1 else ""
        main = f'<main>{heading}{intro}\n<ol class="listing">\n{items}\n</ol>\n{nav}</main>'
        body = f"{_masthead(up)}\n{main}"
        pages[file(number)] = document(f"{title} ({here})", body, stylesheet=f"{up}style.css")
    return pages


def listing_pages(rows: Sequence[Row]) -> dict[str, str]:
    """The index pages (every article, newest first) and each tag's pages, by path."""
    by_tag: dict[str, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    entries = []
    for row in rows:
        entries.append(_entry(row))
        for tag in row.tags:
            names.setdefault(tag_key(tag), tag)
        for key in dict.fromkeys(tag_key(tag) for tag in row.tags):
            by_tag[key].append(entries[-1])
    cloud = " ".join(
        f'<a class="tag" href="{_tag_file(names[k])}">#{escape_line(names[k])}</a>'
        f' <span class="quiet">{len(by_tag[k])}</span>'
        for k in sorted(by_tag)
    )
    extra = f'<p class="cloud">{cloud}</p>' if cloud else ""
    pages = _pages("All articles", entries, _index_file, "", extra)
    for key, tagged in by_tag.items():
        tag = names[key]
        pages |= _pages(f"#{escape_line(tag)}", tagged, partial(_tag_file, tag), "../")
    return pages


EXPORTER = SiteExporter(
    name="site",
    suffix="/",
    article=article_page,
    article_path=article_path,
    feed=comments_feed,
    feed_path=feed_path,
    listing=listing_pages,
    image_path=image_path,
    assets={"style.css": STYLESHEET},
)
