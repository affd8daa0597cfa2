"""The ``newscli`` command line: parse, call the API, print.

``root`` holds the one app and ``main``; each command lives in the module of its area
(``reading``, ``adding``, ``discuss``, ``exporting``, ``upkeep``) and reads: options to
values (``options``, ``context``), one ``api`` call, one ``output`` call.
"""

from newscli.collector import start_up

with start_up():
    from newscli.cli.root import app, main

__all__ = ["app", "main"]
