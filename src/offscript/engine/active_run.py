"""A run in progress as one typed value, and the mode it is played in.

The game hands an `ActiveRun` from screen to screen (briefing, play, ending)
instead of six loose values, and the saves and history record its `Mode`.
A mode is a type, not a bare string: a data file naming a mode this version
does not know is reported as unreadable rather than quietly becoming coach.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from enum import StrEnum

from offscript.engine.analysis import Analysis
from offscript.engine.model import Scenario
from offscript.engine.playthrough import Playthrough
from offscript.engine.start import Start


class Mode(StrEnum):
    """How a run is played: what the coach shows while it lasts."""

    COACH = "coach"  # feedback and scores after every choice; undo and rewinds
    ASSESSMENT = "assessment"  # the customer's reactions only; the coach waits for the debrief
    CLASSROOM = "classroom"  # a room decides together on a shared screen

    @property
    def coaching(self) -> bool:
        """Whether the coach's feedback, the scores and undo are shown while playing."""
        return self is not Mode.ASSESSMENT

    @classmethod
    def parse(cls, value: object) -> Mode:
        """The mode a data file names; ValueError for anything else."""
        if isinstance(value, str) and value in cls._value2member_map_:
            return cls(value)
        known = ", ".join(f"'{mode.value}'" for mode in cls)
        raise ValueError(f"unknown mode {value!r} (known: {known})")


def new_run_id() -> str:
    """A name for one playthrough, unique across windows and machines: the history records each once."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class ActiveRun:
    """A scenario being played: what it is, how it is played, and where the run stands."""

    scenario: Scenario
    analysis: Analysis | None
    mode: Mode
    run: Playthrough
    started: str  # ISO time the run began; kept across resumes and rewinds
    rewinds: int = 0
    run_id: str = field(default_factory=new_run_id)  # kept across moves and rewinds; new for a new run
    test_from: Start | None = None  # a tester's start (`play --from/--set`): a test, never saved nor recorded

    @classmethod
    def new(
        cls, scenario: Scenario, analysis: Analysis | None, mode: Mode, started: str, test_from: Start | None = None
    ) -> ActiveRun:
        run = Playthrough.start(scenario, test_from)
        return cls(scenario, analysis, mode, run, started, test_from=test_from)

    @property
    def is_test(self) -> bool:
        """Whether this run began where a tester chose: its result says nothing about the player, so it is not kept."""
        return self.test_from is not None

    def moved(self, run: Playthrough) -> ActiveRun:
        """The same run, moved on (or back) to `run`."""
        return replace(self, run=run)

    def rewound(self, run: Playthrough) -> ActiveRun:
        """Back to an earlier decision: counted, because the history notes runs that used rewinds.

        Rewinding from an ending starts a new playthrough for the history (the
        finished one is already recorded), so it gets a new id.
        """
        run_id = new_run_id() if self.run.is_over else self.run_id
        return replace(self, run=run, rewinds=self.rewinds + 1, run_id=run_id)

    def again(self, started: str) -> ActiveRun:
        """A fresh run of the same scenario in the same mode, from the same start."""
        return ActiveRun.new(self.scenario, self.analysis, self.mode, started, self.test_from)
