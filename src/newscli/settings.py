"""The one place that reads the environment and the config file: where data lives, who
the user is and which key signs for them.

Only the CLI calls these; the core receives plain values.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from pathlib import Path

from newscli.errors import NewsError

APP_NAME = "newscli"


def data_dir(option: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """Return the data directory: ``--data-dir``, else ``$NEWSCLI_HOME``, else the platform's.

    Nothing is created here; the store makes directories on its first write.
    """
    env = os.environ if environ is None else environ
    if option is not None:
        return option.expanduser()
    if env.get("NEWSCLI_HOME"):
        return Path(env["NEWSCLI_HOME"]).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the index lives: ``$NEWSCLI_CACHE``, else the platform's user cache directory."""
    env = os.environ if environ is None else environ
    if env.get("NEWSCLI_CACHE"):
        return Path(env["NEWSCLI_CACHE"]).expanduser()
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def index_path(data: Path, environ: Mapping[str, str] | None = None) -> Path:
    """The index file of one data directory, named by a hash of its resolved path.

    Nothing is created here; the index makes its directory on first use.
    """
    import hashlib

    digest = hashlib.sha256(str(data.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir(environ) / f"index-{digest[:16]}.sqlite3"


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The config file (the reader's ``[keys]``): ``$NEWSCLI_CONFIG``, else ``config.toml``
    in the platform's user config directory. It need not exist."""
    env = os.environ if environ is None else environ
    if env.get("NEWSCLI_CONFIG"):
        return Path(env["NEWSCLI_CONFIG"]).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


DEFAULT_NAME = "your login name"
"""What ``whoami`` calls the last of the identity rule's sources."""


class Identity:
    """Who the person is and how that was decided: ``name`` as found (None: nothing gave
    one; the core checks and normalises it), ``source`` (``--as``, ``$NEWSCLI_USER``, the
    config file's path, or ``DEFAULT_NAME``) and ``what`` (how messages name it)."""

    def __init__(self, name: str | None, source: str, what: str) -> None:
        self.name = name
        self.source = source
        self.what = what


def identity(
    option: str | None, environ: Mapping[str, str] | None = None, config: Path | None = None
) -> Identity:
    """Who acts, by the one rule every command and the reader follow: ``--as NAME``, else
    ``$NEWSCLI_USER``, else ``name`` in the config file, else the login name.

    An empty ``$NEWSCLI_USER`` counts as unset (as shells make it); an empty ``--as`` or
    config name is kept, for the core to refuse. Raises NewsError when the config file
    cannot be read.
    """
    env = os.environ if environ is None else environ
    if option is not None:
        return Identity(option, "--as", "the name given with --as")
    if env.get("NEWSCLI_USER"):
        return Identity(env["NEWSCLI_USER"], "$NEWSCLI_USER", "the name in $NEWSCLI_USER")
    path = config_path(env) if config is None else config
    named = read_config(path).get("name")
    if named is not None:
        if not isinstance(named, str):
            raise NewsError(f"{path}: 'name' must be a string")
        return Identity(named, str(path), f"the name in {path}")
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = None
    return Identity(login, DEFAULT_NAME, "your login name")


def signing_key(
    environ: Mapping[str, str] | None = None, config: Path | None = None
) -> tuple[Path, str] | None:
    """The private SSH key that signs the person's votes and comments, and where that was
    said: ``$NEWSCLI_SIGNING_KEY``, else ``signing_key`` in the config file, ``~`` expanded;
    None: unsigned."""
    env = os.environ if environ is None else environ
    if env.get("NEWSCLI_SIGNING_KEY"):
        return Path(env["NEWSCLI_SIGNING_KEY"]).expanduser(), "$NEWSCLI_SIGNING_KEY"
    path = config_path(env) if config is None else config
    key = read_config(path).get("signing_key")
    if key is None:
        return None
    if not isinstance(key, str) or not key.strip():
        raise NewsError(f"{path}: 'signing_key' must be the path of a private SSH key")
    return Path(key).expanduser(), str(path)


def read_config(path: Path) -> dict[str, object]:
    """The config file's top-level keys (none when it is missing); raises NewsError naming
    the file when it cannot be read as TOML."""
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise NewsError(f"{path}: cannot be read: {exc}") from None


def allow_private(environ: Mapping[str, str] | None = None) -> bool:
    """Whether addresses found in content may reach private and local addresses
    (``$NEWSCLI_ALLOW_PRIVATE`` set to ``1``, ``true`` or ``yes``): for a store of pages
    from the person's own network."""
    env = os.environ if environ is None else environ
    return env.get("NEWSCLI_ALLOW_PRIVATE", "").strip().lower() in ("1", "true", "yes")


def editor_command(environ: Mapping[str, str] | None = None) -> str | None:
    """The user's editor: ``$VISUAL``, else ``$EDITOR``, else None."""
    env = os.environ if environ is None else environ
    return env.get("VISUAL") or env.get("EDITOR") or None


def force_color(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``$FORCE_COLOR`` asks for terminal output in a pipe (as Rich reads it)."""
    env = os.environ if environ is None else environ
    return bool(env.get("FORCE_COLOR"))


def no_color(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``$NO_COLOR`` asks for output without colours (no-color.org: set, not empty)."""
    env = os.environ if environ is None else environ
    return bool(env.get("NO_COLOR"))


def pager_command(environ: Mapping[str, str] | None = None) -> str:
    """The pager for ``show``: ``$NEWSCLI_PAGER``, else ``$PAGER``, else ``less -R``."""
    env = os.environ if environ is None else environ
    return env.get("NEWSCLI_PAGER") or env.get("PAGER") or "less -R"


def pager_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The pager's environment: ours, with ``LESS=FRX`` unless set (as git and gh do): less
    keeps colours, quits at once on a page that fits the screen, and leaves the page there."""
    env = dict(os.environ if environ is None else environ)
    env.setdefault("LESS", "FRX")
    return env


def git_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """git's environment for ``sync``: ours, with prompts for passwords turned off (a sync
    that needs one fails instead of waiting), and ssh in batch mode unless it is set up."""
    env = dict(os.environ if environ is None else environ)
    env["GIT_TERMINAL_PROMPT"] = "0"
    if "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
    return env
