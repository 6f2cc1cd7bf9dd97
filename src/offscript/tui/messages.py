"""What screens tell the app: the app alone decides which screen comes next.

Screens post these and never construct or push one another (dialogs opened
with a callback aside), so no screen imports another and a new client of a
run, such as classroom play, adds a screen and a handler, not a web of imports.
"""

from __future__ import annotations

from textual.message import Message

from offscript.engine.active_run import ActiveRun, Mode


class OpenScenario(Message):
    """Open a scenario file: its briefing, or its problems when it cannot be played."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class StartRun(Message):
    """Play `active` from where it stands: a new run, or a resumed one (`notice` says what changed)."""

    def __init__(self, active: ActiveRun, notice: str = "") -> None:
        super().__init__()
        self.active = active
        self.notice = notice


class RunEnded(Message):
    """The run reached its ending or a dead end: show the debrief and the decision review."""

    def __init__(self, active: ActiveRun) -> None:
        super().__init__()
        self.active = active


class RewindTo(Message):
    """Play on from decision `number` (1-based) of `active`, as it stood before it was taken."""

    def __init__(self, active: ActiveRun, number: int) -> None:
        super().__init__()
        self.active = active
        self.number = number


class PlayAgain(Message):
    """A fresh run of the same scenario in the same mode (the unfinished one is forgotten)."""

    def __init__(self, active: ActiveRun) -> None:
        super().__init__()
        self.active = active


class BackToLibrary(Message):
    """Close everything above the library."""


class ModeChosen(Message):
    """The player chose a mode on a briefing; scenarios opened after it start in that mode."""

    def __init__(self, mode: Mode) -> None:
        super().__init__()
        self.mode = mode
