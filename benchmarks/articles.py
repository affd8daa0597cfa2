"""The made-up articles every benchmark uses: the same every time (a fixed seed), with
~4 KB bodies of made-up words with Zipf-like frequencies, tags, votes and comments."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

SYLLABLES = "ka ri to mu se na lo vi pe ru sa ne mi ta ko zu ha be do li".split()  # noqa: SIM905
TAGS = ["ports", "rail", "weather", "courts", "schools", "markets", "health", "energy"]
CITIES = ["TAIPEI", "KEELUNG", "HSINCHU", "TAINAN", "HUALIEN", None]
BODY_BYTES = 4000


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    """Made-up words of two to four syllables, most common first."""
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))] = None
    return list(words)


SEED = 5


def search_word() -> str:
    """A word of middling frequency: the 400th most common, in about one article in six."""
    return vocabulary(random.Random(SEED))[400]  # noqa: S311 - made-up text, not secrets


def rare_word() -> str:
    """The rarest word of the vocabulary in these articles: in 2.0% of them (202 of
    10,000). None is rarer: every word of the vocabulary is in some 2% or more."""
    return vocabulary(random.Random(SEED))[2995]  # noqa: S311 - made-up text, not secrets


def records(count: int) -> Iterator[dict[str, object]]:
    """``count`` article records with ~4 KB bodies, the same every time."""
    rng = random.Random(SEED)  # noqa: S311 - made-up text, not secrets
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf-like frequencies
    start = datetime(2015, 1, 1, tzinfo=UTC)

    def sentence(n: int) -> str:
        return " ".join(rng.choices(words, weights, k=n)).capitalize() + "."

    for number in range(count):
        paragraphs, size = [], 0
        while size < BODY_BYTES:
            paragraphs.append(" ".join(sentence(rng.randint(8, 20)) for _ in range(4)))
            size += len(paragraphs[-1]) + 2
        when = start + timedelta(minutes=rng.randrange(5_000_000))
        stamp = when.isoformat().replace("+00:00", "Z")
        yield {
            "title": sentence(rng.randint(5, 10)).rstrip("."),
            "body": "\n\n".join(paragraphs),
            "dateline": rng.choice(CITIES),
            "published": stamp,
            "url": f"https://news.example.org/{number}",
            "source": "Example Daily",
            "author": " ".join(w.capitalize() for w in rng.sample(words[:200], 2)),
            "image": f"https://news.example.org/img/{number}.jpg",
            "tags": rng.sample(TAGS, rng.randint(0, 3)),
            "votes": [
                {"voter": f"reader{v}", "stars": rng.randint(1, 5), "at": stamp}
                for v in range(rng.randint(0, 3))
            ],
            "comments": [
                {"author": f"reader{c}", "at": stamp, "text": sentence(rng.randint(5, 25))}
                for c in range(rng.randint(0, 2))
            ],
        }


def write_jsonl(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records(count):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
