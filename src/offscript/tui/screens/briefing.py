"""The briefing: who you are, who you will talk to, and what is at stake."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Static

from offscript.engine.active_run import ActiveRun, Mode
from offscript.engine.analysis import Analysis
from offscript.engine.model import Scenario
from offscript.storage.saves import Resumed, Save, now, resume
from offscript.tui.commands import GameCommand
from offscript.tui.messages import BackToLibrary, ModeChosen, StartRun
from offscript.tui.safe import plain, styled
from offscript.tui.screens.base import GameScreen
from offscript.tui.widgets.button import GameButton

MODE_TEXT = {
    Mode.COACH: "Coach mode: after each choice the coach explains how it helped or hurt, and your scores move. "
    "Press m for assessment mode.",
    Mode.ASSESSMENT: "Assessment mode: no coach, no scores and no undo while you play; only the customer reacts. "
    "The coach's view of every decision comes in the debrief at the end. Press m for coach mode.",
    Mode.CLASSROOM: "Classroom mode: the room decides each choice together; the coach explains every decision.",
}


def stakes(scenario: Scenario, analysis: Analysis | None) -> Content:
    """How the conversation can end, how long it is, how hard it is."""
    endings = (analysis.endings if analysis else []) or [n.id for n in scenario.nodes.values() if n.kind == "ending"]
    outcomes = Counter(ending.outcome for n in endings if (ending := scenario.nodes[n].ending) is not None)
    described = ", ".join(f"{outcomes[o]} {o}" for o in ("success", "partial", "failure") if outcomes[o])
    lines = [f"This conversation can end {len(endings)} way{'s' * (len(endings) != 1)}: {described}."]
    decisions = analysis.decisions if analysis else None
    if decisions:
        low, high = decisions
        if high == low:
            lines.append(f"You will make {low} decision{'s' * (low != 1)}.")
        elif high is None:
            lines.append(f"You will make {low} decision{'s' * (low != 1)} or more.")
        else:
            lines.append(f"You will make between {low} and {high} decisions.")
    if scenario.minutes:
        lines.append(f"About {scenario.minutes} minute{'s' * (scenario.minutes != 1)}.")
    lines.append(f"Difficulty: {scenario.difficulty}.")
    return Content(" ".join(lines))


def briefing_text(scenario: Scenario, analysis: Analysis | None, mode: Mode) -> Content:
    """The whole briefing as one piece of text: one widget to style keeps start-up quick."""
    s = scenario
    sections = [
        ("Your role and the situation", plain(s.briefing.strip() or s.summary.strip())),
        ("Who you will talk to", people(s)),
        ("What is at stake", stakes(s, analysis)),
        ("How you will play", Content(MODE_TEXT[mode])),
    ]
    parts: list[Content | str | tuple[str, str]] = [styled(s.title, "bold $text-primary")]
    if s.summary.strip():
        parts += ["\n", styled(s.summary.strip(), "italic")]
    for heading, body in sections:
        parts += ["\n\n", (heading, "bold $text-accent"), "\n", body]
    return Content.assemble(*parts)


def people(scenario: Scenario) -> Content:
    if not scenario.characters:
        return Content("The scenario names no characters.")
    parts: list[Content | str | tuple[str, str]] = []
    for character in scenario.characters.values():
        if parts:
            parts.append("\n")
        parts += ["• ", styled(character.name or character.id, "bold")]
        if character.role:
            parts += [", ", plain(character.role)]
    return Content.assemble(*parts)


class BriefingScreen(GameScreen):
    """Read the situation, then start."""

    BINDINGS = [
        Binding(
            "c",
            "continue",
            "Continue",
            id="continue",
            tooltip="Continue your unfinished run (offered when you open the scenario)",
        ),
        Binding("s", "start", "Start", id="start", tooltip="Start (start over, when you have an unfinished run)"),
        Binding(
            "m", "toggle_mode", "Mode", id="mode", tooltip="Switch between coach and assessment mode for a new run"
        ),
        Binding("escape", "back", "Library", id="back", tooltip="Back to the library"),
    ]

    def __init__(self, scenario: Scenario, analysis: Analysis | None, mode: Mode) -> None:
        super().__init__()
        self.scenario = scenario
        self.analysis = analysis
        self.mode = mode
        self.save: Save | None = None
        self.resumed: Resumed | None = None

    @property
    def can_continue(self) -> bool:
        return self.resumed is not None and self.resumed.run is not None

    def load_save(self) -> None:
        """The scenario's unfinished run, if it has one, rebuilt on the scenario as it is now.

        Read as the screen is built: one small file of our own, replayed in
        about a millisecond, and what the buttons offer depends on it.
        """
        self.save = self.store.load_save(self.scenario.id)
        self.resumed = resume(self.scenario, self.save) if self.save is not None else None

    def compose(self) -> ComposeResult:
        s = self.scenario
        self.load_save()
        yield Header()
        with VerticalScroll(id="briefing"):
            yield Static(briefing_text(s, self.analysis, self.mode), id="briefing-text")
            with Horizontal(classes="buttons"):
                if self.can_continue:
                    yield GameButton("Continue", id="continue", variant="primary")
                    yield GameButton("Start over", id="start")
                else:
                    yield GameButton("Start over" if self.save else "Start", id="start", variant="primary")
                yield GameButton("Back to library", id="back")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.scenario.title
        first = "#continue" if self.can_continue else "#start"
        self.query_one(first, Button).focus(scroll_visible=False)  # keep the title in view
        if self.save is not None and self.resumed is not None:
            from offscript.tui.screens.resume import ResumeDialog

            self.app.push_screen(ResumeDialog(self.scenario.title, self.save, self.resumed), self._answered)

    def _answered(self, answer: str | None) -> None:
        if answer == "continue":
            self.action_continue()
        elif answer == "start-over":
            self.action_start()
        elif answer == "library":
            self.action_back()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "continue":
            self.action_continue()
        elif event.button.id == "back":
            self.action_back()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return self.can_continue
        return True

    def action_start(self) -> None:
        """A new run (forgetting the unfinished one, if any)."""
        active = ActiveRun.new(self.scenario, self.analysis, self.mode, now())
        self.request(StartRun(active, forget_save=self.save))  # the app forgets it, once

    def action_continue(self) -> None:
        """Carry on with the unfinished run, in the mode it was started in."""
        save, resumed = self.save, self.resumed
        if save is None or resumed is None or resumed.run is None:
            return
        active = ActiveRun(self.scenario, self.analysis, save.mode, resumed.run, save.started, save.rewinds)
        self.request(StartRun(active, notice=resumed.message, claim=save))

    def action_toggle_mode(self) -> None:
        """Coach or assessment for a new run; the choice stays for the scenarios opened after it."""
        self.mode = Mode.ASSESSMENT if self.mode.coaching else Mode.COACH
        self.post_message(ModeChosen(self.mode))
        self.query_one("#briefing-text", Static).update(briefing_text(self.scenario, self.analysis, self.mode))
        self.notify(MODE_TEXT[self.mode].split(":")[0], timeout=2, markup=False)

    def action_back(self) -> None:
        self.request(BackToLibrary())

    def game_commands(self) -> Iterable[GameCommand]:
        if self.can_continue:
            yield GameCommand("Continue your run", "Carry on where you left off", self.action_continue)
        yield GameCommand("Start the conversation", "Begin playing this scenario from the start", self.action_start)
        other = Mode.ASSESSMENT if self.mode.coaching else Mode.COACH
        yield GameCommand(f"Switch to {other} mode", "For the run you start next", self.action_toggle_mode)
        yield GameCommand("Back to the library", "Choose another scenario", self.action_back)
