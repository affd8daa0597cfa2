"""Choosing the reader for an input, and reading it into import entries or a draft."""

from __future__ import annotations

from dataclasses import fields
from pathlib import PurePosixPath
from typing import Any

from newscli.errors import InvalidInput
from newscli.importers.decode import decode_text
from newscli.importers.entry import Entry
from newscli.importers.records import read_json, read_jsonl, read_toml
from newscli.models import Draft

PAGE_FORMATS = ("text", "markdown", "html")


_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".toml": "toml",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
# Record keys a Markdown front matter may carry that a draft has no field for.
_RECORD_KEYS = ("schema", "id", "added", "updated", "votes", "comments")


def guess_format(
    name: str, data: bytes, content_type: str | None = None, default: str = "text"
) -> str:
    """The format of an input: by its name's extension, its content type, else its first bytes."""
    suffix = PurePosixPath(name.split("?", 1)[0]).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    if kind in _FEED_TYPES:
        return "feed"
    if kind in ("text/html", "application/xhtml+xml"):
        return "html"
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"["):
        return "json"
    if head.startswith((b"+++", b"---")):
        return "markdown"
    if head.startswith(b"<"):
        lowered = head.lower()
        return "feed" if any(t in lowered for t in (b"<rss", b"<feed", b"<rdf:rdf")) else "html"
    return default


def read_draft(data: bytes, name: str, fmt: str, url: str | None = None) -> Draft:
    """A draft from one page-shaped input: ``text``, ``markdown`` or ``html``."""
    if fmt == "html":
        from newscli.importers.html import parse_html

        return parse_html(data, url)
    text = decode_text(data, name)
    if fmt == "markdown":
        from newscli.importers.markdown import parse_markdown

        return parse_markdown(text)
    from newscli.importers.page_text import parse_page_text

    return parse_page_text(text)


def draft_record(draft: Draft) -> dict[str, Any]:
    """A draft as an import record (what Markdown front matter held for a record, lifted)."""
    record: dict[str, Any] = {
        f.name: getattr(draft, f.name)
        for f in fields(Draft)
        if getattr(draft, f.name) not in (None, [], {})
    }
    extra = dict(draft.extra)
    for key in _RECORD_KEYS:
        if key in extra:
            record[key] = extra.pop(key)
    record.pop("extra", None)
    if extra:
        record["extra"] = extra
    return record


def read_entries(data: bytes, source: str, fmt: str, url: str | None = None) -> list[Entry]:
    """The records of one input; what cannot be read is an entry with a problem."""
    try:
        if fmt == "jsonl":
            return read_jsonl(data, source)
        if fmt == "json":
            return read_json(data, source)
        if fmt == "toml":
            return read_toml(data, source)
        if fmt == "feed":
            from newscli.importers.feed import parse_feed

            return [
                Entry(f"{source}: item {n}", record=draft_record(d))
                for n, d in enumerate(parse_feed(data), start=1)
            ]
        return [Entry(f"{source}:1", record=draft_record(read_draft(data, source, fmt, url)))]
    except InvalidInput as exc:
        return [Entry(f"{source}:1", problem=str(exc).removeprefix(f"{source}: "))]
