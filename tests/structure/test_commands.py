"""Every command fails one way: it raises (a NewsError, UsageProblem or Failed) and the one
funnel in ``cli.root.main`` turns that into a message and an exit code; no command
returns a code or exits by itself."""

from __future__ import annotations

import ast
import inspect
import typing

import pytest

from newscli.cli import root

COMMANDS = [info.callback for info in root.app.registered_commands if info.callback]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.__name__)
def test_a_command_returns_nothing(command: typing.Callable[..., object]) -> None:
    assert typing.get_type_hints(command, include_extras=True)["return"] is type(None)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.__name__)
def test_a_command_never_exits_by_itself(command: typing.Callable[..., object]) -> None:
    tree = ast.parse(inspect.getsource(inspect.getmodule(command)))  # type: ignore[arg-type]
    exits = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) in ("typer.Exit", "sys.exit", "SystemExit", "exit")
    ]
    assert exits == []
