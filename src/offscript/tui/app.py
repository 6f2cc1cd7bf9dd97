"""The Offscript app: screens, bindings, themes and the command palette.

`run_app` is the only entry point the command line uses; it returns an exit status.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen

from offscript.engine.active_run import Mode
from offscript.engine.diagnostics import Diagnostic
from offscript.engine.result import LoadResult
from offscript.engine.safe_text import safe
from offscript.storage.saves import now
from offscript.tui.commands import GameCommand
from offscript.tui.messages import (
    BackToLibrary,
    ModeChosen,
    OpenClassroom,
    OpenScenario,
    PlayAgain,
    RewindTo,
    RunEnded,
    ScreenRequest,
    StartRun,
)
from offscript.tui.safe import plain
from offscript.tui.settings import DEFAULT_THEME, Settings
from offscript.tui.store import GameStore
from offscript.tui.themes import THEME_LABELS, THEMES

PROJECTOR_THEME = "offscript-high-contrast"  # classroom play: readable from the back of a room, whatever the setting
TEAM_NAMES = ("Red", "Blue", "Green", "Gold", "Teal", "Plum")


@dataclass(frozen=True)
class ClassroomOptions:
    """`offscript classroom`'s options: the scenario (None: choose it in the library), teams and the timer."""

    path: str | None
    teams: int = 0
    timer: int | None = None
    phones: bool = False  # voting from phones: the command line and the library's c turn it on
    host: str | None = None  # where the voting server listens (None: the LAN address)
    port: int | None = None  # None: the default port, or the next free one

    @property
    def team_names(self) -> tuple[str, ...]:
        return TEAM_NAMES[: self.teams]


if TYPE_CHECKING:
    from offscript.engine.analysis import Analysis
    from offscript.engine.model import Scenario
    from offscript.engine.start import Start
    from offscript.tui.screens.help import HelpSection
    from offscript.tui.watching import ScenarioChanged, ScenarioWatch

MIN_WIDTH, MIN_HEIGHT = 80, 24


def _game_commands_provider() -> type:
    """The palette's provider, imported when the palette first opens (textual.command is slow to import)."""
    from offscript.tui.palette import GameCommands

    return GameCommands


