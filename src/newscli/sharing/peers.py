"""What a peer may bring into this store, and what newscli sets aside instead.

A shared store is only as safe as the least careful person who can push to it, so what
arrives by git is looked at before it is merged, file by file:

- ``.gitignore`` and ``.gitattributes`` are newscli's own (``OWNED``): any other content
  (``*.toml`` ignored, so that nothing new is shared again; ``merge=union``, so that edits
  are glued as text) is replaced by newscli's;
- only article files (``articles/<id>.toml``), people's state files
  (``state/<name>-<hash>.toml``) and records of their keys (``people/<name>-<hash>.toml``)
  travel: any other path, and any of those that is a
  symbolic link or a submodule, is left out (git would check out a link to
  ``~/.ssh/id_rsa`` as that link);
- an article, state or person file that cannot be read (nesting past the limit included) is left
  as it was; an article gets a conflict note saying why.

The merge then takes a commit made here on top of the other side's, holding the other
side's files with these changes undone: nothing set aside ever reaches the work tree.
What was set aside is kept in ``<data>/quarantine/`` (as bytes, never as a link), and the
sync warns, naming the commit and its author. git does not authenticate authors: the
name is the one the commit gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newscli.discussion.people import person_from_text
from newscli.discussion.state import STATE_FILE_RE, state_from_text
from newscli.disk import atomic
from newscli.disk.datadir import ARTICLE_FILE_RE, QUARANTINE, UNSHARED, DataDir
from newscli.disk.reading import parse
from newscli.errors import CorruptArticle, InvalidInput
from newscli.model import codec
from newscli.model.article import UNREADABLE, Conflict
from newscli.sharing.git import Git

IGNORED = (
    "# newscli: what stays on this machine",
    *(f"{folder}/" for folder in UNSHARED),
    ".*.tmp-*",
)
ATTRIBUTES = ("*.toml merge=newscli",)
OWNED = {
    ".gitignore": "".join(f"{line}\n" for line in IGNORED).encode(),
    ".gitattributes": "".join(f"{line}\n" for line in ATTRIBUTES).encode(),
}
"""The files newscli writes and shares, and their one content."""
PINNED = (
    "# newscli: what git does with the shared files, whatever .gitattributes says\n"
    "* -text -filter -ident !eol !working-tree-encoding -merge\n"
    "*.toml merge=newscli\n"
)
"""``.git/info/attributes``, which no clone copies and which outranks every
``.gitattributes``: no conversion, filter or merge a peer could name applies."""
FILE_MODES = ("100644", "100755")
_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # git's name for a tree of nothing
_NO_OBJECT = "0" * 40
CHUNK = 2000  # files read from git at once while screening


def kind(path: str) -> str | None:
    """``article``, ``state``, ``person`` or ``owned`` for a file newscli shares; None
    otherwise."""
    folder, _, name = path.partition("/")
    if path in OWNED:
        return "owned"
    if folder == "articles" and ARTICLE_FILE_RE.fullmatch(name):
        return "article"
    if folder == "state" and STATE_FILE_RE.fullmatch(name):
        return "state"
    if folder == "people" and STATE_FILE_RE.fullmatch(name):  # named as state files are
        return "person"
    return None


def problem(path: str, data: bytes) -> str | None:
    """Why the bytes of a shared file at ``path`` cannot be taken, or None."""
    what = kind(path)
    if what == "owned":
        return None if data == OWNED[path] else "newscli's own file, changed"
    try:
        if what == "article":
            article = parse(path, data)
            if article.id != path.removeprefix("articles/").removesuffix(".toml"):
                return f"its id '{article.id}' does not match the file name"
        elif what == "state":
            state_from_text(data.decode("utf-8"))
        elif what == "person":
            person_from_text(data.decode("utf-8"))
    except CorruptArticle as exc:
        return str(exc).removeprefix(f"{path}: ")
    except (UnicodeDecodeError, InvalidInput, OverflowError, ValueError) as exc:
        return " ".join(str(exc).split())
    return None


@dataclass(frozen=True)
class TreeEntry:
    """A file of a commit's tree that its side changed: mode, object and path."""

    mode: str
    oid: str
    path: str

    @property
    def gone(self) -> bool:
        return self.oid == _NO_OBJECT


