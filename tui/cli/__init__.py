"""The ``winnow`` command line.

Each sub-module registers its own sub-commands; a command is a function
``(args) -> int``. A :class:`~tui.errors.WinnowError` becomes one line on
stderr and exit status 1; argparse's usage errors exit 2. Commands that need no
UI never import Textual, and a command imports only the module that registers it
(``--version`` and the app's start import none of them).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from tui import __version__
from tui.cli.guard import arguments, guard_output
from tui.errors import WinnowError

# Modules that add sub-commands, each with ``register(subparsers)``, and the sub-commands
# each registers. A command missing here still works (every module is loaded to find it),
# only slower: list a new command with its module.
COMMANDS = {
    "tui.cli.state": ("topic", "add", "eliminate", "keep", "undo", "note", "shortlist"),
    "tui.cli.search": ("search",),
    "tui.cli.reading": ("sections", "read"),
    "tui.cli.exchange": ("export", "import"),
    "tui.cli.graph": ("refs", "cites", "recommend", "news"),
}
COMMAND_MODULES = tuple(COMMANDS)
_HELP = ("-h", "--help")


def _command(argv: Sequence[str]) -> str | None:
    """The one command ``argv`` runs, when it names a known one."""
    command = next((a for a in argv if not a.startswith("-")), None)
    known = any(command in names for names in COMMANDS.values())
    return command if known else None


def modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The modules ``argv`` needs: its command's, all for help or an unknown command, or none
    (``--version``, the app)."""
    command = next((a for a in argv if not a.startswith("-")), None)
    if command is None:
        return COMMAND_MODULES if any(a in _HELP for a in argv) else ()
    return tuple(m for m, names in COMMANDS.items() if command in names) or COMMAND_MODULES


class _Parser(argparse.ArgumentParser):
    """argparse's parser, told the terminal's width: its own formatter imports shutil (and
    its compression modules, ~3 ms) to ask, on every command, even one that prints no help."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        try:
            columns = int(os.environ.get("COLUMNS", "")) or os.get_terminal_size(1).columns
        except (ValueError, OSError):
            columns = 80
        return self.formatter_class(prog=self.prog, width=max(columns, 40) - 2)


class _Only:
    """The sub-parsers action, seen by a module's ``register``, that builds only the
    parser of the command being run: building every parser of the module (each one asks
    gettext for its help texts, a file search per call) was ~3 ms of every command."""

    def __init__(self, sub: argparse._SubParsersAction, command: str) -> None:
        self._sub, self._command = sub, command

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if name == self._command:
            return self._sub.add_parser(name, **kwargs)
        return _Unused()


class _Unused:
    """A parser of a command not being run: whatever is asked of it is not built."""

    def __getattr__(self, name: str) -> Callable[..., _Unused]:
        return lambda *args, **kwargs: self


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv`` (default: every command, as for ``--help``)."""
    parser = _Parser(
        prog="winnow",
        description="Triage research papers: search, shortlist, cut to three, read in four stages.",
    )
    parser.add_argument("--version", action="version", version=f"winnow {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a built-in offline sample topic"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    command = None if argv is None else _command(argv)
    target = sub if command is None else _Only(sub, command)
    for name in COMMAND_MODULES if argv is None else modules_for(argv):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.register(target)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = arguments(sys.argv[1:] if argv is None else argv)
    restore = None
    try:
        if argv in ([], ["--demo"]):  # the app: no parser to build
            return _run_app(demo=bool(argv))
        args = build_parser(argv).parse_args(argv)
        if args.command is None:
            return _run_app(demo=args.demo)
        restore = guard_output()  # a command's output, never the TUI's own
        return int(args.func(args) or 0)
    except WinnowError as error:
        print(f"winnow: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("winnow: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last resort: a bug still gets one line, not a traceback
        log = _log_crash()
        print(
            f"winnow: internal error: {type(error).__name__}: {error} (details in {log})",
            file=sys.stderr,
        )
        return 1
    finally:
        if restore is not None:
            restore()
        workers = sys.modules.get("tui.pdf.workers")
        if workers is not None:  # a spare parse child no request came for
            workers.discard_spare()


def _run_app(*, demo: bool) -> int:
    from tui import startup

    startup.pause()  # until the app has started: see tui.startup
    try:
        from tui.cli.run_app import run_app

        return run_app(demo=demo)
    finally:
        startup.resume()


def _log_crash() -> str:
    import traceback

    from tui import paths

    try:
        path = paths.ensure(paths.cache_dir()) / "crash.log"
        with open(path, "a", encoding="utf-8") as handle:
            traceback.print_exc(file=handle)
        return str(path)
    except OSError:
        return "nowhere: the cache dir is not writable"
