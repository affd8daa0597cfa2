"""Ids: generation, checking user input, and resolving prefixes."""

from __future__ import annotations

import pytest

from newscli import ids
from newscli.errors import AmbiguousId, InvalidId, InvalidInput, NotFound


def test_alphabet_is_crockford_lower_case() -> None:
    assert len(ids.ALPHABET) == 32
    assert len(set(ids.ALPHABET)) == 32
    assert not set("ilou") & set(ids.ALPHABET)
    assert ids.ALPHABET.lower() == ids.ALPHABET


@pytest.mark.parametrize("length", [ids.ARTICLE_ID_LENGTH, ids.COMMENT_ID_LENGTH, 1, 20])
def test_new_id_length_and_alphabet(length: int) -> None:
    for _ in range(50):
        value = ids.new_id(length)
        assert len(value) == length
        assert set(value) <= set(ids.ALPHABET)


def test_new_article_and_comment_ids_match_their_patterns() -> None:
    assert ids.ARTICLE_ID_RE.fullmatch(ids.new_id(ids.ARTICLE_ID_LENGTH))
    assert ids.COMMENT_ID_RE.fullmatch(ids.new_id(ids.COMMENT_ID_LENGTH))


def test_new_id_is_random() -> None:
    values = {ids.new_id(ids.ARTICLE_ID_LENGTH) for _ in range(200)}
    assert len(values) == 200


def test_new_id_avoids_taken_ids() -> None:
    # With every one-character id but one taken, only that one can come back.
    taken = [c for c in ids.ALPHABET if c != "q"]
    for _ in range(20):
        assert ids.new_id(1, taken) == "q"


def test_new_id_avoids_taken_ids_from_a_generator() -> None:
    taken = (c for c in ids.ALPHABET if c != "7")
    assert ids.new_id(1, taken) == "7"


def test_new_id_retries_after_a_collision(monkeypatch: pytest.MonkeyPatch) -> None:
    import secrets

    a, b = ids.ALPHABET.index("a"), ids.ALPHABET.index("b")
    draws = iter([bytes([a] * 8), bytes([b + 32] * 8)])  # + 32: the same letter again
    monkeypatch.setattr(secrets, "token_bytes", lambda _n: next(draws))
    assert ids.new_id(8, {"aaaaaaaa"}) == "bbbbbbbb"


def test_every_letter_is_equally_likely_from_a_random_byte() -> None:
    assert 256 % len(ids.ALPHABET) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abcd", "abcd"),
        ("ABCD", "abcd"),
        ("AbCd1234", "abcd1234"),
        ("  abcd  ", "abcd"),
        ("0123456789", "0123456789"),
    ],
)
def test_normalise_prefix_accepts(text: str, expected: str) -> None:
    assert ids.normalise_prefix(text) == expected


@pytest.mark.parametrize("text", ["", "a", "ab", "abc", "ABC", "  abc  "])
def test_normalise_prefix_too_short(text: str) -> None:
    with pytest.raises(InvalidId):
        ids.normalise_prefix(text)


def test_normalise_prefix_too_short_message() -> None:
    with pytest.raises(InvalidId, match="too short for an id of an article: give at least 4 "):
        ids.normalise_prefix("ab1")


@pytest.mark.parametrize(
    ("kind", "invalid", "short"),
    [
        (
            "article in the trash",
            "'ab-1' is not a valid id of an article in the trash",
            "'ab1' is too short for an id of an article in the trash: give at least 4 characters",
        ),
        (
            "comment",
            "'ab-1' is not a valid id of a comment",
            "'ab1' is too short for an id of a comment: give at least 4 characters",
        ),
    ],
)
def test_id_messages_read_well_for_every_kind(kind: str, invalid: str, short: str) -> None:
    with pytest.raises(InvalidId) as bad:
        ids.normalise_prefix("ab-1", kind)
    assert str(bad.value) == invalid
    with pytest.raises(InvalidId) as too_short:
        ids.normalise_prefix("ab1", kind)
    assert str(too_short.value) == short


