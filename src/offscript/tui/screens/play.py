"""The play screen: the conversation, the choices, the coach and the meters."""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, OptionList, Static

from offscript.engine import walk
from offscript.engine.active_run import ActiveRun
from offscript.engine.playthrough import PlayError, Playthrough
from offscript.engine.start import Start
from offscript.tui.commands import GameCommand
from offscript.tui.messages import BackToLibrary, PlayAgain, RunEnded
from offscript.tui.safe import plain
from offscript.tui.screens.base import RunScreen
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


PAGE_KEYS = "Scroll the conversation (or the coach's panel, after tab)"


class PlayScreen(RunScreen):
    """One run through a scenario, autosaved after every move."""

    BINDINGS = [
        *[Binding(str(n), f"pick({n})", show=False, tooltip="Pick that choice") for n in range(1, 10)],
        Binding(
            "enter,space",
            "continue",
            "Continue",
            show=False,
            id="continue",
            tooltip="Continue after a line of dialogue",
        ),
        Binding(
            "u,ctrl+z", "undo", "Undo", id="undo", tooltip="Undo: back to your previous decision (coach mode only)"
        ),
        Binding("escape", "leave", "Leave", id="leave", tooltip="Leave the run (it is saved after every choice)"),
        # The choices have the focus; these keys still scroll the conversation above them
        # (or the coach's panel, when tab has moved the focus there).
        Binding("pageup", "scroll_page(-1)", show=False, priority=True, tooltip=PAGE_KEYS),
        Binding("pagedown", "scroll_page(1)", show=False, priority=True, tooltip=PAGE_KEYS),
    ]

    def __init__(
        self, active: ActiveRun, *, notice: str = "", notice_title: str = "Scenario changed", rewind_to: int = 0
    ) -> None:
        super().__init__(active)
        self.notice = notice
        self.notice_title = notice_title
        self.rewind_on_mount = rewind_to  # from the ending's decision review: go back to this decision
        self.shown = 0  # counts each set of options shown; their ids carry it, so a late selection is known

    @property
    def rewinds(self) -> int:
        return self.active.rewinds

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
                analysis = self.active.analysis
                score_range = analysis.score_range if analysis is not None else {}
                yield Meters(self.scenario, score_range, show_scores=self.coaching, id="meters")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.scenario.title
        self.call_after_refresh(self._search_ahead)
        if self.test_from is not None:
            self.announce_test(self.test_from, aloud=not self.notice)  # a watched run's notice says enough
        meters = self.query_one(Meters)
        if not list(meters.children):
            meters.display = False
        self.query_one("#transcript").border_title = "Conversation"
        if self.rewind_on_mount:
            self.rewind_to(self.rewind_on_mount)
        else:
            self.redraw()  # the conversation so far: just the opening line, or a resumed run
        if self.run.is_over and self.run.state.steps:  # resumed at the very end: nothing left to save
            self.store.discard(self.active.run_id)
        if self.notice:
            self.notify(self.notice, title=self.notice_title, timeout=10, markup=False)
        self.query_one(ChoiceList).focus()

    def _search_ahead(self) -> None:
        """The decision review's search, in a thread while the player reads, so the ending shows at once."""
        from offscript.engine.outlook import outlook_for

        scenario, start = self.scenario, self.test_from
        self.run_worker(lambda: outlook_for(scenario, start), thread=True, group="outlook", exit_on_error=False)

    @property
    def test_from(self) -> Start | None:
        return self.active.test_from

    def announce_test(self, start: Start, aloud: bool = True) -> None:
        """Say this run is a test, from where and with which values: it is not saved, and nothing should hide that."""
        self.sub_title = f"{self.scenario.title} · test from {start.node}"
        if not aloud:
            return
        values = ", ".join(f"{name}={str(value).lower()}" for name, value in start.settings) or "the initial values"
        message = f"Test from '{start.node}' with {values}. Test runs are not saved nor recorded in the history."
        self.notify(message, title="Test run", timeout=10, markup=False)

    # --- showing the run ---------------------------------------------------------

    def show(self, event: walk.Event) -> None:
        """Add what happened to the conversation (and, when coaching, the coach's panel)."""
        transcript = self.query_one(Transcript)
        if isinstance(event, walk.Chose):
            transcript.add_player(event.said)
            if self.coaching:
                self.query_one(CoachPanel).show_choice(event.choice, event.feedback)
        elif isinstance(event, walk.Entered) and event.node.kind != "branch":
            transcript.add_node(self.scenario, event.node, event.text)
        elif isinstance(event, walk.DeadEnd):
            transcript.add_notice(dead_end_message(event.run))

    def play(self, events: Iterable[walk.Event]) -> None:
        """Show a move's events and make the run where they leave it the current one."""
        with self.app.batch_update():
            for event in events:
                self.show(event)
                self.active = self.active.moved(event.run)
            self.show_current()

    def show_current(self) -> None:
        """Show what can be done where the run is."""
        run = self.run
        node = run.node
        label = self.query_one("#choices-label", Static)
        self.query_one(Meters).update_values(run.state.scores, run.state.variables)
        if run.is_dead_end:
            label.update("The run cannot go on")
            self.offer(
                [
                    ("again", Content("Play again")),
                    ("library", Content("Back to the library")),
                    ("review", Content("Review my decisions")),
                ]
            )
        elif node.kind == "choices":
            label.update("Your move")
            self.offer([(f"choice-{i}", plain(run.text(c.text).strip())) for i, c in run.offered()])
            if self.coaching:
                self.query_one(CoachPanel).show_discussion(run.text(node.discuss))
        elif node.kind == "next":
            self.query_one(CoachPanel).show_discussion("")
            label.update("Enter or space to continue")
            self.offer([("continue", Content("Continue ▸"))])
        else:
            label.update("The conversation is over")
            self.offer([("debrief", Content("See how you did ▸"))])

    def offer(self, options: list[tuple[str, Content]]) -> None:
        """Show what can be done now, each option's id stamped with this showing ('3:choice-1')."""
        self.shown += 1
        self.query_one(ChoiceList).show([(f"{self.shown}:{action}", prompt) for action, prompt in options])

    def redraw(self) -> None:
        """Rebuild the whole conversation from the run's choices (after a resume or a rewind)."""
        transcript = self.query_one(Transcript)
        steps = [(s.node, s.choice) for s in self.run.state.steps]
        with self.app.batch_update():
            transcript.remove_children()
            self.query_one(CoachPanel).reset()
            replay = walk.replay(self.scenario, steps, reading_on=True, until=self.run.state.node, at=self.test_from)
            for event in replay:
                self.show(event)
            self.show_current()
            transcript.show_newest()

    # --- moving on ------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.act(event.option_id)

    def act(self, option_id: str | None) -> None:
        """Do what an option says, if it is one of the options on screen now.

        Keys can come faster than the screen: a second Enter selects the option
        that was highlighted before the first one was handled. That selection
        belongs to options no longer shown, so it is dropped, never taken at
        the next decision.
        """
        shown, _, option_id = (option_id or "").partition(":")
        if shown != str(self.shown) or not option_id:
            return
        try:
            if option_id.startswith("choice-"):
                self.play(walk.choose(self.run, int(option_id.removeprefix("choice-"))))
                self.saved()
            elif option_id == "continue":
                self.play(walk.advance(self.run))
                self.saved()
            elif option_id == "debrief" or option_id == "review":
                self.request(RunEnded(self.active))
            elif option_id == "again":
                self.play_again()
            elif option_id == "library":
                self.request(BackToLibrary())
        except PlayError as exc:  # should not happen: we only offer what the engine offers
            self.notify(str(exc), severity="error", markup=False)

    def saved(self) -> None:
        """Autosave after a move; at an ending, keep the run in the history and forget the save."""
        if self.run.ending is not None:
            self.store.finish(self.active)
        elif self.run.is_dead_end:
            self.store.discard(self.active.run_id)  # nothing to continue
        else:
            self.store.autosave(self.active)

    def rewind_to(self, number: int) -> None:
        """Go back to decision `number` (1-based), before it was taken, and count the rewind."""
        steps = [(s.node, s.choice) for s in self.run.state.steps][: number - 1]
        self.active = self.active.rewound(walk.replayed(self.scenario, steps, reading_on=True, at=self.test_from))
        self.redraw()
        self.saved()
        self.notify(f"Back to decision {number}. Rewinds in this run: {self.rewinds}.", timeout=3, markup=False)

    def play_again(self) -> None:
        self.request(PlayAgain(self.active))

    # --- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return self.coaching  # no undo in assessment: not in the footer, and the key says why
        return True

    def on_key(self, event: events.Key) -> None:
        if not self.coaching and event.key in ("u", "ctrl+z"):
            event.stop()
            self.notify("There is no undo in assessment mode: every choice counts.", timeout=3, markup=False)

    def action_pick(self, number: int) -> None:
        self.act(self.query_one(ChoiceList).option_id_at(number))

    def action_continue(self) -> None:
        if self.run.node.kind == "next" and not self.run.is_dead_end:
            self.act(f"{self.shown}:continue")
        elif self.run.node.kind == "ending":
            self.act(f"{self.shown}:debrief")

    def action_scroll_page(self, direction: int) -> None:
        """A page of the conversation, or of the coach's panel when tab has given it the focus."""
        sidebar = self.query_one("#sidebar")
        target = sidebar if self.focused is sidebar else self.query_one(Transcript)
        if direction < 0:
            target.scroll_page_up()
        else:
            target.scroll_page_down()

    def action_undo(self) -> None:
        if not self.coaching:
            return
        if not self.run.state.steps:
            self.notify("Nothing to undo: you have not made a choice yet.", timeout=3, markup=False)
            return
        self.rewind_to(len(self.run.state.steps))

    def action_leave(self) -> None:
        if self.run.is_over or not self.run.state.steps:
            self.request(BackToLibrary())
            return
        from offscript.tui.screens.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.request(BackToLibrary())

        if self.active.is_test:
            question = "Leave this test run? Test runs are not saved."
            yes = "Leave"
        elif self.store.saving:
            question = "Leave this run? It is saved: open the scenario again to continue where you left off."
            yes = "Leave"
        else:
            question = "Abandon this run? Saving is off, so your choices so far will be lost."
            yes = "Abandon"
        self.app.push_screen(ConfirmDialog(question, yes, "Keep playing"), answered)

    def game_commands(self) -> Iterable[GameCommand]:
        if self.coaching and self.run.state.steps:
            yield GameCommand("Undo the last decision", "Back to your previous decision", self.action_undo)
        yield GameCommand("Restart this scenario", "Start the conversation again from the beginning", self.play_again)
        kept = "a test run is not saved" if self.active.is_test else "your run is saved"
        yield GameCommand("Leave this run", f"Back to the library ({kept})", self.action_leave)
