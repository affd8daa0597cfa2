"""The article file format: TOML text to Article and back."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from newscli import ids
from newscli.errors import InvalidInput
from newscli.model import codec
from newscli.model.article import FIELDS, SCHEMA, Article, Comment, CommentVote, Retraction, Vote
from newscli.model.record import from_record
from newscli.model.written import to_record

T0 = datetime(2024, 6, 6, 8, 0, tzinfo=UTC)
T1 = datetime(2024, 6, 7, 9, 30, 15, tzinfo=UTC)


def full_article() -> Article:
    return Article(
        id="abcd2345",
        title="Harbour Bridge Reopens",
        body="First paragraph.\n\nSecond paragraph with “quotes” and a \\ backslash.",
        added=T0,
        updated=T1,
        dateline="TAIPEI",
        published=datetime(2024, 6, 5, tzinfo=UTC),
        url="https://example.org/bridge",
        source="Example Daily",
        author="R. Writer",
        image="https://example.org/bridge.jpg",
        image_caption="The bridge at dawn.",
        tags=["transport", "Taipei", "two words"],
        votes=[
            Vote(voter="ann", stars=5, at=T0),
            Vote(voter="bo", stars=1, at=T1),
        ],
        comments=[
            Comment(id="c0mm3n", text="Great news.", at=T0, author="ann", email="ann@example.org"),
            Comment(id="r3p1y0", text="Agreed!\n\nTwo paragraphs.", at=T1, parent="c0mm3n"),
            Comment(id="g3st0a", text="Anonymous.", at=T1),
        ],
        extra={"wordcount": 42, "note": "kept", "nested": {"a": [1, 2]}},
    )


MINIMAL = """\
schema = 1
id = "abcd2345"
title = "A title"
added = 2024-06-06T08:00:00Z
body = "A body."
"""


def test_round_trip_full_article() -> None:
    article = full_article()
    assert codec.loads(codec.dumps(article)) == article


def test_round_trip_minimal_article() -> None:
    article = Article(id="abcd2345", title="T", body="B", added=T0, updated=T0)
    back = codec.loads(codec.dumps(article))
    assert back == article
    assert back.published is None
    assert back.tags == []
    assert back.votes == []
    assert back.comments == []
    assert back.extra == {}


def test_dumps_writes_schema_and_fields() -> None:
    text = codec.dumps(full_article())
    record = tomllib.loads(text)
    assert record["schema"] == SCHEMA == 4
    assert text.startswith("schema = 4\n")
    assert record["id"] == "abcd2345"
    assert record["published"] == datetime(2024, 6, 5, tzinfo=UTC)
    assert record["votes"][1] == {"voter": "bo", "stars": 1, "at": T1}
    assert record["comments"][1]["parent"] == "c0mm3n"
    assert record["comments"][0]["email"] == "ann@example.org"
    assert "parent" not in record["comments"][0]
    assert "author" not in record["comments"][2]
    assert record["image_caption"] == "The bridge at dawn."
    assert record["extra"] == {"wordcount": 42, "note": "kept", "nested": {"a": [1, 2]}}


def test_dumps_leaves_out_empty_optional_fields() -> None:
    article = Article(id="abcd2345", title="T", body="B", added=T0, updated=T0)
    record = tomllib.loads(codec.dumps(article))
    assert set(record) == {"schema", "id", "title", "added", "updated", "tags", "body"}


def test_dumps_converts_times_to_utc() -> None:
    plus2 = timezone(timedelta(hours=2))
    article = Article(
        id="abcd2345",
        title="T",
        body="B",
        added=datetime(2024, 6, 6, 10, 0, tzinfo=plus2),
        updated=datetime(2024, 6, 6, 11, 0, tzinfo=plus2),
    )
    back = codec.loads(codec.dumps(article))
    assert back.added == datetime(2024, 6, 6, 8, 0, tzinfo=UTC)
    assert back.added.utcoffset() == timedelta(0)
    assert back.updated == datetime(2024, 6, 6, 9, 0, tzinfo=UTC)


def test_loads_minimal() -> None:
    article = codec.loads(MINIMAL)
    assert article.id == "abcd2345"
    assert article.title == "A title"
    assert article.body == "A body."
    assert article.added == T0
    assert article.updated == T0  # defaults to added
    assert article.dateline is None


def test_a_file_with_crlf_line_ends_reads_as_lf() -> None:
    text = MINIMAL.replace('body = "A body."', 'body = """\nOne.\n\nTwo."""').replace("\n", "\r\n")
    assert "\r\n" in text
    assert codec.loads(text).body == "One.\n\nTwo."


def test_a_syntax_error_is_one_line_naming_where() -> None:
    with pytest.raises(codec.TomlSyntaxError) as info:
        codec.parse_toml('title = "T"\n\nbody = \n')
    assert info.value.line == 3
    assert str(info.value).startswith("TOML syntax error: ")
    assert "line 3" in str(info.value)
    assert "\n" not in str(info.value)


def test_a_lone_carriage_return_is_refused_not_joined_to_the_next_line_end() -> None:
    with pytest.raises(codec.TomlSyntaxError):
        codec.parse_toml('s = """x\r\r\ny"""\n')


MARKER = "$__toml_private_datetime"  # serde's private key: rtoml alone reads it as a date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'"{MARKER}" = "2024-01-01"\n', {MARKER: "2024-01-01"}),
        (f'x = {{ "{MARKER}" = "not a date", y = 1 }}\n', {"x": {MARKER: "not a date", "y": 1}}),
        ('x = { "\\u0024__toml_private_datetime" = "1", y = 1 }\n', {"x": {MARKER: "1", "y": 1}}),
    ],
)
def test_serdes_private_date_key_is_an_ordinary_key(text: str, expected: object) -> None:
    assert codec.parse_toml(text) == expected


def test_an_article_keeps_an_extra_table_keyed_like_serdes_private_date() -> None:
    article = codec.loads(MINIMAL)
    article.extra = {"meta": {MARKER: "2024-01-01", "y": 1}}
    assert codec.loads(codec.dumps(article)).extra == article.extra


def test_a_file_of_serdes_private_date_key_alone_is_a_bad_article() -> None:
    with pytest.raises(InvalidInput, match="missing required key"):
        codec.loads(f'"{MARKER}" = "2024-01-01"\n')


def test_unknown_top_level_keys_are_kept_under_extra() -> None:
    text = MINIMAL + 'colour = "blue"\nscore = 7\n[extra]\nnote = "kept"\n'
    article = codec.loads(text)
    assert article.extra == {"note": "kept", "colour": "blue", "score": 7}
    again = tomllib.loads(codec.dumps(article))
    assert again["extra"] == {"note": "kept", "colour": "blue", "score": 7}
    assert codec.loads(codec.dumps(article)) == article


def test_unknown_keys_of_votes_and_comments_are_kept_in_place() -> None:
    text = (
        MINIMAL
        + '[[votes]]\nvoter = "ann"\nstars = 4\nat = 2024-06-06T08:00:00Z\nweight = 2\n'
        + '[[comments]]\nid = "abcd23"\nat = 2024-06-06\ntext = "Hi."\nmood = "glad"\n'
    )
    article = codec.loads(text)
    assert article.votes[0].extra == {"weight": 2}
    assert article.comments[0].extra == {"mood": "glad"}
    assert article.comments[0].at == datetime(2024, 6, 6, tzinfo=UTC)
    again = tomllib.loads(codec.dumps(article))
    assert again["votes"][0]["weight"] == 2
    assert again["comments"][0]["mood"] == "glad"
    assert again["comments"][0]["at"] == datetime(2024, 6, 6, tzinfo=UTC)


def test_bare_date_for_published_is_midnight_utc() -> None:
    article = codec.loads(MINIMAL + "published = 2024-06-05\n")
    assert article.published == datetime(2024, 6, 5, tzinfo=UTC)
    assert article.published is not None
    assert article.published.tzinfo is not None
    assert article.published.utcoffset() == timedelta(0)


def test_local_datetime_is_taken_as_utc() -> None:
    article = codec.loads(MINIMAL + "published = 2024-06-05T10:00:00\n")
    assert article.published == datetime(2024, 6, 5, 10, 0, tzinfo=UTC)


def test_offset_datetime_is_converted_to_utc() -> None:
    article = codec.loads(MINIMAL + "published = 2024-06-05T10:00:00+02:00\n")
    assert article.published == datetime(2024, 6, 5, 8, 0, tzinfo=UTC)


def test_empty_optional_text_reads_as_none() -> None:
    article = codec.loads(MINIMAL + 'author = ""\nurl = ""\n')
    assert article.author is None
    assert article.url is None


VOTE = '[[votes]]\nvoter = "ann"\nstars = 4\nat = 2024-06-06T08:00:00Z\n'


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (MINIMAL.replace('title = "A title"', "title = 3"), ["'title'", "a string", "int"]),
        (MINIMAL.replace('body = "A body."', "body = true"), ["'body'", "a string", "bool"]),
        (MINIMAL + "tags = [1]\n", ["'tags'", "array of strings"]),
        (MINIMAL + 'tags = "news"\n', ["'tags'", "an array", "str"]),
        (MINIMAL + "url = 5\n", ["'url'", "a string", "int"]),
        (MINIMAL + 'published = "yesterday"\n', ["'published'", "a date-time", "str"]),
        (MINIMAL + "published = 12:00:00\n", ["'published'", "a date-time", "time"]),
        (MINIMAL + 'extra = "x"\n', ["'extra'", "a table", "str"]),
        (MINIMAL + 'votes = "many"\n', ["'votes'", "an array", "str"]),
        (MINIMAL + "votes = [1]\n", ["votes #1", "must be a table"]),
        (MINIMAL + VOTE.replace("stars = 4", 'stars = "5"'), ["votes #1", "'stars'", "integer"]),
        (MINIMAL + VOTE.replace("stars = 4", "stars = 9"), ["votes #1", "'stars'", "1 to 5", "9"]),
        (MINIMAL + VOTE.replace("stars = 4", "stars = 0"), ["votes #1", "'stars'", "1 to 5", "0"]),
        (MINIMAL + VOTE.replace("stars = 4", "stars = true"), ["votes #1", "'stars'", "bool"]),
        (MINIMAL + VOTE.replace("stars = 4", "stars = 4.5"), ["votes #1", "'stars'", "float"]),
        (MINIMAL + VOTE + VOTE.replace('voter = "ann"\n', ""), ["votes #2", "'voter'"]),
        (MINIMAL + VOTE.replace("at = 2024-06-06T08:00:00Z\n", ""), ["votes #1", "'at'"]),
        (MINIMAL + VOTE + VOTE.replace("stars = 4", "stars = 2"), ["votes #2", "'ann'", "already"]),
        (
            MINIMAL + '[[comments]]\nid = "c0mm3n"\nat = 2024-06-06T08:00:00Z\ntext = 5\n',
            ["comments #1", "'text'", "a string"],
        ),
        (MINIMAL + '[[comments]]\nid = "c0mm3n"\ntext = "hi"\n', ["comments #1", "'at'"]),
        (MINIMAL.replace('title = "A title"\n', ""), ["missing required key 'title'"]),
        (MINIMAL.replace('body = "A body."\n', ""), ["missing required key 'body'"]),
        (MINIMAL.replace('id = "abcd2345"\n', ""), ["missing required key 'id'"]),
        (MINIMAL.replace("added = 2024-06-06T08:00:00Z\n", ""), ["missing required key 'added'"]),
        (MINIMAL.replace("schema = 1\n", ""), ["missing required key 'schema'"]),
        (MINIMAL.replace('id = "abcd2345"', 'id = "../etc/x"'), ["'id'", "not a valid article id"]),
        (MINIMAL.replace('id = "abcd2345"', 'id = "ABCD2345"'), ["'id'", "not a valid article id"]),
        (MINIMAL.replace('id = "abcd2345"', 'id = "abcd234"'), ["'id'", "not a valid article id"]),
        (MINIMAL.replace('id = "abcd2345"', "id = 12345678"), ["'id'", "a string"]),
        (MINIMAL.replace("schema = 1", "schema = 5"), ["unsupported schema 5"]),
        (MINIMAL.replace("schema = 1", 'schema = "1"'), ["'schema'", "an integer"]),
        (MINIMAL + "title = = broken\n", ["TOML syntax error"]),
        (MINIMAL + 'title = "again"\n', ["TOML syntax error"]),
        ("not toml at all", ["TOML syntax error"]),
        ("", ["missing required key 'schema'"]),
    ],
)
def test_bad_records_raise_invalid_input_naming_the_problem(text: str, words: list[str]) -> None:
    with pytest.raises(InvalidInput) as info:
        codec.loads(text)
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


@pytest.mark.parametrize(
    "text",
    [
        "a\r\nb",
        "\r\n",
        "first\r\n\r\nsecond\n",
        "cr\ronly",
        "mixed\r\nand\nlf",
        "nul\x00esc\x1b[31m",
    ],
)
def test_control_characters_survive_in_every_text_field(text: str) -> None:
    article = full_article()
    article.title = text
    article.body = text
    article.dateline = text
    article.image_caption = text
    article.tags = [text]
    article.votes[0].voter = text
    article.comments[0].text = text
    article.comments[1].author = text
    article.extra = {"note": text}
    back = codec.loads(codec.dumps(article))
    assert back.body == text
    assert back.title == text
    assert back.comments[0].text == text
    assert back.tags == [text]
    assert back.extra == {"note": text}
    assert back == article


def test_minimal_record_is_valid() -> None:
    # The base of every bad record above is itself fine, so each error comes from its change.
    assert codec.loads(MINIMAL).id == "abcd2345"
    assert codec.loads(MINIMAL + VOTE).votes == [Vote(voter="ann", stars=4, at=T0)]


# --- property: any article survives dumps -> loads unchanged -------------------------------

# Any Unicode scalar value except surrogates (which cannot be encoded as UTF-8),
# with the awkward ones for a TOML writer made common.
_AWKWARD = st.sampled_from(
    ["\r", "\r\n", "\n", "\x00", "\x1b", "\x7f", "\x85", "\t", '"', '"""', "'''", "\\", " "]
)
_CHAR = st.characters(exclude_categories=("Cs",))
_LONG_LINES = st.sampled_from(["x" * 3000, "word " * 800, "é" * 2000])
_PIECE = st.one_of(_AWKWARD, st.text(_CHAR, max_size=6), _LONG_LINES)
TEXT = st.lists(_PIECE, max_size=4).map("".join)
# Optional text is written only when non-empty, so "" is not a value it can keep.
OPTIONAL_TEXT = st.none() | st.lists(_PIECE, min_size=1, max_size=3).map("".join).filter(bool)
TIMES = st.datetimes(
    min_value=datetime(1, 1, 1),
    max_value=datetime(9999, 12, 31),
    timezones=st.just(UTC),
)

