"""The coach's panel: why the choice just made helps or hurts, and what it scored."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from offscript.engine.model import SCORE_LABELS, SCORES, Choice
from offscript.tui.safe import plain


def score_changes(score: dict[str, int] | object) -> Content:
    """'Empathy +2 · Customer first -1', coloured by sign; 'No score change' when all are zero."""
    parts: list[Content | str | tuple[str, str]] = []
    for name in SCORES:
        value = score.get(name, 0)  # type: ignore[attr-defined]
        if value:
            if parts:
                parts.append(" · ")
            parts.append(
                (f"{SCORE_LABELS[name]} {value:+d}", "bold $text-success" if value > 0 else "bold $text-error")
            )
    return Content.assemble(*parts) if parts else Content("No score change")


def best_sum(choice: Choice) -> int:
    return sum(choice.score.get(name, 0) for name in SCORES)


class CoachPanel(Vertical):
    """Shows the feedback and score changes of the last choice, or the question to think about."""

    def compose(self) -> ComposeResult:
        yield Static(Content("Make a choice; the coach will explain it here."), id="coach-text")

    def on_mount(self) -> None:
        self.border_title = "Coach"

    def reset(self) -> None:
        self.query_one("#coach-text", Static).update(Content("Make a choice; the coach will explain it here."))

    def show_choice(self, said: str, choice: Choice) -> None:
        feedback = choice.feedback.strip() or "(The scenario gives no feedback for this choice.)"
        self.query_one("#coach-text", Static).update(
            Content.assemble(
                score_changes(choice.score),
                "\n\n",
                plain(feedback),
            )
        )

    def show_discussion(self, question: str) -> None:
        """Before the first choice: the node's discussion question, if it has one."""
        if question.strip():
            self.query_one("#coach-text", Static).update(
                Content.assemble(("Think about it: ", "italic"), plain(question.strip()))
            )
