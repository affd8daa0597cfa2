"""Making untrusted text inert before it reaches a terminal.

Article text comes from the web and comments from strangers, so it may hold
escape sequences (colours, OSC 8 links, OSC 52 clipboard writes, screen clears).
Every control character except newline and tab, and every bidirectional
override that could reorder a line, is replaced by a visible stand-in; so are the
characters that show nothing yet carry text or hide it (Unicode tag characters,
a byte order mark inside text, invisible operators, Hangul fillers). The stored
text is never changed; this happens at output, and JSON keeps the exact text.
"""

from __future__ import annotations

import json
import re
from typing import Any

from newscli.errors import NewsError

# C0 controls become their Unicode "control pictures" (ESC -> ␛), DEL becomes ␡,
# C1 controls (which some terminals obey like ESC sequences) become U+FFFD.
_VISIBLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update(dict.fromkeys(range(0x80, 0xA0), "\ufffd"))
# Bidirectional embeddings, overrides and isolates can reorder what a line appears to say.
_VISIBLE.update(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], "\ufffd"))
# Invisible characters that can smuggle text past a reader: tag characters (U+E0000-E007F,
# which spell hidden ASCII), the byte order mark inside text, word joiner and invisible
# operators (U+2060-2064) and their deprecated siblings (U+206A-206F), interlinear
# annotation marks (U+FFF9-FFFB), and the Hangul fillers that render as blank letters.
_HIDDEN = [
    *range(0xE0000, 0xE0080),
    0xFEFF,
    *range(0x2060, 0x2065),
    *range(0x206A, 0x2070),
    *range(0xFFF9, 0xFFFC),
    *(0x115F, 0x1160, 0x3164, 0xFFA0),
]
_VISIBLE.update(dict.fromkeys(_HIDDEN, "\ufffd"))
# Unicode line and paragraph separators become spaces: only "\n" in the text ends a line.
_VISIBLE.update({0x2028: " ", 0x2029: " "})
_MULTI_LINE = str.maketrans({k: v for k, v in _VISIBLE.items() if k not in (0x09, 0x0A)})
_ONE_LINE = str.maketrans({**_VISIBLE, 0x09: " ", 0x0A: " "})
_JSON_UNSAFE = re.compile("[\x7f-\x9f]")
_LINE_ENCODER = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False
)  # made once: JSON Lines call it per row


def neutralise(text: str) -> str:
    """``text`` with every control character but newline and tab made visible."""
    return text.translate(_MULTI_LINE)


def one_line(text: str) -> str:
    """``text`` made inert and flattened to a single line (for tables and headers)."""
    return text.translate(_ONE_LINE)


class NotJson(NewsError):
    """A value strict JSON cannot carry (NaN or infinity), e.g. from a file edited by hand."""


def json_dumps(value: Any, indent: int | None = None) -> str:
    """Strict JSON that keeps all text exactly but carries no raw control byte.

    ``json`` already escapes C0 controls; DEL and C1 are escaped here too, which is
    still valid JSON and decodes to the same strings. NaN and infinity, which JSON
    has no words for, raise NotJson rather than being written as bare ``NaN``.
    """
    encoder = (
        _LINE_ENCODER
        if indent is None
        else json.JSONEncoder(ensure_ascii=False, indent=indent, allow_nan=False)
    )
    try:
        text = encoder.encode(value)
    except ValueError:
        raise NotJson(
            "a value is NaN or infinity, which JSON cannot carry; export --format toml keeps it"
        ) from None
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
