"""Running git in the data directory: one command at a time, never through a shell, with
a time limit and no prompts; its failures become one-line NewsErrors."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from newscli.errors import NewsError

TIMEOUT = 120.0  # seconds for one git command that talks to the remote (a slow link)
LOCAL_TIMEOUT = 3600.0  # for one that works only here: `git add` of 100,000 files can
# take minutes on a busy machine, and is bounded by the disk, not by a peer
NETWORK_COMMANDS = frozenset({"fetch", "push", "ls-remote", "clone"})


class GitError(NewsError):
    """git is missing, or one of its commands failed; ``code`` is its exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class StatusLine:
    """One line of ``git status``: ``kind`` is ``1`` (changed), ``u`` (unmerged), ``?``
    (untracked) or ``!`` (ignored); ``xy`` the two status letters (``??``, ``!!``)."""

    kind: str
    xy: str
    path: str


@dataclass
class Status:
    """``git status --branch``: the branch (None when HEAD is detached), its upstream,
    how far ahead and behind it is, whether it has no commit yet, and the entries."""

    branch: str | None = None
    upstream: str | None = None
    ahead: int = 0
    behind: int = 0
    unborn: bool = False
    entries: list[StatusLine] = field(default_factory=list)


class Git:
    """git commands in one work tree; ``env`` is the whole environment they get, and
    ``timeout`` the seconds a command that talks to the remote may take."""

    def __init__(self, root: Path, env: Mapping[str, str], timeout: float = TIMEOUT) -> None:
        self.root = root
        self.env = dict(env)
        self.timeout = timeout
        self.identity: list[str] = []  # ``-c user.name=... -c user.email=...`` for commits

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        index: Path | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run ``git ARGS`` (with ``index`` as git's index file, if given); raises GitError
        (its last line of complaint) when it fails and ``check`` is set."""
        command = ["git", "-C", str(self.root), *self.identity, *args]
        env = self.env if index is None else {**self.env, "GIT_INDEX_FILE": str(index)}
        limit = self.timeout if args[0] in NETWORK_COMMANDS else max(self.timeout, LOCAL_TIMEOUT)
        try:
            done = subprocess.run(
                command,
                input=input,
                capture_output=True,
                env=env,
                timeout=limit,
                check=False,
            )
        except FileNotFoundError:
            raise GitError("git is not installed (or not on the PATH): sync needs it") from None
        except subprocess.TimeoutExpired:
            raise GitError(f"git {args[0]} took more than {limit:.0f} s and was stopped") from None
        if check and done.returncode:
            raise GitError(f"git {args[0]} failed: {complaint(done.stderr)}", done.returncode)
        return done

    def text(self, *args: str) -> str:
        """The output of a git command that must succeed, without the final newline."""
        return self.run(*args).stdout.decode("utf-8", "replace").rstrip("\n")

    def config(self, key: str) -> str | None:
        """A config value, or None when it is not set."""
        done = self.run("config", "--get", key, check=False)
        return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else None

    def status(self, paths: Iterable[str]) -> Status:
        """The branch and the changed, unmerged, untracked and ignored files under
        ``paths`` (ignored ones too: what is shared never depends on ignore rules)."""
        out = self.run(
            "status", "--porcelain=v2", "--branch", "-z", "--no-renames",
            "--untracked-files=all", "--ignored=matching", "--", *paths,
        ).stdout.decode("utf-8", "surrogateescape")  # fmt: skip
        status = Status()
        for line in out.split("\0"):
            if line.startswith("# branch.head "):
                head = line.removeprefix("# branch.head ")
                status.branch = None if head == "(detached)" else head
            elif line.startswith("# branch.oid "):
                status.unborn = line.endswith("(initial)")
            elif line.startswith("# branch.upstream "):
                status.upstream = line.removeprefix("# branch.upstream ")
            elif line.startswith("# branch.ab "):
                ahead, behind = line.removeprefix("# branch.ab ").split()
                status.ahead, status.behind = int(ahead), -int(behind)
            elif line[:2] in ("1 ", "u "):
                parts = line.split(" ", 10 if line[0] == "u" else 8)
                status.entries.append(StatusLine(line[0], parts[1], parts[-1]))
            elif line.startswith(("? ", "! ")):
                status.entries.append(StatusLine(line[0], line[0] * 2, line[2:]))
        return status

    def blobs(self, names: list[str]) -> list[bytes | None]:
        """The contents of ``names`` (``REV:PATH`` or object ids), None for a missing one;
        all read by one ``git cat-file``."""
        if not names:
            return []
        request = "".join(f"{name}\n" for name in names).encode("utf-8", "surrogateescape")
        out = self.run("cat-file", "--batch", input=request).stdout
        result: list[bytes | None] = []
        at = 0
        for _ in names:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if header[-1] == b"missing":
                result.append(None)
                continue
            size = int(header[2])
            result.append(out[at : at + size])
            at += size + 1
        return result


def complaint(stderr: bytes) -> str:
    """git's own words for what went wrong: its first ``fatal:`` line, else its first
    ``error:`` line, else its last line."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    for prefix in ("fatal: ", "error: "):
        found = [line.removeprefix(prefix) for line in lines if line.startswith(prefix)]
        if found:
            return found[0].rstrip(".")
    said = [line for line in lines if line and not line.startswith("hint:")]
    return said[-1].rstrip(".") if said else "no reason given"
