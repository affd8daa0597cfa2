"""Every class in newscli has a name of its own: two things called ``Entry`` make a reader
guess which one a line means."""

from __future__ import annotations

import ast
from collections import defaultdict

from conftest import TESTS

SRC = TESTS.parent / "src" / "newscli"


def test_no_class_name_is_defined_twice() -> None:
    where: defaultdict[str, list[str]] = defaultdict(list)
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where[node.name].append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert {name: places for name, places in where.items() if len(places) > 1} == {}
