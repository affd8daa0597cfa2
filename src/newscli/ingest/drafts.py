"""A draft of one article: read from a page, if any, with what the person gave on top."""

from __future__ import annotations

from dataclasses import fields

from newscli.model.article import Draft


def draft_from(
    page: bytes | None, name: str, given: Draft, fmt: str = "text", url: str | None = None
) -> Draft:
    """A draft read from a page (if any), with every field ``given`` set on top.

    ``fmt`` is ``text`` (a page-shaped text), ``markdown`` or ``html``; ``url`` is where
    the page was fetched. ``name`` names the input in errors; tags given are added to
    the ones read.
    """
    from newscli.ingest.formats.registry import read_draft

    if page is not None and fmt == "html":
        from newscli.model import limits

        limits.html_page(page)  # before the parser, which would take long
    draft = read_draft(page, name, fmt, url) if page is not None else Draft()
    if url and not draft.url:
        draft.url = url
    for item in fields(Draft):
        value = getattr(given, item.name)
        if item.name == "tags":
            draft.tags = [*draft.tags, *value]
        elif item.name == "extra":
            draft.extra = {**draft.extra, **value}
        elif value is not None:
            setattr(draft, item.name, value)
    return draft
