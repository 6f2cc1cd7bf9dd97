"""Shown instead of a broken layout when the terminal is smaller than 80x24."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


class TooSmallMessage(Static):
    def render(self) -> Content:
        width, height = self.app.size
        return Content(
            f"Offscript needs a terminal of at least 80 x 24.\n"
            f"This one is {width} x {height}.\n\n"
            "Make the window larger to carry on.\nctrl+q quits."
        )


class TooSmallScreen(Screen):
    """A plain message; the app removes it as soon as the terminal is large enough."""

    def compose(self) -> ComposeResult:
        yield TooSmallMessage(id="too-small")

    def on_resize(self) -> None:
        self.query_one(TooSmallMessage).refresh()
