"""The briefing: who you are, who you will talk to, and what is at stake."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from offscript.engine.model import Scenario
from offscript.tui.commands import GameCommand
from offscript.tui.safe import plain, styled

MODE_TEXT = {
    "coach": "Coach mode: after each choice the coach explains how it helped or hurt, and your scores move.",
    "assessment": "Assessment mode: no feedback while you play. The coach's view of every decision "
    "comes in the debrief at the end.",
}


def stakes(scenario: Scenario, analysis: object | None) -> Content:
    """How the conversation can end, how long it is, how hard it is."""
    endings = getattr(analysis, "endings", None) or [n.id for n in scenario.nodes.values() if n.kind == "ending"]
    outcomes = Counter(scenario.nodes[n].ending.outcome for n in endings if scenario.nodes[n].ending)  # type: ignore[union-attr]
    described = ", ".join(f"{outcomes[o]} {o}" for o in ("success", "partial", "failure") if outcomes[o])
    lines = [f"This conversation can end {len(endings)} way{'s' * (len(endings) != 1)}: {described}."]
    decisions = getattr(analysis, "decisions", None)
    if decisions:
        low, high = decisions
        lines.append(f"You will make {low} decision{'s' * (low != 1)}" + (f" to {high}." if high != low else "."))
    if scenario.minutes:
        lines.append(f"About {scenario.minutes} minute{'s' * (scenario.minutes != 1)}.")
    lines.append(f"Difficulty: {scenario.difficulty}.")
    return Content(" ".join(lines))


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


class BriefingScreen(Screen):
    """Read the situation, then start."""

    BINDINGS = [
        Binding("s", "start", "Start", id="start"),
        Binding("escape", "back", "Library", id="back"),
    ]

    def __init__(self, scenario: Scenario, analysis: object | None, mode: str) -> None:
        super().__init__()
        self.scenario = scenario
        self.analysis = analysis
        self.mode = mode

    def compose(self) -> ComposeResult:
        s = self.scenario
        yield Header()
        with VerticalScroll(id="briefing"):
            yield Static(styled(s.title, "bold"), id="briefing-title", classes="title")
            yield Static(styled(s.summary.strip(), "italic"), id="briefing-summary")
            yield Static("Your role and the situation", classes="heading")
            yield Static(plain(s.briefing.strip() or s.summary.strip()), id="briefing-text")
            yield Static("Who you will talk to", classes="heading")
            yield Static(people(s), id="briefing-people")
            yield Static("What is at stake", classes="heading")
            yield Static(stakes(s, self.analysis), id="briefing-stakes")
            yield Static("How you will play", classes="heading")
            yield Static(Content(MODE_TEXT.get(self.mode, MODE_TEXT["coach"])), id="briefing-mode")
            with Horizontal(classes="buttons"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Back to library", id="back")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.scenario.title
        self.query_one("#start", Button).focus(scroll_visible=False)  # keep the title in view

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "back":
            self.action_back()

    def action_start(self) -> None:
        from offscript.tui.screens.play import PlayScreen

        self.app.switch_screen(PlayScreen(self.scenario, self.analysis, self.mode))

    def action_back(self) -> None:
        self.app.back_to_library()  # type: ignore[attr-defined]

    def game_commands(self) -> Iterable[GameCommand]:
        yield GameCommand("Start the conversation", "Begin playing this scenario", self.action_start)
        yield GameCommand("Back to the library", "Choose another scenario", self.action_back)
