"""Sharing a data directory through git: ``sync init`` makes it a repository (or adopts
one), ``sync`` commits local changes, fetches, merges and pushes.

git merges the files itself where only one side changed them. Files changed on both sides
are merged by newscli, field by field (``merging``): in ``sync`` in this process, all at
once (git is told to leave them unmerged, which is quick), and in a plain ``git pull``
by the merge driver that ``sync`` keeps configured (``merge.newscli.driver``). Nothing is
ever merged with conflict markers.

A sync holds the store alone (``Store.hold``) while it commits and merges: newscli's
writers wait for it, and refuse to write while a merge is left unfinished. Every step can
be interrupted: a later ``sync`` finishes a merge left half done (its unmerged files are
merged again from git's copies) before anything else, and commits what was not committed.

What the other side brings is screened first (``peers``): only article and state files
that can be read travel, never a link, and ``.gitignore`` and ``.gitattributes`` are
newscli's own; what is set aside is named in a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newscli.disk import atomic
from newscli.errors import NewsError
from newscli.sharing import arrived, commits, peers, repository
from newscli.sharing.arrived import RemovedInMerge, Unsettled
from newscli.sharing.commits import SHARED
from newscli.sharing.git import Git, GitError, complaint
from newscli.sharing.repository import REMOTE
from newscli.store.store import Store

if TYPE_CHECKING:
    from newscli.discussion.signing import Unverified

Tell = Callable[[str], None]
"""Told what a sync is doing, a line at a time."""


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
    commit), how many article files the merge brought (changed, added or removed), the
    articles it brought or merged that hold open conflicts, whether it pushed, what it
    did not take or keep (a line each), the articles it removed (kept in the trash), and
    the entries it brought that no signature vouches for."""

    committed: str | None = None
    received: int = 0
    conflicts: list[Unsettled] = field(default_factory=list)
    pushed: bool = False
    remote: str | None = None
    warnings: list[str] = field(default_factory=list)
    trashed: list[RemovedInMerge] = field(default_factory=list)
    unverified: list[Unverified] = field(default_factory=list)


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


def _git(store: Store, options: Options) -> Git:
    return Git(store.root, options.env)


def init(
    store: Store, remote: str | None, options: Options, progress: Tell | None = None
) -> Synced:
    """Make the data directory a git repository of its own (or adopt the one it is), set
    up the merge driver and commit; with ``remote``, merge its history in, or push to it
    when it is empty."""
    say = progress or (lambda _: None)
    atomic.make_dirs(store.root)
    git = _git(store, options)
    repository.make(git, store.root, say)
    if remote is not None:
        repository.set_remote(git, remote)
    return _sync(store, git, options, True, say, first=True)


def sync(store: Store, options: Options, push: bool = True, progress: Tell | None = None) -> Synced:
    """Commit local changes, fetch, merge and (unless ``push`` is False) push."""
    if not repository.git_dir(store.root).exists():
        raise repository.not_shared(store.root)
    return _sync(store, _git(store, options), options, push, progress or (lambda _: None))


def state(store: Store, options: Options) -> SyncState:
    """Where the store stands against the remote, as of the last fetch; nothing changes."""
    if not repository.git_dir(store.root).exists():
        raise repository.not_shared(store.root)
    git = _git(store, options)
    status = git.status(SHARED)
    target = _remote_branch(git, status.branch) if status.branch else "HEAD"
    ahead, behind = _counts(git, f"{REMOTE}/{target}") or (status.ahead, status.behind)
    return SyncState(
        branch=status.branch or "(detached HEAD)",
        remote=git.config(f"remote.{REMOTE}.url"),
        ahead=ahead,
        behind=behind,
        uncommitted=commits.shared_entries(status),
        merging=store.data.merge_head.exists(),
    )


def _sync(
    store: Store, git: Git, options: Options, push: bool, say: Tell, first: bool = False
) -> Synced:
    with _one_sync(store):
        repository.clear_stale_lock(store.root)
        repository.check_state(store.root)
        repository.set_up(git, store.root, options.driver)
        branch = git.status(SHARED).branch
        if branch is None:
            raise NewsError(
                f"HEAD is detached in {store.root}: check out a branch"
                f" (git -C {store.root} switch BRANCH), then sync again"
            )
        git.identity = repository.identity(git, options.user)
        if options.user:  # newscli's name for the person, whatever git's environment says
            git.env["GIT_AUTHOR_NAME"] = options.user
        url = git.config(f"remote.{REMOTE}.url")
        done = Done()
        with _holding(store, say):
            message = _settle_here(store, git, done, first, say)
        if url is None:
            return _synced(store, done, message, False, None)
        target = _remote_branch(git, branch)
        _fetch(git, say)
        with _holding(store, say):
            # What was written while fetching is committed first: git merges only over
            # committed files.
            message = commits.commit_local(store, git, git.status(SHARED), first) or message
            _merge(store, git, target, say, done)
        pushed = push and _push(store, git, target, say, done)
        if done.received or done.brought:
            store.index.sync()  # it would notice by itself; this spares the next command
        return _synced(store, done, message, pushed, url)


@dataclass
class Done:
    """What the merges of one sync did so far: how many article files they changed, the
    articles they brought or merged (ids), what was not taken, what went to the trash."""

    received: int = 0
    brought: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    trashed: list[RemovedInMerge] = field(default_factory=list)


