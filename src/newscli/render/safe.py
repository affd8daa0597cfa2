"""Making untrusted text inert before it reaches a terminal.

Article text comes from the web and comments from strangers, so it may hold
escape sequences (colours, OSC 8 links, OSC 52 clipboard writes, screen clears).
Every control character except newline and tab, and every bidirectional
override that could reorder a line, is replaced by a visible stand-in. The
stored text is never changed; this happens at output.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls become their Unicode "control pictures" (ESC -> ␛), DEL becomes ␡,
# C1 controls (which some terminals obey like ESC sequences) become U+FFFD.
_VISIBLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_VISIBLE[0x7F] = "\u2421"
_VISIBLE.update(dict.fromkeys(range(0x80, 0xA0), "\ufffd"))
# Bidirectional embeddings, overrides and isolates can reorder what a line appears to say.
_VISIBLE.update(dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)], "\ufffd"))
# Unicode line and paragraph separators become spaces: only "\n" in the text ends a line.
_VISIBLE.update({0x2028: " ", 0x2029: " "})
_MULTI_LINE = str.maketrans({k: v for k, v in _VISIBLE.items() if k not in (0x09, 0x0A)})
_ONE_LINE = str.maketrans({**_VISIBLE, 0x09: " ", 0x0A: " "})
_JSON_UNSAFE = re.compile("[\x7f-\x9f]")
_LINE_ENCODER = json.JSONEncoder(ensure_ascii=False)  # made once: JSON Lines call it per row


def neutralise(text: str) -> str:
    """``text`` with every control character but newline and tab made visible."""
    return text.translate(_MULTI_LINE)


def one_line(text: str) -> str:
    """``text`` made inert and flattened to a single line (for tables and headers)."""
    return text.translate(_ONE_LINE)


def json_dumps(value: Any, indent: int | None = None) -> str:
    """JSON that keeps all text exactly but carries no raw control byte.

    ``json`` already escapes C0 controls; DEL and C1 are escaped here too, which is
    still valid JSON and decodes to the same strings.
    """
    encoder = (
        _LINE_ENCODER if indent is None else json.JSONEncoder(ensure_ascii=False, indent=indent)
    )
    text = encoder.encode(value)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
