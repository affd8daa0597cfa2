"""Votes counted elsewhere: the totals a comment or an article brought from the site it was
imported from (wpDiscuz keeps counts, not voters).

An imported tally is a constant of the article file: the page adds it to the votes newscli
records person by person, a merge keeps it as it is (never adds two sides' tallies up),
and voting in newscli never changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newscli.errors import InvalidInput

if TYPE_CHECKING:
    from fractions import Fraction

MAX_COUNT = 10**9  # more votes than any site has had on one thing
_STARS = (1, 5)


@dataclass(frozen=True)
class ImportedVotes:
    """A comment's up and down votes where it came from, without their voters."""

    up: int = 0
    down: int = 0

    @property
    def net(self) -> int:
        return self.up - self.down

    def record(self) -> dict[str, int]:
        """The comment's keys: ``imported_up`` and ``imported_down``."""
        return {"imported_up": self.up, "imported_down": self.down}


@dataclass(frozen=True)
class ImportedRating:
    """An article's star rating where it came from: the average and how many voted."""

    average: float
    votes: int

    def record(self) -> dict[str, float | int]:
        return {"average": self.average, "votes": self.votes}

    def stars(self) -> Fraction:
        """The stars of every imported vote added up (the average is exact to a tenth)."""
        from fractions import Fraction  # not at start-up: it loads decimal, for this alone

        return Fraction(str(self.average)) * self.votes


def _count(value: Any, what: str) -> int:
    if type(value) is not int or not 0 <= value <= MAX_COUNT:
        raise InvalidInput(f"{what} must be a whole number from 0 to {MAX_COUNT}")
    return value


def imported_votes(up: Any, down: Any, where: str) -> ImportedVotes | None:
    """A comment's ``imported_up`` and ``imported_down`` as ImportedVotes (None when both
    are absent); raises InvalidInput."""
    if up is None and down is None:
        return None
    return ImportedVotes(
        _count(up or 0, f"{where}'imported_up'"), _count(down or 0, f"{where}'imported_down'")
    )


def imported_rating(value: Any, where: str = "") -> ImportedRating | None:
    """``{average = 4.3, votes = 17}`` as ImportedRating (None when absent); raises
    InvalidInput."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"average", "votes"}:
        raise InvalidInput(f"{where}'imported_rating' must be a table of 'average' and 'votes'")
    average, votes = value["average"], value["votes"]
    if type(average) not in (int, float) or not _STARS[0] <= average <= _STARS[1]:
        raise InvalidInput(f"{where}'imported_rating' average must be a number from 1 to 5")
    if _count(votes, f"{where}'imported_rating' votes") == 0:
        raise InvalidInput(f"{where}'imported_rating' votes must be at least 1")
    return ImportedRating(round(float(average), 1), votes)
