"""Reading a site's XML export safely and a piece at a time, with lxml (the ``web`` extra).

A document type is refused outright (site exports have none), so no entity is declared,
expanded or fetched; the parser itself never touches the network, keeps no entity but the
five XML ones and stops at libxml2's limits (a text over 10 MB, entity amplification).
Elements may nest ``MAX_DEPTH`` deep. The caller gets each element as it ends, and clears
it, so that memory holds one record, not the file.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from newscli.errors import InvalidInput, MissingExtra

Element = Any  # lxml's element: lxml ships no types

MAX_DEPTH = 32  # WordPress and Disqus exports nest 6 deep
_SPOOL = 2**20  # bytes of a non-seekable input kept in memory before they go to a file


def _lxml() -> Any:
    import importlib

    try:
        return importlib.import_module("lxml.etree")
    except ImportError:
        raise MissingExtra(
            "reading WordPress and Disqus exports needs the web extra (lxml is missing): "
            "pip install 'newscli[web]'"
        ) from None


def local(tag: object) -> str:
    """An element's name without its namespace (``{http://...}item`` -> ``item``)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


_LOCAL: dict[object, str] = {}  # the local names of the tags met so far


def local_name(tag: object) -> str:
    """``local(tag)``, remembered: an export has a few dozen tags, met thousands of times."""
    return _LOCAL.get(tag) or _LOCAL.setdefault(tag, local(tag))


def children(element: Element) -> dict[str, Element]:
    """An element's children by local name (the first of each)."""
    found: dict[str, Element] = {}
    for child in element:
        found.setdefault(local_name(child.tag), child)
    return found


def _at_depth(element: Element, depth: int) -> bool:
    """Whether ``element`` is ``depth`` deep (the root is 1)."""
    for _ in range(depth - 1):
        element = element.getparent()
        if element is None:
            return False
    return element.getparent() is None


def namespace(tag: object) -> str:
    """An element's namespace (``{http://...}item`` -> ``http://...``); empty if none."""
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def ends(handle: IO[bytes], wanted: frozenset[str], depth: int) -> Iterator[Element]:
    """Each element ``depth`` deep (the root is 1) whose local name is in ``wanted``, whole,
    as it ends; the caller's to read, then it is cleared with what came before it.

    Raises InvalidInput naming the line for a document type, an element holding elements
    nested past ``MAX_DEPTH``, or anything that is not well-formed XML.
    """
    etree = _lxml()
    events = etree.iterparse(
        handle,
        events=("end",),
        tag=[f"{{*}}{name}" for name in sorted(wanted)],
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    too_deep = etree.XPath("boolean(" + "/".join("*" * (MAX_DEPTH - depth + 1)) + ")")
    checked = False
    try:
        for _, element in events:
            if not checked:
                checked = True
                if element.getroottree().docinfo.internalDTD is not None:
                    raise InvalidInput(
                        f"line {element.sourceline}: a document type is not accepted "
                        "(no entity is declared or fetched)"
                    )
            if not _at_depth(element, depth):
                continue  # a wanted name inside another element: read with it
            if too_deep(element):
                raise InvalidInput(
                    f"line {element.sourceline}: elements nested deeper than {MAX_DEPTH}"
                )
            yield element
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise InvalidInput(f"not well-formed XML: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    """libxml2's message made short: ``line 3: Text node too long``."""
    line = getattr(exc, "lineno", None)
    text = getattr(exc, "msg", None) or str(exc)
    text = text.split(", line ")[0].removesuffix(", try XML_PARSE_HUGE").rstrip(". ")
    text = text.replace("Resource limit exceeded: ", "")
    if any(sign in text for sign in ("Text node too long", "too big found", "huge text node")):
        text = "a text longer than 10 MB"
    elif "amplification" in text:
        text = "entities that expand without end (a document type is not accepted)"
    return f"line {line}: {text}" if line else text


def text_of(element: Element | None) -> str:
    """The text inside an element (CDATA included), or ``""``."""
    return "" if element is None else "".join(element.itertext())


@contextmanager
def rereadable(handle: IO[bytes]) -> Iterator[Callable[[], IO[bytes]]]:
    """A function giving ``handle`` back at the place it was, each time it is called:
    exports are read twice, once to check them whole, once to import. An input that
    cannot seek (a pipe) is copied to a temporary file first."""
    if _seekable(handle):
        start = handle.tell()

        def again() -> IO[bytes]:
            handle.seek(start)
            return handle

        yield again
        return
    with tempfile.SpooledTemporaryFile(_SPOOL) as copy:
        shutil.copyfileobj(handle, copy)

        def from_copy() -> IO[bytes]:
            copy.seek(0)
            return copy

        yield from_copy


def _seekable(handle: IO[bytes]) -> bool:
    try:
        return handle.seekable()
    except (AttributeError, ValueError, OSError):
        return False
