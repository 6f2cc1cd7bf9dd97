"""Opening a scenario that has an unfinished run: continue it (the default) or start over."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from offscript.storage.saves import Resumed, Save
from offscript.tui.safe import plain, styled
from offscript.tui.screens.base import GameDialog
from offscript.tui.widgets.button import GameButton


def saved_when(save: Save) -> str:
    """'2025-03-04 14:02' from an ISO time ('' when the save has none)."""
    return save.updated[:16].replace("T", " ")


def save_summary(save: Save) -> str:
    count = len(save.steps)
    parts = [f"{count} decision{'s' * (count != 1)} made", f"{save.mode} mode"]
    if save.rewinds:
        parts.append(f"{save.rewinds} rewind{'s' * (save.rewinds != 1)}")
    if saved_when(save):
        parts.append(f"saved {saved_when(save)}")
    return " · ".join(parts)


class ResumeDialog(GameDialog[str]):
    """Dismissed with 'continue', 'start-over' or 'library'; escape closes it and stays on the briefing."""

    BINDINGS = [
        Binding("left", "app.focus_previous", "Previous button", show=False, tooltip="Move between the buttons"),
        Binding("right", "app.focus_next", "Next button", show=False, tooltip="Move between the buttons"),
        Binding("c", "answer('continue')", "Continue", id="continue", tooltip="Continue the unfinished run"),
        Binding("s", "answer('start-over')", "Start over", id="start-over", tooltip="Start over"),
        Binding("escape", "close", "Briefing", id="close", tooltip="Read the briefing first"),
    ]

    def __init__(self, title: str, save: Save, resumed: Resumed) -> None:
        super().__init__()
        self.scenario_title = title
        self.save = save
        self.resumed = resumed

    @property
    def can_continue(self) -> bool:
        return self.resumed.run is not None

    def compose(self) -> ComposeResult:
        with Vertical(id="resume"):
            yield Static(
                Content.assemble(("You have an unfinished run of ", "bold"), styled(self.scenario_title, "bold")),
                id="resume-title",
            )
            yield Static(Content(save_summary(self.save)), id="resume-summary")
            if self.resumed.message:
                yield Static(plain(self.resumed.message), id="resume-message", classes="changed")
            with Horizontal(classes="buttons"):
                if self.can_continue:
                    yield GameButton("Continue", id="continue", variant="primary")
                    yield GameButton("Start over", id="start-over")
                else:
                    yield GameButton("Start over", id="start-over", variant="primary")
                    yield GameButton("Back to library", id="library")
            yield Static(
                Content("c: continue · s: start over · escape: read the briefing first")
                if self.can_continue
                else Content("s: start over · escape: read the briefing first"),
                id="resume-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#resume").border_title = "Welcome back" if self.can_continue else "The scenario changed"
        self.query_one(GameButton).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters == ("continue",):
            return self.can_continue
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(str(event.button.id))

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)

    def action_close(self) -> None:
        self.dismiss("")
