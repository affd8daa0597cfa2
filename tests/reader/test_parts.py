"""The reader's article view is the page ``show`` prints; keys; the terminal check."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console, Group

from newscli import api
from newscli.errors import InvalidInput, NewsError
from newscli.reader import require_terminal
from newscli.reader.keys import load_keys
from newscli.reader.page_parts import page_parts
from newscli.render.page import article_page


def _text(renderable: object, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


@pytest.mark.parametrize("width", [60, 88])
def test_parts_in_order_are_the_page(store: api.Store, width: int) -> None:
    article = api.get_article(store, "art00003")
    parts = page_parts(article, all_comments=True)
    pieces = [*parts.head, *(c.view for c in parts.comments), *parts.tail]
    assert _text(Group(*pieces), width) == _text(article_page(article, True), width)
    assert [(c.comment.id, c.depth, c.thread) for c in parts.comments] == [
        ("cmt001", 0, 0),
        ("cmt002", 1, 0),
        ("cmt003", 0, 1),
    ]


def test_the_readers_page_says_what_is_open_and_what_is_unverified(store: api.Store) -> None:
    """The reader's page tells of an open conflict under the headline and marks what no
    signature vouches for, as show does (issue 25)."""
    from dataclasses import replace

    from newscli.model.article import Conflict

    article = api.get_article(store, "art00003")
    article = replace(article, conflicts=[Conflict("title", "Old", by="kai", kept_by="mei")])
    state = api.PageState("ana", "ana", unverified=frozenset({"comment cmt001", "vote kai"}))
    parts = page_parts(article, all_comments=True, state=state)
    head = _text(Group(*parts.head), 88).splitlines()
    assert head[1] == "Conflict: title changed by mei and kai · newscli resolve art00003"
    assert "unverified: kai's vote" in "\n".join(head)
    first, second = (_text(c.view, 88).splitlines()[0] for c in parts.comments[:2])
    assert first.endswith("unverified") and not second.endswith("unverified")


def test_keys_from_a_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\nnext_article = "ctrl+n, J"\n', encoding="utf-8")
    assert load_keys(config) == {"next_article": "ctrl+n,J"}
    assert load_keys(tmp_path / "missing.toml") == {}
    assert load_keys({"keys": {"rate_4": "f4"}}) == {"rate_4": "f4"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[keys]\nnope = "x"\n', "has no binding 'nope'"),
        ("[keys]\nrate_1 = 1\n", "must be a key name"),
        ("keys = 1\n", "'keys' must be a table"),
        ("[keys\n", "cannot be read"),
    ],
)
def test_bad_keys_are_one_line(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        load_keys(config)


def test_not_a_terminal_points_to_list_and_show() -> None:
    with pytest.raises(NewsError, match="'newscli list' and 'newscli show ID'"):
        require_terminal(io.StringIO(), io.StringIO())
