"""Shell completion of article ids and tags, read from the index.

Typer calls these only when the shell asks for completions (``_NEWSCLI_COMPLETE`` set):
the api and the store are imported then, never at start-up. A completion that cannot
be worked out (no data directory, a damaged index) offers nothing rather than failing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from newscli.api import Row

MOST = 200  # offered at once: enough to narrow down by typing more


def _rows(ctx: typer.Context) -> list[Row]:
    """The rows of the store the command line names (``--data-dir``, else the default),
    newest first; none when it cannot be read."""
    from newscli import api, settings

    try:
        given = ctx.find_root().params.get("data_dir")  # text: not converted while completing
        data = settings.data_dir(Path(given) if given else None)
        if not data.is_dir():
            return []
        store = api.open_store(data, settings.index_path(data))
        try:
            rows, _problems = api.iter_articles(store)
            return list(rows)
        finally:
            store.close()
    except Exception:  # completion must never print a traceback into the shell
        return []


def article_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The ids starting with what was typed, each with its title (zsh and fish show it)."""
    from newscli.text.safe import one_line

    found = [(r.id, one_line(r.title)) for r in _rows(ctx) if r.id.startswith(incomplete)]
    return found[:MOST]


def _tags(ctx: typer.Context) -> list[str]:
    return list(dict.fromkeys(tag for row in _rows(ctx) for tag in row.tags))


def tags(ctx: typer.Context, incomplete: str) -> list[str]:
    """The tags in the store starting with what was typed (Typer keeps only those)."""
    return [t for t in _tags(ctx) if t.startswith(incomplete)][:MOST]


def tag_changes(ctx: typer.Context, incomplete: str) -> list[str]:
    """``+TAG`` or ``-TAG`` for the tags in the store, as ``tag`` takes them."""
    sign, typed = (incomplete[:1], incomplete[1:]) if incomplete[:1] in "+-" else ("", incomplete)
    chosen = [t for t in _tags(ctx) if t.startswith(typed)]
    return [f"{sign}{t}" for t in chosen][:MOST]
