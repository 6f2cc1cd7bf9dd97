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
from offscript.engine.result import LoadResult
from offscript.tui.commands import GameCommand
from offscript.tui.messages import BackToLibrary
from offscript.tui.safe import plain
from offscript.tui.screens.base import GameScreen


def source_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


SOURCE_WIDTH = 60  # characters of a source line shown: with its gutter it never wraps at 80 columns


def source_window(source: str, col: int, width: int = SOURCE_WIDTH) -> tuple[str, int]:
    """The part of a long line around a 1-based column, marked with '…' where cut, and the column's offset in it.

    A wrapped line would leave the caret under the wrong characters, so a long
    line is cut to fit, as compilers do, keeping the column in the middle.
    """
    at = max(col - 1, 0)
    if len(source) <= width:
        return source, at
    start = max(0, min(at - width // 2, len(source) - width))
    shown = source[start : start + width]
    if start > 0:
        shown = "…" + shown[1:]
    if start + width < len(source):
        shown = shown[:-1] + "…"
    return shown, at - start


def diagnostic_content(diagnostic: Diagnostic, lines: list[str]) -> Content:
    colour = "$text-error" if diagnostic.severity == "error" else "$text-warning"
    parts: list[Content | str | tuple[str, str]] = [
        plain(f"{diagnostic.path}:{diagnostic.line}:{diagnostic.col}: "),
        (diagnostic.severity, f"bold {colour}"),
        ": ",
        plain(diagnostic.message),
        (f" [{diagnostic.code}]", "italic"),
    ]
    if 1 <= diagnostic.line <= len(lines):
        source, offset = source_window(lines[diagnostic.line - 1].replace("\t", "→"), diagnostic.col)
        parts += ["\n", plain(f"{diagnostic.line:>5} | {source}")]
        caret = " " * (8 + offset) + "^"
        parts += ["\n", (caret, f"bold {colour}")]
    return Content.assemble(*parts)


class DiagnosticsScreen(GameScreen):
    """A scenario with errors: list them, and go back."""

    BINDINGS = [Binding("escape", "back", "Back", id="back", tooltip="Back to the library")]

    def __init__(self, result: LoadResult) -> None:
        super().__init__()
        self.result = result

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
                    "Fix the errors in the file, then open it again.",
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
