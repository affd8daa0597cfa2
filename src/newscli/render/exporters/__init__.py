"""What an export format declares: one module here per format, listed in ``export.EXPORTERS``.

A ``BatchExporter`` writes any number of articles into one document; a ``PageExporter``
writes one document per article (``export`` needs one ID, or ``-o DIR/`` for one file
each). Exporters return strings and never import Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newscli.models import Article


@dataclass(frozen=True, kw_only=True, slots=True)
class Exporter:
    """An export format: its name and the suffix of the files written in it."""

    name: str
    suffix: str  # with the dot


@dataclass(frozen=True, kw_only=True, slots=True)
class BatchExporter(Exporter):
    """A format holding any number of articles: ``write(articles)``."""

    write: Callable[[Sequence[Article]], str]


@dataclass(frozen=True, kw_only=True, slots=True)
class PageExporter(Exporter):
    """A format holding one article: ``write(article)``."""

    write: Callable[[Article], str]


AnyExporter = BatchExporter | PageExporter
