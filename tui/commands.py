"""The command palette (Ctrl+P): every command of :mod:`tui.keys`, by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.keys import COMMANDS, key_label


class WinnowCommands(Provider):
    """The same commands the footer and the help list, runnable by name."""

    def _commands(self):
        screen = self.screen
        keymap = getattr(self.app, "config", None)
        keymap = keymap.keymap if keymap else {}
        for command in COMMANDS:
            if command.action.startswith("app."):
                target, action = self.app, command.action[4:]
            else:
                target, action = screen, command.action
            name, _, args = action.partition("(")
            if (
                target.check_action(name, tuple(int(a) for a in args.rstrip(")").split(",") if a))
                is not True
            ):
                continue
            title = f"{command.description}  ({key_label(keymap.get(command.id, command.keys))})"
            yield title, command.help, partial(self.app.run_action, action, target)

    async def discover(self) -> Hits:
        for title, help_text, run in self._commands():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._commands():
            score = max(matcher.match(title), matcher.match(help_text))
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
