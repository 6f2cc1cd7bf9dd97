"""Why a scenario cannot be played: every problem as file:line:col, with the line it points at."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from offscript.engine.diagnostics import Diagnostic
from offscript.engine.reading import read_scenario_file
from offscript.engine.result import LoadResult
from offscript.render.excerpt import decode_source, excerpt
from offscript.tui.commands import GameCommand
from offscript.tui.messages import BackToLibrary
from offscript.tui.safe import plain
from offscript.tui.screens.base import GameScreen


def source_lines(path: str) -> list[str]:
    """The file's lines as its diagnostics count them; none when it cannot be read any more."""
    data = read_scenario_file(path)  # the careful reader: no device, nothing over the size limit
    return [] if isinstance(data, Diagnostic) else decode_source(data)


def diagnostic_content(diagnostic: Diagnostic, lines: list[str]) -> Content:
    """The diagnostic's first line, then the line it points at with a caret (the excerpt `validate` prints too)."""
    colour = "$text-error" if diagnostic.severity == "error" else "$text-warning"
    parts: list[Content | str | tuple[str, str]] = [
        plain(f"{diagnostic.path}:{diagnostic.line}:{diagnostic.col}: "),
        (diagnostic.severity, f"bold {colour}"),
        ": ",
        plain(diagnostic.message),
        (f" [{diagnostic.code}]", "italic"),
    ]
    shown = excerpt(lines, diagnostic.line, diagnostic.col)
    if shown is not None:
        parts += ["\n", plain(shown.source_line), "\n", (shown.caret_line, f"bold {colour}")]
    return Content.assemble(*parts)


class DiagnosticsScreen(GameScreen):
    """A scenario with errors: list them, and go back."""

    BINDINGS = [Binding("escape", "back", "Back", id="back", tooltip="Back to the library")]

    def __init__(self, result: LoadResult, *, watching: bool = False) -> None:
        super().__init__()
        self.result = result
        self.watching = watching  # `play --watch`: the next good save brings the run back

    def compose(self) -> ComposeResult:
        result = self.result
        errors = len(result.errors)
        warnings = len(result.diagnostics) - errors
        yield Header()
        with VerticalScroll(id="diagnostics"):
            yield Static(
                Content.assemble(
                    ("This scenario cannot be played", "bold $text-error"),
                    "\n",
                    plain(result.path),
                    "\n",
                    f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}. "
                    + (
                        "Watching the file: fix the errors and save, and the run comes back where it was."
                        if self.watching
                        else "Fix the errors in the file, then open it again."
                    ),
                ),
                id="diagnostics-summary",
            )
            lines = source_lines(result.path)
            for diagnostic in result.diagnostics:
                yield Static(diagnostic_content(diagnostic, lines), classes=f"diagnostic {diagnostic.severity}")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Problems in " + Path(self.result.path).name
        self.query_one("#diagnostics").focus()

    def action_back(self) -> None:
        self.request(BackToLibrary())

    def game_commands(self) -> Iterable[GameCommand]:
        yield GameCommand("Back to the library", "Choose another scenario", self.action_back)