VOTES = st.builds(Vote, voter=TEXT, stars=st.integers(1, 5), at=TIMES)
RETRACTIONS = st.builds(Retraction, voter=TEXT, at=TIMES)
COMMENTS = st.builds(
    Comment,
    id=st.text(alphabet=ids.ALPHABET, min_size=6, max_size=6),
    text=TEXT,
    at=TIMES,
    author=OPTIONAL_TEXT,
    email=OPTIONAL_TEXT,
    parent=OPTIONAL_TEXT,
    # Voters of any text: one holding a line break must not make a table of its own.
    votes=st.lists(
        st.builds(CommentVote, voter=TEXT, value=st.sampled_from([1, -1]), at=TIMES), max_size=2
    ),
    retracted=st.lists(RETRACTIONS, max_size=2, unique_by=lambda r: r.voter),
)
CHANGED = st.dictionaries(
    st.sampled_from(FIELDS) | TEXT.map(lambda key: f"extra.{key}"), TIMES, max_size=2
)
ARTICLES = st.builds(
    Article,
    id=st.text(alphabet=ids.ALPHABET, min_size=8, max_size=8),
    title=TEXT,
    body=TEXT,
    added=TIMES,
    updated=TIMES,
    dateline=OPTIONAL_TEXT,
    published=st.none() | TIMES,
    url=OPTIONAL_TEXT,
    source=OPTIONAL_TEXT,
    author=OPTIONAL_TEXT,
    image=OPTIONAL_TEXT,
    image_caption=OPTIONAL_TEXT,
    tags=st.lists(TEXT, max_size=2),
    votes=st.lists(VOTES, max_size=2, unique_by=lambda v: v.voter),
    retracted=st.lists(RETRACTIONS, max_size=2, unique_by=lambda r: r.voter),
    comments=st.lists(COMMENTS, max_size=2, unique_by=lambda c: c.id),
    extra=st.dictionaries(TEXT, TEXT, max_size=2),
    changed=CHANGED,
).filter(lambda a: not {v.voter for v in a.votes} & {r.voter for r in a.retracted})


