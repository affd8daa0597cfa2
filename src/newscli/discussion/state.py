"""Each person's own shared state: their subscriptions.

It is kept outside the article files, one TOML file per person in the state directory
(``<data>/state/``), so that two people never write the same file. The file's name comes
from the person's name in its one spelling (``model.people``) but is never that name: a
slug of its letters and digits, then a hash of the whole name (``mei-1f0c3a9e5b27.toml``).
Each change is a read-modify-write under the file's own lock (``<state>/.locks/``),
written atomically.

Where a person last looked (their inbox, each article) is not here: it is a fact about
one copy of the store, kept in its arrival log (``discussion.arrivals``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import tomli_w

from newscli import ids
from newscli.disk import atomic
from newscli.disk.datadir import LOCKS, STATE, DataDir, is_link, linked
from newscli.disk.reading import read_file
from newscli.errors import DataDirError, InvalidInput, StoreLocked
from newscli.model.codec import parse_toml
from newscli.model.people import normal_name
from newscli.model.values import nesting
from newscli.store.hold import StoreHold
from newscli.store.store import Store

_T = TypeVar("_T")
STATE_SCHEMA = 2
READABLE_STATE_SCHEMAS = (1, 2)
# Schema 1 kept when the person last opened each article and read their inbox, by the
# clock of whichever copy they did it in: read and dropped, as marks are now per copy.
_DROPPED = ("opened", "inbox_read")
MODES = ("all", "replies")  # new follow-up comments, or new replies to my comments only
_SLUG_CHARS = re.compile(r"[^a-z0-9]+")
_SLUG_MAX = 32
MAX_STATE_BYTES = 64 * 2**20  # a person who opened 100,000 articles has about 6 MB


class BrokenState(DataDirError):
    """A person's state file exists but cannot be read."""


@dataclass
class PersonState:
    """One person's state; an empty one for a person who has none yet.

    ``subscriptions``: article id to mode (``all`` or ``replies``); ``extra``: keys this
    newscli does not know, kept.
    """

    name: str
    subscriptions: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


STATE_FILE_RE = re.compile(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*-)?[0-9a-f]{12}\.toml")
"""The names ``file_name`` gives: the only files of the state folder that are shared."""


def file_name(name: str) -> str:
    """The state file's name for a person (their name in its one spelling): never the
    raw name, so never a path."""
    name = normal_name(name)
    slug = _SLUG_CHARS.sub("-", name.lower()).strip("-")[:_SLUG_MAX].strip("-")
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{slug}-{digest}.toml" if slug else f"{digest}.toml"


def state_path(state_dir: Path, name: str) -> Path:
    """Where a person's state is kept."""
    return state_dir / file_name(name)


def folder(state_dir: Path) -> Path:
    """The state folder, refused (DataDirError) if it or its locks' folder is a symbolic
    link: newscli would read and write wherever that points."""
    for name, path in ((STATE, state_dir), (f"{STATE}/{LOCKS}", state_dir / LOCKS)):
        if is_link(path):
            raise DataDirError(linked(name))
    return state_dir


def load_state(state_dir: Path, name: str) -> PersonState:
    """A person's state (empty if they have none); raises BrokenState naming the file, or
    DataDirError when the folder is a link."""
    path = state_path(folder(state_dir), name)
    where = f"{STATE}/{path.name}"
    try:
        text = read_file(path, where, limit=MAX_STATE_BYTES, error=BrokenState).decode("utf-8")
    except FileNotFoundError:
        return PersonState(normal_name(name))
    except UnicodeDecodeError as exc:
        raise BrokenState(f"{where}: not valid UTF-8 (byte {exc.start})") from None
    try:
        return _from_record(parse_toml(text), name)
    except (InvalidInput, OverflowError, ValueError) as exc:
        raise BrokenState(f"{where}: {exc}") from None


