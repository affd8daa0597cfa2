"""The work tree's side of a sync: newscli's own git files written, what changed here
committed (only files newscli shares, each readable), and a merge git left with
unmerged files finished field by field.

Every function here runs while the sync holds the store alone (``Store.hold``): no
newscli command writes in between.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from newscli.disk import atomic
from newscli.disk.datadir import ARTICLE_FILE_RE, ARTICLES, PEOPLE, STATE
from newscli.disk.reading import read_file
from newscli.errors import NewsError
from newscli.model import codec
from newscli.model.article import Article
from newscli.model.people import normal_name
from newscli.sharing import changes
from newscli.sharing.git import Git, Status
from newscli.sharing.peers import OWNED, kind, problem
from newscli.store.store import Store

SHARED = (ARTICLES, STATE, PEOPLE, *OWNED)  # where git is asked about the shared files
WRITERS = 8  # merged files written at once


def shared_entries(status: Status) -> list[str]:
    """The files of ``status`` that newscli shares (changed, new or gone), by path: any
    other file (``notes.txt``, ``articles/draft.txt``) is never committed."""
    return sorted({e.path for e in status.entries if e.kind != "u" and kind(e.path)})


def own_files(store: Store, keep_aside: list[str]) -> None:
    """Write newscli's ``.gitignore`` and ``.gitattributes`` where they differ; a changed
    one is kept in the quarantine first (its name added to ``keep_aside``). A link or a
    folder in their place is an error naming it."""
    for name, content in OWNED.items():
        path = store.root / name
        try:
            found = read_file(path, name, limit=len(content) * 4 + 4096)
        except FileNotFoundError:
            found = None
        except NewsError as exc:
            raise NewsError(f"{exc}; newscli writes this file itself: remove it") from None
        if found == content:
            continue
        if found is not None:
            folder = store.data.folder(store.data.quarantine)
            aside = atomic.move_to_free_name(path, folder)
            keep_aside.append(f"{name}: changed here; newscli writes its own (yours is kept as"
                              f" {store.data.name(aside)})")  # fmt: skip
        atomic.write_bytes(path, content)


def commit_local(store: Store, git: Git, status: Status, first: bool) -> str | None:
    """Commit the shared files changed here, with a message that says what changed;
    refuses (one line, nothing committed) a file that is not a readable article, state
    or person file, a link, or a folder where a file should be."""
    paths = shared_entries(status)
    _refuse_folders(store.root, status)
    if not paths:
        return None
    now = {path: _here(store.root, path) for path in paths}
    for path, data in now.items():
        why = problem(path, data) if data is not None else None
        if why and path not in OWNED:
            raise NewsError(
                f"{path} cannot be read ({why}): fix it ('newscli check' says more), then"
                " sync again; nothing was committed"
            )
    articles = [p for p in paths if kind(p) == "article"]
    old = dict(zip(articles, git.blobs([f"HEAD:{p}" for p in articles]), strict=True))
    if status.unborn:
        old = dict.fromkeys(articles)
    described: list[str] = []
    added, removed = 0, []
    for path in articles:
        before, after = _article(old[path]), _article(now[path])
        if before is None and after is not None:
            added += 1
        elif after is None and before is not None:
            removed.append(before.id)
        else:
            described += changes.describe(before, after)
    people = sum(1 for p in paths if kind(p) in ("state", "person"))
    told = changes.message(described, added, removed, people)
    if first:
        message = f"share this store: {told}" if told else "share this store"
    else:
        message = told or "update newscli's git settings"
    add(git, paths)
    git.run("commit", "-q", "--no-verify", "-m", message)
    return message


def _refuse_folders(root: Path, status: Status) -> None:
    """A folder where a shared file should be is one line, never a wedged store."""
    for entry in status.entries:
        parts = entry.path.split("/")
        for depth in range(1, len(parts)):
            place = "/".join(parts[:depth])
            if kind(place) and (root / place).is_dir():
                raise NewsError(
                    f"{place} is a folder where newscli keeps a file: move it away, then sync"
                    " again; nothing was committed"
                )


def _here(root: Path, path: str) -> bytes | None:
    """A shared file's bytes here, never through a link; None when it is gone."""
    try:
        return read_file(root / path, path)
    except FileNotFoundError:
        return None
    except NewsError as exc:
        raise NewsError(f"{exc}; nothing was committed") from None


