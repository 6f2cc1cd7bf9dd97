"""The game's commands: what each screen (and the app) offers in the command palette.

Kept free of textual.command so that defining commands costs nothing at start-up;
the palette's Provider lives in palette.py and is imported when the palette opens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from textual.screen import Screen


class GameCommand(NamedTuple):
    title: str  # may hold scenario text (shown plain)
    help: str  # our own text only: the palette parses it as markup
    callback: Callable[[], object]


def screen_commands(screen: Screen) -> Iterable[GameCommand]:
    """The commands a screen offers (screens define `game_commands()`)."""
    commands = getattr(screen, "game_commands", None)
    return commands() if callable(commands) else ()
