"""Who is who in a shared store: ``people/<name>.toml`` holds a person's display name and
SSH public keys, and each copy pins the keys it trusts for each person.

The shared file says which keys a person signs with, but any peer can push a change to
it. So a copy trusts a person's keys the way ssh trusts a host's: the keys it first sees
for a person are pinned in ``<data>/local/known-keys.toml`` (never shared); a key added
later is trusted only when the new file is signed by a key already pinned for that
person (``newscli people add`` signs it with the person's signing key); and a key that
leaves the file, or a file that goes, stays pinned, so that removing someone's keys
cannot turn off the checking of their entries.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from newscli.discussion.state import file_name
from newscli.disk import atomic
from newscli.disk.datadir import DataDir
from newscli.disk.reading import names_in, read_bytes
from newscli.errors import CorruptArticle, InvalidInput
from newscli.model.codec import parse_toml
from newscli.model.people import normal_name, person_name
from newscli.model.signed import person_form

PEOPLE_SCHEMA = 1
PINS = "known-keys.toml"
KEY_TYPES = frozenset(
    (
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    )
)
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_MAX_KEY_CHARS = 16_384
_MAX_KEYS = 32


@dataclass(frozen=True)
class PublicKey:
    """An SSH public key: its type and its blob in base64 (what ``allowed_signers`` and
    ``authorized_keys`` lines hold), without the comment."""

    kind: str
    blob: str

    def __str__(self) -> str:
        return f"{self.kind} {self.blob}"


def public_key(text: str, what: str = "the key") -> PublicKey:
    """The key of an ``.pub`` file's line (``TYPE BASE64 [COMMENT]``); raises InvalidInput
    for anything else, so that no option or second line can reach an ``allowed_signers``
    file."""
    parts = text.strip().split()
    if len(text) > _MAX_KEY_CHARS or len(parts) < 2 or "\n" in text.strip():
        raise InvalidInput(f"{what} is not an SSH public key (one line: TYPE BASE64 [COMMENT])")
    kind, blob = parts[0], parts[1]
    if kind not in KEY_TYPES:
        raise InvalidInput(f"{what} is of type {kind[:40]!r}, not one ssh-keygen signs with")
    if not _BASE64.fullmatch(blob):
        raise InvalidInput(f"{what} is not an SSH public key: its key is not base64")
    try:
        raw = base64.b64decode(blob, validate=True)
        (length,) = struct.unpack(">I", raw[:4])
        inner = raw[4 : 4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError):
        raise InvalidInput(f"{what} is not an SSH public key: its key cannot be read") from None
    if inner != kind:
        raise InvalidInput(f"{what} says it is {kind} but holds a {inner[:40]!r} key")
    return PublicKey(kind, blob)


@dataclass
class Person:
    """What ``people/<name>.toml`` says of a person: their name, display name, public keys
    and the signature of this record by one of their keys (None: unsigned)."""

    name: str
    display: str | None = None
    keys: list[PublicKey] = field(default_factory=list)
    signature: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def form(self) -> bytes:
        """What the record's signature covers."""
        return person_form(self.name, self.display, [str(k) for k in self.keys])


def person_path(data: DataDir, name: str) -> Path:
    """Where a person's record is kept (named as their state file: never the raw name)."""
    return data.people / file_name(name)


def person_from_text(text: str) -> Person:
    """A person's record read from its file's text; raises InvalidInput (or the TOML
    reader's error), which the caller prefixes with the file's name."""
    data = parse_toml(text)
    if data.get("schema") != PEOPLE_SCHEMA:
        raise InvalidInput(f"'schema' must be {PEOPLE_SCHEMA}")
    name, display, signature = data.get("name"), data.get("display"), data.get("signature")
    keys = data.get("keys", [])
    if not isinstance(name, str):
        raise InvalidInput("'name' must be a string")
    if display is not None and not isinstance(display, str):
        raise InvalidInput("'display' must be a string")
    if signature is not None and not isinstance(signature, str):
        raise InvalidInput("'signature' must be a string")
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise InvalidInput("'keys' must be an array of strings")
    if len(keys) > _MAX_KEYS:
        raise InvalidInput(f"'keys' holds more than {_MAX_KEYS} keys")
    known = ("schema", "name", "display", "keys", "signature")
    return Person(
        name=normal_name(name),
        display=display,
        keys=[public_key(k, f"keys #{n}") for n, k in enumerate(keys, start=1)],
        signature=signature,
        extra={k: v for k, v in data.items() if k not in known},
    )


