"""Worker processes that never outlive the process that started them.

A parent killed outright (SIGKILL, the OOM killer) cannot shut its pool down; its
workers would go on parsing, holding files open, for minutes. On Linux the kernel
kills each worker when its parent dies (``PR_SET_PDEATHSIG``); elsewhere a thread in
the worker watches for the parent to go.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_NICER = 5  # lower priority than the writer
_WATCH_EVERY = 1.0  # seconds between looks at the parent, where the kernel cannot help


def start(parent: int) -> None:
    """Initializer of a worker process started by the process ``parent``.

    Ctrl-C is left to the parent, which stops the pool (the workers would otherwise each
    print a traceback), and the worker dies with its parent.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The one process writing the index is what a cold build waits for: parsing runs
    # ahead of it in the time it leaves, rather than taking a share of its core.
    with contextlib.suppress(OSError):
        os.nice(_NICER)
    if not _kernel_kills_orphan():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before we were told to follow it
        os._exit(1)


def _kernel_kills_orphan() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # in the worker only: listing never pays for it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    """Exit as soon as the parent is gone (an orphan gets a new parent)."""
    event = threading.Event()
    while not event.wait(_WATCH_EVERY):
        if os.getppid() != parent:
            os._exit(1)
