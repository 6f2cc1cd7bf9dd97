"""The game's one door to the storage layer: autosaves, history and exports, reported in one line.

The storage layer never imports Textual and raises StorageError when it cannot
write; this is the boundary where that becomes a single notification. Once the
data folder has proved unwritable, play goes on without saving and the player
is not told again. Files that cannot be read are moved aside by the storage
layer; their one-line reports are passed on here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from offscript.engine.active_run import ActiveRun, Mode
from offscript.engine.playthrough import PlayError
from offscript.storage.class_sessions import ClassSessionStore
from offscript.storage.database import Database
from offscript.storage.files import StorageError
from offscript.storage.history import HistoryEntry, HistoryStore, ScenarioRecord
from offscript.storage.paths import data_dir, exports_dir
from offscript.storage.saves import Save, SaveStore

if TYPE_CHECKING:
    from offscript.classroom.session import ClassSession
    from offscript.engine.model import Scenario

Severity = Literal["information", "warning", "error"]
Report = Callable[[str, Severity], None]  # (message, severity)


def shown_path(path: Path) -> str:
    """A path as the player reads it: '~/...' inside the home folder."""
    try:
        home = Path.home()
    except (RuntimeError, KeyError):
        return str(path)
    try:
        return str(Path("~") / path.relative_to(home))
    except ValueError:
        return str(path)


def unusable_reason(folder: Path) -> str:
    """Why the data folder cannot hold files ('' when it looks usable), without writing anything."""
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            return ""
        probe = probe.parent
    if not probe.is_dir():
        return f"{shown_path(probe)} is a file, not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{shown_path(probe)} is not writable"
    return ""


class GameStore:
    """Saves, history and exports for the game; never raises, reports through `report`."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.folder = data_dir()
        records = Database(self.folder)
        self.saves = SaveStore(self.folder, records)
        self.history_store = HistoryStore(self.folder, records)
        self.class_sessions = ClassSessionStore(self.folder)
        self.saving = True
        self._reported: set[str] = set()
        reason = unusable_reason(self.folder)
        if reason:
            self._cannot_save(reason)

    # --- reporting ---------------------------------------------------------------------

    def _once(self, message: str, severity: Severity = "warning") -> None:
        if message and message not in self._reported:
            self._reported.add(message)
            self.report(message, severity)

    def _cannot_save(self, reason: str, transient: bool = False) -> None:
        if transient:  # said once; the next step saves again, with everything up to it
            self._once(f"Could not save just now: {reason}. The game tries again at the next step.")
            return
        self.saving = False
        self._once(f"Saving is off: {reason}. You can still play; nothing will be saved.", "error")

    # --- saves ------------------------------------------------------------------------------

    def load_save(self, scenario_id: str) -> Save | None:
        """The scenario's latest unfinished run, if any (read from a read-only folder too)."""
        save, problem = self.saves.latest(scenario_id)
        self._once(problem)
        return save

    def unfinished(self, scenario_ids: list[str]) -> set[str]:
        """Which of these scenarios have an unfinished run."""
        return self.saves.unfinished(scenario_ids)

    def claim(self, save: Save, run_id: str) -> bool:
        """Continue a saved run under this window's id; False when another window took it first."""
        if not self.saving:
            return True  # nothing will be written, so nothing can be overwritten
        try:
            return self.saves.claim(save, run_id)
        except StorageError as exc:
            self._cannot_save(str(exc), exc.transient)
            return True

    def autosave(self, active: ActiveRun) -> None:
        """Save an unfinished run; never a test run (`play --from`), which must not replace the player's real save."""
        if not self.saving or active.is_test:
            return
        try:
            self.saves.write(Save.of(active))
        except StorageError as exc:
            self._cannot_save(str(exc), exc.transient)

    def discard(self, run_id: str) -> None:
        """Forget one unfinished run; other windows' runs of the same scenario are kept."""
        if not self.saving:
            return
        try:
            self.saves.discard(run_id)
        except StorageError as exc:
            self._cannot_save(str(exc), exc.transient)

    def finish(self, active: ActiveRun) -> None:
        """A run reached its ending: record it and forget its save, in one transaction.

        A test run (`play --from`) is not recorded: it began where a tester
        chose, so its result says nothing about how the player plays.
        """
        run = active.run
        if not self.saving or run.ending is None or active.is_test:
            return
        try:
            self.history_store.record(HistoryEntry.of(run, active.mode, active.started, active.rewinds, active.run_id))
        except StorageError as exc:
            self._cannot_save(str(exc), exc.transient)

    # --- class sessions ---------------------------------------------------------------------

    def save_class(self, session: ClassSession, durable: bool = True) -> None:
        """Save the class after a step; at its ending, also keep it in the history as a classroom run.

        `durable=False` for phones' votes: safe from a killed game, not waiting on the disk (see files)."""
        if not self.saving:
            return
        try:
            self.class_sessions.write(session.scenario.id, session.to_json(), durable)
            run = session.run
            if run.ending is not None and session.run_id:
                entry = HistoryEntry.of(run, Mode.CLASSROOM, session.started, 0, session.run_id)
                self.history_store.record(entry)
        except StorageError as exc:
            self._cannot_save(str(exc), exc.transient)

    def load_class(self, scenario: Scenario) -> tuple[ClassSession | None, str]:
        """The scenario's saved class session, if it still fits the scenario, and why not otherwise."""
        from offscript.classroom.session import ClassError, ClassSession

        data, problem = self.class_sessions.read(scenario.id)
        self._once(problem)
        if data is None:
            return None, ""
        try:
            return ClassSession.from_json(scenario, data), ""
        except ClassError as exc:
            return None, str(exc)

    def export_class(self, session: ClassSession) -> list[Path] | None:
        """Write the class's record as Markdown, HTML and CSV in the exports folder; None (reported) on failure."""
        from offscript.classroom.debrief import class_debrief
        from offscript.render.class_record import to_csv, to_html, to_markdown
        from offscript.storage.export import write_exports

        debrief = class_debrief(session)
        documents = {
            "md": to_markdown(session, debrief),
            "html": to_html(session, debrief),
            "csv": to_csv(session, debrief),
        }
        try:
            return write_exports(exports_dir(), f"{session.scenario.id}-class", documents)
        except StorageError as exc:
            self.report(f"Could not export: {exc}", "error")
            return None

    # --- history ------------------------------------------------------------------------------

    def read_history(self) -> tuple[list[HistoryEntry], str]:
        """Every finished run and a one-line problem, without reporting it: safe in a worker thread."""
        return self.history_store.load()

    def read_records(self, scenario_ids: list[str]) -> tuple[dict[str, ScenarioRecord], str]:
        """Each scenario's best and last run and its count, from a few rows: safe in a worker thread."""
        return self.history_store.records(scenario_ids)

    def report_problem(self, problem: str) -> None:
        """A one-line problem found while reading (on the UI thread), once."""
        self._once(problem)

    # --- export ---------------------------------------------------------------------------------

    def export(self, active: ActiveRun, meta: str) -> tuple[Path, Path] | None:
        """Write the run as Markdown and HTML in the exports folder; None (reported) if that fails."""
        from offscript.engine.transcript import build_transcript  # only when exporting: kept off start-up
        from offscript.render.html import to_html
        from offscript.render.markdown import to_markdown
        from offscript.storage.export import write_exports

        try:
            run = active.run
            steps = [(s.node, s.choice) for s in run.state.steps]
            transcript = build_transcript(active.scenario, steps, active.test_from)
            scores, analysis = run.state.scores, active.analysis
            documents = {
                "md": to_markdown(transcript, scores, analysis, meta),
                "html": to_html(transcript, scores, analysis, meta),
            }
            markdown, page = write_exports(exports_dir(), active.scenario.id, documents)
            return markdown, page
        except StorageError as exc:
            self.report(f"Could not export: {exc}", "error")
        except PlayError as exc:  # cannot happen for a run played on this scenario; say so rather than crash
            self.report(f"Could not export: {exc}", "error")
        return None
