"""The decision review on the ending screen: each decision, its score and feedback, and the best on offer."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from offscript.engine.model import Scenario
from offscript.engine.playthrough import PlayError, PlayState
from offscript.engine.start import Start
from offscript.engine.transcript import Decision, TranscriptItem, build_transcript, total
from offscript.tui.safe import plain, styled
from offscript.tui.widgets.coach import score_changes


@dataclass(frozen=True)
class ReviewedDecision:
    """A decision with what was said just before it, as the review shows it."""

    decision: Decision
    prompt: Content


def _prompt(item: TranscriptItem | None) -> Content:
    """'Mara Jensen · Purchase manager · mood: impatient', then what she said, from the line just before a decision."""
    if item is None:
        return Content("")
    said = plain(item.text.strip())
    if not item.speaker:
        return said
    heading = styled(item.speaker, "bold")
    if item.role:
        heading = Content.assemble(heading, " · ", plain(item.role))
    if item.mood:
        heading = Content.assemble(heading, " · ", ("mood:\u00a0", "italic"), styled(item.mood, "italic"))
    return Content.assemble(heading, "\n", said)


def decisions(scenario: Scenario, state: PlayState, at: Start | None = None) -> list[ReviewedDecision]:
    """The run's decisions, replayed by the engine (from `at`, for a test run) so every `{name}` reads as it did."""
    try:
        items = build_transcript(scenario, [(step.node, step.choice) for step in state.steps], at).items
    except PlayError:  # the steps no longer fit the scenario: there is nothing trustworthy to review
        return []
    found: list[ReviewedDecision] = []
    for position, item in enumerate(items):
        if item.decision is not None:
            found.append(ReviewedDecision(item.decision, _prompt(items[position - 1] if position else None)))
    return found


OUTLOOK = {
    "success": "it keeps a success ending within reach",
    "partial": "a partial ending is the best still within reach",
    "failure": "no option here could still avoid a failure ending",
}


def _praise(d: Decision) -> tuple[str, str]:
    """Why a choice is marked best: by the outcome it kept in reach, or, unsearched, by its points.

    A choice that cost points is not ticked even when it was the best on
    offer: the coach's feedback may still find fault with it.
    """
    if d.outcome in OUTLOOK:
        if total(d.chosen) < 0:
            return (f"The best on offer, though it cost points here: {OUTLOOK[d.outcome]}.", "bold $text-warning")
        return (f"✓ The best on offer: {OUTLOOK[d.outcome]}.", "bold $text-success")
    if total(d.chosen) > 0:
        return ("✓ The best-scoring choice on offer.", "bold $text-success")
    return ("The best-scoring choice on offer, though none here scored well.", "bold $text-warning")


class DecisionReview(Static):
    """One decision, reviewed."""

    DEFAULT_CSS = """
    DecisionReview { height: auto; }
    """

    def __init__(self, reviewed: ReviewedDecision) -> None:
        self.decision = reviewed.decision
        super().__init__(self._content(reviewed), classes="best" if self.decision.was_best else "missed")

    @staticmethod
    def _content(reviewed: ReviewedDecision) -> Content:
        d = reviewed.decision
        parts: list[Content | str | tuple[str, str]] = [
            (f"Decision {d.number}", "bold"),
            "\n",
            reviewed.prompt,
            "\n\n",
            ("You chose: ", "bold"),
            plain(d.chosen_text.strip()),
            "\n",
            score_changes(d.chosen.score),
        ]
        if d.chosen_feedback.strip():
            parts += ["\n", ("Coach: ", "bold italic"), plain(d.chosen_feedback.strip())]
        if d.was_best:
            parts += ["\n", _praise(d)]
        else:
            parts += [
                "\n\n",
                ("Best on offer: ", "bold $text-warning"),
                plain(d.best_text.strip()),
                "\n",
                score_changes(d.best.score),
            ]
            if d.why:
                parts += ["\n", ("Why: ", "bold"), plain(d.why)]
            if d.best_feedback.strip():
                parts += ["\n", ("Coach: ", "bold italic"), plain(d.best_feedback.strip())]
        if d.discuss:
            parts += ["\n\n", ("Discuss: ", "bold $text-accent"), plain(d.discuss)]
        return Content.assemble(*parts)
