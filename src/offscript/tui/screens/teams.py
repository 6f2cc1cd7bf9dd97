"""Naming the teams before a class starts: one line each, the colour names offered as they are."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from offscript.tui.screens.base import GameDialog
from offscript.tui.widgets.button import GameButton

MAX_NAME = 20


class TeamsDialog(GameDialog[tuple[str, ...]]):
    """Answers the teams' names (each its own, none empty), or the names it was given on escape."""

    BINDINGS = [Binding("escape", "keep", "Keep these names", tooltip="Start with the names shown")]

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(id="teams"):
            yield Static("Name the teams (enter moves on; the names show on the scoreboard)", id="teams-title")
            for number, name in enumerate(self.names, 1):
                yield Input(name, id=f"team-{number}", max_length=MAX_NAME, placeholder=f"Team {number}")
            yield Static("", id="teams-problem")
            with Horizontal(classes="buttons"):
                yield GameButton("Start the class", id="teams-start", variant="primary")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == f"team-{len(self.names)}":
            self._start()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._start()

    def action_keep(self) -> None:
        self.dismiss(self.names)

    def _start(self) -> None:
        names = tuple(" ".join(field.value.split()) for field in self.query(Input))
        if any(not name for name in names):
            self.query_one("#teams-problem", Static).update("Every team needs a name.")
        elif len(set(names)) != len(names):
            self.query_one("#teams-problem", Static).update("Two teams have the same name: give each its own.")
        else:
            self.dismiss(names)
