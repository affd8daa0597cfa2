"""Python's cycle collector, paused while many objects that hold no cycles are made.

Every few hundred new objects the collector runs, and now and then it walks every object
alive: reading and drawing an article of 2,000 comments and 20,000 votes starts it so
often that it takes a tenth of ``show``'s time, and finds no garbage. The command line's
start-up (importing Typer and the command's modules) started it some forty times: 10 ms
of a search's 0.25 s of CPU.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off within, then back as it was (nesting is fine)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def start_up() -> Iterator[None]:
    """For a process's start-up: the collector off while the modules it needs are
    imported (their objects live as long as the process), then everything alive so far
    set aside for good (``gc.freeze``: later passes no longer walk it) and the collector
    back on, as it was."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
