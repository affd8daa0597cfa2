"""What a web page says about itself: <title>, <h1>, og:/twitter: tags, meta author, JSON-LD.

Read from the lxml tree trafilatura parses (lxml comes with it), before extraction
changes the tree. Image addresses are resolved against the page's address.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "NewsArticle", "LiveBlogPosting")


@dataclass
class PageMeta:
    """The page's own statements about the article; every field may be missing."""

    title: str | None = None  # the <title> element
    headings: list[str] = field(default_factory=list)  # <h1> texts, in page order
    og_title: str | None = None
    headline: str | None = None  # JSON-LD headline of the article
    site_name: str | None = None  # og:site_name, else the JSON-LD publisher's name
    image: str | None = None  # og:image, twitter:image or JSON-LD image, absolute
    authors: list[str] = field(default_factory=list)  # meta author and JSON-LD author names
    address: str | None = None  # og:url or the canonical link


def _clean(text: str | None) -> str | None:
    """TEXT with single spaces and its character references (``&#8211;``) resolved."""
    text = " ".join(html.unescape(text or "").split())
    return text or None


def _meta(tree: Any, *names: str) -> str | None:
    """The first non-empty content of <meta property|name=NAME>, in the order of NAMES."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        value = _clean(element.get("content"))
        if key in names and value and key not in found:
            found[key] = value
    return next((found[name] for name in names if name in found), None)


def _json_items(tree: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph members and list items included."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _is_article(item: dict[str, Any]) -> bool:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.endswith(_ARTICLE_TYPES) for k in kinds)


def _names(value: Any) -> list[str]:
    """Names from a JSON-LD author or publisher: a string, an object or a list of them."""
    values = value if isinstance(value, list) else [value]
    names = []
    for one in values:
        name = one.get("name") if isinstance(one, dict) else one
        if isinstance(name, str) and (clean := _clean(name)):
            names.append(clean)
    return names


def _image_address(value: Any) -> str | None:
    """The first address in a JSON-LD image: a string, an ImageObject or a list."""
    for one in value if isinstance(value, list) else [value]:
        address = one.get("url") or one.get("contentUrl") if isinstance(one, dict) else one
        if isinstance(address, str) and address.strip():
            return address.strip()
    return None


def absolute(address: str | None, base: str | None) -> str | None:
    """ADDRESS resolved against BASE; None unless the result is an http(s) address."""
    if not address:
        return None
    resolved = urljoin(base or "", address.strip())
    return resolved if urlsplit(resolved).scheme in ("http", "https") else None


def read_meta(tree: Any, url: str | None) -> PageMeta:
    """The page's statements about itself, from an lxml HTML tree."""
    meta = PageMeta()
    title = next(tree.iter("title"), None)
    meta.title = _clean(title.text_content()) if title is not None else None
    meta.headings = [h for h in (_clean(e.text_content()) for e in tree.iter("h1")) if h]
    meta.og_title = _meta(tree, "og:title", "twitter:title")
    links = tree.iter("link")
    canonical = next((e.get("href") for e in links if e.get("rel") == "canonical"), None)
    meta.address = absolute(url or _meta(tree, "og:url") or canonical, None)
    base = url or meta.address
    image = None
    site = _meta(tree, "og:site_name")
    authors = [a for a in [_meta(tree, "author", "dc.creator", "sailthru.author")] if a]
    for item in _json_items(tree):
        if not _is_article(item):
            continue
        if not meta.headline and isinstance(item.get("headline"), str):
            meta.headline = _clean(item["headline"])
        image = image or _image_address(item.get("image"))
        site = site or next(iter(_names(item.get("publisher"))), None)
        authors.extend(_names(item.get("author")))
    og_image = _meta(tree, "og:image", "og:image:url", "og:image:secure_url", "twitter:image")
    meta.image = absolute(og_image or image or _meta(tree, "twitter:image:src"), base)
    meta.site_name = site
    meta.authors = authors
    return meta