@dataclass
class Screened:
    """The commit to merge (the other side's, or one made on top of it without what is
    set aside) and the warnings, one a file set aside."""

    commit: str
    warnings: list[str] = field(default_factory=list)


def screen(git: Git, data: DataDir, theirs: str) -> Screened:
    """Look at what ``theirs`` changed since the common ancestor (all of it when there is
    none) and set aside what this store does not take; see the module's docstring."""
    base = _merge_base(git, theirs)
    entries = _changed(git, base, theirs)
    fixes: dict[str, tuple[str, str] | None] = {}  # path: (mode, object), or None: drop it
    reasons: dict[str, str] = {}
    blobs: dict[str, bytes | None] = {}  # the bytes of the files refused
    for start in range(0, len(entries), CHUNK):  # a first sync may bring every file
        chunk = entries[start : start + CHUNK]
        readable = [e for e in chunk if not e.gone and e.mode in FILE_MODES and kind(e.path)]
        found = dict(
            zip((e.path for e in readable), git.blobs([e.oid for e in readable]), strict=True)
        )
        for entry in chunk:
            why = _refused(entry, found.get(entry.path))
            if why is not None:
                reasons[entry.path] = why
                fixes[entry.path] = _instead(git, base, entry, why)
                blobs[entry.path] = found.get(entry.path)
    if not fixes:
        return Screened(theirs)
    whose = _authors(git, base, theirs, list(fixes))
    kept = _contents(git, [e for e in entries if e.path in reasons], blobs)
    warnings = []
    for path, why in sorted(reasons.items()):
        short, author = whose.get(path, (theirs[:7], "someone"))
        aside = _keep_aside(data, path, short, kept.get(path))
        where = f"; kept as {aside}" if aside else ""
        warnings.append(f"{path} from {short} by {author} not taken: {why}{where}")
    return Screened(_commit_without(git, theirs, fixes, sorted(reasons)), warnings)


def unsendable(git: Git, upstream: str | None) -> list[str]:
    """What ``HEAD`` changed since ``upstream`` (everything, when there is none) that no
    peer would take: a shared file that cannot be read, or a link; one line each."""
    found = []
    entries = [e for e in _changed(git, upstream, "HEAD") if kind(e.path) and not e.gone]
    for start in range(0, len(entries), CHUNK):
        chunk = entries[start : start + CHUNK]
        blobs = git.blobs([e.oid for e in chunk])
        for entry, data in zip(chunk, blobs, strict=True):
            why = _refused(entry, data)
            if why is not None:
                found.append(f"{entry.path}: {why}")
    return found


def _merge_base(git: Git, theirs: str) -> str | None:
    """The common ancestor of HEAD and ``theirs``; None when they have none (or HEAD has
    no commit yet)."""
    found = git.run("merge-base", "HEAD", theirs, check=False)
    if found.returncode:
        return None
    return found.stdout.decode().strip() or None


def _changed(git: Git, base: str | None, theirs: str) -> list[TreeEntry]:
    """The files ``theirs`` changed since ``base`` (every file when there is none)."""
    out = git.run(
        "diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", base or _EMPTY_TREE, theirs
    ).stdout.decode("utf-8", "surrogateescape")
    fields = out.split("\0")
    entries = []
    for head, path in zip(fields[0::2], fields[1::2], strict=False):
        if not head.startswith(":"):
            continue
        _, mode, _, oid, _ = head[1:].split(" ")
        entries.append(TreeEntry(mode, oid, path))
    return entries


def _refused(entry: TreeEntry, data: bytes | None) -> str | None:
    """Why this store does not take ``entry`` as the other side has it, or None."""
    what = kind(entry.path)
    if what is None:
        return None if entry.gone else "not a file newscli shares"
    if entry.gone:
        return "newscli's own file, removed" if what == "owned" else None
    if entry.mode == "120000":
        return "a symbolic link, never followed"
    if entry.mode == "160000":
        return "a submodule, not a file"
    if entry.mode not in FILE_MODES:
        return "not a regular file"
    return problem(entry.path, data or b"")


