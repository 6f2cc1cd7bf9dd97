"""The history of finished playthroughs: one row per run in the data folder's database.

Each entry keeps what a learner needs to see progress over weeks (scores,
ending, outcome, mode, whether rewinds were used) and what an export needs to
rebuild the conversation (the steps and the scenario's content hash). A run
is recorded once: its `run_id` is unique, and recording it forgets its save
in the same transaction, so neither a second window nor a kill at any moment
can lose it or count it twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from offscript.engine.active_run import Mode, new_run_id
from offscript.engine.model import OUTCOMES, SCORES
from offscript.engine.playthrough import Playthrough
from offscript.storage import shapes
from offscript.storage.database import Database
from offscript.storage.saves import now

SCORE_BOUND = 1_000_000  # no run of any scenario comes near; a larger score is damage, not practice

ENTRY_SHAPE = shapes.record(
    {
        "scenario": shapes.SCENARIO_ID,
        "finished": shapes.TIME,
        "scores": shapes.table(shapes.one_of(*SCORES), shapes.whole(-SCORE_BOUND, SCORE_BOUND)),
        "ending": shapes.NODE_ID,
        "outcome": shapes.one_of(*OUTCOMES),
    },
    {
        "title": (shapes.text(1_000), ""),
        "content_hash": (shapes.CONTENT_HASH, ""),
        "started": (shapes.TIME, ""),
        "mode": (shapes.mode, Mode.COACH),  # files from before modes name none
        "steps": (shapes.STEPS, []),
        "ending_title": (shapes.text(1_000), ""),
        "rewinds": (shapes.whole(0, shapes.BIG), 0),
    },
)


@dataclass(frozen=True)
class HistoryEntry:
    scenario_id: str
    title: str
    content_hash: str
    started: str
    finished: str
    mode: Mode
    steps: tuple[tuple[str, int], ...]
    scores: dict[str, int]
    ending: str
    ending_title: str
    outcome: str
    rewinds: int = 0
    run_id: str = field(default_factory=new_run_id)

    @property
    def total(self) -> int:
        return sum(self.scores.values())

    def to_json(self) -> dict[str, Any]:
        """The entry as `offscript history --json` prints it (the keys of history.json version 1)."""
        return {
            "scenario": self.scenario_id,
            "title": self.title,
            "content_hash": self.content_hash,
            "started": self.started,
            "finished": self.finished,
            "mode": self.mode,
            "steps": [[node, choice] for node, choice in self.steps],
            "scores": dict(self.scores),
            "ending": self.ending,
            "ending_title": self.ending_title,
            "outcome": self.outcome,
            "rewinds": self.rewinds,
            "used_rewinds": self.rewinds > 0,
        }

    @classmethod
    def from_json(cls, data: object, run_id: str = "") -> HistoryEntry:
        """An entry in the documented shape; ShapeError (a ValueError) naming what is wrong otherwise."""
        checked = shapes.checked(data, ENTRY_SHAPE, "entry")
        return cls(
            scenario_id=checked["scenario"],
            title=checked["title"] or checked["scenario"],
            content_hash=checked["content_hash"],
            started=checked["started"],
            finished=checked["finished"],
            mode=checked["mode"],
            steps=tuple(checked["steps"]),
            scores={name: checked["scores"].get(name, 0) for name in SCORES},
            ending=checked["ending"],
            ending_title=checked["ending_title"] or checked["ending"],
            outcome=checked["outcome"],
            rewinds=checked["rewinds"],
            run_id=run_id or new_run_id(),
        )

    @classmethod
    def of(cls, run: Playthrough, mode: Mode, started: str, rewinds: int, run_id: str) -> HistoryEntry:
        ending = run.ending
        assert ending is not None, "only finished runs go into the history"
        return cls(
            scenario_id=run.scenario.id,
            title=run.scenario.title,
            content_hash=run.scenario.content_hash,
            started=started,
            finished=now(),
            mode=mode,
            steps=tuple((s.node, s.choice) for s in run.state.steps),
            scores={name: run.state.scores.get(name, 0) for name in SCORES},
            ending=run.state.node,
            ending_title=ending.title,
            outcome=ending.outcome,
            rewinds=rewinds,
            run_id=run_id,
        )


@dataclass(frozen=True)
class ScenarioRecord:
    """What the library shows of a scenario's history: the best run, the last one and how many."""

    best: HistoryEntry
    last: HistoryEntry
    runs: int


COLUMNS = (
    "run_id, scenario, title, content_hash, started, finished, mode, steps, "
    "empathy, ownership, customer_first, ending, ending_title, outcome, rewinds"
)


def insert_entry(connection: sqlite3.Connection, entry: HistoryEntry) -> bool:
    """Record one run inside the caller's transaction; False when this run was already recorded."""
    cursor = connection.execute(
        f"INSERT OR IGNORE INTO runs ({COLUMNS}, total) VALUES ({', '.join('?' * 16)})",
        (
            entry.run_id,
            entry.scenario_id,
            entry.title,
            entry.content_hash,
            entry.started,
            entry.finished,
            entry.mode.value,
            json.dumps([[node, choice] for node, choice in entry.steps]),
            *(entry.scores.get(name, 0) for name in SCORES),
            entry.ending,
            entry.ending_title,
            entry.outcome,
            entry.rewinds,
            entry.total,
        ),
    )
    return cursor.rowcount == 1


