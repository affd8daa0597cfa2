"""The data directory as a git repository of its own: made or adopted (never one that
tracks anything else), its remote, what git is told to do with the shared files (set in
``.git``, where no peer can change it), the person's name on commits, and the states of
git that only the person can finish."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from newscli.disk import atomic
from newscli.errors import NewsError
from newscli.sharing import peers
from newscli.sharing.commits import SHARED
from newscli.sharing.git import Git, GitError, complaint

REMOTE = "origin"
STALE_GIT_LOCK = 60.0  # seconds: an index.lock this old was left by a git that was killed
FALLBACK_EMAIL = "newscli@localhost"


def make(git: Git, root: Path, say: Callable[[str], None]) -> None:
    """Make ``root`` a git repository, or adopt the one it is (if it is its own and
    tracks only a data directory's files)."""
    top = git.run("rev-parse", "--show-toplevel", check=False)
    if top.returncode:
        say(f"Making {root} a git repository")
        git.run("init", "-q")  # the branch named as the person's git names new ones
        return
    where = Path(os.fsdecode(top.stdout.strip()))
    if where.resolve() != root.resolve():
        raise NewsError(
            f"{root} is inside the git repository {where}: sharing needs a repository"
            " of its own (move the data directory out, or give another --data-dir)"
        )
    _refuse_foreign(git, root)


def not_shared(root: Path) -> NewsError:
    return NewsError(f"{root} is not shared yet: run 'newscli sync init [REMOTE]' first")


def git_dir(root: Path) -> Path:
    return root / ".git"


def set_remote(git: Git, remote: str) -> None:
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


def clear_stale_lock(root: Path) -> None:
    """Remove git's index lock when a killed git left it (old, and no sync running)."""
    lock = git_dir(root) / "index.lock"
    try:
        age = time.time() - lock.stat().st_mtime
    except FileNotFoundError:
        return
    if age < STALE_GIT_LOCK:
        raise NewsError(
            f"git is busy in {root} ({lock} exists): if no git is running, remove it and sync again"
        )
    lock.unlink(missing_ok=True)


def check_state(root: Path) -> None:
    """Refuse what only the person can finish: a rebase, a cherry-pick, a revert, a bisect."""
    found = git_dir(root)
    for name, what, how in (
        ("rebase-merge", "a rebase", "git rebase --continue, or --abort"),
        ("rebase-apply", "a rebase", "git rebase --continue, or --abort"),
        ("CHERRY_PICK_HEAD", "a cherry-pick", "git cherry-pick --continue, or --abort"),
        ("REVERT_HEAD", "a revert", "git revert --continue, or --abort"),
        ("BISECT_LOG", "a bisect", "git bisect reset"),
    ):
        if (found / name).exists():
            raise NewsError(f"{what} is in progress in {root}: finish it ({how}), then sync again")


def set_up(git: Git, root: Path, driver: str) -> None:
    """Set what git does with the shared files, in ``.git`` (which no clone copies and no
    peer can change): the merge driver, the attributes that outrank any
    ``.gitattributes``, and no symbolic links checked out as links."""
    command = f"{driver} %O %A %B %P"
    if git.config("merge.newscli.driver") != command:
        git.run("config", "merge.newscli.name", "newscli: merge articles field by field")
        git.run("config", "merge.newscli.driver", command)
    if git.config("core.symlinks") != "false":
        git.run("config", "core.symlinks", "false")
    info = Path(git.text("rev-parse", "--git-path", "info/attributes"))
    info = info if info.is_absolute() else root / info
    try:
        pinned = info.read_text("utf-8") == peers.PINNED
    except (OSError, UnicodeDecodeError):
        pinned = False
    if not pinned:
        atomic.write_bytes(info, peers.PINNED.encode("utf-8"))
    # A plain `git pull` too pairs only identical files as renames (see sync._merge).
    branch = git.run("symbolic-ref", "--short", "-q", "HEAD", check=False).stdout.strip()
    key = f"branch.{branch.decode('utf-8', 'replace')}.mergeOptions"
    if branch and git.config(key) is None:
        git.run("config", key, "-X find-renames=100%")


def identity(git: Git, user: str | None) -> list[str]:
    """``-c`` options giving commits the person's name, and an address when git has none."""
    found = git.run("config", "--get-regexp", r"^user\.(name|email)$", check=False)
    known = dict(
        line.split(" ", 1) for line in found.stdout.decode("utf-8", "replace").splitlines()
    )
    name = user or known.get("user.name") or "newscli"
    email = known.get("user.email") or FALLBACK_EMAIL
    return ["-c", f"user.name={name}", "-c", f"user.email={email}"]
