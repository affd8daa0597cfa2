"""The exceptions the core raises; the CLI turns each into a one-line message and exit 1."""

from pathlib import Path


class NewsError(Exception):
    """Base class for every error newscli reports to the user."""


class InvalidInput(NewsError):
    """A value given by the user or read from input is not acceptable."""


class InvalidId(InvalidInput):
    """A string that cannot be an article or comment id."""


class NotFound(NewsError):
    """No article (or comment) matches the given id."""


class AmbiguousId(NewsError):
    """An id prefix matches more than one article or comment."""

    def __init__(self, prefix: str, candidates: list[str]) -> None:
        shown = ", ".join(candidates[:10]) + (", ..." if len(candidates) > 10 else "")
        super().__init__(f"id prefix '{prefix}' is ambiguous: {shown}")
        self.candidates = candidates


class CorruptArticle(NewsError):
    """An article file exists but cannot be read as a valid article."""


class StoreLocked(NewsError):
    """Another process held an article's lock for too long."""


class DataDirError(NewsError):
    """The data directory cannot be used (it is a file, or unreadable)."""


class MissingExtra(NewsError):
    """An optional library is not installed (e.g. the ``web`` extra for pages and feeds)."""


class DraftKept(NewsError):
    """An edit could not be saved; the user's draft is kept at ``draft``."""

    def __init__(self, message: str, draft: Path) -> None:
        super().__init__(f"{message}; the article is unchanged; your draft is kept at {draft}")
        self.draft = draft