def _synced(store: Store, done: Done, message: str | None, pushed: bool, url: str | None) -> Synced:
    """What the sync did, the articles it brought looked at (``arrived.look_at``)."""
    looked = arrived.look_at(store, done.brought)
    return Synced(
        message,
        done.received,
        looked.unsettled,
        pushed,
        url,
        done.warnings,
        done.trashed,
        looked.unverified,
    )


@contextmanager
def _holding(store: Store, say: Tell) -> Iterator[None]:
    """The store held alone: newscli's writers wait until this ends."""
    earlier, store.hold.waiting = store.hold.waiting, say
    try:
        with store.hold.exclusive():
            yield
    finally:
        store.hold.waiting = earlier


def _settle_here(store: Store, git: Git, done: Done, first: bool, say: Tell) -> str | None:
    """Finish a merge left unfinished, write newscli's own git files and commit what
    changed here; returns the commit's message (None: nothing to commit)."""
    status = git.status(SHARED)
    if store.data.merge_head.exists():
        say("Finishing the merge an earlier sync or git left unfinished")
        done.brought += commits.finish_merge(store, git, status)
        status = git.status(SHARED)
    elif any(e.kind == "u" for e in status.entries):
        raise NewsError(
            f"{store.root} has unmerged files but no merge in progress: settle them with"
            " git (git status says how), then sync again"
        )
    commits.own_files(store, done.warnings)
    message = commits.commit_local(store, git, git.status(SHARED), first)
    if message:
        say(f"Committed: {message}")
    return message


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


def _counts(git: Git, upstream: str) -> tuple[int, int] | None:
    """Commits here and not there, and there and not here; None when there is no such
    branch (an empty remote)."""
    found = git.run("rev-list", "--left-right", "--count", f"HEAD...{upstream}", check=False)
    if found.returncode:
        return None
    ahead, behind = found.stdout.split()
    return int(ahead), int(behind)


def _push(store: Store, git: Git, target: str, say: Tell, done: Done) -> bool:
    """Push; a push that lost a race is merged (holding the store) and tried once more.
    Returns whether it pushed (False: nothing here that is not there)."""
    for attempt in (1, 2):
        counts = _counts(git, f"{REMOTE}/{target}")
        if counts is not None and not counts[0]:
            return False
        refused = peers.unsendable(git, f"{REMOTE}/{target}" if counts is not None else None)
        if refused:
            raise NewsError(
                f"{refused[0]}: not pushed (committed here, not by newscli?); fix it"
                " ('newscli check' says more) and sync again"
            )
        say(f"Pushing to {REMOTE}/{target}")
        pushed = git.run("push", "-q", REMOTE, f"HEAD:refs/heads/{target}", check=False)
        if pushed.returncode == 0:
            git.run("branch", "-q", f"--set-upstream-to={REMOTE}/{target}", check=False)
            return True
        raced = "rejected" in pushed.stderr.decode("utf-8", "replace")
        if not raced or attempt == 2:
            raise GitError(
                f"cannot push to {REMOTE}: {complaint(pushed.stderr)}; your changes are"
                " committed here, sync again later"
            )
        say("The remote moved on meanwhile: merging again")
        _fetch(git, say)
        with _holding(store, say):
            commits.commit_local(store, git, git.status(SHARED), False)
            _merge(store, git, target, say, done)
    return False  # pragma: no cover - the loop returns or raises


def _remote_branch(git: Git, branch: str) -> str:
    """The remote's branch this one syncs with: its upstream, else the same name."""
    merge = git.config(f"branch.{branch}.merge")
    return merge.removeprefix("refs/heads/") if merge else branch


def _fetch(git: Git, say: Tell) -> None:
    say(f"Fetching from {REMOTE}")
    done = git.run("fetch", "-q", "--no-tags", REMOTE, check=False)
    if done.returncode:
        raise GitError(
            f"cannot fetch from {REMOTE}: {complaint(done.stderr)}; your changes are committed"
            " here, sync again later"
        )


def _merge(store: Store, git: Git, target: str, say: Tell, done: Done) -> None:
    """Merge what was fetched, screened first: only what this store takes of it."""
    theirs = f"{REMOTE}/{target}"
    counts = _counts(git, theirs)
    if counts is None or not counts[1]:
        return  # an empty remote, or nothing new there
    screened = peers.screen(git, store.data, git.text("rev-parse", theirs))
    done.warnings += screened.warnings
    before = git.text("rev-parse", "HEAD")
    say(f"Merging {theirs}")
    # Only exact renames: two articles are never one file moved (git 2.39's ort still
    # paired a deleted article with a new one under no-renames). Histories without a
    # common ancestor are joined: the merge is a union, and the first sync of a copy
    # that joins a store meets one.
    merged = git.run(
        "-c", "merge.newscli.driver=false", "-c", "merge.renames=false",
        "-c", "submodule.recurse=false",
        "merge", "-q", "--no-edit", "--no-verify", "-X", "find-renames=100%",
        "--allow-unrelated-histories", "-m", f"sync: merge {theirs}", screened.commit,
        check=False,
    )  # fmt: skip
    if merged.returncode:
        status = git.status(SHARED)
        if not any(e.kind == "u" for e in status.entries):
            raise GitError(f"cannot merge {theirs}: {complaint(merged.stderr)}")
        commits.finish_merge(store, git, status)
    changed, removed = arrived.changed_articles(git, before)
    done.received += len(changed) + len(removed)
    done.brought += changed
    done.trashed += arrived.keep_removed(store, git, before, removed)
