"""A standalone HTML page laid out like the source (``render/webpage.py``), its
stylesheet inline and allowed by its hash: no script can run in it."""

from __future__ import annotations

from newscli.export.formats.declaration import PageExporter
from newscli.export.web.page import article_html
from newscli.export.web.parts import document, escape_line
from newscli.export.web.style import STYLESHEET
from newscli.model.article import Article


def html_page(article: Article, image: str | None = None) -> str:
    """A standalone page with every part of the terminal page, every text escaped; the
    feature image is ``image`` (the stored one as a ``data:`` URI) or else its address."""
    body = article_html(article, image=image)
    return document(escape_line(article.title), body, css=STYLESHEET)


EXPORTER = PageExporter(name="html", suffix=".html", write=html_page, with_image=html_page)
