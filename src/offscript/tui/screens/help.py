"""Every key Offscript understands, by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("?", "show this help"),
            ("ctrl+q", "quit Offscript"),
            ("ctrl+p", "command palette: library, play again, themes and more"),
            ("ctrl+t", "switch theme (dark, light, high contrast)"),
            ("escape", "go back (asks first when a run would be abandoned)"),
            ("tab / shift+tab", "move between parts of the screen"),
        ],
    ),
    (
        "Library",
        [("up / down", "move through the scenarios"), ("enter", "open the scenario"), ("r", "reload the folders")],
    ),
    ("Briefing", [("enter / s", "start"), ("escape", "back to the library")]),
    (
        "Play",
        [
            ("1-9", "pick that choice"),
            ("up / down, enter", "move to a choice and pick it (or click it)"),
            ("enter / space", "continue after a line of dialogue"),
            ("pageup / pagedown", "scroll the conversation"),
            ("escape", "leave the run (asks first)"),
        ],
    ),
    (
        "Ending",
        [
            ("p", "play again"),
            ("l / escape", "back to the library"),
            ("up / down, pageup / pagedown", "scroll the debrief and decision review"),
        ],
    ),
    ("Problems in a scenario", [("escape", "back to the library")]),
]


def help_content() -> Content:
    parts: list[Content | str | tuple[str, str]] = []
    for section, keys in KEYS:
        if parts:
            parts.append("\n\n")
        parts.append((section, "bold underline"))
        for key, what in keys:
            parts += ["\n", (f"{key:>30}", "bold $text-accent"), "  ", what]
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", id="close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_content(), id="help-text")
            yield Static("escape: close", id="help-close")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
