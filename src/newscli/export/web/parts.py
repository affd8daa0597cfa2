"""Pieces every newscli web page is made of: escaped text, checked URLs, the document's
head with its Content-Security-Policy, and article facts written as the page writes them.

Every piece of article text goes through ``escape`` (``html.escape`` after ``neutralise``);
only http(s) addresses become links or images. Nothing here imports Rich.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

from newscli.dates import iso
from newscli.model.article import Article
from newscli.text.safe import neutralise, one_line
from newscli.text.wording import long_date, stars

OUTSIDE = 'rel="noopener noreferrer"'
_HTTP = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f]+", re.I)
# Scripts, frames, plugins, fonts, fetches and form posts are all refused; styles only
# from the page itself, images from the page's folder, the web (an article's own image) and
# data: URIs (the stored image inside a standalone page).
_POLICY = (
    "default-src 'none'; {style}; img-src 'self' data: https: http:; base-uri 'none';"
    " form-action 'none'"
)


def escape(text: str) -> str:
    """Text for HTML: markup characters escaped, control characters made visible."""
    return html.escape(neutralise(text))


def escape_line(text: str) -> str:
    """``escape`` for text shown on one line (titles, names, tags)."""
    return html.escape(one_line(text))


def http_url(url: str | None) -> str | None:
    """``url`` escaped for an attribute if it is a plain http(s) address, else None."""
    if not url:
        return None
    url = url.strip()
    return html.escape(url) if _HTTP.fullmatch(url) else None


def outside_link(url: str, text: str) -> str:
    """A link that leaves the site: ``url`` must come from ``http_url``."""
    return f'<a href="{url}" {OUTSIDE}>{text}</a>'


def document(
    title: str, body: str, *, css: str | None = None, stylesheet: str = "", feed: str = ""
) -> str:
    """A whole HTML document: ``css`` goes inline (allowed by its hash in the policy),
    ``stylesheet`` is the relative address of a shared one (allowed as 'self'); ``feed``
    the relative address of its Atom feed, for feed readers to find."""
    if css is not None:
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        policy = _POLICY.format(style=f"style-src 'sha256-{digest}'")
        style = f"<style>{css}</style>"
    else:
        policy = _POLICY.format(style="style-src 'self'")
        style = f'<link rel="stylesheet" href="{stylesheet}">'
    if feed:
        style += f'\n<link rel="alternate" type="application/atom+xml" href="{html.escape(feed)}">'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="newscli">
<title>{title}</title>
{style}
</head>
<body>
{body}
</body>
</html>
"""


def time_tag(article: Article) -> str:
    """The article's date as a ``<time>`` element (published, else added)."""
    when = article.published or article.added
    return f'<time datetime="{escape(iso(when))}">{escape(long_date(when))}</time>'


def stars_html(average: float | None) -> str:
    """Five stars for an average (rounded to half stars), hidden from screen readers,
    which read the number beside them."""
    return f'<span class="stars" aria-hidden="true">{stars(average)}</span>'
