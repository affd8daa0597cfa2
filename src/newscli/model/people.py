"""People's names: the one spelling of a name that every path compares and stores.

A name typed in one terminal, set in ``$NEWSCLI_USER``, written in the config file, stored
in an article by an older newscli or merged in from a peer must be the same person when
it is the same name: ``normal_name`` is that spelling (Unicode NFC, no space at either
end, every run of white space inside one space), and ``person_name`` refuses what cannot
be a name at all (empty, a control character, bytes that were not UTF-8).
"""

from __future__ import annotations

import re
import unicodedata

from newscli.errors import InvalidInput
from newscli.model.article import ANONYMOUS

MAX_NAME_CHARS = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def normal_name(value: str) -> str:
    """``value`` in NFC with single spaces and none at the ends: the form names are
    compared and stored in. Never raises: stored names are compared in this form too."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def person_name(value: str | None, what: str = "the name") -> str:
    """A person's name in its one spelling (``normal_name``); raises InvalidInput, in one
    line, for an empty name, one with a control character or one that was not UTF-8."""
    if value is None or not value.strip():
        raise InvalidInput(f"{what} is empty: a person needs a name")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} is not valid UTF-8") from None
    control = _CONTROL.search(value)
    if control is not None:
        raise InvalidInput(f"{what} holds a control character (U+{ord(control[0]):04X})")
    name = normal_name(value)
    if len(name) > MAX_NAME_CHARS:
        raise InvalidInput(f"{what} is {len(name)} characters long; the limit is {MAX_NAME_CHARS}")
    return name


def acting_name(value: str | None, what: str = "your name") -> str:
    """``person_name`` of someone about to act: ``guest`` is refused too, since it is how
    anonymous comments are shown (``comment --anonymous`` writes one)."""
    name = person_name(value, what)
    if name.casefold() == ANONYMOUS:
        raise InvalidInput(
            f"'{name}' is how anonymous comments are shown, not a name: choose another"
            " (or comment with --anonymous)"
        )
    return name


def same_person(stored: str | None, name: str) -> bool:
    """Whether a name as stored (perhaps by an older newscli, or a peer) is ``name``."""
    return stored is not None and normal_name(stored) == name
