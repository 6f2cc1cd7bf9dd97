"""`offscript play PATH --watch`: the game follows the file as the trainer edits it.

Each save reloads the file. If it is valid, the run is carried over onto the
new version (`engine.carry_over`) and shown where it stood; if not, the
problems screen shows what is wrong and says the run comes back when the
file is fixed, which the next good save does. A watched run is a test run
(from the scenario's start, or the `--from` given): it is never saved nor
recorded in the history, since its scenario changes under it.

The watcher's callback posts `ScenarioChanged` to the app, so a reload runs in
the app's own message queue, after whatever key the trainer pressed before it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import ModalScreen, Screen

from offscript.engine.active_run import ActiveRun
from offscript.engine.carry_over import carry_over
from offscript.engine.diagnostics import Diagnostic
from offscript.engine.result import LoadResult
from offscript.engine.start import Start, StartError
from offscript.storage.file_watch import FileWatcher, WatchError

if TYPE_CHECKING:
    from offscript.tui.app import OffscriptApp

DIALOG_CHECK = 0.2  # seconds
WATCHING_NOTE = "Each save of {name} reloads it here. A watched run is a test run: it is not saved nor recorded."


class ScenarioChanged(Message):
    """The watched scenario file was saved."""


class ScenarioWatch:
    """The watch on the file `play --watch` opened, and the run it carries from version to version."""

    def __init__(self, app: OffscriptApp, path: str) -> None:
        self.app = app
        self.path = path
        self.watcher = FileWatcher(path, self._saved)
        self.run: ActiveRun | None = None  # the run last shown, kept while the file has errors
        self.note = WATCHING_NOTE.format(name=os.path.basename(path))
        self.waiting = False  # a save waits for a dialog to close

    def _saved(self) -> None:
        self.app.post_message(ScenarioChanged())  # handled in the app's queue, after the keys before it

    def start(self) -> None:
        try:
            self.watcher.start()
        except WatchError as exc:
            self.note = f"{exc.strerror or exc}; the game goes on without reloading."
            self.app.notify(self.note, severity="error", markup=False)

    def stop(self) -> None:
        self.watcher.stop()

    def changed(self) -> None:
        """Reload, if the watched run (or its problems) is what is on screen; a player who left is left alone.

        A dialog or the help over the run stays until it is closed, and the reload waits for it: closing
        it under the trainer would send their next key, meant for the dialog, to the run as a choice."""
        app = self.app
        if isinstance(app.screen, ModalScreen) and len(app.screen_stack) > 1:
            if not self.waiting:
                self.waiting = True
                app.notify("Saved: the run reloads when this closes.", markup=False)
                app.set_timer(DIALOG_CHECK, self._after_dialog)
            return
        screen = app.screen
        if not self._is_watched(screen):
            return
        active = getattr(screen, "active", None)
        if isinstance(active, ActiveRun):
            self.run = active
        app.clear_notifications()  # the last reload's notice is out of date
        app.show_screen(self.reloaded())

    def _after_dialog(self) -> None:
        """Checked a few times a second while a save waits behind a dialog, and never otherwise."""
        if isinstance(self.app.screen, ModalScreen) and len(self.app.screen_stack) > 1:
            self.app.set_timer(DIALOG_CHECK, self._after_dialog)
            return
        self.waiting = False
        self.changed()

    def _is_watched(self, screen: Screen[object]) -> bool:
        from offscript.tui.screens.diagnostics import DiagnosticsScreen
        from offscript.tui.screens.ending import EndingScreen
        from offscript.tui.screens.play import PlayScreen

        if isinstance(screen, DiagnosticsScreen):
            return _same_file(screen.result.path, self.path)
        if isinstance(screen, PlayScreen | EndingScreen):
            return _same_file(screen.scenario.path, self.path)
        return False

    def reloaded(self) -> Screen[None]:
        """The run carried over onto the file as it is now, or the file's problems."""
        from offscript.tui.screens.diagnostics import DiagnosticsScreen
        from offscript.tui.screens.play import PlayScreen

        result = self.app.load(self.path)
        if not result.ok or result.scenario is None:
            return DiagnosticsScreen(result, watching=True)
        scenario = result.scenario
        given = self.app.test_from  # the --from/--set asked for; without them, the file's own start as it is now
        try:
            start = Start.at(scenario, given.node, given.values) if given is not None else Start(scenario.start)
        except StartError as exc:
            problem = Diagnostic(scenario.path, 1, 1, "error", "OS000", f"cannot start the test run: {exc}")
            return DiagnosticsScreen(LoadResult(scenario.path, None, [problem]), watching=True)
        if self.run is None:
            return self.app.test_screen(scenario, result.analysis, start)
        carried = carry_over(self.run.run, scenario, start)
        active = replace(self.run, scenario=scenario, analysis=result.analysis, run=carried.run, test_from=start)
        self.run = active
        return PlayScreen(active, notice=carried.notice + _warnings_note(result.diagnostics))


def _warnings_note(diagnostics: list[Diagnostic]) -> str:
    """The file plays, but `validate` has something to say: the first warning, and how many there are."""
    warnings = [d for d in diagnostics if d.severity == "warning"]
    if not warnings:
        return ""
    first = warnings[0]
    more = f" (and {len(warnings) - 1} more: offscript validate)" if len(warnings) > 1 else ""
    return f" Warning at line {first.line}: {first.message}{more}."


def _same_file(one: str, other: str) -> bool:
    return os.path.realpath(one) == os.path.realpath(other)
