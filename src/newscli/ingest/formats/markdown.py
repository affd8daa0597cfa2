"""Markdown with TOML (``+++``) or YAML (``---``) front matter."""

from __future__ import annotations

from newscli.ingest.formats.declaration import PageReader
from newscli.model.article import Draft
from newscli.model.decode import decode_text


def read(data: bytes, name: str, url: str | None) -> Draft:
    """The draft of a Markdown file."""
    from newscli.ingest.parse.markdown import parse_markdown

    return parse_markdown(decode_text(data, name))


READER = PageReader(
    name="markdown",
    extensions=(".md", ".markdown"),
    sniff=lambda head: head.startswith((b"+++", b"---")),
    read=read,
)
