"""The coach's panel: why the choice just made helps or hurts, and what it scored."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical
from textual.content import Content
from textual.widgets import Static

from offscript.engine.model import Choice
from offscript.render.scores import score_changes as render_score_changes
from offscript.tui.safe import plain


def score_changes(score: Mapping[str, int]) -> Content:
    """'Empathy +2 · Customer first -1', coloured by sign; 'No score change' when all are zero."""
    parts: list[Content | str | tuple[str, str]] = []
    for label, value in render_score_changes(score):
        if parts:
            parts.append(" · ")
        parts.append((f"{label} {value:+d}", "bold $text-success" if value > 0 else "bold $text-error"))
    return Content.assemble(*parts) if parts else Content("No score change")


class CoachPanel(Vertical):
    """The feedback and score changes of the last choice, and the question to think about now."""

    WAITING = "Make a choice; the coach will explain it here."

    def compose(self) -> ComposeResult:
        yield Static(Content(self.WAITING), id="coach-text")
        yield Static(id="coach-discuss")

    def on_mount(self) -> None:
        self.border_title = "Coach"
        self.query_one("#coach-discuss").display = False

    def on_resize(self) -> None:
        self.call_after_refresh(self._mark_overflow)

    def _changed(self) -> None:
        """New words: show them from the top (the panel scrolls inside the sidebar)."""
        if isinstance(self.parent, ScrollableContainer):
            self.parent.scroll_home(animate=False)
        self.call_after_refresh(self._mark_overflow)

    def _mark_overflow(self) -> None:
        """Say in the panel's title, always in view, that there is more below and how to read it."""
        more = isinstance(self.parent, ScrollableContainer) and self.parent.max_scroll_y > 0
        self.border_title = "Coach · more: tab ↓" if more else "Coach"

    def reset(self) -> None:
        self.query_one("#coach-text", Static).update(Content(self.WAITING))
        self.show_discussion("")
        self._changed()

    def show_choice(self, choice: Choice, feedback: str) -> None:
        """`feedback` is the choice's feedback with `{name}` already filled in."""
        feedback = feedback.strip() or "(The scenario gives no feedback for this choice.)"
        self.query_one("#coach-text", Static).update(
            Content.assemble(score_changes(choice.score), "\n\n", plain(feedback))
        )
        self._changed()

    def show_discussion(self, question: str) -> None:
        """The current decision's discussion question, or nothing when it has none."""
        discuss = self.query_one("#coach-discuss", Static)
        discuss.display = bool(question.strip())
        discuss.update(Content.assemble(("Think about it: ", "bold italic"), plain(question.strip())))
        self._changed()