@pytest.mark.parametrize(
    "text",
    [
        "../x",
        "../abcdefgh",
        "abcd/..",
        "abcd/../efgh",
        "/etc/passwd",
        "abcd\\efgh",
        "abcd.toml",
        "abcdefgh.toml",
        "abc d",
        "abcl",  # l is not in the alphabet
        "abci",
        "abco",
        "abcu",
        "abcd-",
        "abcd\x00",
        "abcdé",
        "abcd\n1234",
        "\uff41\uff42\uff43\uff44",  # full-width letters
        "٠١٢٣",  # Arabic-Indic digits
    ],
)
def test_normalise_prefix_rejects_non_alphabet(text: str) -> None:
    with pytest.raises(InvalidId) as info:
        ids.normalise_prefix(text)
    assert str(info.value) == f"'{text}' is not a valid id of an article"


def test_invalid_id_is_invalid_input_and_names_the_kind() -> None:
    with pytest.raises(InvalidInput, match="not a valid id of a comment"):
        ids.normalise_prefix("../x", "comment")


KNOWN = ["abcd1234", "abcd1235", "abce0000", "zzzz9999"]


def test_resolve_exact() -> None:
    assert ids.resolve("abcd1234", KNOWN) == "abcd1234"
    assert ids.resolve("ABCD1235", KNOWN) == "abcd1235"


def test_resolve_exact_wins_over_longer_matches() -> None:
    assert ids.resolve("abcd", ["abcd", "abcd1234"]) == "abcd"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("abce", "abce0000"), ("zzzz", "zzzz9999"), ("ZZZZ99", "zzzz9999"), (" abcd1235", "abcd1235")],
)
def test_resolve_unique_prefix(text: str, expected: str) -> None:
    assert ids.resolve(text, KNOWN) == expected


def test_resolve_ambiguous_lists_candidates() -> None:
    with pytest.raises(AmbiguousId) as info:
        ids.resolve("abcd", reversed(KNOWN))
    assert info.value.candidates == ["abcd1234", "abcd1235"]
    message = str(info.value)
    assert "'abcd'" in message
    assert "ambiguous" in message
    assert "abcd1234" in message
    assert "abcd1235" in message
    assert "abce0000" not in message


def test_resolve_ambiguous_message_is_shortened_past_ten() -> None:
    known = [f"abcd{n:04d}" for n in range(12)]
    with pytest.raises(AmbiguousId) as info:
        ids.resolve("abcd", known)
    assert info.value.candidates == sorted(known)
    message = str(info.value)
    assert "abcd0009" in message
    assert "abcd0010" not in message
    assert message.endswith(", ...")


def test_resolve_not_found() -> None:
    with pytest.raises(NotFound, match="no article with id 'abcf'"):
        ids.resolve("abcf", KNOWN)
    with pytest.raises(NotFound, match="no comment with id 'abcf'"):
        ids.resolve("ABCF", KNOWN, "comment")


def test_resolve_with_nothing_known() -> None:
    with pytest.raises(NotFound):
        ids.resolve("abcd", [])


@pytest.mark.parametrize("text", ["../x", "abcd/..", "ab", "abcd*"])
def test_resolve_checks_the_input_first(text: str) -> None:
    # Even a "known" entry equal to the bad text must not be returned.
    with pytest.raises(InvalidId):
        ids.resolve(text, [text, *KNOWN])


def test_a_derived_id_is_the_same_for_the_same_key_and_avoids_those_taken() -> None:
    from newscli.ids import COMMENT_ID_LENGTH, COMMENT_ID_RE, derived_id

    first = derived_id("wxr\nhttps://site.example\n41\n101", COMMENT_ID_LENGTH)
    assert COMMENT_ID_RE.fullmatch(first)
    assert derived_id("wxr\nhttps://site.example\n41\n101", COMMENT_ID_LENGTH) == first
    assert derived_id("wxr\nhttps://site.example\n41\n102", COMMENT_ID_LENGTH) != first
    other = derived_id("wxr\nhttps://site.example\n41\n101", COMMENT_ID_LENGTH, {first})
    assert other != first and COMMENT_ID_RE.fullmatch(other)
    again = derived_id("wxr\nhttps://site.example\n41\n101", COMMENT_ID_LENGTH, {first})
    assert again == other  # the way round a taken id is as stable as the id
