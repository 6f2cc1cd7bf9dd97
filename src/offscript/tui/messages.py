"""What screens tell the app: the app alone decides which screen comes next.

Screens post these and never construct or push one another (dialogs opened
with a callback aside), so no screen imports another and a new client of a
run, such as classroom play, adds a screen and a handler, not a web of imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.message import Message

from offscript.engine.active_run import ActiveRun, Mode
from offscript.engine.diagnostics import Diagnostic
from offscript.storage.saves import Save

if TYPE_CHECKING:
    from textual.screen import Screen


class ScreenRequest(Message):
    """A screen asks the app to go somewhere; the app acts only while that screen is still on top.

    Keys and clicks come faster than the screen: Enter twice on the library
    asked twice to open a scenario, 'p' twice on the ending to play again.
    The first request moves the game on; the second comes from a screen that
    is no longer shown, and is dropped. `origin` is set by the screen that
    posts it (`GameScreen.request`); None means whoever is on top.
    """

    origin: Screen | None = None


class OpenScenario(ScreenRequest):
    """Open a scenario file: its briefing, or its problems when it cannot be played.

    `problems`: what the library found beyond the file alone (another file offered
    under its id, OS600); with any, the file's problems are shown, not its briefing.
    """

    def __init__(self, path: str, problems: Sequence[Diagnostic] = ()) -> None:
        super().__init__()
        self.path = path
        self.problems = tuple(problems)


class OpenClassroom(ScreenRequest):
    """Play a scenario file with a class on a projector (the library's `c`)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class StartRun(ScreenRequest):
    """Play `active` from where it stands: a new run, or a resumed one (`notice` says what changed).

    `forget_save`: a new run in place of this unfinished one, whose save the app discards.
    `claim`: the saved run this one continues, which the app claims for it (another
    window may have claimed it first).
    """

    def __init__(
        self, active: ActiveRun, notice: str = "", *, forget_save: Save | None = None, claim: Save | None = None
    ) -> None:
        super().__init__()
        self.active = active
        self.notice = notice
        self.forget_save = forget_save
        self.claim = claim


class RunEnded(ScreenRequest):
    """The run reached its ending or a dead end: show the debrief and the decision review."""

    def __init__(self, active: ActiveRun) -> None:
        super().__init__()
        self.active = active


class RewindTo(ScreenRequest):
    """Play on from decision `number` (1-based) of `active`, as it stood before it was taken."""

    def __init__(self, active: ActiveRun, number: int) -> None:
        super().__init__()
        self.active = active
        self.number = number


class PlayAgain(ScreenRequest):
    """A fresh run of the same scenario in the same mode (the unfinished one is forgotten)."""

    def __init__(self, active: ActiveRun) -> None:
        super().__init__()
        self.active = active


class BackToLibrary(ScreenRequest):
    """Close everything above the library."""


class ModeChosen(Message):
    """The player chose a mode on a briefing; scenarios opened after it start in that mode."""

    def __init__(self, mode: Mode) -> None:
        super().__init__()
        self.mode = mode
