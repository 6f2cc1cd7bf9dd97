"""The decision review on the ending screen: each decision, its score and feedback, and the best on offer."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from offscript.engine.model import SCORES, Choice, Scenario
from offscript.engine.playthrough import PlayError, PlayState, Playthrough
from offscript.tui.safe import plain
from offscript.tui.widgets.coach import score_changes
from offscript.tui.widgets.transcript import speaker_heading


def total(choice: Choice) -> int:
    """A choice's worth for the review: the sum of its three scores."""
    return sum(choice.score.get(name, 0) for name in SCORES)


@dataclass(frozen=True)
class Decision:
    number: int
    prompt: Content  # who said what, just before the decision
    chosen: Choice
    chosen_text: str
    best: Choice
    best_text: str

    @property
    def was_best(self) -> bool:
        return total(self.chosen) >= total(self.best)


def decisions(scenario: Scenario, state: PlayState) -> list[Decision]:
    """Replay the run's steps to see each decision as it was offered (text filled in as it was then)."""
    found: list[Decision] = []
    run = Playthrough.start(scenario)
    try:
        for number, step in enumerate(state.steps, 1):
            run = run.read_on()
            node = run.node
            chosen = node.choices[step.choice]
            offered = [i for i in step.offered if 0 <= i < len(node.choices)] or [step.choice]
            best_index = max(offered, key=lambda i: (total(node.choices[i]), i == step.choice))
            best = node.choices[best_index]
            heading = speaker_heading(scenario, node)
            said = plain(run.text().strip())
            prompt = Content.assemble(heading, ": ", said) if heading else said
            found.append(
                Decision(number, prompt, chosen, run.text(chosen.text).strip(), best, run.text(best.text).strip())
            )
            run = run.choose(step.choice)
    except (PlayError, IndexError, KeyError):
        pass
    return found


class DecisionReview(Static):
    """One decision, reviewed."""

    DEFAULT_CSS = """
    DecisionReview { height: auto; }
    """

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        super().__init__(self._content(decision), classes="best" if decision.was_best else "missed")

    @staticmethod
    def _content(d: Decision) -> Content:
        parts: list[Content | str | tuple[str, str]] = [
            (f"Decision {d.number}", "bold"),
            "\n",
            d.prompt,
            "\n\n",
            ("You chose: ", "bold"),
            plain(d.chosen_text),
            "\n",
            score_changes(d.chosen.score),
        ]
        if d.chosen.feedback.strip():
            parts += ["\n", ("Coach: ", "bold italic"), plain(d.chosen.feedback.strip())]
        if d.was_best:
            parts += ["\n", ("✓ The best-scoring choice on offer.", "bold $text-success")]
        else:
            parts += [
                "\n\n",
                ("Best on offer: ", "bold $text-warning"),
                plain(d.best_text),
                "\n",
                score_changes(d.best.score),
            ]
            if d.best.feedback.strip():
                parts += ["\n", ("Coach: ", "bold italic"), plain(d.best.feedback.strip())]
        return Content.assemble(*parts)
