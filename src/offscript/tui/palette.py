"""The command palette (ctrl+p) and its provider for the game's commands."""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider

from offscript.tui.commands import GameCommand, screen_commands
from offscript.tui.safe import plain
from offscript.tui.screens.base import closed_already


class GamePalette(CommandPalette):
    """Textual's command palette, safe against input faster than the screen.

    Two of its ways of closing (a click on the background, escape) may both
    be queued before it closes; Textual's palette then closes the screen
    beneath it too, or fails when that is the last. Its page keys fail on a
    list of commands that has not been laid out yet (Textual's OptionList
    reads the lines it has not measured).
    """

    BINDINGS = [
        Binding("pagedown", "page('page_down')", "Next page", show=False),
        Binding("pageup", "page('page_up')", "Previous page", show=False),
    ]

    def dismiss(self, result: None = None) -> AwaitComplete:
        if closed_already(self):
            return AwaitComplete.nothing()
        return super().dismiss(result)

    def action_page(self, action: str) -> None:
        """A page of commands, once the list has a size to page through."""
        commands = self.query_one(CommandList)
        if commands.scrollable_content_region:
            getattr(commands, f"action_{action}")()


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
