"""The base of Offscript's screens and dialogs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen

from offscript.engine.active_run import ActiveRun, Mode
from offscript.engine.model import Scenario
from offscript.engine.playthrough import Playthrough
from offscript.tui.messages import ScreenRequest

if TYPE_CHECKING:
    from offscript.tui.store import GameStore


class GameHost(Protocol):
    """What screens may ask of the app: its one door to the data folder. Everything else goes by messages."""

    def game_store(self) -> GameStore: ...


ResultType = TypeVar("ResultType")


def closed_already(screen: Screen[ResultType]) -> bool:
    """Whether `screen` is no longer the one on top, so dismissing it again would close another.

    Textual's `dismiss` pops whatever screen is on top. A second click on a
    dialog's button, or a second answer queued before the first was handled,
    would close the screen beneath it (or fail when that is the last).
    """
    return not screen.is_active


class GameScreen(Screen[None]):
    """A screen that carries its width class (-narrow, -wide) from the start.

    Textual sets the breakpoint class on the first resize, after the widgets
    are styled, and restyles the whole screen; knowing it up front makes that
    first resize a no-op and start-up measurably quicker.
    """

    def __init__(self) -> None:
        super().__init__()
        try:
            app = self.app
        except RuntimeError:  # made outside a running app: the first resize sets it
            return
        width = app.size.width
        reached = [name for edge, name in sorted(app.HORIZONTAL_BREAKPOINTS or []) if width >= edge]
        if reached:
            self.add_class(reached[-1], update=False)

    @property
    def store(self) -> GameStore:
        """The app's saves, history and exports (the app is the only GameHost)."""
        return cast(GameHost, self.app).game_store()

    def request(self, message: ScreenRequest) -> None:
        """Ask the app to go somewhere, as this screen: the app drops it if this screen is no longer on top."""
        message.origin = self
        self.post_message(message)

    def dismiss(self, result: None = None) -> AwaitComplete:
        """Close this screen, once: a late second request must not close the screen beneath."""
        if closed_already(self):
            return AwaitComplete.nothing()
        return super().dismiss(result)


class GameDialog(ModalScreen[ResultType]):
    """A dialog over a screen: it answers once, however fast the keys and clicks come."""

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        """Answer and close, once: a second answer queued behind the first is dropped."""
        if closed_already(self):
            return AwaitComplete.nothing()
        return super().dismiss(result)


class RunScreen(GameScreen):
    """A screen about one run in progress (play, ending): it holds the typed run, handed over whole."""

    def __init__(self, active: ActiveRun) -> None:
        super().__init__()
        self.active = active

    @property
    def scenario(self) -> Scenario:
        return self.active.scenario

    @property
    def run(self) -> Playthrough:
        return self.active.run

    @property
    def mode(self) -> Mode:
        return self.active.mode

    @property
    def coaching(self) -> bool:
        return self.mode.coaching
