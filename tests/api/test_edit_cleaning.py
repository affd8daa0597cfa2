"""``edit`` cleans what it saves by the rules of ``add`` and ``import``: the same title,
tags and url come out of every way in."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscli import api
from newscli.errors import InvalidInput, NewsError
from newscli.model.article import Draft


def _editor(tmp_path: Path, fields: dict[str, object]) -> str:
    """An editor that sets ``fields`` in the article file, as a person might type them."""
    values = tmp_path / "fields.json"
    values.write_text(json.dumps(fields))
    script = tmp_path / "editor.py"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        "from newscli.model import codec\n"
        "article = codec.loads(open(sys.argv[1], encoding='utf-8').read())\n"
        f"for key, value in json.load(open({str(values)!r})).items():\n"
        "    setattr(article, key, value)\n"
        "open(sys.argv[1], 'w', encoding='utf-8').write(codec.dumps(article))\n"
    )
    script.chmod(0o700)
    return str(script)


def test_edit_cleans_as_add_does(tmp_path: Path) -> None:
    store = api.open_store(tmp_path / "data")
    article = api.add_article(store, Draft(title="Old", body="Body.")).id
    fields = {
        "title": "Two\nlines ",
        "tags": ["x", "X", " ", "y  z"],
        "url": "  javascript:alert(1)  ",
        "dateline": "\tTAIPEI\n",
    }
    assert api.edit_article(store, article, _editor(tmp_path, fields)).saved
    saved = store.load(article)
    assert (saved.title, saved.tags) == ("Two lines", ["x", "y z"])
    assert (saved.url, saved.dateline) == ("javascript:alert(1)", "TAIPEI")


def test_an_edit_over_the_limits_is_refused(tmp_path: Path) -> None:
    store = api.open_store(tmp_path / "data")
    article = api.add_article(store, Draft(title="Old", body="Body.")).id
    before = store.path_for(article).read_bytes()
    with pytest.raises(NewsError, match="the article has no title"):
        api.edit_article(store, article, _editor(tmp_path, {"title": " \n "}))
    assert store.path_for(article).read_bytes() == before


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12).filter(
    lambda s: "\0" not in s
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=_TEXT, tags=st.lists(_TEXT, max_size=4), url=st.none() | _TEXT, dateline=_TEXT)
def test_edit_and_add_keep_the_same_fields(
    tmp_path: Path, title: str, tags: list[str], url: str | None, dateline: str
) -> None:
    store = api.open_store(tmp_path / f"d{len(list(tmp_path.iterdir()))}")
    try:
        added = api.add_article(
            store, Draft(title=title, body="Body.", tags=tags, url=url, dateline=dateline)
        )
    except InvalidInput:
        return  # e.g. an empty title: refused by every way in alike
    plain = api.add_article(store, Draft(title="Plain", body="Body.")).id
    fields = {"title": title, "tags": tags, "url": url, "dateline": dateline}
    api.edit_article(store, plain, _editor(tmp_path, fields))
    edited = store.load(plain)
    assert (edited.title, edited.tags, edited.url, edited.dateline) == (
        added.title,
        added.tags,
        added.url,
        added.dateline,
    )
