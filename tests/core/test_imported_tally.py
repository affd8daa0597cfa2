"""Imported tallies: totals without voters that came with a comment or an article; the page
adds them to newscli's own votes, a merge keeps them constant, voting never touches them."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import pytest

from newscli.errors import InvalidInput
from newscli.model import codec
from newscli.model.article import Article, Comment, CommentVote, Vote
from newscli.model.tally import ImportedRating, ImportedVotes
from newscli.model.threads import PageState, threads
from newscli.sharing.merge import merge_texts
from newscli.text.wording import comment_head, vote_count

T0 = datetime(2024, 6, 6, tzinfo=UTC)


def _article() -> Article:
    return Article(
        id="abcd1234",
        title="Title",
        body="Body.",
        added=T0,
        updated=T0,
        imported_rating=ImportedRating(4.3, 17),
        comments=[
            Comment("c00000", "first", T0, author="lin", imported_votes=ImportedVotes(14, 2)),
            Comment("c00001", "second", T0 + timedelta(1), author="kai"),
        ],
    )


def test_the_file_keeps_the_tallies_as_tables() -> None:
    article = _article()
    text = codec.dumps(article)
    assert "[imported_rating]\naverage = 4.3\nvotes = 17\n" in text
    assert "imported_up = 14\nimported_down = 2\n" in text
    assert codec.loads(text) == article


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("imported_up = -1", "'imported_up' must be a whole number"),
        ("imported_up = 1\nimported_down = 1e3", "'imported_down' must be a whole number"),
        ("imported_up = true", "'imported_up' must be a whole number"),
    ],
)
def test_a_hostile_comment_tally_is_refused(line: str, message: str) -> None:
    text = codec.dumps(_article()).replace("imported_up = 14\nimported_down = 2", line)
    with pytest.raises(InvalidInput, match=message):
        codec.loads(text)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("average = 9.0\nvotes = 17", "average must be a number from 1 to 5"),
        ("average = 4.0\nvotes = 0", "votes must be at least 1"),
        ("average = 4.0", "a table of 'average' and 'votes'"),
    ],
)
def test_a_hostile_rating_tally_is_refused(table: str, message: str) -> None:
    text = codec.dumps(_article()).replace("average = 4.3\nvotes = 17", table)
    with pytest.raises(InvalidInput, match=message):
        codec.loads(text)


def test_the_rating_adds_the_imported_tally_to_the_votes_of_people() -> None:
    article = _article()
    assert (article.rating.average, article.rating.votes) == (4.3, 17)
    article.votes = [Vote("mei", 5, T0)]  # 4.3 x 17 = 73.1, + 5 = 78.1 over 18
    assert (article.rating.average, article.rating.votes) == (4.3, 18)
    article.votes += [Vote(f"v{n}", 1, T0) for n in range(18)]  # 96.1 over 36
    assert (article.rating.average, article.rating.votes) == (2.7, 36)
    assert vote_count(article) == "36 votes (17 imported)"


def test_the_head_line_shows_the_tally_then_the_votes_cast_here() -> None:
    comment = _article().comments[0]
    heads = [value for _, value in comment_head(comment, PageState())]
    assert heads[-1] == "+12 (imported)"
    comment.votes = [CommentVote("mei", 1, T0)]
    heads = [value for _, value in comment_head(comment, PageState())]
    assert heads[-2:] == ["+12 (imported)", "+1"]


def test_sorting_by_votes_counts_the_tally() -> None:
    article = _article()
    article.comments[1].votes = [CommentVote(f"v{n}", 1, T0) for n in range(11)]
    order = [thread[0][1].id for thread in threads(article.comments, "votes")]
    assert order == ["c00000", "c00001"]  # +12 imported beats +11 cast here


def _merge(base: Article, ours: Article, theirs: Article) -> Article:
    merged = merge_texts(codec.dumps(base), codec.dumps(ours), codec.dumps(theirs), "a.toml")
    flipped = merge_texts(codec.dumps(base), codec.dumps(theirs), codec.dumps(ours), "a.toml")
    assert merged.text == flipped.text
    assert merged.text is not None
    return codec.loads(merged.text)


def test_a_merge_keeps_the_tally_constant_and_unites_the_votes() -> None:
    base = _article()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.votes = [Vote("mei", 5, T0)]
    ours.comments[0].votes = [CommentVote("mei", 1, T0)]
    theirs.votes = [Vote("kai", 3, T0)]
    theirs.comments[0].votes = [CommentVote("kai", -1, T0)]
    merged = _merge(base, ours, theirs)
    assert merged.imported_rating == ImportedRating(4.3, 17)  # not 34 votes
    assert merged.comments[0].imported_votes == ImportedVotes(14, 2)
    assert [v.voter for v in merged.votes] == ["kai", "mei"]
    assert {v.voter for v in merged.comments[0].votes} == {"kai", "mei"}
    assert merged.conflicts == []


def test_a_merge_takes_a_refreshed_tally_and_never_notes_a_conflict() -> None:
    base = _article()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.imported_rating = ImportedRating(4.4, 20)  # imported again with --update
    ours.comments[0].imported_votes = ImportedVotes(15, 2)
    assert _merge(base, ours, theirs).imported_rating == ImportedRating(4.4, 20)
    theirs.imported_rating = ImportedRating(4.2, 19)  # both refreshed, differently
    merged = _merge(base, ours, theirs)
    assert merged.imported_rating == ImportedRating(4.4, 20)
    assert merged.comments[0].imported_votes == ImportedVotes(15, 2)
    assert merged.conflicts == []
