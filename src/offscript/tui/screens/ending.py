"""The ending: outcome, debrief, scores against the achievable range, and a review of every decision."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Header, Static

from offscript.engine.analysis import Analysis
from offscript.engine.model import SCORE_LABELS, SCORES
from offscript.engine.playthrough import Playthrough
from offscript.tui.commands import GameCommand
from offscript.tui.messages import BackToLibrary, PlayAgain, RewindTo
from offscript.tui.safe import plain, styled
from offscript.tui.screens.base import RunScreen
from offscript.tui.widgets.button import GameButton
from offscript.tui.widgets.meters import bar
from offscript.tui.widgets.review import DecisionReview, decisions

OUTCOME_LABELS = {"success": "Success", "partial": "Partial success", "failure": "Not this time"}


def score_lines(run: Playthrough, analysis: Analysis | None) -> Content:
    """Each score as its total and as a percentage of the range any complete playthrough can reach."""
    lines: list[Content | str | tuple[str, str]] = [
        ("The % shows where your total sits between the lowest and the highest any playthrough can reach.", "italic"),
    ]
    ranges = analysis.score_range if analysis is not None else {}
    for name in SCORES:
        total = run.state.scores.get(name, 0)
        percent = analysis.percent(name, total) if analysis is not None else None
        span = ranges.get(name)
        lines += ["\n", (f"{SCORE_LABELS[name]:<15}", "bold"), (f"{total:+4d}  ", "bold")]
        if percent is None:
            lines.append(no_percent_reason(span))
        else:
            lines += [(bar(percent / 100, 16), "$primary"), (f" {percent:>3}%", "bold")]
            if span:
                lines.append(f"  (range {span[0]:+d} to {span[1]:+d})")
    return Content.assemble(*lines)


def no_percent_reason(span: tuple[int | None, int | None] | None) -> str:
    """Why a score has no percentage: no analysis, no limit on one side, or one possible total."""
    if not span:
        return "—   (the achievable range is not known for this scenario)"
    if span[0] is None or span[1] is None:
        low = "no limit" if span[0] is None else f"{span[0]:+d}"
        high = "no limit" if span[1] is None else f"{span[1]:+d}"
        return f"—   (range {low} to {high}: a loop in the scenario lets it grow without limit)"
    return "—   (every playthrough scores the same)"


class EndingScreen(RunScreen):
    """How the run ended and what to learn from it."""

    BINDINGS = [
        Binding("p", "play_again", "Play again", id="play-again", tooltip="Play this scenario again"),
        Binding("x", "export", "Export", id="export", tooltip="Write the transcript as Markdown and HTML"),
        Binding(
            "u,ctrl+z",
            "undo",
            "Rewind",
            id="undo",
            tooltip="Rewind to your last decision (coach mode; or a decision's Rewind button)",
        ),
        Binding("l,escape", "library", "Library", id="library", tooltip="Back to the library"),
    ]

    def compose(self) -> ComposeResult:
        run = self.run
        ending = run.ending
        yield Header()
        with VerticalScroll(id="ending"):
            if ending is not None:
                yield Static(
                    Content.assemble(
                        (OUTCOME_LABELS.get(ending.outcome, ending.outcome).upper(), "bold"),
                        "  ",
                        styled(ending.title, "bold"),
                    ),
                    id="outcome",
                    classes=ending.outcome,
                )
                yield Static(plain(run.text().strip()), id="ending-text")
                if ending.debrief.strip():
                    yield Static("Debrief", classes="heading")
                    yield Static(plain(run.text(ending.debrief).strip()), id="debrief")
            else:
                yield Static(
                    Content.assemble(("DEAD END", "bold"), "  ", plain(f"The run stopped at '{run.state.node}'")),
                    id="outcome",
                    classes="failure",
                )
                yield Static(
                    "The scenario offered no way on from here. That is a fault in the scenario, not in your play.",
                    id="ending-text",
                )
            yield Static("Your scores", classes="heading")
            yield Static(score_lines(run, self.active.analysis), id="scores")
            found = decisions(self.scenario, run.state, self.active.test_from)
            yield Static(f"Decision review ({len(found)} decision{'s' * (len(found) != 1)})", classes="heading")
            if not found:
                yield Static("You made no decisions in this run.")
            elif self.coaching:
                yield Static("Practice rewind: go back to any decision and play on from there.", classes="rewind-hint")
            for reviewed in found:
                yield DecisionReview(reviewed)
                number = reviewed.decision.number
                if self.coaching:
                    yield GameButton(
                        f"↶ Rewind to decision {number}",
                        id=f"rewind-{number}",
                        classes="rewind",
                        compact=True,
                    )
            with Horizontal(classes="buttons"):
                yield GameButton("Play again", id="play-again", variant="primary")
                yield GameButton("Export transcript", id="export")
                yield GameButton("Back to library", id="library")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.scenario.title
        self.query_one("#ending").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button == "play-again":
            self.action_play_again()
        elif button == "export":
            self.action_export()
        elif button.startswith("rewind-"):
            self.rewind_to(int(button.removeprefix("rewind-")))
        else:
            self.action_library()

    def action_play_again(self) -> None:
        self.request(PlayAgain(self.active))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return self.coaching and bool(self.run.state.steps)
        return True

    def action_undo(self) -> None:
        self.rewind_to(len(self.run.state.steps))

    def rewind_to(self, number: int) -> None:
        """Play on from decision `number` (1-based), as it was before you took it (coach mode only)."""
        if self.coaching and 1 <= number <= len(self.run.state.steps):
            self.request(RewindTo(self.active, number))

    def action_export(self) -> None:
        """Write the transcript to the exports folder as Markdown and HTML, and say where."""
        from offscript.tui.store import shown_path

        active = self.active
        meta = f"Played {active.started[:16].replace('T', ' ')} in {active.mode} mode" if active.started else ""
        if active.rewinds:
            meta += f", with {active.rewinds} rewind{'s' * (active.rewinds != 1)}"
        written = self.store.export(active, meta)
        if written is not None:
            markdown, page = written
            self.notify(  # a line each: a toast would break a long path mid-word
                f"Transcript saved in {shown_path(markdown.parent)}/\n{markdown.name}\n{page.name}",
                title="Exported",
                timeout=10,
                markup=False,
            )

    def action_library(self) -> None:
        self.request(BackToLibrary())

    def game_commands(self) -> Iterable[GameCommand]:
        yield GameCommand("Play again", "Play this scenario again from the start", self.action_play_again)
        yield GameCommand("Export the transcript", "Write it as Markdown and HTML", self.action_export)
        if self.coaching and self.run.state.steps:
            yield GameCommand("Rewind to the last decision", "Play on from your last decision", self.action_undo)
        yield GameCommand("Back to the library", "Choose another scenario", self.action_library)
