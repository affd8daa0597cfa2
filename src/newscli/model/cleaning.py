"""Text as newscli keeps it: single-spaced lines, paragraphs split by one blank line,
tags without repeats, and every piece within its limit."""

from __future__ import annotations

import re
from datetime import datetime

from newscli.dates import to_utc
from newscli.errors import InvalidInput
from newscli.model import limits
from newscli.model.article import OPTIONAL_TEXT, Article, Draft, body_format, tag_key
from newscli.model.decode import unify_newlines
from newscli.model.people import normal_name

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")


def clean_line(value: str | None, what: str) -> str | None:
    """One line with single spaces, or None when nothing is left (how names are stored)."""
    if value is None:
        return None
    return " ".join(limits.text(value, what).split()) or None


def clean_body(body: str, what: str) -> str:
    """Unify line endings and make paragraphs separated by exactly one blank line."""
    text = unify_newlines(limits.text(body, what)).strip()
    return _BLANK_LINES.sub("\n\n", text)


def clean_tags(tags: list[str]) -> list[str]:
    """Tags with single spaces, without empties or repeats (the first spelling is kept)."""
    seen: dict[str, str] = {}
    for tag in tags:
        name = " ".join(limits.text(tag, "a tag").split())
        if name and tag_key(name) not in seen:
            seen[tag_key(name)] = name
    return list(seen.values())


def checked_text(title: str | None, body: str | None) -> tuple[str, str]:
    """The cleaned title and body of a new article, if within the limits."""
    title = limits.title(clean_line(title, "the title") or "")
    body = clean_body(body or "", "the body")
    if not body:
        raise InvalidInput("the article has no body")
    return title, limits.body(body)


def cleaned_article(draft: Draft, article_id: str, stamp: datetime) -> Article:
    """The new article a draft makes, checked and cleaned as every way in cleans it,
    with its id and ``stamp`` as the time it was added."""
    title, body = checked_text(draft.title, draft.body)
    return Article(
        id=article_id,
        title=title,
        body=body,
        added=stamp,
        updated=stamp,
        dateline=clean_line(draft.dateline, "the dateline"),
        published=to_utc(draft.published) if draft.published else None,
        url=clean_line(draft.url, "the url"),
        source=clean_line(draft.source, "the source"),
        author=clean_line(draft.author, "the author"),
        image=clean_line(draft.image, "the image"),
        image_caption=clean_line(draft.image_caption, "the image caption"),
        format=body_format(draft.format or "text"),
        tags=limits.tags(clean_tags(draft.tags)),
        extra=dict(draft.extra),
    )


def checked_article(article: Article) -> Article:
    """An imported or edited article with its text cleaned as ``add`` cleans it, and the
    names of its voters and commenters in their one spelling (``normal_name``: a name
    someone else gave is spelt alike, never refused)."""
    article.title, article.body = checked_text(article.title, article.body)
    for key in OPTIONAL_TEXT:
        setattr(article, key, clean_line(getattr(article, key), f"the {key}"))
    article.tags = clean_tags(article.tags)
    voters: set[str] = set()
    for number, vote in enumerate(article.votes, start=1):
        vote.voter = normal_name(vote.voter)
        if vote.voter in voters:  # two spellings of one name
            raise InvalidInput(f"votes #{number}: '{vote.voter}' has voted already")
        voters.add(vote.voter)
    for comment in article.comments:
        comment.author = normal_name(comment.author) if comment.author else None
        for cast in comment.votes:
            cast.voter = normal_name(cast.voter)
    return limits.article(article)
