"""Whether SSH signatures can be tried on this machine: the tests of signed entries
skip with the reason when they cannot."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def why_not() -> str | None:
    """Why signatures cannot be tried here (None: they can)."""
    tool = shutil.which("ssh-keygen")
    if tool is None:
        return "ssh-keygen is not installed"
    done = subprocess.run([tool, "-Y", "sign"], capture_output=True, check=False)
    if b"Too few arguments" not in done.stderr and b"usage" not in done.stderr.lower():
        return "this ssh-keygen has no -Y sign (OpenSSH 8.1 or newer has)"
    return None


needs_ssh_signing = pytest.mark.skipif(why_not() is not None, reason=why_not() or "")
