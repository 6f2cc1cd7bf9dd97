"""Every key Offscript understands, by screen."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from offscript.tui.screens.base import GameDialog

BindingList = Sequence[Binding | tuple[str, str] | tuple[str, str, str]]
HelpSection = tuple[str, BindingList]


def key_label(binding: Binding) -> str:
    """'u / ctrl+z' for a binding of several keys; its key_display when it has one."""
    return binding.key_display or " / ".join(key.strip() for key in binding.key.split(","))


def help_lines(bindings: BindingList) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding with a tooltip or description, read from the bindings themselves.

    Neighbours that do the same thing share a line ('pageup / pagedown'), and a
    run of single digits becomes a range ('1-9').
    """
    lines: list[tuple[list[str], str]] = []
    for binding in bindings:
        if not isinstance(binding, Binding):
            binding = Binding(*binding)
        what = binding.tooltip or binding.description
        if not what:
            continue
        if lines and lines[-1][1] == what:
            lines[-1][0].append(key_label(binding))
        else:
            lines.append(([key_label(binding)], what))
    return [(_keys(keys), what) for keys, what in lines]


def _keys(keys: list[str]) -> str:
    if len(keys) > 2 and all(len(k) == 1 and k.isdigit() for k in keys):
        return f"{keys[0]}-{keys[-1]}"
    return " / ".join(keys)


KEY_WIDTH = 22
DESCRIPTION_WIDTH = 50  # key column, gap and description fit inside the help box at 80 columns


def help_content(sections: Sequence[HelpSection]) -> Content:
    from offscript.storage.paths import data_dir
    from offscript.tui.store import shown_path

    parts: list[Content | str | tuple[str, str]] = [
        ("Your data", "bold underline"),
        "\n",
        "Saves, history, exports and settings live in ",
        (shown_path(data_dir()), "bold"),
        "\n(change it with --data-dir DIR or OFFSCRIPT_DATA_DIR).",
    ]
    for section, bindings in sections:
        parts += ["\n\n", (section, "bold underline")]
        for key, what in help_lines(bindings):
            lines = textwrap.wrap(what, DESCRIPTION_WIDTH) or [""]
            parts += ["\n", (f"{key:>{KEY_WIDTH}}", "bold $text-accent"), "  ", lines[0]]
            parts += [f"\n{'':>{KEY_WIDTH}}  {line}" for line in lines[1:]]
    return Content.assemble(*parts)


class HelpScreen(GameDialog[None]):
    """Every key, by screen, as the app's and the screens' own bindings declare them."""

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close", id="close", tooltip="Close this help"),
    ]

    def __init__(self, sections: Sequence[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_content(self.sections), id="help-text")
            yield Static("escape: close", id="help-close")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = "Keys"
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
