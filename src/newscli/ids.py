"""Article and comment ids: short, lowercase, random, from a fixed alphabet.

Ids are only ever generated here. Input that names an id is checked against the
same alphabet before it is compared with anything, so it can never reach the
file system as a path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscli.errors import AmbiguousId, InvalidId, NotFound

# Crockford's base32 alphabet in lower case: digits and letters without i, l, o, u.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
ARTICLE_ID_LENGTH = 8
COMMENT_ID_LENGTH = 6
MIN_PREFIX = 4

ARTICLE_ID_RE = re.compile(rf"[{ALPHABET}]{{{ARTICLE_ID_LENGTH}}}")
COMMENT_ID_RE = re.compile(rf"[{ALPHABET}]{{{COMMENT_ID_LENGTH}}}")
_PREFIX_RE = re.compile(rf"[{ALPHABET}]+")


def new_id(length: int, taken: Iterable[str] = ()) -> str:
    """Return a random id of ``length`` characters that is not in ``taken``."""
    import secrets  # only writers need it: reading commands start quicker without

    used = taken if isinstance(taken, set | frozenset) else set(taken)
    while True:
        # One system call an id (each can cost tens of microseconds); 256 is a multiple
        # of the alphabet's 32 letters, so every letter is equally likely.
        candidate = "".join(ALPHABET[byte % len(ALPHABET)] for byte in secrets.token_bytes(length))
        if candidate not in used:
            return candidate


def derived_id(key: str, length: int, taken: Iterable[str] = ()) -> str:
    """An id of ``length`` characters made from ``key`` (the id a comment had on the site
    it was imported from): the same key gives the same id, import after import. When it is
    in ``taken``, the key is hashed again with a count until one is free."""
    import hashlib
    import itertools

    used = taken if isinstance(taken, set | frozenset) else set(taken)
    for attempt in itertools.count():
        salted = key if attempt == 0 else f"{key}\n{attempt}"
        digest = hashlib.sha256(salted.encode("utf-8", "surrogatepass")).digest()
        # 256 is a multiple of the alphabet's 32 letters: every letter is equally likely.
        candidate = "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest[:length])
        if candidate not in used:
            return candidate
    raise AssertionError("unreachable")


def normalise_prefix(text: str, kind: str = "article") -> str:
    """Check that ``text`` can be (a prefix of) an id and return it in canonical form.

    ``kind`` names what the id is of, as a noun phrase ("comment", "article in the trash").
    """
    prefix = text.strip().lower()
    if not _PREFIX_RE.fullmatch(prefix):
        raise InvalidId(f"'{text}' is not a valid id of {_a(kind)}")
    if len(prefix) < MIN_PREFIX:
        raise InvalidId(
            f"'{text}' is too short for an id of {_a(kind)}: give at least {MIN_PREFIX} characters"
        )
    return prefix


def _a(noun: str) -> str:
    """``noun`` with its indefinite article."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def resolve(text: str, known: Iterable[str], kind: str = "article") -> str:
    """Return the one id in ``known`` that starts with ``text``.

    Raises InvalidId, NotFound or AmbiguousId (which lists the candidates).
    """
    prefix = normalise_prefix(text, kind)
    matches = sorted(i for i in known if i.startswith(prefix))
    if prefix in matches:
        return prefix
    if not matches:
        raise NotFound(f"no {kind} with id '{prefix}'")
    if len(matches) > 1:
        raise AmbiguousId(prefix, matches)
    return matches[0]