def _from_record(data: dict[str, Any], name: str) -> PersonState:
    schema = data.get("schema")
    if schema not in READABLE_STATE_SCHEMAS:
        raise InvalidInput(f"'schema' must be {STATE_SCHEMA}")
    stored = data.get("name")
    if not isinstance(stored, str) or normal_name(stored) != normal_name(name):
        raise InvalidInput(f"it is the state of {stored!r}, not of {name!r}")
    subscriptions = _table(data, "subscriptions")
    for article_id, mode in subscriptions.items():
        if mode not in MODES:
            raise InvalidInput(f"subscriptions.{article_id} must be 'all' or 'replies'")
    known = ("schema", "name", "subscriptions", *(_DROPPED if schema == 1 else ()))
    extra = {k: v for k, v in data.items() if k not in known}
    nesting(extra, "the state", 0)
    return PersonState(
        name=normal_name(name),
        subscriptions=subscriptions,
        extra=extra,
    )


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise InvalidInput(f"'{key}' must be a table")
    for article_id in value:
        if not ids.ARTICLE_ID_RE.fullmatch(article_id):
            raise InvalidInput(f"{key}: {article_id!r} is not an article id")
    return dict(value)


def state_from_text(text: str) -> PersonState:
    """A state file's text (any person's) as a PersonState; raises InvalidInput."""
    data = parse_toml(text)
    name = data.get("name")
    if not isinstance(name, str):
        raise InvalidInput("'name' must be a string")
    return _from_record(data, name)


def state_text(state: PersonState) -> str:
    """A person's state as the text of their state file."""
    record: dict[str, Any] = {"schema": STATE_SCHEMA, "name": state.name}
    record |= state.extra
    record["subscriptions"] = dict(sorted(state.subscriptions.items()))
    return tomli_w.dumps(record)


@contextmanager
def _locked(state_dir: Path, name: str, timeout: float) -> Iterator[None]:
    import filelock

    locks = folder(state_dir) / LOCKS
    atomic.make_dirs(locks)
    lock_path = locks / f"{state_path(state_dir, name).stem}.lock"
    try:
        with filelock.FileLock(lock_path, timeout=timeout, mode=atomic.FILE_MODE):
            yield
    except filelock.Timeout:
        message = f"{name}'s state is locked by another newscli process; try again"
        raise StoreLocked(message) from None


def update_state(
    state_dir: Path, name: str, change: Callable[[PersonState], _T], lock_timeout: float = 120.0
) -> _T:
    """Load, change and save a person's state under its lock (and the store's shared hold);
    returns what ``change`` returns. If ``change`` raises (or the file is broken), nothing
    is written.

    ``change`` is tried first on a copy read without the lock, so that a refusal leaves
    no lock file behind either: it must change nothing but the state it is given.
    """
    # A broken file, or a change refused, is refused before any lock file is made too.
    change(load_state(state_dir, name))
    hold = StoreHold(DataDir(state_dir.parent), lock_timeout)  # the state folder's store
    with hold.shared(), _locked(state_dir, name, lock_timeout):
        state = load_state(state_dir, name)
        result = change(state)
        atomic.write_bytes(state_path(state_dir, name), state_text(state).encode("utf-8"))
    return result


def subscribe(store: Store, state_dir: Path, name: str, ref: str, mode: str = "all") -> str:
    """Subscribe to an article's new comments (``all``) or to replies only; returns its id.

    A missing article is refused (NotFound); subscribing again changes the mode.
    """
    if mode not in MODES:
        raise InvalidInput(f"a subscription is 'all' or 'replies', not {mode!r}")
    article_id = store.resolve(ref)
    store.load(article_id)  # refuse an unreadable article too

    def change(state: PersonState) -> str:
        if state.subscriptions.get(article_id) == mode:
            raise InvalidInput(f"{name} is subscribed to article {article_id} already")
        state.subscriptions[article_id] = mode
        return article_id

    return update_state(state_dir, name, change)


def unsubscribe(state_dir: Path, name: str, ref: str) -> str:
    """End a subscription; ``ref`` is a prefix of a subscribed article's id (the article may
    be gone). Returns the id; refused when there is no such subscription."""
    prefix = ids.normalise_prefix(ref)

    def change(state: PersonState) -> str:
        article_id = ids.resolve(prefix, state.subscriptions, "subscribed article")
        del state.subscriptions[article_id]
        return article_id

    return update_state(state_dir, name, change)
