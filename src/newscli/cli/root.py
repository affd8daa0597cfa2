"""The one root app: its options (--data-dir, --debug, --version), the list of commands,
and ``main``, the one place that turns errors into a one-line message and an exit code."""

import copy
import sys
from pathlib import Path
from typing import Annotated

import typer
import typer.core

from newscli import __version__
from newscli.cli.adding import add, import_
from newscli.cli.context import session
from newscli.cli.discuss import comment, rate, tag, vote
from newscli.cli.exporting import export
from newscli.cli.fullscreen import read
from newscli.cli.options import Failed, UsageProblem
from newscli.cli.output import error
from newscli.cli.people import inbox, people, subscribe, unsubscribe, whoami
from newscli.cli.reading import list_, path, reindex, search, show
from newscli.cli.share import resolve, sync
from newscli.cli.upkeep import check_, edit, image, restore, rm, trash_
from newscli.errors import NewsError

app = typer.Typer(
    name="newscli",
    help="Keep, read, rate and discuss news articles in the terminal.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class TagCommand(typer.core.TyperCommand):
    """``tag``, where ``-TAG`` removes a tag: unknown options are its arguments. ``-h``
    is still help before ``--`` (after it, ``-h`` removes a tag named ``h``); it is not
    a short option of click's here, or ``-hash`` would be read as ``-h -a -s -h``."""

    # Typer passes its own Context, a subclass of the one click's signature names.
    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        """The arguments with a lone ``-h`` before ``--`` read as ``--help``."""
        end = args.index("--") if "--" in args else len(args)
        args = [*("--help" if a == "-h" else a for a in args[:end]), *args[end:]]
        return super().parse_args(ctx, args)


def _version(value: bool) -> None:
    if value:
        print(f"newscli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            metavar="DIR",
            help="Where articles are kept (default: $NEWSCLI_HOME, else the user data directory).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Keep, read, rate and discuss news articles in the terminal."""
    session.data_dir = data_dir
    session.debug = debug


# The commands, in the order --help lists them; each lives in the module of its area.
app.command()(add)
app.command("list")(list_)
app.command()(show)
app.command()(read)
app.command()(rate)
app.command()(comment)
app.command()(vote)
app.command()(subscribe)
app.command()(unsubscribe)
app.command()(inbox)
app.command()(whoami)
app.add_typer(people)
app.command()(path)
app.command()(image)
app.command("import")(import_)
app.command()(export)
app.command("check")(check_)
app.command()(rm)
app.command()(restore)
app.command("trash")(trash_)
app.command()(edit)
app.command(
    cls=TagCommand,
    context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]},
)(tag)
app.command()(search)
app.command()(reindex)
# Sharing through git (git merges a file with newscli.merge_driver).
app.command()(sync)
app.command()(resolve)


def _app_for(args: list[str]) -> typer.Typer:
    """The app, with only the command that ``args`` start with when they name one: typer
    builds the options of every command it holds, a sixth of the start-up time. Anything
    else (root options first, help, completion, a misspelt name) gets every command."""
    named = [
        info
        for info in app.registered_commands
        if args
        and info.callback is not None
        and args[0] == (info.name or typer.main.get_command_name(info.callback.__name__))
    ]
    if not named:
        return app
    one = copy.copy(app)
    one.registered_commands = named
    return one


def main(argv: list[str] | None = None) -> int:
    """Run newscli; return the exit code (0 ok, 1 error, 2 usage, 130 interrupted)."""
    command = typer.main.get_command(_app_for(sys.argv[1:] if argv is None else argv))
    session.debug = False
    session.stores = []
    try:
        # Commands return nothing; typer returns the code of an Exit (130: Ctrl-C).
        code = command.main(args=argv, prog_name="newscli", standalone_mode=False)
        sys.stdout.flush()
    except BrokenPipeError:
        return _reader_gone()
    except SystemExit as exc:
        # Typer turns a broken pipe met while a command writes into sys.exit(1).
        if isinstance(exc.__context__, BrokenPipeError):
            return _reader_gone()
        raise
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if session.debug:
            import traceback

            traceback.print_exc()
        return _exit_code_for(exc)
    finally:
        session.close()
    return code if isinstance(code, int) else 0


def _reader_gone() -> int:
    """The reader closed our stdout (``newscli list | head``): not an error, exit 0."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _exit_code_for(exc: Exception) -> int:
    """Print a one-line message for ``exc`` (none for Failed, which has said why) and
    return its exit code."""
    if isinstance(exc, Failed):
        return exc.code
    if isinstance(exc, NewsError):
        error(str(exc))
        return 1
    if isinstance(exc, UsageProblem):
        error(str(exc))
        return 2
    if isinstance(exc, typer.TyperException):  # usage errors, bad values
        ctx = getattr(exc, "ctx", None)
        message = exc.format_message()
        if message:  # empty after `newscli` alone, which has printed the help
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            error(message + hint)
        return exc.exit_code
    if isinstance(exc, typer.Abort):
        error("aborted")
        return 1
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        error(f"{exc.strerror or exc}{where}")
        return 1
    # Only the type: the message of an unexpected error may quote stored data.
    error(f"internal error ({type(exc).__name__}); run with --debug for the traceback")
    return 1
