"""Sharing a data directory through git: ``sync init`` makes it a repository (or adopts
one), ``sync`` commits local changes, fetches, merges and pushes.

git merges the files itself where only one side changed them. Files changed on both sides
are merged by newscli, field by field (``merging``): in ``sync`` in this process, all at
once (git is told to leave them unmerged, which is quick), and in a plain ``git pull``
by the merge driver that ``sync`` keeps configured (``merge.newscli.driver``). Nothing is
ever merged with conflict markers.

Every step can be interrupted: a later ``sync`` finishes a merge left half done (its
unmerged files are merged again from git's copies), and commits what was not committed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from newscli.disk import atomic
from newscli.disk.datadir import ARTICLE_FILE_RE, ARTICLES, PEOPLE, STATE, UNSHARED
from newscli.errors import CorruptArticle, InvalidInput, NewsError
from newscli.model import codec
from newscli.model.article import Article
from newscli.sharing import changes
from newscli.sharing.git import Git, GitError, Status, complaint
from newscli.store.store import Store

Tell = Callable[[str], None]
"""Told what a sync is doing, a line at a time."""
REMOTE = "origin"
SHARED = (ARTICLES, STATE, PEOPLE, ".gitignore", ".gitattributes")  # what is committed
IGNORED = (
    "# newscli: what stays on this machine",
    *(f"{folder}/" for folder in UNSHARED),
    ".*.tmp-*",
)
ATTRIBUTES = ("*.toml merge=newscli",)
STALE_GIT_LOCK = 60.0  # seconds: an index.lock this old was left by a git that was killed
FALLBACK_EMAIL = "newscli@localhost"
WRITERS = 8  # merged files written at once


@dataclass(frozen=True)
class Options:
    """How to run: ``driver`` is the merge command git runs (``%O %A %B %P`` are added),
    ``env`` git's whole environment, ``user`` the person's name (None: git's user.name)."""

    driver: str
    env: Mapping[str, str]
    user: str | None = None


@dataclass(frozen=True)
class Synced:
    """What a sync did: the message of its commit of local changes (None: nothing to
    commit), how many article files the merge brought, the articles where it noted
    conflicts, and whether it pushed."""

    committed: str | None = None
    received: int = 0
    conflicts: list[str] = field(default_factory=list)
    pushed: bool = False
    remote: str | None = None


@dataclass(frozen=True)
class SyncState:
    """Where the store stands, as of the last fetch: branch, remote, commits ahead and
    behind, the shared files changed here since the last commit, and an unfinished merge."""

    branch: str
    remote: str | None
    ahead: int
    behind: int
    uncommitted: list[str]
    merging: bool


def _not_shared(root: Path) -> NewsError:
    return NewsError(f"{root} is not shared yet: run 'newscli sync init [REMOTE]' first")


def _git(store: Store, options: Options) -> Git:
    return Git(store.root, options.env)


def _git_dir(root: Path) -> Path:
    return root / ".git"


def init(
    store: Store, remote: str | None, options: Options, progress: Tell | None = None
) -> Synced:
    """Make the data directory a git repository of its own (or adopt the one it is), set
    up the merge driver and commit; with ``remote``, merge its history in, or push to it
    when it is empty."""
    say = progress or (lambda _: None)
    atomic.make_dirs(store.root)
    git = _git(store, options)
    top = git.run("rev-parse", "--show-toplevel", check=False)
    if top.returncode:
        say(f"Making {store.root} a git repository")
        git.run("init", "-q")  # the branch named as the person's git names new ones
    else:
        where = Path(os.fsdecode(top.stdout.strip()))
        if where.resolve() != store.root.resolve():
            raise NewsError(
                f"{store.root} is inside the git repository {where}: sharing needs a repository"
                " of its own (move the data directory out, or give another --data-dir)"
            )
        _refuse_foreign(git, store.root)
    if remote is not None:
        _set_remote(git, remote)
    return _sync(store, git, options, True, say, first=True)


def _set_remote(git: Git, remote: str) -> None:
    """Make ``remote`` the one to sync with, and this branch follow the remote's branch
    (its default branch, when it has none of this branch's name)."""
    if git.config(f"remote.{REMOTE}.url") is None:
        git.run("remote", "add", REMOTE, remote)
    else:
        git.run("remote", "set-url", REMOTE, remote)
    branch = git.text("symbolic-ref", "--short", "HEAD")
    found = git.run("ls-remote", "--symref", REMOTE, "HEAD", f"refs/heads/{branch}", check=False)
    if found.returncode:
        raise GitError(f"cannot reach {remote}: {complaint(found.stderr)}")
    target = branch
    lines = found.stdout.decode("utf-8", "replace").splitlines()
    if not any(line.endswith(f"\trefs/heads/{branch}") for line in lines):
        for line in lines:
            if line.startswith("ref: refs/heads/"):
                target = line.split()[1].removeprefix("refs/heads/")
    git.run("config", f"branch.{branch}.remote", REMOTE)
    git.run("config", f"branch.{branch}.merge", f"refs/heads/{target}")


def _refuse_foreign(git: Git, root: Path) -> None:
    """A repository that tracks anything but a data directory's files is not ours."""
    tracked = git.run("ls-files", "-z").stdout.decode("utf-8", "replace").split("\0")
    foreign = [p for p in tracked if p and p.split("/", 1)[0] not in SHARED]
    if foreign:
        raise NewsError(
            f"{root} is a git repository of something else (it tracks {foreign[0]}):"
            " newscli shares only a data directory of its own"
        )


def sync(store: Store, options: Options, push: bool = True, progress: Tell | None = None) -> Synced:
    """Commit local changes, fetch, merge and (unless ``push`` is False) push."""
    if not _git_dir(store.root).exists():
        raise _not_shared(store.root)
    return _sync(store, _git(store, options), options, push, progress or (lambda _: None))


def state(store: Store, options: Options) -> SyncState:
    """Where the store stands against the remote, as of the last fetch; nothing changes."""
    if not _git_dir(store.root).exists():
        raise _not_shared(store.root)
    git = _git(store, options)
    status = git.status(SHARED)
    target = _remote_branch(git, status.branch) if status.branch else "HEAD"
    ahead, behind = _counts(git, f"{REMOTE}/{target}") or (status.ahead, status.behind)
    return SyncState(
        branch=status.branch or "(detached HEAD)",
        remote=git.config(f"remote.{REMOTE}.url"),
        ahead=ahead,
        behind=behind,
        uncommitted=sorted(e.path for e in status.entries),
        merging=(_git_dir(store.root) / "MERGE_HEAD").exists(),
    )


def _sync(
    store: Store, git: Git, options: Options, push: bool, say: Tell, first: bool = False
) -> Synced:
    with _one_sync(store):
        _clear_stale_lock(store.root)
        _check_state(store.root)
        _set_up(git, store.root, options.driver)
        status = git.status(SHARED)
        branch = status.branch
        if branch is None:
            raise NewsError(
                f"HEAD is detached in {store.root}: check out a branch"
                f" (git -C {store.root} switch BRANCH), then sync again"
            )
        git.identity = _identity(git, options.user)
        conflicts: list[str] = []
        if (_git_dir(store.root) / "MERGE_HEAD").exists():
            say("Finishing the merge an earlier sync or git left unfinished")
            conflicts += _finish_merge(store, git, status)
            status = git.status(SHARED)
        elif any(e.kind == "u" for e in status.entries):
            raise NewsError(
                f"{store.root} has unmerged files but no merge in progress: settle them with"
                " git (git status says how), then sync again"
            )
        message = _commit_local(store, git, status, first)
        if message:
            say(f"Committed: {message}")
        url = git.config(f"remote.{REMOTE}.url")
        if url is None:
            return Synced(message, 0, conflicts)
        received, more, pushed = _exchange(store, git, branch, push, say, first)
        if received or conflicts:
            store.index.sync()  # it would notice by itself; this spares the next command
        return Synced(message, received, conflicts + more, pushed, url)


@contextmanager
def _one_sync(store: Store) -> Iterator[None]:
    import filelock

    atomic.make_dirs(store.data.locks)
    guard = filelock.FileLock(store.data.locks / "sync.lock", timeout=0, mode=atomic.FILE_MODE)
    try:
        guard.acquire()
    except filelock.Timeout:
        raise NewsError(f"another newscli sync is running in {store.root}") from None
    try:
        yield
    finally:
        guard.release()


def _clear_stale_lock(root: Path) -> None:
    """Remove git's index lock when a killed git left it (old, and no sync running)."""
    lock = _git_dir(root) / "index.lock"
    try:
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        return
    if age < STALE_GIT_LOCK:
        raise NewsError(
            f"git is busy in {root} ({lock} exists): if no git is running, remove it and sync again"
        )
    lock.unlink(missing_ok=True)


def _check_state(root: Path) -> None:
    """Refuse what only the person can finish: a rebase, a cherry-pick, a revert, a bisect."""
    git_dir = _git_dir(root)
    for name, what, how in (
        ("rebase-merge", "a rebase", "git rebase --continue, or --abort"),
        ("rebase-apply", "a rebase", "git rebase --continue, or --abort"),
        ("CHERRY_PICK_HEAD", "a cherry-pick", "git cherry-pick --continue, or --abort"),
        ("REVERT_HEAD", "a revert", "git revert --continue, or --abort"),
        ("BISECT_LOG", "a bisect", "git bisect reset"),
    ):
        if (git_dir / name).exists():
            raise NewsError(f"{what} is in progress in {root}: finish it ({how}), then sync again")


def _set_up(git: Git, root: Path, driver: str) -> None:
    """Write the lines newscli needs into .gitignore and .gitattributes, and set the merge
    driver in .git/config (which no clone copies), each only when it is missing."""
    for name, lines in ((".gitignore", IGNORED), (".gitattributes", ATTRIBUTES)):
        path = root / name
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            text = ""
        missing = [line for line in lines if line not in text.splitlines()]
        if missing:
            joined = text + ("\n" if text and not text.endswith("\n") else "")
            atomic.write_bytes(path, (joined + "\n".join(missing) + "\n").encode("utf-8"))
    command = f"{driver} %O %A %B %P"
    if git.config("merge.newscli.driver") != command:
        git.run("config", "merge.newscli.name", "newscli: merge articles field by field")
        git.run("config", "merge.newscli.driver", command)
    # A plain `git pull` too pairs only identical files as renames (see _fetch_and_merge).
    branch = git.run("symbolic-ref", "--short", "-q", "HEAD", check=False).stdout.strip()
    key = f"branch.{branch.decode('utf-8', 'replace')}.mergeOptions"
    if branch and git.config(key) is None:
        git.run("config", key, "-X find-renames=100%")


def _identity(git: Git, user: str | None) -> list[str]:
    """``-c`` options giving commits the person's name, and an address when git has none."""
    found = git.run("config", "--get-regexp", r"^user\.(name|email)$", check=False)
    known = dict(
        line.split(" ", 1) for line in found.stdout.decode("utf-8", "replace").splitlines()
    )
    name = user or known.get("user.name") or "newscli"
    email = known.get("user.email") or FALLBACK_EMAIL
    return ["-c", f"user.name={name}", "-c", f"user.email={email}"]


def _commit_local(store: Store, git: Git, status: Status, first: bool) -> str | None:
    """Commit the shared files changed here, with a message that says what changed."""
    entries = [e for e in status.entries if e.kind != "u"]
    if not entries:
        return None
    articles = {
        e.path: e for e in entries if ARTICLE_FILE_RE.fullmatch(e.path.removeprefix("articles/"))
    }
    now = {path: _read_here(store.root, path) for path in articles}
    old = dict(zip(articles, git.blobs([f"HEAD:{p}" for p in articles]), strict=True))
    if status.unborn:
        old = dict.fromkeys(articles)
    described: list[str] = []
    added, removed = 0, []
    for path in sorted(articles):
        before, after = _article(old[path], path, False), _article(now[path], path, True)
        if before is None and after is not None:
            added += 1
        elif after is None and before is not None:
            removed.append(before.id)
        else:
            described += changes.describe(before, after)
    people = sum(1 for e in entries if e.path.startswith(("state/", "people/")))
    told = changes.message(described, added, removed, people)
    if first:
        message = f"share this store: {told}" if told else "share this store"
    else:
        message = told or "update newscli's git settings"
    _add(git, [e.path for e in entries])
    git.run("commit", "-q", "--no-verify", "-m", message)
    return message


def _add(git: Git, paths: list[str]) -> None:
    """Stage these files as they are here (a removed one as removed)."""
    if paths:
        listed = "".join(f"{p}\0" for p in paths).encode("utf-8", "surrogateescape")
        git.run("add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul", input=listed)


def _read_here(root: Path, path: str) -> bytes | None:
    try:
        return (root / path).read_bytes()
    except FileNotFoundError:
        return None


def _article(data: bytes | None, path: str, here: bool) -> Article | None:
    """An article's version; one here that cannot be read stops the commit."""
    if data is None:
        return None
    try:
        return codec.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, InvalidInput, OverflowError, ValueError) as exc:
        if not here:
            return None  # a broken earlier version: described as a new one
        raise NewsError(
            f"{path} cannot be read ({exc}): fix it ('newscli check' says more), then sync"
            " again; nothing was committed"
        ) from None


