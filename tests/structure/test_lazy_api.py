"""The api is the one door: it offers every name in ``__all__``, loads the heavy parts
(sharing, importing, images, export) only when they are used, and its lazy table, its
type-checking imports and ``__all__`` say the same."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys

import pytest

from newscli import api


def _type_checking_imports() -> dict[str, str]:
    """What ``if TYPE_CHECKING:`` in api.py imports: bound name -> ``MODULE:ATTRIBUTE``."""
    tree = ast.parse(inspect.getsource(api))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom), ast.unparse(statement)
                module = (statement.module or "").removeprefix("newscli.")
                for alias in statement.names:
                    found[alias.asname or alias.name] = f"{module}:{alias.name}"
    return found


def test_the_type_checker_sees_what_the_lazy_table_loads() -> None:
    imported = _type_checking_imports()
    assert {name: imported[name] for name in api._TYPES_ONLY} == {
        "Picture": "model.picture:Picture"
    }
    assert {k: v for k, v in imported.items() if k not in api._TYPES_ONLY} == api._LAZY


def test_all_is_the_eager_names_and_the_lazy_table() -> None:
    assert sorted(api.__all__) == sorted({*api._EAGER, *api._LAZY})
    assert not set(api._EAGER) & set(api._LAZY)


def test_every_function_and_class_defined_in_the_api_is_offered() -> None:
    tree = ast.parse(inspect.getsource(api))
    defined = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_")
    }
    assert defined <= set(api.__all__)


@pytest.mark.parametrize("name", api._EAGER)
def test_every_eager_name_is_defined(name: str) -> None:
    assert name in vars(api)


def test_every_lazy_name_is_the_object_its_entry_names() -> None:
    """In a fresh interpreter: the tests' fixtures replace some names in this one."""
    code = (
        "import importlib; from newscli import api\n"
        "for name, target in api._LAZY.items():\n"
        "    module, _, attribute = target.partition(':')\n"
        "    real = getattr(importlib.import_module('newscli.' + module), attribute)\n"
        "    assert getattr(api, name) is real, name\n"
        "print(len(api._LAZY))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{len(api._LAZY)}\n"


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        api.nothing_here  # noqa: B018


def test_importing_the_api_loads_no_sharing_import_image_or_export_module() -> None:
    heavy = sorted({f"newscli.{target.partition(':')[0]}" for target in api._LAZY.values()})
    assert "newscli.sharing.sync" in heavy and "newscli.ingest.pipeline" in heavy
    code = (
        f"import sys; import newscli.api; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")
