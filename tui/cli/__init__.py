"""The ``winnow`` command line.

Each sub-module registers its own sub-commands; a command is a function
``(args) -> int``. A :class:`~tui.errors.WinnowError` becomes one line on
stderr and exit status 1; argparse's usage errors exit 2. Commands that need no
UI never import Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tui import __version__
from tui.cli.guard import arguments, guard_output
from tui.errors import WinnowError

# Modules that add sub-commands; each has ``register(subparsers)``.
COMMAND_MODULES = (
    "tui.cli.state",
    "tui.cli.search",
    "tui.cli.reading",
    "tui.cli.exchange",
    "tui.cli.graph",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="winnow",
        description="Triage research papers: search, shortlist, cut to three, read in four stages.",
    )
    parser.add_argument("--version", action="version", version=f"winnow {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open the app on a built-in offline sample topic"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(arguments(argv))
    restore = guard_output() if args.command is not None else None  # not for the TUI's own output
    try:
        if args.command is None:
            from tui.cli.run_app import run_app

            return run_app(demo=args.demo)
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