def _counts(git: Git, upstream: str) -> tuple[int, int] | None:
    """Commits here and not there, and there and not here; None when there is no such
    branch (an empty remote)."""
    found = git.run("rev-list", "--left-right", "--count", f"HEAD...{upstream}", check=False)
    if found.returncode:
        return None
    ahead, behind = found.stdout.split()
    return int(ahead), int(behind)


def _exchange(
    store: Store, git: Git, branch: str, push: bool, say: Tell, first: bool
) -> tuple[int, list[str], bool]:
    """Fetch, merge and push (a push that lost a race is tried once more)."""
    target = _remote_branch(git, branch)
    received, conflicts = _fetch_and_merge(store, git, target, say, first)
    if not push:
        return received, conflicts, False
    for attempt in (1, 2):
        counts = _counts(git, f"{REMOTE}/{target}")
        if counts is not None and not counts[0]:
            return received, conflicts, False  # nothing here that is not there
        say(f"Pushing to {REMOTE}/{target}")
        done = git.run("push", "-q", REMOTE, f"HEAD:refs/heads/{target}", check=False)
        if done.returncode == 0:
            git.run("branch", "-q", f"--set-upstream-to={REMOTE}/{target}", check=False)
            return received, conflicts, True
        reason = complaint(done.stderr)
        raced = "rejected" in done.stderr.decode("utf-8", "replace")
        if not raced or attempt == 2:
            raise GitError(
                f"cannot push to {REMOTE}: {reason}; your changes are committed here,"
                " sync again later"
            )
        say("The remote moved on meanwhile: merging again")
        more, noted = _fetch_and_merge(store, git, target, say, False)
        received, conflicts = received + more, conflicts + noted
    return received, conflicts, False  # pragma: no cover - the loop returns or raises


