"""The reader's keys: one table from which every screen's bindings, the footer and ``?``
are made, and a user's ``[keys]`` table.

Each key has an id, the name of its entry in a ``[keys]`` table of the reader's config
file, which maps ids to other keys, several separated by commas, in Textual's key names::

    [keys]
    next_article = "J,ctrl+n"
    rate_4 = "f4"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from newscli.errors import InvalidInput


@dataclass(frozen=True)
class Key:
    """One thing the reader does on a key: its default ``keys``, the Textual ``action``
    its screen runs, its ``footer`` text (None: only in ``?``; neighbours with the same
    text are one entry there, ``1-5 Rate``), what ``?`` says of it, and the
    ``group`` ``?`` lists it under."""

    keys: str
    action: str
    footer: str | None
    help: str
    group: str
    priority: bool = False  # before the focused widget (the table's own Enter, Home, End)


@dataclass(frozen=True)
class Own:
    """What a key's footer text and help are on one screen, where they are its own."""

    footer: str | None = None
    help: str | None = None


# Shown by ``?`` in this order of groups, each key in the order of the table (the
# dialogs' keys are their own).
GROUPS = ("move", "read", "discuss", "store")

KEYS: dict[str, Key] = {
    "back": Key("q,escape", "back", "Back", "back", "move"),
    "help": Key("question_mark", "app.help", "Keys", "these keys", "read"),
    "down": Key("j", "down", None, "next row", "move"),
    "up": Key("k", "up", None, "previous row", "move"),
    "first": Key("home,g", "first", None, "first row", "move", priority=True),
    "last": Key("end,G", "last", None, "last row", "move", priority=True),
    "open": Key("enter", "open", "Open", "open the article", "read", priority=True),
    "search": Key(
        "slash", "search", "Search", 'search (words, "phrases", AND/OR/NOT, prefix*)', "read"
    ),
    "tag": Key("t", "tag", "Tag", "only the articles with a tag", "read"),
    "unread": Key("u", "toggle_unread", "Unread", "only unread articles, or all again", "read"),
    "sort": Key("s", "sort", "Sort", "the next sort: newest, oldest, rating...", "read"),
    "inbox": Key("i", "app.inbox", "Inbox", "the inbox: replies, mentions, follow-ups", "read"),
    "next_article": Key("J", "article(1)", None, "next article", "move"),
    "previous_article": Key("K", "article(-1)", None, "previous article", "move"),
    "next_comment": Key("n", "comment_step(1)", "Comments", "next comment", "move"),
    "previous_comment": Key("p", "comment_step(-1)", "Comments", "previous comment", "move"),
    "next_thread": Key("N", "thread_step(1)", None, "next thread (top-level comment)", "move"),
    "previous_thread": Key("P", "thread_step(-1)", None, "previous thread", "move"),
    "parent": Key("u", "parent", None, "the focused comment's parent", "move"),
    "next_new": Key("U", "next_new", None, "next comment new since your last visit", "move"),
    "fold": Key("space", "fold", None, "fold or unfold the focused comment's replies", "read"),
    **{
        f"rate_{n}": Key(str(n), f"rate({n})", "Rate", f"rate {n} star{'s' * (n > 1)}", "store")
        for n in range(1, 6)
    },
    "clear_rating": Key("0", "clear_rating", None, "take your rating back", "store"),
    "vote_up": Key("plus", "vote('up')", "Vote", "vote the focused comment up", "discuss"),
    "vote_down": Key("minus", "vote('down')", "Vote", "vote the focused comment down", "discuss"),
    "comment": Key("c", "comment", "Comment", "comment on the article", "discuss"),
    "reply": Key("r", "reply", None, "reply to the focused comment", "discuss"),
    "edit": Key("e", "edit", None, "edit your focused comment", "discuss"),
    "delete": Key("d", "delete", None, "delete your focused comment", "discuss"),
    "subscribe": Key(
        "S", "subscribe", None, "subscribe to new comments, or unsubscribe", "discuss"
    ),
    "open_url": Key("o", "open_url", None, "open the article's address in the browser", "store"),
    "copy_id": Key("y", "copy_id", None, "copy the article's id (for newscli commands)", "store"),
    # the small screens over the reader
    "yes": Key("y", "answer(True)", "Yes", "yes", "dialog"),
    "no": Key("n,escape", "answer(False)", "No", "no", "dialog"),
    "save": Key("ctrl+s", "save", "Save", "save the text", "dialog"),
    "cancel": Key("escape", "cancel", "Cancel", "cancel", "dialog"),
    "complete": Key("tab", "complete", "Complete", "take the suggested completion", "dialog"),
    "close": Key("escape,q,question_mark", "close", "Close", "close the help", "dialog"),
    "quit": Key("q,escape", "app.quit", "Quit", "quit the reader", "dialog"),
}

