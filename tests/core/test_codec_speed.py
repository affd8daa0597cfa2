"""The article file's body, written without tomli_w's loop over each character, comes
out exactly as tomli_w writes it."""

from __future__ import annotations

from datetime import UTC, datetime

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from newscli.model import codec
from newscli.model.article import Article
from newscli.model.written import to_record

_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))
_TEXT = st.text(_CHARS | st.sampled_from(list('\n\r"\\\t\x00\x7f\x1b"""')), min_size=257)


def _reference(article: Article) -> str:
    """What tomli_w alone writes for the article's fields."""
    record = to_record(article)
    record.pop("votes", None)
    record.pop("comments", None)
    return tomli_w.dumps(record, multiline_strings=not codec._has_cr(record))


@given(body=_TEXT, title=st.sampled_from(["T", "newscli-body", 'body = "newscli-body"']))
def test_a_long_body_is_written_as_tomli_w_writes_it(body: str, title: str) -> None:
    when = datetime(2024, 1, 1, tzinfo=UTC)
    article = Article(id="abcd2345", title=title, body=body, added=when, updated=when)
    assert codec.dumps(article) == _reference(article)
    assert codec.loads(codec.dumps(article)).body == body