def _remote_branch(git: Git, branch: str) -> str:
    """The remote's branch this one syncs with: its upstream, else the same name."""
    merge = git.config(f"branch.{branch}.merge")
    return merge.removeprefix("refs/heads/") if merge else branch


def _fetch_and_merge(
    store: Store, git: Git, target: str, say: Tell, first: bool
) -> tuple[int, list[str]]:
    say(f"Fetching from {REMOTE}")
    done = git.run("fetch", "-q", "--no-tags", REMOTE, check=False)
    if done.returncode:
        raise GitError(
            f"cannot fetch from {REMOTE}: {complaint(done.stderr)}; your changes are committed"
            " here, sync again later"
        )
    theirs = f"{REMOTE}/{target}"
    counts = _counts(git, theirs)
    if counts is None or not counts[1]:
        return 0, []  # an empty remote, or nothing new there
    before = git.text("rev-parse", "HEAD")
    say(f"Merging {theirs}")
    unrelated = ["--allow-unrelated-histories"] if first else []
    # Only exact renames: two articles are never one file moved (git 2.39's ort still
    # paired a deleted article with a new one under no-renames).
    done = git.run(
        "-c", "merge.newscli.driver=false", "-c", "merge.renames=false",
        "merge", "-q", "--no-edit", "--no-verify", "-X", "find-renames=100%", *unrelated,
        "-m", f"sync: merge {theirs}", theirs, check=False,
    )  # fmt: skip
    conflicts: list[str] = []
    if done.returncode:
        status = git.status(SHARED)
        if not any(e.kind == "u" for e in status.entries):
            raise GitError(f"cannot merge {theirs}: {complaint(done.stderr)}")
        conflicts = _finish_merge(store, git, status)
    changed = git.run("diff", "--name-only", "-z", before, "HEAD", "--", "articles").stdout
    return len([p for p in changed.split(b"\0") if p]), conflicts


