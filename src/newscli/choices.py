"""The fixed choices of command-line options, in one light module.

The CLI imports this at start-up, so it holds only the enums: the code that acts on a
choice lives with its work (``render.formats``, ``model.query``). The format enums repeat
the names in the registries ``ingest.formats.registry.READERS`` and
``export.registry.EXPORTERS``, which the CLI does not load to build its options;
``tests/structure/test_format_registries.py`` checks that they agree.
"""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """The ``--format`` choices of listing commands."""

    TABLE = "table"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    IDS = "ids"


class Sort(StrEnum):
    """The orders ``list`` offers."""

    NEWEST = "newest"
    OLDEST = "oldest"
    RATING = "rating"
    COMMENTS = "comments"
    TITLE = "title"


class InputFormat(StrEnum):
    """The formats ``import`` reads (``auto``: by name, content type or content)."""

    AUTO = "auto"
    JSONL = "jsonl"
    JSON = "json"
    TOML = "toml"
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    FEED = "feed"
    WXR = "wxr"
    DISQUS = "disqus"


class PageFormat(StrEnum):
    """The formats of one page that ``add`` reads."""

    AUTO = "auto"
    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"


class ExportFormat(StrEnum):
    """The ``export --format`` choices."""

    JSONL = "jsonl"
    JSON = "json"
    TOML = "toml"
    MARKDOWN = "markdown"
    HTML = "html"
    TEXT = "text"
    SITE = "site"


class CommentOrder(StrEnum):
    """The orders ``show --sort`` offers for comment threads (``discussion.ORDERS``)."""

    OLDEST = "oldest"
    NEWEST = "newest"
    VOTES = "votes"


class VoteValue(StrEnum):
    """A vote on a comment (``discussing.VOTE_VALUES``)."""

    UP = "up"
    DOWN = "down"
    CLEAR = "clear"


class InboxFormat(StrEnum):
    """The ``inbox --format`` choices."""

    TABLE = "table"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"
    IDS = "ids"
    ATOM = "atom"
