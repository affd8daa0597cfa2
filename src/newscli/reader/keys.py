"""The reader's keys: one table from which every screen's bindings, the footer and ``?``
are made, and a user's ``[keys]`` table.

Each key has an id, the name of its entry in a ``[keys]`` table of the reader's config
file, which maps ids to other keys, several separated by commas, in Textual's key names::

    [keys]
    next_article = "J,ctrl+n"
    rate_4 = "f4"
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding, BindingType

from newscli.errors import InvalidInput


@dataclass(frozen=True)
class Key:
    """One thing the reader does on a key: its default ``keys``, the Textual ``action``
    its screen runs, its ``footer`` text (None: only in ``?``), what ``?`` says of it, and
    the ``group`` ``?`` lists it under."""

    keys: str
    action: str
    footer: str | None
    help: str
    group: str
    priority: bool = False  # before the focused widget (the table's own Enter)


# Shown by ``?`` in this order of groups, each key in the order of the table (the
# dialogs' keys are their own).
GROUPS = ("move", "read", "discuss", "store")

KEYS: dict[str, Key] = {
    "down": Key("j", "down", None, "next row / scroll down", "move"),
    "up": Key("k", "up", None, "previous row / scroll up", "move"),
    "open": Key("enter", "open", "Open", "open the article", "read", priority=True),
    "back": Key("q,escape", "back", "Back", "go back; quit from the list", "move"),
    "search": Key(
        "slash", "search", "Search", 'search (words, "phrases", AND/OR/NOT, prefix*)', "read"
    ),
    "tag": Key("t", "tag", "Tag", "filter by tag", "read"),
    "unread": Key("u", "toggle_unread", "Unread", "unread only", "read"),
    "sort": Key("s", "sort", "Sort", "change the sort", "read"),
    "inbox": Key("i", "app.inbox", "Inbox", "open the inbox", "read"),
    "help": Key("question_mark", "app.help", "Help", "show every binding", "read"),
    "next_article": Key("J", "article(1)", None, "next article", "move"),
    "previous_article": Key("K", "article(-1)", None, "previous article", "move"),
    "next_comment": Key("n", "comment_step(1)", "Next comment", "next comment", "move"),
    "previous_comment": Key("p", "comment_step(-1)", None, "previous comment", "move"),
    "parent": Key("u", "parent", None, "parent of the focused comment", "move"),
    "fold": Key("space", "fold", None, "fold or unfold the focused thread", "read"),
    **{
        f"rate_{n}": Key(str(n), f"rate({n})", None, f"rate {n} star{'s' * (n > 1)}", "discuss")
        for n in range(1, 6)
    },
    "clear_rating": Key("0", "clear_rating", None, "take your rating back", "discuss"),
    "vote_up": Key("plus", "vote('up')", None, "vote the focused comment up", "discuss"),
    "vote_down": Key("minus", "vote('down')", None, "vote the focused comment down", "discuss"),
    "comment": Key("c", "comment", "Comment", "comment on the article", "discuss"),
    "reply": Key("r", "reply", "Reply", "reply to the focused comment", "discuss"),
    "edit": Key("e", "edit", None, "edit your focused comment", "discuss"),
    "delete": Key("d", "delete", None, "delete your focused comment", "discuss"),
    "subscribe": Key("S", "subscribe", None, "subscribe to new comments", "discuss"),
    "open_url": Key("o", "open_url", None, "open the article's URL in the browser", "store"),
    "copy_id": Key("y", "copy_id", None, "copy the article's id", "store"),
    # the small screens over the reader
    "yes": Key("y", "answer(True)", "Yes", "yes", "dialog"),
    "no": Key("n,escape", "answer(False)", "No", "no", "dialog"),
    "save": Key("ctrl+s", "save", "Save", "save the text", "dialog"),
    "cancel": Key("escape", "cancel", "Cancel", "cancel", "dialog"),
    "close": Key("escape,q,question_mark", "close", "Close", "close the help", "dialog"),
    "quit": Key("q,escape", "app.quit", "Quit", "quit the reader", "dialog"),
}

# The keys of each screen, in the footer's order; a footer text given here is that
# screen's own.
SCREENS: dict[str, dict[str, str | None]] = {
    "list": {
        "open": None,
        "down": None,
        "up": None,
        "search": None,
        "tag": None,
        "unread": None,
        "sort": None,
        "inbox": None,
        "open_url": None,
        "copy_id": None,
        "help": None,
        "back": "Quit",
    },
    "article": {
        "back": None,
        "down": None,
        "up": None,
        "next_article": None,
        "previous_article": None,
        "next_comment": None,
        "previous_comment": None,
        "parent": None,
        "fold": None,
        **dict.fromkeys(f"rate_{n}" for n in range(1, 6)),
        "clear_rating": None,
        "vote_up": None,
        "vote_down": None,
        "comment": None,
        "reply": None,
        "edit": None,
        "delete": None,
        "subscribe": None,
        "open_url": None,
        "copy_id": None,
        "help": None,
    },
    "inbox": {"open": None, "back": None, "help": None},
    "confirm": {"yes": None, "no": None},
    "text": {"save": None, "cancel": None},
    "prompt": {"cancel": None},
    "help": {"close": None},
    "too_small": {"quit": None},
}


def bindings(screen: str) -> list[BindingType]:
    """The Textual bindings of ``screen`` (a name of ``SCREENS``), each with its id, by
    which a user's ``[keys]`` table changes its keys."""
    made: list[BindingType] = []
    for key_id, own_footer in SCREENS[screen].items():
        key = KEYS[key_id]
        footer = own_footer or key.footer
        made.append(
            Binding(
                key.keys,
                key.action,
                footer or "",
                show=footer is not None,
                priority=key.priority,
                id=key_id,
            )
        )
    return made


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
        if name not in KEYS:
            raise InvalidInput(f"{where}: [keys] has no binding '{name}'")
        if not isinstance(keys, str) or not keys.strip(", "):
            raise InvalidInput(f'{where}: [keys] {name} must be a key name, e.g. "ctrl+n"')
        keymap[name] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return keymap