def _finish_merge(store: Store, git: Git, status: Status) -> list[str]:
    """Merge each unmerged file from git's three copies, then commit the merge; a file
    that cannot be merged undoes the whole merge (nothing local is lost)."""
    unmerged = sorted(e.path for e in status.entries if e.kind == "u")
    names = [f":{stage}:{path}" for path in unmerged for stage in (1, 2, 3)]
    copies = git.blobs(names)
    conflicts = []
    try:
        results = {}
        for number, path in enumerate(unmerged):
            texts = [_text(c, path) for c in copies[3 * number : 3 * number + 3]]
            results[path], noted = _merge_one(path, *texts)
            if noted:
                conflicts.append(path.removeprefix("articles/").removesuffix(".toml"))
    except NewsError as exc:
        git.run("merge", "--abort", check=False)
        raise NewsError(f"{exc}; the merge was undone and nothing here was lost") from None
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(WRITERS) as writers:  # each write waits on its fsync, not the CPU
        list(writers.map(lambda item: _write(store, *item), results.items()))
    _add(git, [e.path for e in git.status(SHARED).entries])
    git.run("commit", "-q", "--no-edit", "--no-verify")
    return conflicts


def _text(data: bytes | None, path: str) -> str | None:
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptArticle(f"{path}: not valid UTF-8 (byte {exc.start})") from None


def _merge_one(
    path: str, base: str | None, ours: str | None, theirs: str | None
) -> tuple[str | None, bool]:
    from newscli.sharing import merge as merging

    if path.startswith("articles/") and ARTICLE_FILE_RE.fullmatch(path.removeprefix("articles/")):
        merged = merging.merge_texts(base, ours, theirs, path)
        return merged.text, bool(merged.conflicts)
    if path.startswith("state/") and path.endswith(".toml"):
        if ours is None or theirs is None:
            return ours if ours is not None else theirs, False
        return merging.merge_state_texts(base, ours, theirs, path), False
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
    if text is None:
        target.unlink(missing_ok=True)
    else:
        atomic.write_bytes(target, text.encode("utf-8"))
