"""The play screen: the conversation, the choices, the coach and the meters."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static

from offscript.engine.model import Scenario
from offscript.engine.playthrough import PlayError, Playthrough
from offscript.tui.commands import GameCommand
from offscript.tui.safe import plain
from offscript.tui.widgets.choices import ChoiceList
from offscript.tui.widgets.coach import CoachPanel
from offscript.tui.widgets.meters import Meters
from offscript.tui.widgets.transcript import Transcript

ASSESSMENT_NOTE = "Assessment mode: the coach's feedback and your scores wait for the debrief."


def dead_end_message(run: Playthrough) -> str:
    node = run.node
    if node.kind == "branch":
        return (
            f"Dead end: the scenario keeps routing in a circle at '{node.id}' and cannot go on. "
            "This is a fault in the scenario file, not in your play."
        )
    return (
        f"Dead end: none of the choices at '{node.id}' can be taken now, so the conversation cannot go on. "
        "This is a fault in the scenario file, not in your play. You can review your decisions, "
        "play again, or go back to the library."
    )


class PlayScreen(Screen):
    """One run through a scenario."""

    BINDINGS = [
        *[Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)],
        Binding("enter,space", "continue", "Continue", show=False, id="continue"),
        Binding("escape", "leave", "Leave", id="leave"),
    ]

    def __init__(self, scenario: Scenario, analysis: object | None, mode: str) -> None:
        super().__init__()
        self.scenario = scenario
        self.analysis = analysis
        self.mode = mode
        self.run: Playthrough = Playthrough.start(scenario)

    @property
    def coaching(self) -> bool:
        return self.mode != "assessment"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="play"):
            with Vertical(id="conversation"):
                yield Transcript(id="transcript")
                yield Static("Your move", id="choices-label")
                yield ChoiceList(id="choices")
            with VerticalScroll(id="sidebar"):
                coach = CoachPanel(id="coach")
                coach.display = self.coaching
                yield coach
                if not self.coaching:
                    yield Static(ASSESSMENT_NOTE, id="assessment-note")
                score_range = getattr(self.analysis, "score_range", {}) or {}
                yield Meters(self.scenario, score_range, show_scores=self.coaching, id="meters")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.scenario.title
        meters = self.query_one(Meters)
        if not list(meters.children):
            meters.display = False
        self.query_one("#transcript").border_title = "Conversation"
        self.show_current()
        self.query_one(ChoiceList).focus()

    # --- showing the run ---------------------------------------------------------

    def show_current(self) -> None:
        """Show the node the run is at, and what can be done there."""
        run = self.run
        node = run.node
        transcript = self.query_one(Transcript)
        choices = self.query_one(ChoiceList)
        label = self.query_one("#choices-label", Static)
        if node.kind != "branch":
            transcript.add_node(self.scenario, node, run.text())
        self.query_one(Meters).update_values(run.state.scores, run.state.variables)
        if run.is_dead_end:
            transcript.add_notice(dead_end_message(run))
            label.update("The run cannot go on")
            choices.show(
                [
                    ("again", Content("Play again")),
                    ("library", Content("Back to the library")),
                    ("review", Content("Review my decisions")),
                ]
            )
        elif node.kind == "choices":
            label.update("Your move")
            choices.show([(f"choice-{i}", plain(run.text(c.text).strip())) for i, c in run.offered()])
            if self.coaching and not run.state.steps:
                self.query_one(CoachPanel).show_discussion(node.discuss)
        elif node.kind == "next":
            label.update("Enter or space to continue")
            choices.show([("continue", Content("Continue ▸"))])
        else:
            label.update("The conversation is over")
            choices.show([("debrief", Content("See how you did ▸"))])

    # --- moving on ------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.act(event.option_id)

    def act(self, option_id: str | None) -> None:
        if option_id is None:
            return
        try:
            if option_id.startswith("choice-"):
                self.choose(int(option_id.removeprefix("choice-")))
            elif option_id == "continue":
                self.run = self.run.advance()
                self.show_current()
            elif option_id == "debrief" or option_id == "review":
                self.show_ending()
            elif option_id == "again":
                self.play_again()
            elif option_id == "library":
                self.app.back_to_library()  # type: ignore[attr-defined]
        except PlayError as exc:  # should not happen: we only offer what the engine offers
            self.notify(str(exc), severity="error", markup=False)

    def choose(self, index: int) -> None:
        before = self.run
        choice = before.node.choices[index]
        self.run = before.choose(index)
        said = before.text(choice.text)
        with self.app.batch_update():
            self.query_one(Transcript).add_player(said)
            if self.coaching:
                self.query_one(CoachPanel).show_choice(said, choice)
            self.show_current()

    def show_ending(self) -> None:
        from offscript.tui.screens.ending import EndingScreen

        self.app.switch_screen(EndingScreen(self.scenario, self.analysis, self.mode, self.run))

    def play_again(self) -> None:
        self.app.switch_screen(PlayScreen(self.scenario, self.analysis, self.mode))

    # --- keys ------------------------------------------------------------------------------

    def action_pick(self, number: int) -> None:
        self.act(self.query_one(ChoiceList).option_id_at(number))

    def action_continue(self) -> None:
        if self.run.node.kind == "next" and not self.run.is_dead_end:
            self.act("continue")
        elif self.run.node.kind == "ending":
            self.act("debrief")

    def action_leave(self) -> None:
        if self.run.is_over:
            self.app.back_to_library()  # type: ignore[attr-defined]
            return
        from offscript.tui.screens.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.back_to_library()  # type: ignore[attr-defined]

        self.app.push_screen(
            ConfirmDialog("Abandon this run? Your choices so far will be lost.", "Abandon", "Keep playing"),
            answered,
        )

    def game_commands(self) -> Iterable[GameCommand]:
        yield GameCommand("Restart this scenario", "Start the conversation again from the beginning", self.play_again)
        yield GameCommand("Leave this run", "Back to the library (asks first)", self.action_leave)
