"""Author fields as pages give them, made into names or nothing.

Pages fill the author field with login placeholders (``admin``), the word for
"author" itself (``作者``, ``Autor``), a "By" prefix, the next word of the dateline
(``Joshua Sokol May``, ``Aleš Vávra před``) and the same name twice. What is left
after cleaning must look like a person's or an organisation's name; when in doubt,
nothing is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The word for "author" or "by" in common languages, and login placeholders.
_NOT_NAMES = frozenset(
    (
        *("author", "authors", "by", "autor", "autoren", "autorin", "auteur", "auteurs"),
        *("autore", "autori", "auteure", "door", "von", "par", "por", "di", "av", "af"),
        *("作者", "著者", "筆者", "记者", "記者", "기자", "автор", "autorka", "szerző"),
        *("username", "user", "admin", "administrator", "root", "guest", "anonymous"),
        *("unknown", "editor", "webmaster", "staff", "redaktion", "rédaction", "redacción"),
        *("agencies", "agency", "wires", "wire", "newsroom", "news desk", "agenturen"),
        *("none", "null", "undefined", "n/a", "na", "test", "nobody", "default", "name"),
        *("no author", "your name", "display name", "author name", "autorenname"),
    )
)
# Months: a dateline glued after a byline starts with one (``Joshua Sokol May``), but so
# do some surnames (``Theresa May``), so they are cut only from names of three words or more.
_MONTHS = frozenset(
    (
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "jan", "feb", "mar", "apr"),
        *("jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("januar", "jänner", "februar", "märz", "juni", "juli", "oktober", "dezember"),
        *("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août"),
        *("septembre", "octobre", "novembre", "décembre", "enero", "febrero", "marzo"),
        *("abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre"),
        *("noviembre", "diciembre", "gennaio", "febbraio", "aprile", "maggio", "giugno"),
        *("luglio", "settembre", "ottobre", "dicembre", "januari", "februari", "maart"),
        *("mei", "augustus", "leden", "únor", "březen", "duben", "květen", "červen"),
        *("červenec", "srpen", "září", "říjen", "listopad", "prosinec"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    )
)
# Words no name ends with: "updated", "before", "ago", "on"... in common languages.
_DATE_WORDS = frozenset(
    (
        *("updated", "published", "posted", "on", "at", "am", "um", "před", "dne", "vor"),
        *("ago", "hace", "today", "yesterday", "heute", "gestern", "aktualisiert"),
        *("veröffentlicht", "publié", "publicado", "|", "-", "–", "—", "·"),
    )
)
# One word of two or three capitals is an editor's or desk's code ("DT"), not a name.
_INITIALS = re.compile(r"[^\W\d_]{2,3}")
_PREFIX = re.compile(
    r"^(?:(?i:(?:written|posted|reported|words|text|story)\s+by|by|author|autor|auteur|autore)"
    r"|Von|Par|Por|作者|著者|Автор|автор)\s*[:：]?\s+"
)
_LABEL = re.compile(r"^(?:author|autor|auteur|autore|作者|著者|автор|by|von)\s*[:：]\s*", re.I)
_SEPARATORS = re.compile(r"\s*(?:;|\||\n|/(?=\s))\s*")
# Lower-case words that belong in names: "Jose de la Cruz", "Ursula von der Leyen".
_PARTICLES = frozenset(
    (
        *("de", "la", "le", "du", "des", "da", "das", "dos", "di", "del", "della", "van"),
        *("von", "der", "den", "ter", "ten", "zu", "y", "e", "bin", "ibn", "al", "el", "af"),
    )
)
# The end of a site's address made into a name: "Finanztreff De".
_TOP_LEVEL_DOMAINS = frozenset(("de", "com", "net", "org", "info", "io", "at", "ch", "fr"))
MAX_NAME_WORDS = 6
MAX_NAME_CHARS = 80


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def clean_name(raw: str) -> str | None:
    """One name without its prefix and the dateline words glued after it, or None."""
    name = " ".join(raw.split()).strip(" ,.:;-–—|·•")
    name = _LABEL.sub("", name)
    name = _PREFIX.sub("", name) if len(name.split()) > 1 else name
    words = name.split()
    while words:
        last = words[-1].casefold().strip(",.:")
        if last in _DATE_WORDS or _has_digit(last) or (last in _MONTHS and len(words) > 2):
            words.pop()
        else:
            break
    name = " ".join(words).strip(" ,.:;-–—|·•")
    if not name or _key(name) in _NOT_NAMES or len(name) > MAX_NAME_CHARS:
        return None
    if name.split()[0].casefold() in _DATE_WORDS or (_INITIALS.fullmatch(name) and name.isupper()):
        return None
    if len(name.split()) > MAX_NAME_WORDS or _has_digit(name):
        return None
    if any(mark in name for mark in ("@", "http", "www.", "/", "{", "<", "=")):
        return None
    if not any(c.isalpha() for c in name):
        return None
    words = name.split()
    if len(words) > 1 and any(_not_in_a_name(w) for w in words):
        return None
    return name


def _is_address(part: str) -> bool:
    """Whether PART is a site's address made into words: ``Finanztreff De``."""
    words = part.split()
    return len(words) > 1 and words[-1].casefold() in _TOP_LEVEL_DOMAINS


def _not_in_a_name(word: str) -> bool:
    """A word in lower case that is no particle: ``says``, ``edited``."""
    return word[0].islower() and word not in _PARTICLES


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def clean_authors(raw: str | None, not_names: Iterable[str] = ()) -> str | None:
    """The names in an author field, cleaned and de-duplicated, joined by ``; ``; or None.

    NOT_NAMES are the site's own names: a page crediting itself names no author."""
    if not raw:
        return None
    sites = {_letters(site) for site in not_names} - {""}
    if _letters(raw) in sites:
        return None  # "Jobs; Hire" for the site "Jobs & Hire"
    names: dict[str, str] = {}
    parts = _SEPARATORS.split(raw)
    if any(_is_address(part) for part in parts):
        return None  # "hessenschau.de, Frankfurt, Germany": the publisher's line
    for part in parts:
        name = clean_name(part)
        if name is None or _letters(name) in sites:
            continue
        key = _key(name)
        # Of two spellings of one name keep the one not in capitals.
        if key not in names or (names[key].isupper() and not name.isupper()):
            names[key] = name
    return "; ".join(names.values()) or None
