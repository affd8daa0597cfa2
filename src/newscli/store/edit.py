"""Editing by hand in the user's own editor: a piece of text, or an article's file on a
private draft, checked before it replaces anything.

The draft is ``<data>/drafts/<id>.toml`` (mode 0600), beside ``<id>.base``, the file's
bytes when the draft was made. A draft is only deleted once it has been saved or found
unchanged; a draft that cannot be saved is kept, and the next ``edit`` of the article
continues it, as long as the article has not changed in the meantime.
"""

from __future__ import annotations

import shlex
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import filelock

from newscli.disk import atomic
from newscli.disk.datadir import DataDir
from newscli.disk.reading import read_bytes, read_file
from newscli.errors import DraftKept, InvalidInput, NewsError, NotFound, StoreLocked
from newscli.model import codec
from newscli.model.article import Article
from newscli.model.cleaning import checked_article
from newscli.model.decode import decode_text
from newscli.model.stamps import changed_fields, field_values, mark_changed
from newscli.store.store import Store

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


@dataclass(frozen=True)
class EditSession:
    """A draft of one article, and whether it was left over from an earlier edit."""

    article_id: str
    draft: Path
    base: Path
    resumed: bool


@dataclass(frozen=True)
class Edited:
    """What an edit came to: saved, or nothing to save; and how many conflicts a merge
    noted in the article are still unsettled (they are in the file, under ``[[conflicts]]``)."""

    article_id: str
    saved: bool
    resumed: bool
    conflicts: int = 0


def start(store: Store, article_id: str) -> EditSession:
    """Make a draft of the article's file, or continue the one an earlier edit left."""
    data = store.data
    data.folder(data.drafts)
    data.folder(data.articles)
    draft, base = data.draft_files(article_id)
    path = data.article_file(article_id)
    try:  # no lock needed: writes are atomic, so this is the old file or the new one
        current = read_bytes(path, data.name(path))
    except FileNotFoundError:
        raise NotFound(f"no article with id '{article_id}'") from None
    if draft.exists():
        if not base.exists() or _read(data, base) != current:
            raise InvalidInput(
                f"a draft from an earlier edit is kept at {draft}, but the article has changed "
                "since: copy what you need from the draft, delete it, and edit again"
            )
        return EditSession(article_id, draft, base, resumed=True)
    atomic.write_bytes(base, current)
    atomic.write_bytes(draft, current)
    return EditSession(article_id, draft, base, resumed=False)


def edit(store: Store, article_id: str, editor: str, by: str | None = None) -> Edited:
    """Open a draft of the article in ``editor``; save it if it is valid and has changed,
    the fields changed noted as ``by``'s."""
    with _one_editor(store, article_id):
        session = start(store, article_id)
        try:
            open_file(editor, session.draft)
            saved = finish(store, session, by)
        except NewsError as exc:
            if _untouched(store.data, session):  # nothing typed, nothing to keep
                _discard(session)
                raise
            raise DraftKept(str(exc), session.draft) from None
    return Edited(article_id, saved, session.resumed, _unsettled(store, article_id))


def _unsettled(store: Store, article_id: str) -> int:
    try:
        return len(store.load(article_id).conflicts)
    except NewsError:
        return 0


@contextmanager
def _one_editor(store: Store, article_id: str) -> Iterator[None]:
    """Refuse a second edit of the same article while one is open (they would share a draft).

    The lock file is removed before it is released, so a finished edit leaves nothing.
    """
    path = store.data.edit_lock_file(article_id)
    atomic.make_dirs(store.data.folder(store.data.locks))
    guard = filelock.FileLock(path, timeout=0, mode=atomic.FILE_MODE)
    try:
        guard.acquire()
    except filelock.Timeout:
        raise StoreLocked(
            f"article {article_id} is being edited in another newscli process"
        ) from None
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        guard.release()


def _read(data: DataDir, path: Path) -> bytes:
    """A draft's (or its base's) bytes, never through a symbolic link."""
    return read_file(path, data.name(path), error=InvalidInput)


def _untouched(data: DataDir, session: EditSession) -> bool:
    try:
        return _read(data, session.draft) == _read(data, session.base)
    except (OSError, NewsError):
        return False


def finish(store: Store, session: EditSession, by: str | None = None) -> bool:
    """Check the draft and, if it changed, write it over the article (the fields changed
    noted as ``by``'s); False if unchanged.

    Raises (keeping the draft) if the draft is not a valid article, names another id,
    or the article changed on disk since the draft was made.
    """
    try:
        data, base = _read(store.data, session.draft), _read(store.data, session.base)
    except FileNotFoundError:
        raise InvalidInput("the draft or its base was removed while you were editing") from None
    if data == base:
        _discard(session)
        return False
    # Cleaned by the rules of add and import: one way in is as strict as another.
    edited = checked_article(codec.loads(decode_text(data, "the draft")))
    if edited.id != session.article_id:
        raise InvalidInput(f"the id must stay '{session.article_id}', not '{edited.id}'")
    if _same_article(base, edited):
        _discard(session)
        return False
    path = store.path_for(session.article_id)
    with store.lock(session.article_id):
        try:
            current = read_bytes(path, store.data.name(path))
        except FileNotFoundError:
            raise NotFound("the article was removed while you were editing it") from None
        if current != base:
            raise InvalidInput(
                "the article changed on disk while you were editing it (a vote or a comment?)"
            )
        edited.updated = store.clock.wall_time()
        changed = changed_fields(edited, _fields_before(base))
        if changed:
            mark_changed(edited, changed, store.stamp(edited), by)
        written = atomic.write_bytes(path, codec.encode(edited))
        store.note_change(session.article_id, edited, written)
    _discard(session)
    return True


def _same_article(base: bytes, edited: Article) -> bool:
    """Whether the edit only changed the layout of the file, not the article."""
    try:
        return codec.loads(base.decode("utf-8")) == edited
    except (UnicodeDecodeError, InvalidInput):
        return False  # the original could not be read: any valid article is a change


def _fields_before(base: bytes) -> dict[str, Any]:
    """The fields of the article the draft started from (none if it could not be read:
    then every field counts as changed)."""
    try:
        return field_values(codec.loads(base.decode("utf-8")))
    except (UnicodeDecodeError, InvalidInput):
        return {}


def _discard(session: EditSession) -> None:
    session.draft.unlink(missing_ok=True)
    session.base.unlink(missing_ok=True)
