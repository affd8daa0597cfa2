"""Page furniture inside an article's text: what a reader would not call the article,
wherever it stands. Photo captions and credits, slideshow and video-player text, the
header lines above the story (``- 24 July 2015``, ``- From the section US & Canada``,
``- 941 comments``), inline "Read more" links, newsletter and letters boxes, the headline
again, and a byline line (kept as the author when the page's metadata has none).

Only short paragraphs are judged, each by patterns of its whole shape, so that a sentence
of the story that mentions a photo or a newsletter stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscli.ingest.parse.boilerplate import comparable

MAX_FURNITURE_CHARS = 160  # a caption or a box's line; a longer paragraph is story
_DASHES = r"(?:[-–—•·|]\s*)*"
_FURNITURE = re.compile(
    "|".join(
        (
            # Credits, alone or in parentheses: "(Credit: A. Name / Agency)", "Photo: X".
            r"\(\s*(?:photo|image|picture|foto|bild|credit|illustration|graphic|video|source)"
            r"s?\b[^()]*\)",
            r"(?:photo|image|picture|foto|bild|fotos|bilder|illustration|graphic|credit)s?"
            r"(?: credit)?\s*[:|©].{0,120}",
            r"(?:image|media|video|photo) (?:caption|copyright)\b.*",
            # A caption ending in its credit: "The quay at dusk. Getty Images".
            r".{0,100}[.|/:,]\s*(?:getty images|shutterstock|afp via getty images"
            r"|picture alliance|imago images|epa-efe|ap photo|reuters|dpa|afp)"
            r"(?:\s*/\s*[\w .-]{1,40})?\.?",
            # Players and slideshows: "Watch: ...", "Play video", "3 of 12", "12 photos".
            r"(?:watch|video|listen|audio|slideshow|gallery|podcast)\s*[:|].{0,120}",
            r"(?:play|watch|replay|view) (?:the )?(?:video|clip|slideshow|gallery|photos)"
            r"(?: \d+:\d+)?|\d+:\d+|(?:image )?\d+ (?:of|/) \d+|\d+ (?:photos|images|bilder)",
            r"(?:now playing|up next|autoplay|video ad feedback|next video)\b.{0,60}",
            # Header lines: a date, the section, the count of comments, the update time.
            _DASHES + r"(?:from the section\b.{0,60}|\d+ (?:comments?|shares?|kommentare)"
            r"|\d{1,2}\.? [^\W\d]+ \d{4}|[^\W\d]+ \d{1,2},? \d{4}"
            r"|(?:-\s*)?(?:aktualisiert|updated|published|veröffentlicht|posted)"
            r"(?: am| on)?[\d.:, ]*(?:uhr|utc|gmt)?)",
            # Inline links to other stories.
            r"(?:read|see|watch) (?:more|also|next)\s*[:>»|].{0,140}",
            r"(?:more|related|mehr zum thema|lesen sie auch|lies auch|auch interessant"
            r"|weiterlesen|à lire aussi|lire aussi|leer más)\s*[:>»|].{0,140}",
            # Newsletter and letters boxes.
            r".{0,60}\b(?:sign up|subscribe|register)\b.{0,60}\bnewsletters?\b.{0,60}",
            _DASHES + r"(?:newsletter (?:abonnieren|bestellen)|subscribe to (?:our |the )?"
            r"newsletter|hier geht[’']?s (?:zur?|zum)\b.{0,80})",
            r"(?:letters? to the editor|write to us|send us a letter|have your say"
            r"|leserbriefe?|schreiben sie uns)\b.{0,120}",
            r"(?:advertisement|anzeige|werbung|sponsored|skip advertisement)",
        )
    ),
    re.I,
)
_AND = re.compile(r"\s*(?:,|\band\b|\bund\b|\bet\b|\by\b|&)\s*")
_PARTICLES = r"(?:van|von|der|den|de|la|le|da|di|du|del|dos|bin|al|ter|zu)"
_BYLINE = re.compile(
    r"(?i:by|von|par|por|di|door)\s+"
    r"(?P<names>[A-ZÀ-Þ][\w’'.-]+(?:\s+(?:[A-ZÀ-Þ][\w’'.-]+|" + _PARTICLES + r")){1,3}"
    r"(?:\s*(?:,|and|und|et|y|&)\s*[A-ZÀ-Þ][\w’'.-]+(?:\s+[A-ZÀ-Þ][\w’'.-]+){1,3})?)",
)


@dataclass(frozen=True)
class Cleared:
    """The paragraphs without furniture, and the byline found among them, if any."""

    paragraphs: list[str]
    byline: str | None = None


def is_furniture(paragraph: str) -> bool:
    """Whether a paragraph is, as a whole, one of the page's fixtures."""
    text = " ".join(paragraph.split())
    return len(text) <= MAX_FURNITURE_CHARS and _FURNITURE.fullmatch(text) is not None


def byline_of(paragraph: str) -> str | None:
    """The names of a byline line (``By Jane Roe and John Doe`` -> ``Jane Roe; John
    Doe``), else None."""
    text = " ".join(paragraph.split())
    if len(text) > MAX_FURNITURE_CHARS:
        return None
    found = _BYLINE.fullmatch(text.rstrip(" ."))
    return "; ".join(_AND.split(found["names"])) if found else None


_AUTHOR_BOX = re.compile(
    r"(?:about the author|the author|author|autor|autorin|über (?:den|die) autor(?:in)?"
    r"|zur person|à propos de l'auteur|l'auteur)\s*:?",
    re.I,
)
_BIO_VERBS = r"(?:is|was|has|writes|works|ist|war|schreibt|arbeitet|est|es)"


def drop_author_box(paragraphs: list[str], author: str | None) -> list[str]:
    """PARAGRAPHS without the box about the author at their end: an ``Author`` label with
    what follows it, or a last paragraph that opens with the author's name and a verb
    (``Inga Roe is head of ...``). The first paragraph always stays."""
    for place in range(max(1, len(paragraphs) - 3), len(paragraphs)):
        if _AUTHOR_BOX.fullmatch(paragraphs[place].strip()):
            return paragraphs[:place]
    names = [n.strip() for n in (author or "").split(";") if n.strip()]
    last = paragraphs[-1] if len(paragraphs) > 1 else ""
    if any(re.match(rf"{re.escape(name)},?\s+{_BIO_VERBS}\b", last) for name in names):
        return paragraphs[:-1]
    return paragraphs


def clear_furniture(paragraphs: list[str], headlines: list[str]) -> Cleared:
    """PARAGRAPHS without furniture, the headline repeated later, or a byline line in the
    first three; the first byline found is given back. Nothing is cleared from a text
    that would be left empty."""
    heads = {comparable(h) for h in headlines if h}
    kept: list[str] = []
    byline = None
    for place, paragraph in enumerate(paragraphs):
        names = byline_of(paragraph) if place < 3 else None
        if names:
            byline = byline or names
            continue
        if is_furniture(paragraph) or (kept and comparable(paragraph) in heads):
            continue
        kept.append(paragraph)
    return Cleared(kept, byline) if kept else Cleared(list(paragraphs))
