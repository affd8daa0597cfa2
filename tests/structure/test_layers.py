"""The architecture, checked on the source: every import counts, lazy ones included.

``ARROWS`` is the picture of ``docs/architecture.md``: each part of newscli and the parts
it may import. A new arrow is a one-line change there and here, made on purpose; an
import that draws an arrow not in the table fails ``test_every_import_is_an_arrow_of_the_table``.

Also held here: no two modules depend on each other; the plain outputs never reach Rich;
no core part imports an interface library; modules over 400 lines are listed in the
summary (a signal to look for a seam) and none may pass 700.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

import pytest

from conftest import TESTS

SRC = TESTS.parent / "src"
ARCHITECTURE = TESTS.parent / "docs" / "architecture.md"
PACKAGE = "newscli"
UI_LIBRARIES = frozenset(("typer", "rich", "textual"))

# Small modules every part may use: they import nothing of newscli but each other.
GROUND = frozenset(("newscli", "errors", "ids", "dates", "choices", "collector", "workers"))

# Each part and the parts it may import (besides itself and the ground).
ARROWS: dict[str, frozenset[str]] = {
    # faces
    "__main__": frozenset({"cli"}),
    "cli": frozenset({"api", "render", "text", "reader", "settings"}),
    "reader": frozenset({"api", "render", "text"}),
    "merge_driver": frozenset({"sharing", "text"}),
    "render": frozenset({"model", "text"}),
    "settings": frozenset(),
    # the door
    "api": frozenset({"store", "ingest", "discussion", "sharing", "export", "net", "model"}),
    # parts
    "export": frozenset({"store", "disk", "text", "model"}),
    "sharing": frozenset({"discussion", "store", "disk", "model"}),
    "discussion": frozenset({"store", "disk", "model"}),
    "ingest": frozenset({"store", "index", "net", "samples", "model"}),
    "store": frozenset({"index", "disk", "net", "model"}),
    "index": frozenset({"disk", "model"}),
    "disk": frozenset({"model"}),
    "net": frozenset({"model"}),
    "text": frozenset({"model"}),
    "samples": frozenset(),
    # the model
    "model": frozenset(),
}

# The parts that may import an interface library: the faces.
FACES = frozenset(("cli", "reader", "render"))

# Outputs that are plain text: they must work without Rich.
PLAIN = (
    "text.plain",
    "render.formats",
    "export.registry",
    "export.formats.json",
    "export.formats.jsonl",
    "export.formats.toml",
    "export.formats.markdown",
    "export.formats.text",
    "export.formats.html",
)

SIGNAL_LINES = 400  # listed in the summary: look for the seam between two concepts
MAX_LINES = 700


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (packages by their own name)."""
    found = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _parents(name: str) -> Iterator[str]:
    """The packages Python imports before ``name`` (``a.b.c``: ``a``, ``a.b``)."""
    parts = name.split(".")
    for end in range(1, len(parts)):
        yield ".".join(parts[:end])


@cache
def imports_of(name: str) -> frozenset[str]:
    """The modules ``name`` names in its imports anywhere in its text: at the top, in
    functions, or for type checking only; external ones by their top-level name.
    (Python also runs the packages above each one: ``reach`` counts those.)"""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from newscli import api`` imports the module newscli.api; the package
            # is only its path (what a package's __init__ imports is its own edge).
            submodules = {f"{base}.{alias.name}" for alias in node.names} & MODULES.keys()
            found.update(submodules or {base})
    resolved = set()
    for target in found:
        if target.split(".")[0] != PACKAGE:
            resolved.add(target.split(".")[0])
        elif target in MODULES:
            resolved.add(target)
    resolved.discard(name)
    return frozenset(resolved)


def reach(name: str) -> set[str]:
    """Everything importing ``name`` may import, however indirectly."""
    seen: set[str] = set()
    todo = [name, *(p for p in _parents(name) if p in MODULES)]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current in MODULES:
            for target in imports_of(current):
                todo.extend([target, *(p for p in _parents(target) if p in MODULES)])
    return seen


def _short(name: str) -> str:
    return name.removeprefix(f"{PACKAGE}.")


def part_of(name: str) -> str:
    """The part a module belongs to: its top folder under ``newscli``, or its own name."""
    return PACKAGE if name == PACKAGE else _short(name).split(".")[0]


