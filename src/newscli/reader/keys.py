"""The reader's key bindings: their ids, default keys, and a user's ``[keys]`` table.

Each binding has an id, the name of its entry in a ``[keys]`` table of the reader's
config file, which maps ids to other keys, several separated by commas, in Textual's
key names::

    [keys]
    next_article = "J,ctrl+n"
    rate_4 = "f4"
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from textual.binding import Binding

from newscli.errors import InvalidInput

# id: (default keys, what it does). Shown in this order by ``?``.
BINDINGS: dict[str, tuple[str, str]] = {
    "down": ("j", "next row / scroll down"),
    "up": ("k", "previous row / scroll up"),
    "open": ("enter", "open the article"),
    "back": ("q,escape", "go back; quit from the list"),
    "search": ("slash", 'search (words, "phrases", AND/OR/NOT, prefix*)'),
    "tag": ("t", "filter by tag"),
    "unread": ("u", "unread only"),
    "sort": ("s", "change the sort"),
    "inbox": ("i", "open the inbox"),
    "help": ("question_mark", "show every binding"),
    "next_article": ("J", "next article"),
    "previous_article": ("K", "previous article"),
    "next_comment": ("n", "next comment"),
    "previous_comment": ("p", "previous comment"),
    "parent": ("u", "parent of the focused comment"),
    "fold": ("space", "fold or unfold the focused thread"),
    "rate_1": ("1", "rate 1 star"),
    "rate_2": ("2", "rate 2 stars"),
    "rate_3": ("3", "rate 3 stars"),
    "rate_4": ("4", "rate 4 stars"),
    "rate_5": ("5", "rate 5 stars"),
    "clear_rating": ("0", "take your rating back"),
    "vote_up": ("plus", "vote the focused comment up"),
    "vote_down": ("minus", "vote the focused comment down"),
    "comment": ("c", "comment on the article"),
    "reply": ("r", "reply to the focused comment"),
    "edit": ("e", "edit your focused comment"),
    "delete": ("d", "delete your focused comment"),
    "subscribe": ("S", "subscribe to new comments"),
    "open_url": ("o", "open the article's URL in the browser"),
    "copy_id": ("y", "copy the article's id"),
}


def keys_of(binding_id: str) -> str:
    """The default keys of a binding."""
    return BINDINGS[binding_id][0]


def binding(
    binding_id: str, action: str, description: str, show: bool, priority: bool = False
) -> Binding:
    """The Textual binding of ``binding_id``, with its default keys and its id (by which
    a user's ``[keys]`` table changes them)."""
    return Binding(
        keys_of(binding_id), action, description, show=show, priority=priority, id=binding_id
    )


def load_keys(source: Path | Mapping[str, object] | None) -> dict[str, str]:
    """The keymap a user asked for: the ``[keys]`` table of the TOML file ``source``
    (a missing file means no changes), or of an already-read config mapping.

    Raises InvalidInput naming the file for unreadable TOML, unknown ids or non-text keys.
    """
    where = "the reader's config"
    if source is None:
        return {}
    if isinstance(source, Path):
        where = str(source)
        try:
            config: Mapping[str, object] = tomllib.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InvalidInput(f"{where}: cannot be read: {exc}") from None
    else:
        config = source
    table = config.get("keys", {})
    if not isinstance(table, Mapping):
        raise InvalidInput(f"{where}: 'keys' must be a table")
    keymap: dict[str, str] = {}
    for name, keys in table.items():
        if name not in BINDINGS:
            raise InvalidInput(f"{where}: [keys] has no binding '{name}'")
        if not isinstance(keys, str) or not keys.strip(", "):
            raise InvalidInput(f'{where}: [keys] {name} must be a key name, e.g. "ctrl+n"')
        keymap[name] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap
