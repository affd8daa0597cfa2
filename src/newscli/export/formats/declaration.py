"""What an export format declares: one module a format in ``export/formats/``, listed in
``registry.EXPORTERS``.

A ``BatchExporter`` writes any number of articles into one document; a ``PageExporter``
writes one document per article (``export`` needs one ID, or ``-o DIR/`` for one file
each); a ``SiteExporter`` builds the pages of a folder of linked pages, which
``site_folder`` writes. Exporters return strings and never import Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newscli.model.article import Article
from newscli.model.listing import Row


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
    """A format holding one article: ``write(article)``; ``with_image(article, uri)``,
    if the format has it, embeds the stored feature image given as a ``data:`` URI."""

    write: Callable[[Article], str]
    with_image: Callable[[Article, str | None], str] | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class SiteExporter(Exporter):
    """A folder of linked pages. Paths are relative to the folder, with ``/``.

    ``article(article, image)``: an article's page, ``image`` the path of its copied
    feature image or None; ``article_path(id)``: where that page goes; ``listing(rows)``:
    the index and tag pages, by path, for rows newest first; ``image_path(name)``: where a
    stored image file called ``name`` is copied; ``assets``: the other files, by path;
    ``feed(article)``: the Atom feed of its comments, and ``feed_path(id)`` where it goes.
    """

    article: Callable[[Article, str | None], str]
    article_path: Callable[[str], str]
    feed: Callable[[Article], str]
    feed_path: Callable[[str], str]
    listing: Callable[[Sequence[Row]], dict[str, str]]
    image_path: Callable[[str], str]
    assets: dict[str, str]


AnyExporter = BatchExporter | PageExporter | SiteExporter
