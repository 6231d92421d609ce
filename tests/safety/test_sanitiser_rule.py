"""The rule the code cannot forget: every way out to the terminal passes tui.textsafe.

Walks the AST of every module under ``tui/`` and fails on a way around the sanitiser:
a toast that skips ``WinnowApp.notify`` (``App.notify(self, …)``, ``super().notify``
elsewhere, a hand-made ``Notification``/``Notify``), a raw terminal write (``_driver``
outside the app's one OSC 52 writer), an ``Input``/``TextArea`` that is not the safe
kind, markup switched on, a CLI byte path around the inert streams (``sys.__stdout__``,
``.buffer``, ``os.write``, ``print(file=…)`` to anything but stdout/stderr), and a CLI
``main`` that does not put its streams behind the guard.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tui.exchange.clipboard import is_osc52, osc52_sequence

TUI = Path(__file__).resolve().parents[2] / "tui"
MODULES = sorted(TUI.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(TUI.parent)}:{getattr(node, 'lineno', '?')}"


def _enclosing_functions(tree: ast.Module) -> dict[ast.AST, str]:
    """Each node's innermost enclosing ``Class.function`` (or function) name."""
    owner: dict[ast.AST, str] = {}

    def visit(node: ast.AST, name: str, cls: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, name, child.name)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = f"{cls}.{child.name}" if cls else child.name
                owner[child] = inner
                visit(child, inner, cls)
            else:
                owner[child] = name
                visit(child, name, cls)

    visit(tree, "", "")
    return owner


def _violations() -> list[str]:
    found = []
    for path in MODULES:
        tree = _tree(path)
        rel = path.relative_to(TUI).as_posix()
        owner = _enclosing_functions(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                # toasts: only WinnowApp.notify may call Textual's own
                if isinstance(func, ast.Attribute) and func.attr == "notify":
                    target = func.value
                    if isinstance(target, ast.Name) and target.id in (
                        "App", "Widget", "Screen", "DOMNode", "ModalScreen"
                    ):  # fmt: skip
                        found.append(f"{_where(path, node)} {target.id}.notify bypasses the app's")
                    if (
                        isinstance(target, ast.Call)
                        and isinstance(target.func, ast.Name)
                        and target.func.id == "super"
                        and not (rel == "app.py" and owner.get(node) == "WinnowApp.notify")
                    ):
                        found.append(f"{_where(path, node)} super().notify outside WinnowApp")
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name in ("Notification", "Notify"):
                    found.append(f"{_where(path, node)} builds a {name} by hand")
                if name in ("Input", "TextArea") and rel not in (
                    "widgets/literal.py",
                    "widgets/safe_text_area.py",
                ):
                    found.append(f"{_where(path, node)} a bare {name}: use Safe{name}")
                # The help screen is the one place that writes markup: winnow's own help
                # text (the method, each pane's notes), never a string from outside.
                if name in ("from_markup", "from_ansi") and rel != "screens/help.py":
                    found.append(f"{_where(path, node)} reads outside text as markup")
                for keyword in node.keywords:
                    if (
                        keyword.arg == "markup"
                        and isinstance(keyword.value, ast.Constant)
                        and keyword.value.value is True
                    ):
                        found.append(f"{_where(path, node)} markup=True")
                if rel.startswith("cli/"):
                    if name == "print":
                        for keyword in node.keywords:
                            if keyword.arg == "file" and not (
                                isinstance(keyword.value, ast.Attribute)
                                and isinstance(keyword.value.value, ast.Name)
                                and keyword.value.value.id == "sys"
                                and keyword.value.attr in ("stdout", "stderr")
                            ):
                                found.append(f"{_where(path, node)} print to another file")
                    if (
                        isinstance(func, ast.Attribute)
                        and func.attr == "write"
                        and isinstance(func.value, ast.Name)
                        and func.value.id == "os"
                    ):
                        found.append(f"{_where(path, node)} os.write around the guard")
            if isinstance(node, ast.Attribute):
                if node.attr == "_driver" and rel != "app.py":
                    found.append(f"{_where(path, node)} writes to the terminal raw (_driver)")
                if rel.startswith("cli/") and node.attr in ("__stdout__", "__stderr__", "buffer"):
                    found.append(f"{_where(path, node)} {node.attr}: a path around the guard")
    return found


def test_no_way_around_the_sanitiser() -> None:
    assert _violations() == []


def _named(func: ast.AST) -> bool:
    return isinstance(func, ast.Name)


def test_the_cli_main_puts_every_command_behind_the_guard() -> None:
    tree = _tree(TUI / "cli" / "__init__.py")
    main = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main")
    calls = {
        n.func.id
        for n in ast.walk(main)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    }
    assert {"guard_output", "arguments"} <= calls


@pytest.mark.parametrize(
    "bad",
    [
        "from textual.app import App\nclass W:\n    def f(self):\n        App.notify(self, 'x')\n",
        "class W:\n    def f(self):\n        super().notify('x')\n",
        "from textual.widgets import Input\nx = Input()\n",
        "class W:\n    def f(self):\n        self.app._driver.write('x')\n",
        "from textual.widgets import Static\nStatic('x', markup=True)\n",
    ],
)
def test_the_walker_catches_each_kind_of_bypass(bad, tmp_path, monkeypatch) -> None:
    planted = tmp_path / "tui" / "widgets" / "planted.py"
    planted.parent.mkdir(parents=True)
    planted.write_text(bad)
    monkeypatch.setitem(globals(), "TUI", tmp_path / "tui")
    monkeypatch.setitem(globals(), "MODULES", [planted])
    assert len(_violations()) == 1


def test_the_one_raw_writer_takes_only_osc52() -> None:
    for env in ({}, {"TMUX": "/tmp/t"}, {"STY": "1"}):
        assert is_osc52(osc52_sequence("a title\x1b[2J", env=env))  # base64 makes it inert
    for bad in (b"\x1b]0;owned\x07", b"\x1b]52;c;aGk=\x07\x1b[2J", b"", b"\x1b]52;c;a b\x07"):
        assert not is_osc52(bad)
