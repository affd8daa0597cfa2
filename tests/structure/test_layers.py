"""The layering rules, checked on the source: every import counts, lazy ones included.

- the core never imports typer, rich, textual or ``settings`` (only the CLI reads the
  environment);
- no two modules depend on each other, directly or round a longer loop;
- the plain renderers and exporters never reach Rich, however indirectly.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from conftest import TESTS

SRC = TESTS.parent / "src"
PACKAGE = "newscli"
UI_LIBRARIES = ("typer", "rich", "textual")

# Layers above the core: the command line, the renderers, the full-screen reader.
# ``settings`` reads the environment for the command line; ``pager`` runs the user's
# pager for it; ``__main__`` starts the command line, ``merge_driver`` git's merge driver.
NOT_CORE = ("cli", "render", "reader", "settings", "pager", "__main__", "merge_driver")

# Outputs that are plain text: they must work without Rich.
PLAIN = (
    "render.plain",
    "render.formats",
    "render.export",
    "render.exporters.json",
    "render.exporters.jsonl",
    "render.exporters.toml",
    "render.exporters.markdown",
    "render.exporters.text",
    "render.exporters.html",
)


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


def _is_core(name: str) -> bool:
    short = _short(name)
    return name != PACKAGE and not any(
        short == top or short.startswith(f"{top}.") for top in NOT_CORE
    )


CORE = sorted(name for name in MODULES if _is_core(name))


def test_the_walk_sees_lazy_and_relative_imports() -> None:
    """The walk must see an import inside a function, or every rule below is hollow."""
    assert "newscli.index" in imports_of("newscli.store")  # imported when first used
    assert "rich" in imports_of("newscli.render.page")
    assert "newscli.render" in reach("newscli.render.page")


@pytest.mark.parametrize("name", CORE)
def test_the_core_imports_no_interface_library_and_no_settings(name: str) -> None:
    bad = sorted(imports_of(name) & {*UI_LIBRARIES, f"{PACKAGE}.settings"})
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
    assert not reached & set(UI_LIBRARIES), sorted(map(_short, reached & MODULES.keys()))


def test_no_module_is_over_500_lines_and_no_cli_module_over_350() -> None:
    for name, path in MODULES.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        limit = 350 if _short(name).startswith("cli.") else 500
        assert lines <= limit, f"{_short(name)} has {lines} lines (limit {limit})"