def person_text(person: Person) -> str:
    """A person's record as the text of their file."""
    record: dict[str, Any] = {"schema": PEOPLE_SCHEMA, "name": person.name}
    if person.display:
        record["display"] = person.display
    record["keys"] = [str(k) for k in person.keys]
    if person.signature:
        record["signature"] = person.signature
    return tomli_w.dumps(record | person.extra)


@dataclass(frozen=True)
class Registry:
    """Everyone ``people/`` names, by name, and the files there that could not be read
    (each a sentence starting with the file's name)."""

    people: dict[str, Person]
    problems: list[str]


def registry(data: DataDir) -> Registry:
    """Read ``people/``: a file must be named after the name it holds (as ``person_path``
    names it), or it is a problem, not a person. No link is followed."""
    people: dict[str, Person] = {}
    problems: list[str] = []
    folder = data.folder(data.people)
    for name in sorted(names_in(folder)):
        if name.startswith(".") or not name.endswith(".toml"):
            continue
        where = f"people/{name}"
        try:
            raw = read_bytes(folder / name, where)
        except FileNotFoundError:
            continue
        except CorruptArticle as exc:  # it names the file already
            problems.append(str(exc))
            continue
        try:
            person = person_from_text(raw.decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(f"{where}: not valid UTF-8")
            continue
        except (InvalidInput, ValueError) as exc:
            problems.append(f"{where}: {exc}")
            continue
        if file_name(person.name) != name:
            problems.append(f"{where}: it names {person.name!r}, whose file is another")
            continue
        people[person.name] = person
    return Registry(people, problems)


def load_person(data: DataDir, name: str) -> Person:
    """A person's record (an empty one when they have none)."""
    return registry(data).people.get(name) or Person(name)


def save_person(data: DataDir, person: Person) -> None:
    """Write a person's record."""
    atomic.make_dirs(data.folder(data.people))
    atomic.write_bytes(person_path(data, person.name), person_text(person).encode("utf-8"))


def add_person(
    data: DataDir,
    name: str,
    key: PublicKey | None,
    display: str | None,
    sign: Callable[[bytes], str] | None,
) -> Person:
    """Add a key (and set a display name) to a person's record; ``sign`` signs the new
    record with the person's signing key, as other copies need it to trust an added key."""
    import filelock

    name = person_name(name, "the person's name")
    atomic.make_dirs(data.folder(data.locks))
    with filelock.FileLock(data.locks / f"people-{file_name(name)}.lock", mode=atomic.FILE_MODE):
        person = load_person(data, name)
        if key is not None and key in person.keys:
            raise InvalidInput(f"{name} has this key already")
        if key is None and display is None:
            raise InvalidInput("give --key FILE.pub, --display NAME, or both")
        if key is not None:
            person.keys.append(key)
        if display is not None:
            person.display = " ".join(display.split()) or None
        person.signature = sign(person.form()) if sign is not None else None
        save_person(data, person)
    return person


# --- the keys this copy trusts ------------------------------------------------------------


def read_pins(data: DataDir) -> dict[str, list[PublicKey]]:
    """The keys this copy has pinned, by person."""
    path = data.folder(data.local) / PINS
    try:
        text = read_bytes(path, f"local/{PINS}").decode("utf-8")
    except FileNotFoundError:
        return {}
    except (CorruptArticle, UnicodeDecodeError) as exc:
        raise InvalidInput(f"local/{PINS}: cannot be read ({exc})") from None
    record = parse_toml(text)
    pins = {}
    for name, keys in record.get("people", {}).items():
        if isinstance(keys, list):
            pins[name] = [
                public_key(k, f"local/{PINS}: {name}") for k in keys if isinstance(k, str)
            ]
    return pins


def write_pins(data: DataDir, pins: dict[str, list[PublicKey]]) -> None:
    """Keep the keys this copy trusts (``local/``: never shared)."""
    record = {"people": {name: [str(k) for k in keys] for name, keys in sorted(pins.items())}}
    atomic.make_dirs(data.folder(data.local))
    atomic.write_bytes(data.local / PINS, tomli_w.dumps(record).encode("utf-8"))
