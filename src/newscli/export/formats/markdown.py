"""Markdown: the body, with every other field as TOML front matter (Hugo's ``+++``)."""

from __future__ import annotations

import tomli_w

from newscli.export.formats.declaration import PageExporter
from newscli.model.article import Article
from newscli.model.written import to_record


def write(article: Article) -> str:
    """The body under a ``+++`` front matter holding the other fields and the body's format."""
    record = to_record(article)
    body = record.pop("body")
    record["format"] = article.format
    return f"+++\n{tomli_w.dumps(record)}+++\n\n{body}\n"


EXPORTER = PageExporter(name="markdown", suffix=".md", write=write)