class OffscriptApp(App[int]):
    """Offscript: practise customer conversations."""

    TITLE = "Offscript"
    CSS_PATH = "offscript.tcss"
    COMMANDS = App.COMMANDS | {lambda: _game_commands_provider()}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit", tooltip="Quit Offscript"),
        Binding("question_mark", "help", "Help", id="help", tooltip="Show every key", key_display="?"),
        Binding(
            "ctrl+t", "next_theme", "Theme", show=False, id="theme", tooltip="Switch theme (dark, light, high contrast)"
        ),
    ]

    def __init__(
        self,
        *,
        extra_dirs: Sequence[str] = (),
        play_path: str | None = None,
        mode: Mode | str = Mode.COACH,
        settings_path: Path | None = None,
        collector_paused: bool = False,
        test_from: Start | None = None,
        watch: bool = False,
        classroom: ClassroomOptions | None = None,
    ) -> None:
        super().__init__()
        self.classroom = classroom  # `offscript classroom`: the first screen is the class's, on a projector
        self.test_from = test_from  # `play --from/--set`: the first run is a test from there
        self.watching: ScenarioWatch | None = None  # `play --watch`: the file followed as it is edited
        if watch and play_path is not None:
            from offscript.tui.watching import ScenarioWatch

            self.watching = ScenarioWatch(self, play_path)
        self.collector_paused = collector_paused  # by the command line, for start-up: resumed after the first frame
        self.extra_dirs = list(extra_dirs)
        self.play_path = play_path
        self.mode = Mode.parse(mode)  # the command line offers only the known modes
        self.settings_path = settings_path
        self.settings = Settings.load(settings_path)
        self.store: GameStore | None = None  # made on mount, when notifications can be shown
        self._too_small: Screen | None = None
        self._started = False
        for theme in THEMES:
            self.register_theme(theme)
        chosen = self.settings.theme if self.settings.theme in self.available_themes else DEFAULT_THEME
        self._choose_first_theme(PROJECTOR_THEME if classroom is not None else chosen)

    def _choose_first_theme(self, name: str) -> None:
        """Pick the theme before the stylesheet is first read, so it is read once.

        Assigning `self.theme` here would queue a second parse and restyle of
        every widget (and a settings write) after start-up; the classes are what
        the theme watcher would have set.
        """
        self.set_reactive(OffscriptApp.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())  # made in App.__init__ with the default theme
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False)

    # --- start-up -------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The first screen: the library, or the scenario named on the command line.

        It is the bottom of the screen stack, so start-up builds and styles one screen, not two.
        """
        if self.classroom is not None and self.classroom.path is not None:
            return self.classroom_screen(self.classroom.path)
        if self.play_path is None:
            from offscript.tui.screens.library import LibraryScreen

            return LibraryScreen(self.extra_dirs)
        # the library is read when the player goes back to it
        return self.scenario_screen(self.play_path, test_from=self.test_from)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.game_store()
        if self.settings.problem:
            self.report(self.settings.problem, "warning")
        self._started = True
        if self.watching is not None:
            self.watching.start()
        self._check_size()
        if self.collector_paused:
            self.call_after_refresh(self._resume_collector)

    def on_unmount(self) -> None:
        if self.watching is not None:
            self.watching.stop()

    def on_scenario_changed(self, message: ScenarioChanged) -> None:
        if self.watching is not None:
            self.watching.changed()

    def _resume_collector(self) -> None:
        """Keep what start-up built out of every later collection, then collect as usual."""
        gc.freeze()
        gc.enable()
        self.collector_paused = False

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header: 'Offscript — scenario title' (scenario titles are untrusted: plain text)."""
        if sub_title:
            return Content.assemble(plain(title), " — ", plain(sub_title))
        return plain(title)

    # --- navigation: screens post messages, the app decides what comes next ---------

    def on_top(self, message: ScreenRequest) -> bool:
        """Whether the screen that asked is still on top; a request from a screen already left is dropped."""
        return message.origin is None or message.origin is self.screen

    def on_open_scenario(self, message: OpenScenario) -> None:
        if self.on_top(message):
            self.open_scenario(message.path, message.problems)

    def open_scenario(self, path: str, problems: Sequence[Diagnostic] = ()) -> None:
        """A scenario's briefing on top of the current screen, or its problems when it cannot be played."""
        self.push_screen(self.scenario_screen(path, problems))

    def on_open_classroom(self, message: OpenClassroom) -> None:
        if self.on_top(message):
            self.push_screen(self.classroom_screen(message.path))

    def classroom_screen(self, path: str) -> Screen[None]:
        """The class session for a scenario: the one saved mid-class (resumed at its step), or a new one."""
        from offscript.classroom.session import ClassSession, Phase
        from offscript.tui.screens.classroom import ClassroomScreen

        result = self.load(path)
        if not result.ok or result.scenario is None:
            from offscript.tui.screens.diagnostics import DiagnosticsScreen

            return DiagnosticsScreen(result)
        options = self.classroom or ClassroomOptions(path, phones=True)
        saved, problem = self.game_store().load_class(result.scenario)
        if saved is not None and saved.phase is not Phase.ENDED:
            step = f"decision {len(saved.taken) + 1}, {saved.phase.value}"
            notice = f"The class goes on where it stopped: {step}."
            return ClassroomScreen(saved, notice=notice, phones=options.phones, host=options.host, port=options.port)
        session = ClassSession.start(result.scenario, options.team_names, options.timer, started=now())
        notice = f"The saved class could not be resumed ({problem}); a new class starts." if problem else ""
        return ClassroomScreen(
            session,
            notice=notice,
            name_teams=bool(session.teams),
            phones=options.phones,
            host=options.host,
            port=options.port,
        )

    def on_start_run(self, message: StartRun) -> None:
        from offscript.tui.screens.play import PlayScreen

        if not self.on_top(message):
            return
        store = self.game_store()
        if message.forget_save is not None:
            store.discard(message.forget_save.run_id)
        if message.claim is not None and not store.claim(message.claim, message.active.run_id):
            self.notify("That run was continued in another window, which goes on with it.", severity="warning")
            self.screen.refresh(recompose=True)  # the briefing, read again: the next saved run, or none
            return
        self.show_screen(PlayScreen(message.active, notice=message.notice))

    def on_run_ended(self, message: RunEnded) -> None:
        from offscript.tui.screens.ending import EndingScreen

        if self.on_top(message):
            self.show_screen(EndingScreen(message.active))

    def on_rewind_to(self, message: RewindTo) -> None:
        from offscript.tui.screens.play import PlayScreen

        if self.on_top(message):
            self.show_screen(PlayScreen(message.active, rewind_to=message.number))

    def on_play_again(self, message: PlayAgain) -> None:
        from offscript.tui.screens.play import PlayScreen

        if self.on_top(message):
            self.game_store().discard(message.active.run_id)
            self.show_screen(PlayScreen(message.active.again(now())))

    def on_back_to_library(self, message: BackToLibrary) -> None:
        if self.on_top(message):
            self.back_to_library()

    def on_mode_chosen(self, message: ModeChosen) -> None:
        self.mode = message.mode

    def show_screen(self, screen: Screen[None]) -> None:
        """Show `screen` in place of the current one (on top of it when the current one is the first)."""
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:  # Textual cannot switch away the bottom screen
            self.push_screen(screen)

    def scenario_screen(
        self, path: str, problems: Sequence[Diagnostic] = (), test_from: Start | None = None
    ) -> Screen[None]:
        """A scenario's briefing if it is valid, its diagnostics if not (or if the library found `problems`).

        With `test_from` (`play --from/--set`) the briefing is skipped: the
        tester asked to be at that node, so the run starts there at once.
        """
        result = self.load(path)
        if problems:
            result = LoadResult(result.path, None, [*result.diagnostics, *problems])
        watched = self.watching is not None and path == self.play_path
        if not result.ok or result.scenario is None:
            from offscript.tui.screens.diagnostics import DiagnosticsScreen

            return DiagnosticsScreen(result, watching=watched)
        if watched and test_from is None:  # a watched run is a test run from the start
            from offscript.engine.start import Start

            test_from = Start(result.scenario.start)
        if test_from is not None:
            return self.test_screen(result.scenario, result.analysis, test_from)
        from offscript.tui.screens.briefing import BriefingScreen

        return BriefingScreen(result.scenario, result.analysis, self.mode)

    def load(self, path: str) -> LoadResult:
        """A scenario file, checked (from the cache when it has not changed); never raises."""
        from offscript.collector import paused
        from offscript.storage.scenario_cache import load_scenario

        try:
            with paused():  # a scenario not in the cache is checked here, on the UI thread
                return load_scenario(path)
        except Exception as exc:  # the engine promises not to raise; never show a traceback anyway
            return LoadResult(path, None, [Diagnostic(path, 1, 1, "error", "OS000", f"cannot load: {exc}")])

    def test_screen(self, scenario: Scenario, analysis: Analysis | None, test_from: Start) -> Screen[None]:
        """A test run from the tester's start, checked again against the scenario as loaded here."""
        from offscript.engine.active_run import ActiveRun
        from offscript.engine.start import Start, StartError
        from offscript.tui.screens.play import PlayScreen

        try:
            start = Start.at(scenario, test_from.node, test_from.values)
        except StartError as exc:  # the file changed since the command line checked it
            problem = Diagnostic(scenario.path, 1, 1, "error", "OS000", f"cannot start the test run: {exc}")
            from offscript.tui.screens.diagnostics import DiagnosticsScreen

            return DiagnosticsScreen(LoadResult(scenario.path, None, [problem]))
        active = ActiveRun.new(scenario, analysis, self.mode, now(), start)
        if self.watching is not None:
            return PlayScreen(active, notice=self.watching.note, notice_title="Watching")
        return PlayScreen(active)

    def report(self, message: str, severity: SeverityLevel = "warning") -> None:
        """One line about the data folder (a file moved aside, saving off); text shown plain."""
        self.notify(safe(message), severity=severity, timeout=8, markup=False)  # it may quote a file name

    def game_store(self) -> GameStore:
        if self.store is None:
            self.store = GameStore(self.report)
        return self.store

    def back_to_library(self) -> None:
        """Close every screen above the library (opening it, when the game started in a scenario)."""
        from offscript.tui.screens.library import LibraryScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()
        if not isinstance(self.screen, LibraryScreen):
            self.show_screen(LibraryScreen(self.extra_dirs, opened=self.opened_files))

    @property
    def opened_files(self) -> list[str]:
        """The file `offscript play` opened: the library lists it, wherever it lies, and reads it again on `r`."""
        return [self.play_path] if self.play_path is not None else []

    # --- size -----------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        if self._started:  # the first resize comes before on_mount has pushed the screens
            self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        """Cover the screens with a plain message while the terminal is smaller than 80x24."""
        from offscript.tui.screens.too_small import TooSmallScreen

        if width is None or height is None:
            width, height = self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self._too_small is None:
            self._too_small = TooSmallScreen()
            self.push_screen(self._too_small)
        elif not small and self._too_small is not None:
            screen, self._too_small = self._too_small, None
            if self.screen is screen:
                self.pop_screen()

    @property
    def too_small(self) -> bool:
        return self._too_small is not None

    # --- actions --------------------------------------------------------------------

    def action_help(self) -> None:
        from offscript.tui.screens.help import HelpScreen

        if not self.too_small and not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[HelpSection]:
        """The help, read from the live bindings of the app and each screen: it cannot drift from the keys."""
        from textual.widgets import OptionList

        from offscript.tui.screens import (
            briefing,
            classroom,
            confirm,
            diagnostics,
            ending,
            library,
            play,
            progress,
            resume,
            teams,
        )

        def borrowed(bindings: Iterable[Binding | tuple[str, ...]], tooltip: str, *actions: str) -> list[Binding]:
            """Textual's own bindings for `actions` (a list's arrows, tab), described as the game uses them."""
            found = [b for action in actions for b in bindings if isinstance(b, Binding) and b.action == action]
            return [replace(b, tooltip=tooltip) for b in found]

        palette = Binding(
            self.COMMAND_PALETTE_BINDING, "command_palette", "Command palette: progress, play again, themes and more"
        )
        focus = borrowed(Screen.BINDINGS, "Move between parts of the screen", "app.focus_next", "app.focus_previous")
        arrows = OptionList.BINDINGS
        return [
            ("Everywhere", [*type(self).BINDINGS, palette, *focus]),
            (
                "Library",
                [
                    *borrowed(arrows, "Move through the scenarios", "cursor_up", "cursor_down"),
                    *library.LibraryScreen.BINDINGS,
                ],
            ),
            ("Briefing", briefing.BriefingScreen.BINDINGS),
            (
                "Play",
                [
                    *play.PlayScreen.BINDINGS,
                    *borrowed(arrows, "Move to a choice (or click it)", "cursor_up", "cursor_down"),
                ],
            ),
            ("Ending", ending.EndingScreen.BINDINGS),
            ("An unfinished run", resume.ResumeDialog.BINDINGS),
            ("Leaving a run", confirm.ConfirmDialog.BINDINGS),
            ("Progress", progress.ProgressScreen.BINDINGS),
            ("Problems in a scenario", diagnostics.DiagnosticsScreen.BINDINGS),
            ("Classroom", classroom.ClassroomScreen.BINDINGS),
            ("Naming the teams", teams.TeamsDialog.BINDINGS),
        ]

    def action_progress(self) -> None:
        from offscript.tui.screens.progress import ProgressScreen

        if not self.too_small and not isinstance(self.screen, ProgressScreen):
            self.push_screen(ProgressScreen())

    def action_command_palette(self) -> None:
        """Textual's palette, made safe against a double click or keys faster than the screen."""
        from textual.command import CommandPalette

        from offscript.tui.palette import GamePalette

        if not self.too_small and self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(GamePalette(id="--command-palette"))

    def action_next_theme(self) -> None:
        names = [theme.name for theme in THEMES]
        index = names.index(self.theme) + 1 if self.theme in names else 0
        self.theme = names[index % len(names)]
        self.notify(f"Theme: {THEME_LABELS[self.theme]}", timeout=2, markup=False)

    def set_theme(self, name: str) -> None:
        self.theme = name

    def _remember_theme(self, theme: object) -> None:
        self.settings.theme = self.theme
        self.settings.save(self.settings_path)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands, less the two the game offers itself.

        Its "Theme" lists every built-in Textual theme, whose text contrast nobody
        checked; its "Quit" would sit beside "Quit Offscript".
        """
        for command in super().get_system_commands(screen):
            if command.title not in ("Theme", "Quit"):
                yield command

    def game_commands(self) -> Iterable[GameCommand]:
        """Commands offered everywhere (screens add their own)."""
        yield GameCommand("Help: keys", "Show every key Offscript understands", self.action_help)
        yield GameCommand(
            "Your progress", "Every attempt at each scenario, and your personal bests", self.action_progress
        )
        for theme in THEMES:
            label = THEME_LABELS[theme.name]
            yield GameCommand(
                f"Theme: {label}", f"Switch to the {label.lower()} theme", partial(self.set_theme, theme.name)
            )
        yield GameCommand("Quit Offscript", "Leave the game", self.exit)


def run_app(
    *,
    extra_dirs: Sequence[str] = (),
    play_path: str | None = None,
    mode: Mode | str = Mode.COACH,
    collector_paused: bool = False,
    test_from: Start | None = None,
    watch: bool = False,
    classroom: ClassroomOptions | None = None,
) -> int:
    """Run the game until the player quits; returns the exit status."""
    app = OffscriptApp(
        extra_dirs=extra_dirs,
        play_path=play_path,
        mode=mode,
        collector_paused=collector_paused,
        test_from=test_from,
        watch=watch,
        classroom=classroom,
    )
    app.run()
    return app.return_code or 0
