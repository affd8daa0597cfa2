"""Which addresses from an article may become something a person clicks or a browser
opens.

An article's addresses come from pages and peers, so they are chosen by whoever wrote
them: a ``url`` starting with ``-`` handed to a browser is read as one of its options
(``--utility-cmd-prefix=...`` runs a command in Chromium), and a terminal hyperlink
(OSC 8) may point anywhere (``file:``, ``ssh:``, a registered handler) under text that
names another address. Only ``http``/``https`` addresses ever reach a browser; terminal
links take ``mailto`` too; and a link whose text looks like a different address shows
where it really goes.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

BROWSABLE = ("http", "https")
LINKABLE = (*BROWSABLE, "mailto")
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f]")  # white space and control characters
# The start of a text that reads as an address: an optional scheme, an optional
# ``user@``, then a host name with a dot (``www.bank.example``, ``bank.example/login``,
# ``https://bank.example``, ``mei@example.org``).
_ADDRESS_LIKE = re.compile(
    r"(?:(?P<scheme>[a-z][a-z0-9+.-]*):(?://)?)?(?:(?P<user>[^\s@/:]+)@)?"
    r"(?P<host>(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*)\.?(?=$|[/:?#\s])",
    re.IGNORECASE,
)


def _checked(address: str | None, schemes: tuple[str, ...]) -> str | None:
    if not address or _UNSAFE.search(address):
        return None
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    if parts.scheme.lower() not in schemes:
        return None
    if parts.scheme.lower() in BROWSABLE and not parts.hostname:
        return None
    if parts.scheme.lower() == "mailto" and "@" not in parts.path:
        return None
    return address


def browsable(address: str | None) -> str | None:
    """``address`` if a browser may be given it: an absolute ``http`` or ``https`` URL
    with a host and no white space or control character (so it starts with its scheme
    and is never read as an option); None otherwise."""
    return _checked(address, BROWSABLE)


def link_target(address: str | None) -> str | None:
    """``address`` if a terminal hyperlink may point to it (``http``, ``https`` or
    ``mailto``, as ``browsable`` checks them); None otherwise."""
    return _checked(address, LINKABLE)


def _identity(address: str) -> str | None:
    """What an address names, to compare with another: an e-mail address, else a host
    name (lower case, without ``www.``); None when it reads as no address."""
    found = _ADDRESS_LIKE.match(address.strip())
    if found is None:
        return None
    scheme, user, host = (found["scheme"] or "").lower(), found["user"], found["host"].lower()
    if scheme == "mailto" or (user and not scheme):
        return f"{user or ''}@{host}".lower()
    return host.removeprefix("www.")


def misleads(text: str, target: str) -> bool:
    """Whether a link's ``text`` reads as an address other than its ``target``'s: then
    the target is shown beside it."""
    shown = _identity(text)
    if shown is None:
        return False
    parts = urlsplit(target)
    if parts.scheme.lower() == "mailto":
        real = parts.path.lower()
    else:
        real = (parts.hostname or "").removeprefix("www.")
    return shown != real