# The keys of each screen, in the footer's order, with what is the screen's own.
SCREENS: dict[str, dict[str, Own]] = {
    "list": {
        "open": Own(),
        "search": Own(),
        "tag": Own(),
        "unread": Own(),
        "sort": Own(),
        "help": Own(),
        "back": Own("Quit", "quit; from a search or a tag, back to every article"),
        "inbox": Own(),
        "down": Own(),
        "up": Own(),
        "first": Own(),
        "last": Own(),
        "open_url": Own(),
        "copy_id": Own(),
    },
    "article": {
        "back": Own(help="back to the list"),
        "help": Own(),
        "next_comment": Own(),
        "previous_comment": Own(),
        **{f"rate_{n}": Own() for n in range(1, 6)},
        "vote_up": Own(),
        "vote_down": Own(),
        "comment": Own(),
        "down": Own(help="scroll down"),
        "up": Own(help="scroll up"),
        "first": Own(help="top of the page"),
        "last": Own(help="end of the page"),
        "next_article": Own(),
        "previous_article": Own(),
        "next_thread": Own(),
        "previous_thread": Own(),
        "parent": Own(),
        "next_new": Own(),
        "fold": Own(),
        "clear_rating": Own(),
        "reply": Own(),
        "edit": Own(),
        "delete": Own(),
        "subscribe": Own(),
        "open_url": Own(),
        "copy_id": Own(),
    },
    "inbox": {
        "open": Own(help="open the article at the comment"),
        "back": Own(help="back to the list"),
        "help": Own(),
        "down": Own(),
        "up": Own(),
    },
    "confirm": {"yes": Own(), "no": Own()},
    "text": {"save": Own(), "cancel": Own()},
    "prompt": {"cancel": Own(), "complete": Own()},
    "help": {"close": Own()},
    "too_small": {"quit": Own()},
}
TITLES = {"list": "the list", "article": "an article", "inbox": "the inbox"}


def bindings(screen: str) -> list[BindingType]:
    """The Textual bindings of ``screen`` (a name of ``SCREENS``), each with its id, by
    which a user's ``[keys]`` table changes its keys."""
    made: list[BindingType] = []
    for key_id, own in SCREENS[screen].items():
        key = KEYS[key_id]
        footer = own.footer or key.footer
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


def relabel(node: DOMNode, key_id: str, footer: str) -> None:
    """Let the footer name the key ``key_id`` of ``node`` by ``footer`` from now on (what
    it does has changed: the list's ``q`` quits, or goes back from a search)."""
    table = node._bindings.key_to_bindings  # the node's own copy of its class's bindings
    for key, bound in table.items():
        table[key] = [replace(b, description=footer) if b.id == key_id else b for b in bound]
    node.refresh_bindings()


Section = tuple[str, list[tuple[str, str]]]


def help_sections(screen: str, active: Iterable[tuple[Binding, str]]) -> list[Section]:
    """What ``?`` lists on ``screen``, given its active bindings and how each one's key is
    shown: the reader's own keys in their groups, then the keys Textual's widgets bring."""
    own: dict[str, list[str]] = {}
    others: dict[str, tuple[list[str], str]] = {}
    for binding, shown in active:
        if binding.id in KEYS:
            own.setdefault(binding.id, []).append(shown)
        elif binding.description:
            others.setdefault(binding.action, ([], binding.description))[0].append(shown)
    mine = SCREENS.get(screen, {})
    sections: list[Section] = []
    for group in GROUPS:
        rows = [
            (", ".join(own[i]), (mine[i].help if i in mine else None) or KEYS[i].help)
            for i in KEYS
            if i in own and KEYS[i].group == group
        ]
        if rows:
            sections.append((group, rows))
    if others:
        sections.append(("other keys", [(", ".join(k), what) for k, what in others.values()]))
    return sections


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
            text = source.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"{where}: cannot be read: {exc}") from None
        import tomllib  # only when there is a config file

        try:
            config: Mapping[str, object] = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
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