def _article(data: bytes | None) -> Article | None:
    """An article's version (None: none, or an earlier one that could not be read)."""
    if data is None:
        return None
    try:
        return codec.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, OverflowError, NewsError):
        return None


def add(git: Git, paths: list[str]) -> None:
    """Stage these files as they are here (a removed one as removed), whatever any ignore
    rule says."""
    if paths:
        listed = "".join(f"{p}\0" for p in paths).encode("utf-8", "surrogateescape")
        git.run("add", "-A", "-f", "--pathspec-from-file=-", "--pathspec-file-nul", input=listed)


def finish_merge(store: Store, git: Git, status: Status) -> list[str]:
    """Merge each unmerged file from git's three copies, then commit the merge; returns
    the articles where the merge noted conflicts. A file that cannot be merged undoes the
    whole merge (nothing local is lost)."""
    unmerged = sorted(e.path for e in status.entries if e.kind == "u")
    names = [f":{stage}:{path}" for path in unmerged for stage in (1, 2, 3)]
    copies = git.blobs(names)
    conflicts = []
    try:
        results = {}
        for number, path in enumerate(unmerged):
            base, ours, theirs = (_text(c) for c in copies[3 * number : 3 * number + 3])
            # A file gone on one side: the file cannot say who removed it; git can.
            authors = _authors(git, path) if (ours is None) != (theirs is None) else (None, None)
            results[path], noted = _merge_one(path, base, ours, theirs, authors)
            if noted:
                conflicts.append(path.removeprefix("articles/").removesuffix(".toml"))
    except NewsError as exc:
        git.run("merge", "--abort", check=False)
        raise NewsError(f"{exc}; the merge was undone and nothing here was lost") from None
    with ThreadPoolExecutor(WRITERS) as writers:  # each write waits on its fsync, not the CPU
        list(writers.map(lambda item: _write(store, *item), results.items()))
    add(git, [*shared_entries(git.status(SHARED)), *unmerged])
    git.run("commit", "-q", "--no-edit", "--no-verify")
    return conflicts


def _text(data: bytes | None) -> str | None:
    """A copy's text; bytes that are not UTF-8 kept (escaped) for the reader to refuse."""
    return None if data is None else data.decode("utf-8", "surrogateescape")


def _authors(git: Git, path: str) -> tuple[str | None, str | None]:
    """Who last changed ``path`` on our side and on theirs since the merge base (the names
    their commits give)."""
    found = git.run("merge-base", "HEAD", "MERGE_HEAD", check=False)
    base = found.stdout.decode("ascii", "replace").strip() if not found.returncode else ""
    names = []
    for side in ("HEAD", "MERGE_HEAD"):
        span = f"{base}..{side}" if base else side
        done = git.run("log", "-1", "--format=%an", span, "--", path, check=False)
        names.append(normal_name(done.stdout.decode("utf-8", "replace")) or None)
    return names[0], names[1]


def _merge_one(
    path: str,
    base: str | None,
    ours: str | None,
    theirs: str | None,
    authors: tuple[str | None, str | None],
) -> tuple[str | None, bool]:
    from newscli.sharing import merge, merge_files

    what = kind(path)
    if what == "owned":
        return OWNED[path].decode(), False
    if what == "article":
        merged = merge.merge_texts(base, ours, theirs, path, authors)
        return merged.text, bool(merged.conflicts)
    if what in ("state", "person"):
        if ours is None or theirs is None:
            return ours if ours is not None else theirs, False
        if what == "person":
            return merge_files.merge_person_texts(base, ours, theirs, path), False
        return merge_files.merge_state_texts(base, ours, theirs, path), False
    raise NewsError(f"{path} has unmerged changes that newscli cannot merge: settle it with git")


def _write(store: Store, path: str, text: str | None) -> None:
    target = store.root / path
    match = ARTICLE_FILE_RE.fullmatch(path.removeprefix("articles/"))
    if match is None:
        _put(target, text)
        return
    with store.lock(match[1]):
        _put(target, text)


def _put(target: Path, text: str | None) -> None:
    """Write (or remove) a merged file; a link there is replaced, never written through."""
    if text is None:
        target.unlink(missing_ok=True)
    else:
        atomic.write_bytes(target, text.encode("utf-8", "surrogateescape"))
