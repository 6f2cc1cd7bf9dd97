"""The history of finished playthroughs: one JSON file, rewritten atomically after each run.

Each entry keeps what a learner needs to see progress over weeks (scores,
ending, outcome, mode, whether rewinds were used) and what an export needs to
rebuild the conversation (the steps and the scenario's content hash).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offscript.engine.active_run import Mode
from offscript.engine.playthrough import Playthrough
from offscript.storage.files import read_json, write_json_atomic
from offscript.storage.saves import now

HISTORY_FORMAT = "offscript-history"
HISTORY_VERSION = 1


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

    @property
    def total(self) -> int:
        return sum(self.scores.values())

    def to_json(self) -> dict[str, Any]:
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
    def from_json(cls, data: dict[str, Any]) -> HistoryEntry:
        try:
            return cls(
                scenario_id=str(data["scenario"]),
                title=str(data.get("title", data["scenario"])),
                content_hash=str(data.get("content_hash", "")),
                started=str(data.get("started", "")),
                finished=str(data["finished"]),
                mode=Mode.parse(data.get("mode", Mode.COACH)),  # files from before modes name none
                steps=tuple((str(n), int(c)) for n, c in data.get("steps", [])),
                scores={str(k): int(v) for k, v in dict(data["scores"]).items()},
                ending=str(data["ending"]),
                ending_title=str(data.get("ending_title", data["ending"])),
                outcome=str(data["outcome"]),
                rewinds=int(data.get("rewinds", 0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a history entry: {exc}") from None

    @classmethod
    def of(cls, run: Playthrough, mode: Mode, started: str, rewinds: int) -> HistoryEntry:
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
            scores=dict(run.state.scores),
            ending=run.state.node,
            ending_title=ending.title,
            outcome=ending.outcome,
            rewinds=rewinds,
        )


class HistoryStore:
    """history.json in the data folder. Reading never raises; writing raises StorageError."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> tuple[list[HistoryEntry], str]:
        """Every finished run, oldest first, and a one-line problem if the file was moved aside."""
        result = read_json(self.path, HISTORY_FORMAT, (HISTORY_VERSION,))
        if result.data is None:
            return [], result.problem
        entries: list[HistoryEntry] = []
        skipped = 0
        for item in result.data.get("runs", []) if isinstance(result.data.get("runs"), list) else []:
            try:
                entries.append(HistoryEntry.from_json(item))
            except ValueError:
                skipped += 1
        problem = (
            f"{skipped} unreadable entr{'y' if skipped == 1 else 'ies'} in {self.path.name} skipped" if skipped else ""
        )
        return entries, problem

    def append(self, entry: HistoryEntry) -> None:
        """Add a finished run; entries this version cannot parse are kept as they are."""
        raw = read_json(self.path, HISTORY_FORMAT, (HISTORY_VERSION,)).data
        runs = list(raw.get("runs", [])) if isinstance(raw, dict) and isinstance(raw.get("runs"), list) else []
        runs.append(entry.to_json())
        write_json_atomic(self.path, {"format": HISTORY_FORMAT, "version": HISTORY_VERSION, "runs": runs})

    def for_scenario(self, scenario_id: str) -> list[HistoryEntry]:
        return [e for e in self.load()[0] if e.scenario_id == scenario_id]
