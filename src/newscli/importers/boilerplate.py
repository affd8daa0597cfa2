"""Text around an article's body that is not the article: its headline again, trailing widgets.

Extractors keep the page's ``<h1>`` as the first line of the text, and the last
paragraphs are often sharing buttons, "read more" links, copyright lines and
newsletter sign-ups. Both are cut by small lists of patterns, in a few languages.
"""

from __future__ import annotations

import re
import unicodedata

# A trailing paragraph this long or longer is taken for article text whatever it says.
MAX_TAIL_CHARS = 300
# A line above the headline naming the section or topic ("News", "Corona-Pandemie").
MAX_KICKER_CHARS = 60
# A headline's first or last words on a line of their own ("30.11. | Buch der Woche").
MIN_PART_WORDS = 3
_TAIL = re.compile(
    "|".join(
        (
            r"(?:you (?:might|may) also (?:like|enjoy)|related(?: (?:articles?|stories|posts|"
            r"content|coverage|topics))?|more (?:from|on|stories|news)\b|recommended(?: for you)?"
            r"|read (?:more|next|also)\b|see also|also read|most (?:read|popular))\b.*",
            r"(?:share|tweet|pin|email)(?: (?:this|on|via|the)\b.*)?|share this:?.*",
            r"(?:follow|like) us\b.*|(?:click|tap) (?:here )?to share.*",
            r"(?:loading|load|show|view|read|leave|post|add) (?:\d+ )?(?:a )?comments?\b.*",
            r"(?:leave a reply|\d+ comments?|comments?|responses?|discussion)",
            r"(?:©|\(c\)|copyright\b|all rights reserved\b).*",
            r"(?:sign up|subscribe|join|get)\b.{0,100}\b(?:newsletter|updates|inbox)\b.*",
            r"(?:newsletter|never miss|don't miss|subscribe|advertise)\b.*",
            r"(?:follow|find)\b.{0,60}\bon (?:twitter|facebook|instagram|linkedin|x)\b.*",
            r".{0,60}\b(?:download|get) (?:the|our)\b.{0,40}\bapps?\b.*",
            r"(?:advertisement|sponsored|anzeige|werbung|publicité)",
            r"(?:tags?|topics?|filed under|categories|schlagworte|themen)\s*:.*",
            # German, French, Spanish, Italian, Portuguese, Dutch, Czech
            r"(?:mehr zum thema|lesen sie (?:auch|mehr)|weitere artikel|das könnte sie "
            r"(?:auch )?interessieren|(?:jetzt |artikel )?teilen|kommentare?|zum thema).*",
            r"(?:lire (?:aussi|la suite|plus)|à lire aussi|voir aussi|partager|sur le même "
            r"sujet).*",
            r"(?:leer más|lee también|(?:le|te) puede interesar|únete|¡?mira\b|compartir"
            r"|leggi anche|condividi|leia (?:também|mais)|lees ook|lees meer|delen|čtěte také"
            r"|sdílet).*",
        )
    ),
    re.I | re.S,
)


def comparable(text: str) -> str:
    """TEXT as compared with a title: case folded, punctuation and spacing dropped."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def headline_at_start(headlines: list[str], paragraphs: list[str]) -> int | None:
    """Where one of HEADLINES (or its first or last words) opens PARAGRAPHS: first, or
    second after a short kicker."""
    wanted = {comparable(h) for h in headlines if comparable(h)}
    for i, paragraph in enumerate(paragraphs[:2]):
        text = comparable(paragraph)
        if text in wanted or (
            len(text.split()) >= MIN_PART_WORDS
            and any(w.startswith(f"{text} ") or w.endswith(f" {text}") for w in wanted)
        ):
            return i
        if len(paragraph) > MAX_KICKER_CHARS:
            break
    return None


def drop_repeated_headline(headlines: list[str], paragraphs: list[str]) -> list[str]:
    """PARAGRAPHS without an opening one that repeats one of HEADLINES (and its kicker)."""
    rest = list(paragraphs)
    while (at := headline_at_start(headlines, rest)) is not None and len(rest) > at + 1:
        rest = rest[at + 1 :]
    return rest


def trim_tail(paragraphs: list[str]) -> list[str]:
    """PARAGRAPHS without the trailing widgets and links; the first one always stays."""
    end = len(paragraphs)
    while end > 1 and len(paragraphs[end - 1]) < MAX_TAIL_CHARS:
        if not _TAIL.fullmatch(paragraphs[end - 1].strip(" |•·-–—:")):
            break
        end -= 1
    return paragraphs[:end]
