"""A yes/no question, such as whether to abandon a run."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from offscript.tui.screens.base import GameDialog
from offscript.tui.widgets.button import GameButton


class ConfirmDialog(GameDialog[bool]):
    BINDINGS = [
        Binding("left", "app.focus_previous", "Previous button", show=False, tooltip="Move between the buttons"),
        Binding("right", "app.focus_next", "Next button", show=False, tooltip="Move between the buttons"),
        Binding("y", "answer(True)", "Yes", id="yes", tooltip="Yes: leave the run"),
        Binding("n,escape", "answer(False)", "No", id="no", tooltip="No: keep playing"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal(classes="buttons"):
                yield GameButton(self.yes, id="yes", variant="error")
                yield GameButton(self.no, id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
