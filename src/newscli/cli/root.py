"""The one root app: its options (--data-dir, --debug, --version), the list of commands,
and ``main``, the one place that turns errors into a one-line message and an exit code."""

import copy
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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

if TYPE_CHECKING:
    from typer._click import Context as ClickContext
    from typer._click.formatting import HelpFormatter

PANELS = ("Read", "Write", "Discuss", "Share", "Upkeep")


class Commands(typer.core.TyperGroup):
    """The root group, whose --help lists the commands by panel (``rich_help_panel``:
    Typer's grouping, which its plain help does not do), sorted by name, each with its
    whole one-line summary (Click's would cut it to fit 80 columns)."""

    def format_commands(self, ctx: "ClickContext", formatter: "HelpFormatter") -> None:
        panels: dict[str, list[tuple[str, str]]] = {}
        for name in sorted(self.list_commands(ctx)):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            panel = getattr(command, "rich_help_panel", None) or "Other"
            panels.setdefault(panel, []).append((name, command.get_short_help_str(limit=1000)))
        for panel in sorted(panels, key=lambda p: (*PANELS, p).index(p)):
            with formatter.section(f"{panel} commands"):
                formatter.write_dl(panels[panel])


app = typer.Typer(
    name="newscli",
    cls=Commands,
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


# The commands: the panel --help lists each under (sorted by name there), its one-line
# summary there, and its name when it is not the function's. Each lives in the module of
# its area; its --help has the whole docstring.
def _command(panel: str, summary: str, name: str | None = None, **settings: Any) -> Any:
    return app.command(name, rich_help_panel=panel, short_help=summary, **settings)


_command("Read", "List the articles, newest first, as a table or as data.", "list")(list_)
_command("Read", "Search titles, bodies, tags and comments, best match first.")(search)
_command("Read", "Show an article laid out like its web page.")(show)
_command("Read", "Read, rate and comment in a full-screen reader ('?': keys).")(read)
_command("Write", "Add an article from a page, a file, a URL or options.")(add)
_command("Write", "Import articles from JSON Lines, JSON, TOML, HTML or feeds.", "import")(import_)
_command("Write", "Edit an article's file in your editor; checked before saving.")(edit)
_command(
    "Write",
    "Add or remove an article's tags.",
    cls=TagCommand,
    context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]},
)(tag)
_command("Write", "Print, fetch or delete an article's stored feature image.")(image)
_command("Write", "Move articles to the trash.")(rm)
_command("Write", "Bring an article back from the trash.")(restore)
_command("Discuss", "Rate an article from 1 to 5 stars, or take the rating back.")(rate)
_command("Discuss", "Comment, reply or give feedback on a passage; edit, delete.")(comment)
_command("Discuss", "Vote a comment up or down, or take your vote back.")(vote)
_command("Discuss", "Have an article's new comments reach your inbox.")(subscribe)
_command("Discuss", "Stop an article's new comments reaching your inbox.")(unsubscribe)
_command("Discuss", "Replies, mentions and followed comments that reached you.")(inbox)
_command("Discuss", "Say who newscli takes you for, and why.")(whoami)
# Sharing through git (git merges a file with newscli.merge_driver).
_command("Share", "Share the store through git: commit, fetch, merge, push.")(sync)
_command("Share", "Settle the conflicts a merge noted in an article.")(resolve)
app.add_typer(
    people, rich_help_panel="Share", short_help="Who is who: display names and signing keys."
)
_command("Share", "Export articles: jsonl, json, toml, markdown, html, text, site.")(export)
_command("Upkeep", "Check every file and report problems; --fix mends some.", "check")(check_)
_command("Upkeep", "List the articles in the trash, or empty it.", "trash")(trash_)
_command("Upkeep", "Rebuild the index from the article files.")(reindex)
_command("Upkeep", "Print the data directory, or the config file's path.")(path)


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
        message = " ".join(exc.format_message().split())  # Click lays some out on lines
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
