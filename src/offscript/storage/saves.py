"""Autosaves of unfinished runs: one row per run in the data folder's database.

A save records the scenario id, a hash of the scenario file's content and the
choices taken, nothing derived: resuming replays the choices. So a save
survives edits to the scenario whenever its choices still fit, and when they
do not, the replay says exactly which decision no longer fits.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offscript.engine.active_run import ActiveRun, Mode, new_run_id
from offscript.engine.model import NODE_ID_PATTERN, Scenario
from offscript.engine.playthrough import PlayError, Playthrough
from offscript.engine.walk import replayed
from offscript.storage import shapes
from offscript.storage.database import Database
from offscript.storage.files import read_json
from offscript.storage.shapes import ShapeError, parse_json

SAVE_FORMAT = "offscript-save"
SAVE_VERSION = 1


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


SAVE_SHAPE = shapes.record(
    {"scenario": shapes.SCENARIO_ID, "content_hash": shapes.CONTENT_HASH, "steps": shapes.STEPS},
    {
        "run_id": (shapes.text(100), ""),
        "mode": (shapes.mode, Mode.COACH),  # files from before modes name none
        "started": (shapes.TIME, ""),
        "updated": (shapes.TIME, ""),
        "node": (shapes.text(1_000, rf"(?:{NODE_ID_PATTERN})?"), ""),
        "rewinds": (shapes.whole(0, shapes.BIG), 0),
    },
)


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
    run_id: str = field(default_factory=new_run_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SAVE_FORMAT,
            "version": SAVE_VERSION,
            "run_id": self.run_id,
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
    def from_json(cls, data: object) -> Save:
        """A save in the documented shape; ShapeError (a ValueError) naming what is wrong otherwise."""
        return cls.from_checked(shapes.checked(data, SAVE_SHAPE, "save"))

    @classmethod
    def from_checked(cls, checked: dict[str, Any]) -> Save:
        return cls(
            scenario_id=checked["scenario"],
            content_hash=checked["content_hash"],
            mode=checked["mode"],
            started=checked["started"],
            steps=tuple(checked["steps"]),
            node=checked["node"],
            rewinds=checked["rewinds"],
            updated=checked["updated"],
            run_id=checked["run_id"] or new_run_id(),  # files of version 1 have none
        )

    @classmethod
    def of(cls, active: ActiveRun) -> Save:
        run = active.run
        steps = tuple((s.node, s.choice) for s in run.state.steps)
        return cls(
            run.scenario.id,
            run.scenario.content_hash,
            active.mode,
            active.started,
            steps,
            run.state.node,
            active.rewinds,
            run_id=active.run_id,
        )


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


SAVE_COLUMNS = "run_id, scenario, content_hash, mode, started, updated, steps, node, rewinds"


class SaveStore:
    """The unfinished runs of one data folder, a row per run. Reading never raises; writing raises StorageError.

    Each run has its own row, so two windows playing the same scenario never
    overwrite each other's run, and finishing or discarding a run removes only
    its own row.
    """

    def __init__(self, folder: Path, database: Database | None = None) -> None:
        self.database = database or Database(folder)

    def latest(self, scenario_id: str) -> tuple[Save | None, str]:
        """The most recently saved unfinished run of a scenario, or None; plus a one-line problem."""
        rows: list[tuple[object, ...]] = []
        with self.database.reading() as connection:
            if connection is not None:
                rows = connection.execute(
                    f"SELECT {SAVE_COLUMNS} FROM saves WHERE scenario = ? ORDER BY updated DESC, rowid DESC",
                    (scenario_id,),
                ).fetchall()
        problems = list(self.database.problems)
        self.database.problems.clear()
        for row in rows:
            try:
                return _save_from_row(row), "; ".join(problems)
            except ShapeError as exc:
                problems.append(f"an unfinished run of '{scenario_id}' could not be read ({exc}); it was skipped")
        return None, "; ".join(problems)

    def unfinished(self, scenario_ids: Iterable[str]) -> set[str]:
        """Which of these scenarios have an unfinished run."""
        wanted = set(scenario_ids)
        found: set[str] = set()
        with self.database.reading() as connection:
            if connection is not None:
                found = {row[0] for row in connection.execute("SELECT DISTINCT scenario FROM saves")}
        return found & wanted

    def write(self, save: Save) -> None:
        with self.database.writing() as connection:
            write_row(connection, save)

    def claim(self, save: Save, run_id: str) -> bool:
        """Take over a saved run under a new id; False if another window took it first.

        A window that continues a saved run claims it, so the window that saved it
        (still playing, perhaps) and this one each go on with a run of their own.
        """
        with self.database.writing() as connection:
            cursor = connection.execute("UPDATE saves SET run_id = ? WHERE run_id = ?", (run_id, save.run_id))
        return cursor.rowcount == 1

    def discard(self, run_id: str) -> None:
        """Forget one unfinished run (it was finished, or started over)."""
        with self.database.writing() as connection:
            connection.execute("DELETE FROM saves WHERE run_id = ?", (run_id,))


def write_row(connection: sqlite3.Connection, save: Save) -> None:
    """Insert or replace one run's save, inside the caller's transaction."""
    connection.execute(
        f"INSERT OR REPLACE INTO saves ({SAVE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            save.run_id,
            save.scenario_id,
            save.content_hash,
            save.mode.value,
            save.started,
            save.updated,
            json.dumps([[node, choice] for node, choice in save.steps]),
            save.node,
            save.rewinds,
        ),
    )


def _save_from_row(row: tuple[object, ...]) -> Save:
    run_id, scenario, content_hash, mode, started, updated, steps, node, rewinds = row
    step_list = parse_json(steps.encode()) if isinstance(steps, str) else steps
    data = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "run_id": run_id,
        "scenario": scenario,
        "content_hash": content_hash,
        "mode": mode,
        "started": started,
        "updated": updated,
        "steps": step_list,
        "node": node,
        "rewinds": rewinds,
    }
    return Save.from_json(data)


def read_save_file(path: Path) -> tuple[Save | None, str]:
    """A version 1 save file (`saves/<id>.json` of earlier versions); a bad one is moved aside."""
    result = read_json(path, SAVE_FORMAT, (SAVE_VERSION,), SAVE_SHAPE)
    if result.data is None:
        return None, result.problem
    return Save.from_checked(result.data), ""