def _differences(expected: Article, actual: Article) -> dict[str, tuple[object, object]]:
    """The fields that differ, as (expected, actual); cheap to report, unlike a full diff."""
    return {
        f.name: (getattr(expected, f.name), getattr(actual, f.name))
        for f in dataclasses.fields(Article)
        if getattr(expected, f.name) != getattr(actual, f.name)
    }


# No explain phase: it re-runs the failing case a thousand times, for minutes, on long text.
@settings(
    max_examples=200,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(ARTICLES)
def test_any_article_survives_dumps_and_loads(article: Article) -> None:
    back = codec.loads(codec.dumps(article))
    assert _differences(article, back) == {}
    assert back == article


@pytest.mark.parametrize(
    ("comments", "words"),
    [
        ('[[comments]]\nid = "ABCDEF"\nat = 2024-06-06\ntext = "x"\n', ["comment id"]),
        (
            '[[comments]]\nid = "abcd23"\nat = 2024-06-06\ntext = "x"\n' * 2,
            ["abcd23", "twice"],
        ),
    ],
    ids=["malformed", "duplicate"],
)
def test_comment_ids_must_be_well_formed_and_unique(comments: str, words: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        codec.loads(MINIMAL + comments)
    assert all(word in str(caught.value) for word in words)


def test_a_key_both_at_the_top_and_in_extra_is_refused_not_dropped() -> None:
    with pytest.raises(InvalidInput, match="note"):
        codec.loads(MINIMAL + 'note = "top"\n[extra]\nnote = "inner"\n')


@pytest.mark.parametrize(
    "text",
    [
        MINIMAL.replace("added = ", "published = 0001-01-01T00:00:00+01:00\nadded = "),
        MINIMAL + "deep = " + "[" * 5000 + "]" * 5000 + "\n",
    ],
    ids=["date-out-of-range", "nested-too-deeply"],
)
def test_unusable_values_are_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInput):
        codec.loads(text)


def test_body_format_and_quoted_comment_round_trip() -> None:
    stamp = datetime(2024, 6, 6, 8, 0, tzinfo=UTC)
    article = Article(
        id="abcd2345",
        title="T",
        body="One passage here.",
        added=stamp,
        updated=stamp,
        format="markdown",
        comments=[
            Comment(
                id="abc234",
                text="Nice",
                at=stamp,
                quote="passage",
                quote_prefix="One ",
                quote_suffix=" here.",
            )
        ],
    )
    record = to_record(article)
    assert record["format"] == "markdown"
    assert codec.loads(codec.dumps(article)) == article


def test_plain_text_format_is_not_written() -> None:
    stamp = datetime(2024, 6, 6, 8, 0, tzinfo=UTC)
    record = to_record(Article(id="abcd2345", title="T", body="B", added=stamp, updated=stamp))
    assert "format" not in record
    assert from_record(record).format == "text"


def test_unknown_body_format_is_refused() -> None:
    stamp = datetime(2024, 6, 6, 8, 0, tzinfo=UTC)
    record = to_record(Article(id="abcd2345", title="T", body="B", added=stamp, updated=stamp))
    with pytest.raises(InvalidInput, match="'format' must be one of text, markdown"):
        from_record(record | {"format": "rst"})


def test_add_refuses_an_unknown_body_format(tmp_path: Path) -> None:
    from newscli import api

    store = api.open_store(tmp_path)
    with pytest.raises(InvalidInput, match="'format' must be one of text, markdown, not 'rst'"):
        api.add_article(store, api.Draft(title="T", body="B", format="rst"))
    assert store.ids() == []


def test_a_comments_long_votes_and_history_stay_the_comments() -> None:
    """Too long for one line, a comment's votes and history were written as a relative
    ``[[votes]]`` table, which reads back as the article's votes (or fails to read)."""
    from newscli.model.article import CommentVote, EarlierText

    at = datetime(2026, 1, 1, tzinfo=UTC)
    comment = Comment(
        id="aaaaaa",
        text="Now.",
        at=at,
        author="mei",
        votes=[CommentVote("kai", 1, at, signature="S" * 300), CommentVote("lin", -1, at)],
        history=[EarlierText("An earlier text, " * 20, at)],
    )
    article = Article("abcd2345", "T", "B.", at, at, comments=[comment])
    text = codec.dumps(article)
    assert "[[comments.votes]]" in text and "[[comments.history]]" in text
    assert codec.loads(text) == article
