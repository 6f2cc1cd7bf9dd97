"""Every key Offscript understands, by screen."""

from __future__ import annotations

import textwrap

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
            ("ctrl+p", "command palette: progress, play again, themes and more"),
            ("ctrl+t", "switch theme (dark, light, high contrast)"),
            ("escape", "go back (asks first when a run would be abandoned)"),
            ("tab / shift+tab", "move between parts of the screen"),
        ],
    ),
    (
        "Library",
        [
            ("up / down", "move through the scenarios"),
            ("enter", "open the scenario"),
            ("p", "your progress: every attempt and your personal bests"),
            ("r", "reload the folders"),
        ],
    ),
    (
        "Briefing",
        [
            ("enter / s", "start (start over, when you have an unfinished run)"),
            ("c", "continue your unfinished run (offered when you open the scenario)"),
            ("m", "switch between coach and assessment mode for a new run"),
            ("escape", "back to the library"),
        ],
    ),
    (
        "Play",
        [
            ("1-9", "pick that choice"),
            ("up / down, enter", "move to a choice and pick it (or click it)"),
            ("enter / space", "continue after a line of dialogue"),
            ("pageup / pagedown", "scroll the conversation (or the coach's panel, after tab)"),
            ("u / ctrl+z", "undo: back to your previous decision (coach mode only)"),
            ("escape", "leave the run (it is saved after every choice)"),
        ],
    ),
    (
        "Ending",
        [
            ("p", "play again"),
            ("x", "export the transcript as Markdown and HTML"),
            ("u / ctrl+z", "rewind to your last decision (coach mode; or a decision's Rewind button)"),
            ("l / escape", "back to the library"),
            ("up / down, pgup / pgdn", "scroll the debrief and decision review"),
        ],
    ),
    (
        "Questions",
        [
            ("y / n", "yes or no, when leaving would abandon a run (escape is no)"),
            ("left / right, enter", "move between the buttons and press one"),
        ],
    ),
    ("Progress", [("up / down", "scroll"), ("escape", "back")]),
    ("Problems in a scenario", [("escape", "back to the library")]),
]


KEY_WIDTH = 22
DESCRIPTION_WIDTH = 50  # key column, gap and description fit inside the help box at 80 columns


def help_content() -> Content:
    from offscript.storage.paths import data_dir
    from offscript.tui.store import shown_path

    parts: list[Content | str | tuple[str, str]] = [
        ("Your data", "bold underline"),
        "\n",
        "Saves, history, exports and settings live in ",
        (shown_path(data_dir()), "bold"),
        "\n(change it with --data-dir DIR or OFFSCRIPT_DATA_DIR).",
    ]
    for section, keys in KEYS:
        if parts:
            parts.append("\n\n")
        parts.append((section, "bold underline"))
        for key, what in keys:
            lines = textwrap.wrap(what, DESCRIPTION_WIDTH) or [""]
            parts += ["\n", (f"{key:>{KEY_WIDTH}}", "bold $text-accent"), "  ", lines[0]]
            parts += [f"\n{'':>{KEY_WIDTH}}  {line}" for line in lines[1:]]
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