def _instead(git: Git, base: str | None, entry: TreeEntry, why: str) -> tuple[str, str] | None:
    """What the commit to merge holds at ``entry.path`` instead: newscli's own content,
    the file as it was (an article with a note of why), or nothing."""
    if entry.path in OWNED:
        return "100644", _stored(git, OWNED[entry.path])
    if kind(entry.path) is None or base is None:
        return None
    [before] = git.blobs([f"{base}:{entry.path}"])
    if before is None or problem(entry.path, before):
        return None
    if kind(entry.path) == "article":
        article = codec.loads(before.decode("utf-8"))
        note = Conflict(UNREADABLE, why)
        article.conflicts = [*(c for c in article.conflicts if c != note), note]
        before = codec.encode(article)
    return "100644", _stored(git, before)


def _stored(git: Git, data: bytes) -> str:
    return git.run("hash-object", "-w", "--stdin", input=data).stdout.decode().strip()


def _contents(
    git: Git, entries: Iterable[TreeEntry], known: dict[str, bytes | None]
) -> dict[str, bytes | None]:
    """The other side's bytes of ``entries`` (a link's target, as text), read at once."""
    wanted = [e for e in entries if not e.gone and e.mode != "160000" and known.get(e.path) is None]
    found = dict(zip((e.path for e in wanted), git.blobs([e.oid for e in wanted]), strict=True))
    return {**known, **found}


def _authors(
    git: Git, base: str | None, theirs: str, paths: list[str]
) -> dict[str, tuple[str, str]]:
    """The last commit (short id, author's name) of ``theirs`` to change each path."""
    span = f"{base}..{theirs}" if base else theirs
    out = git.run(
        "log", "-z", "--no-renames", "--format=%x01%h%x00%an", "--name-only", span, "--", *paths
    ).stdout.decode("utf-8", "replace")
    found: dict[str, tuple[str, str]] = {}
    for chunk in out.split("\x01")[1:]:  # "SHORT\0AUTHOR\0\nPATH\0PATH\0..."
        short, _, rest = chunk.partition("\0")
        author, _, names = rest.partition("\0")
        for name in names.lstrip("\n").split("\0"):
            if name:
                found.setdefault(name, (short, " ".join(author.split()) or "someone"))
    return found


def _keep_aside(data: DataDir, path: str, short: str, content: bytes | None) -> str | None:
    """Write the other side's bytes in the quarantine (a new name each time); returns
    where, named in the data directory."""
    if content is None:
        return None
    folder = data.folder(data.root / QUARANTINE)
    flat = re.sub(r"[^A-Za-z0-9._-]", "_", path.replace("/", "--"))[:120]
    for number in range(1000):
        name = f"from-{short}-{flat}" + (f".{number}" if number else "")
        try:
            atomic.write_bytes(folder / name, content, new=True)
        except FileExistsError:
            continue
        return f"{QUARANTINE}/{name}"
    return None


def _commit_without(
    git: Git, theirs: str, fixes: dict[str, tuple[str, str] | None], paths: list[str]
) -> str:
    """A commit on top of ``theirs`` whose tree has ``fixes`` made (nothing else)."""
    found = Path(git.text("rev-parse", "--git-path", "newscli-screen.index"))
    index = (found if found.is_absolute() else git.root / found).absolute()  # git runs in root
    try:
        git.run("read-tree", theirs, index=index)
        lines = "".join(
            f"0 {_NO_OBJECT}\t{path}\n" if fix is None else f"{fix[0]} {fix[1]}\t{path}\n"
            for path, fix in sorted(fixes.items())
        )
        git.run(
            "update-index",
            "--index-info",
            input=lines.encode("utf-8", "surrogateescape"),
            index=index,
        )
        tree = git.run("write-tree", index=index).stdout.decode().strip()
    finally:
        index.unlink(missing_ok=True)
    listed = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    message = f"sync: not taken from {theirs[:7]}: {listed}"
    return git.run("commit-tree", tree, "-p", theirs, "-m", message).stdout.decode().strip()
