"""git's merge driver for a shared store, started without the command line's Typer and
Rich: ``python -m newscli.merge_driver %O %A %B %P``, which ``newscli sync`` configures.

git runs it once for each file changed on both sides. The merged file is written over
``%A`` (exit 0); a copy that cannot be read is refused and the other kept, with a note.
When neither copy can be read, ``%A`` is left as it was, with one line on stderr (exit
1), and git reports the file as conflicted, which ``newscli check`` shows.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Merge ``BASE OURS THEIRS PATH`` as git passes them; returns the exit code."""
    from newscli.errors import NewsError
    from newscli.sharing.merge_files import merge_file
    from newscli.text.safe import one_line

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 4:
        print("usage: python -m newscli.merge_driver BASE OURS THEIRS PATH", file=sys.stderr)
        return 2
    base, ours, theirs, name = args
    try:
        merged = merge_file(Path(base), Path(ours), Path(theirs), name)
    except NewsError as exc:
        print(f"newscli: error: {one_line(str(exc))}", file=sys.stderr)
        return 1
    if merged.refused:
        print(f"{one_line(name)}: a copy could not be read; the other was kept, with a note"
              " 'newscli check' lists.", file=sys.stderr)  # fmt: skip
    elif merged.conflicts:
        print(f"{one_line(name)}: fields changed on both sides; 'newscli check' lists them.",
              file=sys.stderr)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
