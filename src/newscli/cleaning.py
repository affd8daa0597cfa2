"""Cleaning text people type before it is stored or compared: names and comment texts."""

from __future__ import annotations

import re

from newscli import limits
from newscli.errors import InvalidInput
from newscli.importers.decode import unify_newlines

_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")


def clean_line(value: str | None, what: str) -> str | None:
    """One line with single spaces, or None when nothing is left (how names are stored)."""
    if value is None:
        return None
    return " ".join(limits.text(value, what).split()) or None


def clean_body(body: str, what: str) -> str:
    """Unify line endings and make paragraphs separated by exactly one blank line."""
    text = unify_newlines(limits.text(body, what)).strip()
    return _BLANK_LINES.sub("\n\n", text)


def name_of(person: str | None, what: str) -> str:
    """A person's name as it is stored; raises InvalidInput when it is empty."""
    name = clean_line(person, what)
    if not name:
        raise InvalidInput(f"{what} is empty")
    return name
