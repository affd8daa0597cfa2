"""The one place that reads the environment: where data lives and who the user is.

Only the CLI calls these; the core receives plain values.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from pathlib import Path

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


def voter_name(environ: Mapping[str, str] | None = None) -> str | None:
    """Default name for ``rate --as``: ``$NEWSCLI_USER``, else the login name, else None."""
    env = os.environ if environ is None else environ
    if env.get("NEWSCLI_USER"):
        return env["NEWSCLI_USER"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def commenter_name(environ: Mapping[str, str] | None = None) -> str | None:
    """Default name for ``comment --as``: ``$NEWSCLI_USER``, else anonymous (shown as guest)."""
    env = os.environ if environ is None else environ
    return env.get("NEWSCLI_USER") or None


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
