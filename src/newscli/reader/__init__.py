"""``newscli read``: the full-screen reader (Textual is imported by ``run``, not here).

The CLI calls ``require_terminal()`` first, then ``run(...)``; see ``run`` for its values.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from newscli.api import ListQuery, Store
from newscli.errors import NewsError

if TYPE_CHECKING:
    from newscli.api import Signer


def require_terminal(stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
    """Raise NewsError unless both stdin and stdout are terminals."""
    streams = (stdin or sys.stdin, stdout or sys.stdout)
    if not all(stream is not None and stream.isatty() for stream in streams):
        raise NewsError(
            "'newscli read' needs a terminal; in pipes and scripts use 'newscli list' "
            "and 'newscli show ID'"
        )


def run(
    store: Store,
    *,
    voter: str,
    author: str | None,
    query: ListQuery | None = None,
    unread_only: bool = False,
    keys: Path | Mapping[str, object] | None = None,
    editor: str | None = None,
    signer: Signer | None = None,
) -> None:
    """Run the reader on ``store`` until the user quits.

    ``voter`` rates and votes (and owns read marks, subscriptions and the inbox);
    ``author`` signs comments (None: anonymous). ``query`` picks the first list
    (search, tags, sort); ``keys`` is the config file (or its table) whose ``[keys]``
    rebinds keys; ``editor`` is the command comments are written in (None: a text area);
    ``signer`` signs votes and comments (None: unsigned).
    """
    from newscli.reader.actions import Actions
    from newscli.reader.app import ReaderApp
    from newscli.reader.keys import load_keys

    keymap = load_keys(keys)
    actions = Actions(store, voter, author, signer)
    ReaderApp(actions, query, unread_only=unread_only, keymap=keymap, editor=editor).run()
