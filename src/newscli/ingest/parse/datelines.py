"""The dateline opening an article's first paragraph, and the news agency it names.

Two shapes make a dateline: a place in capitals and a dash followed by a space
(``TAIPEI - ``, ``TAIPEI — ``, ``TAIPEI-`` and a no-break space), and the wire
form, a place, the agency in brackets and a dash (``LOS ANGELES (Reuters) - ``,
``Frankfurt/Main (dpa) - ``, ``WASHINGTON (AP) — ``). A dash inside a word
(``A HIGH-powered team``) is never one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from newscli.ingest.parse.page_text import dateline_of

# Capitals, then a dash with white space (or the end) after it.
_DASHED = re.compile(r"(?P<head>[^\W\d_][^-–—]{0,40}?[-–—]+)(?:\s+(?P<rest>.*))?", re.S)
_WIRE = re.compile(
    r"(?P<place>[^\W\d_][^\W\d_'’./-]*(?:[ ,'’./-]+[^\W\d_]+){0,4}\.?)"
    r"(?:,\s+[^()\n]{1,25}?)?"  # a date after the place: "LONDON, March 5 (Reuters) -"
    r"\s*\((?P<agency>[^\W\d_][^()\d]{0,29})\)\s*[-–—]+\s+(?P<rest>\S.*)",
    re.S,
)


class Dateline(NamedTuple):
    """A dateline's place, the agency it names (if any) and the paragraphs after it."""

    place: str
    agency: str | None
    paragraphs: list[str]


def _capitalised(place: str) -> bool:
    return all(word[0].isupper() for word in re.split(r"[ /,.'’-]+", place) if word)


def find_dateline(paragraphs: list[str]) -> Dateline | None:
    """The dateline opening the first of PARAGRAPHS, or None."""
    if not paragraphs:
        return None
    first, others = paragraphs[0], paragraphs[1:]
    place = dateline_of(first)
    if place and place.isupper():
        return Dateline(place, None, others)
    wire = _WIRE.fullmatch(first)
    if wire and _capitalised(wire["place"]):
        agency = " ".join(wire["agency"].split())
        return Dateline(wire["place"].strip(" ,"), agency, [wire["rest"].strip(), *others])
    dashed = _DASHED.fullmatch(first)
    if dashed and dashed["rest"] and dashed["rest"].strip():
        place = dateline_of(dashed["head"])
        if place and place.isupper():
            return Dateline(place, None, [dashed["rest"].strip(), *others])
    return None
