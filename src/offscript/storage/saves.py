"""Autosaves of unfinished runs, one file per scenario: `saves/<scenario id>.json`.

A save records the scenario id, a hash of the scenario file's content and the
choices taken, nothing derived: resuming replays the choices. So a save
survives edits to the scenario whenever its choices still fit, and when they
do not, the replay says exactly which decision no longer fits.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offscript.engine.active_run import Mode
from offscript.engine.model import Scenario
from offscript.engine.playthrough import PlayError, Playthrough
from offscript.engine.walk import replayed
from offscript.storage.files import ReadResult, StorageError, move_aside, read_json, write_json_atomic

SAVE_FORMAT = "offscript-save"
SAVE_VERSION = 1


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


@dataclass(frozen=True)
class Save:
    scenario_id: str
    content_hash: str
    mode: Mode
    started: str
    steps: tuple[tuple[str, int], ...]
    node: str = ""  # where the player was (a `next` node they had not read on from, say)
    rewinds: int = 0
    updated: str = field(default_factory=now)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "scenario": self.scenario_id,
            "content_hash": self.content_hash,
            "mode": self.mode,
            "started": self.started,
            "updated": self.updated,
            "steps": [[node, choice] for node, choice in self.steps],
            "node": self.node,
            "rewinds": self.rewinds,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Save:
        try:
            return cls(
                scenario_id=str(data["scenario"]),
                content_hash=str(data["content_hash"]),
                mode=Mode.parse(data.get("mode", Mode.COACH)),  # files from before modes name none
                started=str(data.get("started", "")),
                steps=tuple((str(n), int(c)) for n, c in data["steps"]),
                node=str(data.get("node", "")),
                rewinds=int(data.get("rewinds", 0)),
                updated=str(data.get("updated", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a save: {exc}") from None

    @classmethod
    def of(cls, run: Playthrough, mode: Mode, started: str, rewinds: int = 0) -> Save:
        steps = tuple((s.node, s.choice) for s in run.state.steps)
        return cls(run.scenario.id, run.scenario.content_hash, mode, started, steps, run.state.node, rewinds)


@dataclass(frozen=True)
class Resumed:
    """The outcome of resuming: a run (or None) and, when the scenario changed, what happened."""

    run: Playthrough | None
    message: str = ""


def resume(scenario: Scenario, save: Save) -> Resumed:
    """Rebuild the saved run on the scenario as it is now."""
    changed = save.content_hash != scenario.content_hash
    try:  # read on through `next` nodes up to where the player was, if that node is still on the way
        run = replayed(scenario, save.steps, reading_on=True, until=save.node)
    except PlayError as exc:
        return Resumed(None, f"The scenario has changed since this run was saved: {exc}. It has to start over.")
    if changed:
        count = len(save.steps)
        return Resumed(
            run,
            f"The scenario has changed since this run was saved; your {count} choice"
            f"{'s' * (count != 1)} still fit and were replayed.",
        )
    return Resumed(run)


class SaveStore:
    """The saves folder. Reading never raises; writing raises StorageError."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, scenario_id: str) -> Path:
        return self.folder / f"{scenario_id}.json"

    def load(self, scenario_id: str) -> tuple[Save | None, str]:
        """The unfinished run of a scenario, or None; plus a one-line problem if a file was moved aside."""
        path = self.path(scenario_id)
        result: ReadResult = read_json(path, SAVE_FORMAT, (SAVE_VERSION,))
        if result.data is None:
            return None, result.problem
        try:
            save = Save.from_json(result.data)
        except ValueError as exc:
            return None, move_aside(path, str(exc))
        if save.scenario_id != scenario_id:
            return None, ""
        return save, ""

    def write(self, save: Save) -> None:
        write_json_atomic(self.path(save.scenario_id), save.to_json())

    def discard(self, scenario_id: str) -> None:
        """Forget the unfinished run (it was finished or started over)."""
        try:
            self.path(scenario_id).unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StorageError(f"cannot remove {self.path(scenario_id)}: {exc.strerror or exc}") from None
