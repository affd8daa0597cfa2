"""Properties over any article: the store keeps it exactly; no output carries its escapes.

The articles come from test_codec's strategy: arbitrary Unicode with CR, NUL, ESC, DEL,
C1 controls, quotes and long lines made common.
"""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rich.console import Console, RenderableType

from newscli import api
from newscli.model.article import Article
from newscli.model.listing import Row
from newscli.render.formats import Format, render
from newscli.render.page import article_page
from newscli.render.table import Table
from newscli.store import trash
from test_codec import ARTICLES

SGR = re.compile(r"\x1b\[[0-9;]*m")
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(ARTICLES)
def test_any_article_is_saved_and_loaded_unchanged(article: Article) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = api.open_store(Path(folder))
        store.create(article)
        assert store.load(article.id) == article
        assert store.scan().articles == [article]
        # and through the trash and back, byte for byte
        saved = store.path_for(article.id).read_bytes()
        api.remove_articles(store, [article.id])
        found, problems = trash.read(store)
        assert ([t.article for t in found], problems) == ([article], [])
        api.restore_article(store, article.id)
        assert store.path_for(article.id).read_bytes() == saved


def _printed(renderable: RenderableType, colour: bool) -> str:
    console = Console(
        width=80,
        file=io.StringIO(),
        force_terminal=colour,
        color_system="truecolor" if colour else None,
    )
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


@settings(SETTINGS, max_examples=25)  # Rich lays out long lines slowly
@given(st.lists(ARTICLES, min_size=1, max_size=3, unique_by=lambda a: a.id))
def test_no_output_carries_an_escape_from_content(articles: list[Article]) -> None:
    rows = [Row.of(article) for article in articles]
    outputs = {fmt.value: render(rows, fmt) for fmt in Format if fmt is not Format.TABLE}
    for colour in (False, True):
        page = _printed(article_page(articles[0]), colour)
        for fields in (None, ("id", "title", "tags", "url", "author")):
            table = "".join(Table(80, fields, colour).draw(rows))
            # With colour on, our own colour codes are the only escapes; a content
            # escape that looked like one would show up in the uncoloured run.
            outputs[f"table {fields}, colour {colour}"] = SGR.sub("", table) if colour else table
        outputs[f"page, colour {colour}"] = SGR.sub("", page) if colour else page
    for name, text in outputs.items():
        assert "\x1b" not in text, name
        assert "\x9b" not in text, name  # the one-byte C1 form of ESC [