def stray_arrows(
    imports: Mapping[str, frozenset[str]], arrows: Mapping[str, frozenset[str]]
) -> list[str]:
    """Each import (``module -> module``) that draws an arrow between parts the table
    does not have; a module of a part the table does not name is one too."""
    stray = []
    for source, targets in sorted(imports.items()):
        here = part_of(source)
        if here in GROUND:
            allowed = GROUND
        elif here in arrows:
            allowed = arrows[here] | GROUND | {here}
        else:
            stray.append(f"{_short(source)} is in no part of the table")
            continue
        for target in sorted(targets):
            if target.split(".")[0] == PACKAGE and part_of(target) not in allowed:
                stray.append(f"{_short(source)} -> {_short(target)}")
    return stray


def _own_imports() -> dict[str, frozenset[str]]:
    return {name: frozenset(t for t in imports_of(name) if t in MODULES) for name in MODULES}


def test_the_walk_sees_lazy_and_relative_imports() -> None:
    """The walk must see an import inside a function, or every rule below is hollow."""
    assert "newscli.index.index" in imports_of("newscli.store.store")  # imported when used
    assert "rich" in imports_of("newscli.render.page")
    assert "newscli.render" in reach("newscli.render.page")


def test_every_import_is_an_arrow_of_the_table() -> None:
    assert stray_arrows(_own_imports(), ARROWS) == []


def test_an_arrow_not_in_the_table_fails() -> None:
    """The check itself: the real imports, plus one the table does not allow (the model
    reading the store), are refused by name."""
    imports = _own_imports()
    imports["newscli.model.article"] |= {"newscli.store.store"}
    assert stray_arrows(imports, ARROWS) == ["model.article -> store.store"]
    assert stray_arrows({"newscli.gadgets.x": frozenset()}, ARROWS) == [
        "gadgets.x is in no part of the table"
    ]


def test_the_table_has_no_loop() -> None:
    """Parts form layers: following arrows never comes back to where it started."""
    done: set[str] = set()

    def visit(part: str, path: tuple[str, ...]) -> None:
        assert part not in path, f"a loop of parts: {' -> '.join((*path, part))}"
        if part in done:
            return
        for target in ARROWS.get(part, ()):
            visit(target, (*path, part))
        done.add(part)

    for part in ARROWS:
        visit(part, ())


def _documented_arrows() -> dict[str, frozenset[str]]:
    """The table in docs/architecture.md: ``| `part/` | owns | `a`, `b` |`` rows."""
    table = {}
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and (name := re.fullmatch(r"`([\w.]+?)/?`", cells[0])):
            targets = re.findall(r"`([\w.]+?)/?`", cells[2])
            table[name.group(1)] = frozenset(targets)
    return table


def test_the_documented_architecture_is_the_table() -> None:
    assert _documented_arrows() == ARROWS


def test_every_part_of_the_table_exists() -> None:
    parts = {part_of(name) for name in MODULES}
    assert set(ARROWS) | (GROUND - {PACKAGE}) == parts - {PACKAGE}


@pytest.mark.parametrize("name", sorted(MODULES))
def test_only_faces_import_an_interface_library(name: str) -> None:
    if part_of(name) in FACES:
        return
    bad = sorted(imports_of(name) & UI_LIBRARIES)
    assert not bad, f"{_short(name)} imports {bad}"


def test_no_two_modules_depend_on_each_other() -> None:
    """No loop in the module graph: strongly connected components of one module each."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in imports_of(node):
            if target not in MODULES:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                loops.append(sorted(map(_short, component)))

    for name in MODULES:
        if name not in index:
            visit(name)
    assert not loops, f"modules that depend on each other: {loops}"


@pytest.mark.parametrize("name", [f"{PACKAGE}.{short}" for short in PLAIN])
def test_plain_outputs_never_reach_rich(name: str) -> None:
    assert name in MODULES, f"{name} is gone: update PLAIN"
    reached = reach(name)
    assert not reached & UI_LIBRARIES, sorted(map(_short, reached & MODULES.keys()))


def test_module_size_is_a_signal_not_a_wall() -> None:
    """Over 400 lines: listed in the warnings summary; over 700: a failure."""
    sizes = {
        _short(name): len(path.read_text(encoding="utf-8").splitlines())
        for name, path in MODULES.items()
    }
    large = {name: lines for name, lines in sizes.items() if lines > SIGNAL_LINES}
    if large:
        listed = ", ".join(f"{name} ({lines})" for name, lines in sorted(large.items()))
        warnings.warn(f"modules over {SIGNAL_LINES} lines: {listed}", stacklevel=1)
    too_large = {name: lines for name, lines in large.items() if lines > MAX_LINES}
    assert not too_large, f"modules over {MAX_LINES} lines: {too_large}"
