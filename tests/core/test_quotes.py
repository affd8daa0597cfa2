"""Finding a quoted passage in a body, and finding it again after edits."""

from __future__ import annotations

import pytest

from newscli.errors import InvalidInput
from newscli.model.quotes import CONTEXT_CHARS, find_passage, locate

BODY = (
    "The ferry leaves the east pier at night. Islanders asked for it at three hearings.\n\n"
    "“A late boat home is good for us,” said an innkeeper, who still worries about trade."
)


def test_a_passage_is_found_with_context_on_both_sides() -> None:
    found = find_passage(BODY, "asked for it")
    assert found.quote == "asked for it"
    assert found.prefix == BODY[BODY.index("asked") - CONTEXT_CHARS : BODY.index("asked")]
    assert found.suffix == " at three hearings.\n\n“A late boa"
    assert len(found.suffix) == CONTEXT_CHARS


def test_context_stops_at_the_ends_of_the_body() -> None:
    found = find_passage(BODY, "The ferry")
    assert found.prefix == ""
    end = find_passage(BODY, "about trade.")
    assert end.suffix == ""


def test_white_space_and_quote_marks_do_not_matter() -> None:
    found = find_passage(BODY, '  hearings.   "A late boat   home ')
    # The body's own text is kept, with its paragraph break and typographic quote.
    assert found.quote == "hearings.\n\n“A late boat home"


@pytest.mark.parametrize(
    ("passage", "message"),
    [
        ("a morning boat", "does not occur in the article"),
        ("at", "occurs 2 times in the article; quote more of it"),
        ("   ", "the quoted passage is empty"),
    ],
)
def test_refusals(passage: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        find_passage(BODY, passage)


def test_case_matters() -> None:
    with pytest.raises(InvalidInput):
        find_passage(BODY, "ISLANDERS")


def test_a_passage_is_not_found_inside_a_longer_word() -> None:
    # "at" stands twice as a word ("at night", "at three"), and inside "late" and "trade".
    with pytest.raises(InvalidInput, match="2 times"):
        find_passage(BODY, "at")
    with pytest.raises(InvalidInput) as inside:
        find_passage(BODY, "nnkeep")
    # The message says why: the text is there, just not as whole words.
    assert str(inside.value) == "the passage 'nnkeep' does not occur in the article as whole words"
    with pytest.raises(InvalidInput) as absent:
        find_passage(BODY, "a morning boat")
    assert str(absent.value) == "the passage 'a morning boat' does not occur in the article"
    assert find_passage(BODY, "innkeeper,").quote == "innkeeper,"


def _stored(passage: str) -> tuple[str, str, str]:
    found = find_passage(BODY, passage)
    return found.quote, found.prefix, found.suffix


def test_locate_finds_the_passage_where_it_stands() -> None:
    start, end = locate(BODY, *_stored("asked for it")) or (0, 0)
    assert BODY[start:end] == "asked for it"


def test_locate_after_text_was_added_before_it() -> None:
    edited = "Updated. " + BODY.replace("east pier", "eastern pier")
    start, end = locate(edited, *_stored("three hearings")) or (0, 0)
    assert edited[start:end] == "three hearings"


def test_locate_picks_the_occurrence_with_the_same_context() -> None:
    quote, prefix, suffix = _stored("still worries")
    edited = "He still worries too. " + BODY
    span = locate(edited, quote, prefix, suffix)
    assert span is not None
    assert span[0] == edited.index("who still worries") + len("who ")


def test_locate_a_passage_that_was_reworded_between_its_context() -> None:
    quote, prefix, suffix = _stored("at three hearings")
    edited = BODY.replace("at three hearings", "at four public hearings")
    start, end = locate(edited, quote, prefix, suffix) or (0, 0)
    assert edited[start:end] == "at four public hearings"


def test_locate_gives_none_when_the_passage_and_its_context_are_gone() -> None:
    quote, prefix, suffix = _stored("asked for it")
    assert locate("A different article altogether.", quote, prefix, suffix) is None
