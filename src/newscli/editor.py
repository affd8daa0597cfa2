"""Letting the user write text in their own editor."""

from __future__ import annotations

import shlex
import subprocess
import tempfile
from pathlib import Path

from newscli.errors import NewsError
from newscli.importers.decode import decode_text

FALLBACK = "vi"


def choose_editor(command: str | None, interactive: bool, missing: str) -> str:
    """The editor to run: ``command`` (the user's, e.g. ``$VISUAL``), else ``vi`` when
    ``interactive``.

    Raises NewsError with ``missing`` when no command is given and there is no terminal to
    run ``vi`` in, or when the command cannot be read.
    """
    if command is None:
        if not interactive:
            raise NewsError(missing)
        command = FALLBACK
    _argv(command)
    return command


def _argv(command: str) -> list[str]:
    """The editor command split as the shell would; raises NewsError if it cannot be."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        raise NewsError(f"the editor command {command!r} cannot be read: {exc}") from None
    if not argv:
        raise NewsError("the editor command is empty")
    return argv


def edit_text(command: str, initial: str = "", suffix: str = ".txt") -> str:
    """Open ``initial`` in the editor ``command`` and return what the user saved."""
    with tempfile.TemporaryDirectory(prefix="newscli-") as folder:
        path = Path(folder) / f"draft{suffix}"
        path.write_text(initial, encoding="utf-8")
        open_file(command, path)
        return decode_text(path.read_bytes(), "the editor's text")


def open_file(command: str, path: Path) -> None:
    """Run the editor ``command`` on ``path`` and wait; raises NewsError if it fails."""
    argv = _argv(command)
    try:
        status = subprocess.call([*argv, str(path)])
    except OSError as exc:
        raise NewsError(f"cannot start the editor '{argv[0]}': {exc.strerror}") from None
    if status != 0:
        raise NewsError(f"the editor exited with status {status}; nothing was saved")
