"""Signing a person's votes and comments with their SSH key, and checking the signatures of
everyone who registered keys (``ssh-keygen -Y sign`` and ``-Y verify``, as git's
``gpg.format=ssh`` does).

Nothing from the store is ever an argument of ``ssh-keygen``: the data signed goes in on
standard input, and the signature and the ``allowed_signers`` file are written by newscli
into a private temporary folder, under names of its own; the one principal in that file
is newscli's own word, and each key in it was checked to be a bare ``TYPE BASE64`` line.
Only the signing key's path, which the person configured, is theirs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import shutil
import sqlite3
import struct
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from newscli.discussion.people import (
    PublicKey,
    person_path,
    read_pins,
    registry,
    write_pins,
)
from newscli.disk import atomic
from newscli.disk.datadir import DataDir
from newscli.errors import NewsError
from newscli.model.article import Article
from newscli.model.signed import NAMESPACE, SignedEntry, entries

PRINCIPAL = "newscli-signer"
TIMEOUT = 60.0
CHECKERS = 4  # ssh-keygen processes at once
MISSING, WRONG, OTHER_KEY = (
    "no signature",
    "the signature does not match what it signs",
    "signed with a key that is not theirs",
)


class SigningError(NewsError):
    """A signature could not be made or checked (no ssh-keygen, an unreadable key...)."""


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise SigningError(
            "signatures need ssh-keygen (OpenSSH 8.1 or newer): install OpenSSH's client"
        )
    return found


def _armored(signature: str) -> str:
    lines = [signature[i : i + 70] for i in range(0, len(signature), 70)]
    return "-----BEGIN SSH SIGNATURE-----\n" + "\n".join(lines) + "\n-----END SSH SIGNATURE-----\n"


def _unarmored(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines()]
    if not lines or lines[0] != "-----BEGIN SSH SIGNATURE-----":
        raise SigningError("ssh-keygen gave no signature")
    return "".join(line for line in lines[1:] if not line.startswith("-----"))


class Signer:
    """Signs with one private SSH key (the person's ``signing_key``), at ``key`` as the
    caller found it (settings expands ``~``: the core never reads the environment)."""

    def __init__(self, key: Path) -> None:
        self.key = key.absolute()  # never read as an option: it starts with /

    def sign(self, data: bytes) -> str:
        """The signature of ``data``: the SSHSIG blob in base64, on one line."""
        if not self.key.is_file():
            raise SigningError(f"the signing key {self.key} is not a file")
        try:
            done = subprocess.run(
                [_ssh_keygen(), "-q", "-Y", "sign", "-n", NAMESPACE, "-f", str(self.key)],
                input=data,
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SigningError(f"cannot sign with {self.key}: {exc}") from None
        if done.returncode:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise SigningError(f"cannot sign with {self.key}: {said[-1] if said else 'failed'}")
        return _unarmored(done.stdout.decode("ascii", "replace"))


def signing_key_of(signature: str) -> PublicKey | None:
    """The public key a signature says it was made with (None: not an SSHSIG blob)."""
    try:
        raw = base64.b64decode(signature, validate=True)
        if raw[:6] != b"SSHSIG":
            return None
        (length,) = struct.unpack(">I", raw[10:14])
        blob = raw[14 : 14 + length]
        (kind_length,) = struct.unpack(">I", blob[:4])
        kind = blob[4 : 4 + kind_length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError, ValueError):
        return None
    return PublicKey(kind, base64.b64encode(blob).decode("ascii"))


def _verified(signature: str, data: bytes, keys: Sequence[PublicKey], folder: Path) -> bool:
    """Whether ``signature`` is a signature of ``data`` by one of ``keys`` (run in its own
    file names inside ``folder``)."""
    stem = folder / os.urandom(6).hex()
    allowed, armored = stem.with_suffix(".allowed"), stem.with_suffix(".sig")
    lines = "".join(f'{PRINCIPAL} namespaces="{NAMESPACE}" {key}\n' for key in keys)
    atomic.write_bytes(allowed, lines.encode("ascii"))
    atomic.write_bytes(armored, _armored(signature).encode("ascii"))
    command = [_ssh_keygen(), "-Y", "verify", "-n", NAMESPACE, "-I", PRINCIPAL]
    command += ["-f", str(allowed), "-s", str(armored)]
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SigningError(f"cannot check a signature: {exc}") from None
    return done.returncode == 0


@dataclass(frozen=True)
class Unverified:
    """An entry that a signature should vouch for and does not: the article, how the page
    names the entry, whose it is, and why."""

    article_id: str
    key: str
    person: str
    reason: str

    def __str__(self) -> str:
        return f"{self.key}: {self.reason}"


@dataclass(frozen=True)
class Trust:
    """The keys this copy trusts for each person, and what it found wrong in ``people/``."""

    keys: dict[str, list[PublicKey]]
    problems: list[str]


def trusted_keys(data: DataDir) -> Trust:
    """The keys to check each person's entries with: those pinned here, plus the keys
    ``people/`` adds for a person that one of their pinned keys signed, plus every key of
    a person seen for the first time (then pinned). See ``discussion.people``."""
    import filelock

    found = registry(data)
    if not found.people and not (data.local / "known-keys.toml").exists():
        return Trust({}, found.problems)
    problems = list(found.problems)
    atomic.make_dirs(data.folder(data.locks))
    with filelock.FileLock(data.locks / "known-keys.lock", mode=atomic.FILE_MODE):
        pins = read_pins(data)
        changed = False
        with tempfile.TemporaryDirectory(prefix="newscli-keys-") as folder:
            for name, person in found.people.items():
                pinned = pins.get(name, [])
                new = [k for k in person.keys if k not in pinned]
                if not new:
                    continue
                if not pinned or (
                    person.signature is not None
                    and _verified(person.signature, person.form(), pinned, Path(folder))
                ):
                    pins[name] = [*pinned, *new]
                    changed = True
                else:
                    where = f"people/{person_path(data, name).name}"
                    problems.append(
                        f"{where}: {len(new)} key(s) added for {name} without the signature of"
                        " a key this copy trusts for them: not trusted"
                    )
        if changed:
            write_pins(data, pins)
    return Trust({name: keys for name, keys in pins.items() if keys}, problems)


def _digest(entry: SignedEntry) -> str:
    """What a good signature is remembered by: the signature and the bytes it signs."""
    return hashlib.sha256(f"{entry.signature}\n".encode() + entry.data).hexdigest()


@contextmanager
def _verified_before(data: DataDir) -> Iterator[sqlite3.Connection]:
    """This copy's memory of the signatures it found good (``local/signatures.sqlite3``):
    ssh-keygen takes some 20 ms a signature, so each is checked once. A signature stays
    good while its key stays trusted, and keys pinned here are never unpinned."""
    folder = data.folder(data.local)
    atomic.make_dirs(folder)
    path = folder / "signatures.sqlite3"
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, atomic.FILE_MODE))
    con = sqlite3.connect(path, timeout=TIMEOUT, isolation_level=None)
    try:
        con.execute("CREATE TABLE IF NOT EXISTS good (digest TEXT PRIMARY KEY)")
        yield con
    except sqlite3.DatabaseError as exc:
        raise SigningError(f"local/signatures.sqlite3 cannot be used ({exc}): remove it") from None
    finally:
        con.close()


def check_entries(
    data: DataDir, checks: Iterable[tuple[str, SignedEntry]], keys: dict[str, list[PublicKey]]
) -> list[Unverified]:
    """The entries (each with its article's id) under a name with trusted keys whose
    signature is missing, wrong, or made with a key that is not theirs."""
    found: list[Unverified] = []
    to_run: list[tuple[str, SignedEntry]] = []
    for article_id, entry in checks:
        theirs = keys.get(entry.person)
        if not theirs:
            continue
        if entry.signature is None:
            found.append(Unverified(article_id, entry.key, entry.person, MISSING))
        elif signing_key_of(entry.signature) not in theirs:
            found.append(Unverified(article_id, entry.key, entry.person, OTHER_KEY))
        else:
            to_run.append((article_id, entry))
    if to_run:
        with _verified_before(data) as memory:
            known = {row[0] for row in memory.execute("SELECT digest FROM good")}
            to_run = [(a, e) for a, e in to_run if _digest(e) not in known]
            found += _run_checks(to_run, keys, memory)
    return sorted(found, key=lambda u: (u.article_id, u.key))


def _run_checks(
    to_run: list[tuple[str, SignedEntry]],
    keys: dict[str, list[PublicKey]],
    memory: sqlite3.Connection,
) -> list[Unverified]:
    """Check each signature with ssh-keygen, a few at once; remember the good ones."""
    found: list[Unverified] = []
    if not to_run:
        return found
    with tempfile.TemporaryDirectory(prefix="newscli-verify-") as folder:

        def good(item: tuple[str, SignedEntry]) -> bool:
            entry = item[1]
            signature = entry.signature or ""  # never empty: chosen above
            return _verified(signature, entry.data, keys[entry.person], Path(folder))

        with ThreadPoolExecutor(CHECKERS) as pool:
            results = list(pool.map(good, to_run))
    for (article_id, entry), ok in zip(to_run, results, strict=True):
        if ok:
            memory.execute("INSERT OR IGNORE INTO good VALUES (?)", (_digest(entry),))
        else:
            found.append(Unverified(article_id, entry.key, entry.person, WRONG))
    return found


def check_article(data: DataDir, article: Article, trust: Trust | None = None) -> list[Unverified]:
    """The entries of one article that their signatures do not vouch for (``trust``: the
    keys to check with, when already found)."""
    trust = trust or trusted_keys(data)
    if not trust.keys:
        return []
    return check_entries(data, ((article.id, e) for e in entries(article)), trust.keys)


def sign_entry(signer: Signer | None, data: bytes) -> str | None:
    """``data`` signed by ``signer``, or None without one."""
    return signer.sign(data) if signer is not None else None
