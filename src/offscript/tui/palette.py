"""The command palette's provider for the game's commands (ctrl+p)."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

from offscript.tui.commands import GameCommand, screen_commands
from offscript.tui.safe import plain


class GameCommands(Provider):
    """Offscript's own commands, for the screen the palette was opened on and for the whole app.

    Titles may contain scenario text, so they are shown plain. Help texts are ours alone
    (Textual parses them as markup, and `markup.escape` does not make every string safe).
    """

    def _commands(self) -> list[GameCommand]:
        app_commands = getattr(self.app, "game_commands", None)
        found = list(screen_commands(self.screen))
        if callable(app_commands):
            found += list(app_commands())
        return found

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(plain(command.title), command.callback, text=command.title, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                # Titles may hold scenario text: show them plain (the matcher's highlight parses markup).
                yield Hit(score, plain(command.title), command.callback, text=command.title, help=command.help)