def _from_row(row: tuple[Any, ...]) -> HistoryEntry:
    """A row read back through the same shape as a file's entry: a database can be damaged too."""
    (run_id, scenario, title, content_hash, started, finished, mode, steps, *scores) = row[:11]
    ending, ending_title, outcome, rewinds = row[11:15]
    try:
        step_list = shapes.parse_json(steps.encode()) if isinstance(steps, str) else steps
    except shapes.ShapeError as exc:
        raise shapes.ShapeError(f"entry.steps: {exc}") from None
    if not isinstance(run_id, str) or not run_id:
        raise shapes.ShapeError("is not a run id", "entry.run_id")
    return HistoryEntry.from_json(
        {
            "scenario": scenario,
            "title": title,
            "content_hash": content_hash,
            "started": started,
            "finished": finished,
            "mode": mode,
            "steps": step_list,
            "scores": dict(zip(SCORES, scores, strict=True)),
            "ending": ending,
            "ending_title": ending_title,
            "outcome": outcome,
            "rewinds": rewinds,
        },
        run_id,
    )


class HistoryStore:
    """The finished runs of one data folder. Reading never raises; writing raises StorageError."""

    def __init__(self, folder: Path, database: Database | None = None) -> None:
        self.database = database or Database(folder)

    def record(self, entry: HistoryEntry) -> bool:
        """Record a finished run and forget its save, in one transaction; False if it was recorded before."""
        with self.database.writing() as connection:
            added = insert_entry(connection, entry)
            connection.execute("DELETE FROM saves WHERE run_id = ?", (entry.run_id,))
        return added

    def load(self, scenario_id: str | None = None) -> tuple[list[HistoryEntry], str]:
        """Every finished run (of one scenario, if given), oldest first, and a one-line problem."""
        where, parameters = ("WHERE scenario = ?", (scenario_id,)) if scenario_id else ("", ())
        rows: list[tuple[Any, ...]] = []
        with self.database.reading() as connection:
            if connection is not None:
                rows = connection.execute(f"SELECT {COLUMNS} FROM runs {where} ORDER BY seq", parameters).fetchall()
            else:
                return self._read_legacy(scenario_id)
        return self._entries(rows)

    def for_scenario(self, scenario_id: str) -> list[HistoryEntry]:
        return self.load(scenario_id)[0]

    def records(self, scenario_ids: Iterable[str]) -> tuple[dict[str, ScenarioRecord], str]:
        """Best run, last run and count for each scenario: a few indexed rows, however long the history."""
        found: dict[str, ScenarioRecord] = {}
        skipped = 0
        with self.database.reading() as connection:
            if connection is None:
                return self._legacy_records(scenario_ids)
            for scenario_id in scenario_ids:
                try:
                    record = _record(connection, scenario_id)
                except shapes.ShapeError:
                    skipped += 1
                    continue
                if record is not None:
                    found[scenario_id] = record
        return found, self._problem(skipped)

    # --- reading helpers --------------------------------------------------------------------

    def _entries(self, rows: Iterable[tuple[Any, ...]]) -> tuple[list[HistoryEntry], str]:
        entries: list[HistoryEntry] = []
        skipped = 0
        for row in rows:
            try:
                entries.append(_from_row(row))
            except shapes.ShapeError:
                skipped += 1
        return entries, self._problem(skipped)

    def _problem(self, skipped: int) -> str:
        problems = list(self.database.problems)
        self.database.problems.clear()
        if skipped:
            problems.append(
                f"{skipped} unreadable entr{'y' if skipped == 1 else 'ies'} in {self.database.path.name} skipped"
            )
        return "; ".join(problems)

    def _read_legacy(self, scenario_id: str | None) -> tuple[list[HistoryEntry], str]:
        """No database and none can be made (a read-only folder): the history.json of earlier versions.

        A database that is there but cannot be read (made by a newer Offscript, say)
        is not replaced by the older file, which would show a history out of date.
        """
        from offscript.storage.legacy import read_history_file

        if self.database.exists:
            return [], self._problem(0)
        entries, problem = read_history_file(self.database.folder)
        if scenario_id:
            entries = [e for e in entries if e.scenario_id == scenario_id]
        return entries, "; ".join(p for p in (self._problem(0), problem) if p)

    def _legacy_records(self, scenario_ids: Iterable[str]) -> tuple[dict[str, ScenarioRecord], str]:
        entries, problem = self._read_legacy(None)
        wanted = set(scenario_ids)
        by_scenario: dict[str, list[HistoryEntry]] = {}
        for entry in entries:
            if entry.scenario_id in wanted:
                by_scenario.setdefault(entry.scenario_id, []).append(entry)
        records = {
            scenario_id: ScenarioRecord(max(runs, key=lambda e: e.total), runs[-1], len(runs))
            for scenario_id, runs in by_scenario.items()
        }
        return records, problem


def _record(connection: sqlite3.Connection, scenario_id: str) -> ScenarioRecord | None:
    """One scenario's record from the two indexes and the run count kept by a trigger."""
    count_row = connection.execute("SELECT runs FROM run_counts WHERE scenario = ?", (scenario_id,)).fetchone()
    if count_row is None:
        return None
    best = connection.execute(
        f"SELECT {COLUMNS} FROM runs WHERE scenario = ? ORDER BY total DESC, seq LIMIT 1", (scenario_id,)
    ).fetchone()
    last = connection.execute(
        f"SELECT {COLUMNS} FROM runs WHERE scenario = ? ORDER BY seq DESC LIMIT 1", (scenario_id,)
    ).fetchone()
    if best is None or last is None:
        return None
    return ScenarioRecord(_from_row(best), _from_row(last), int(count_row[0]))
