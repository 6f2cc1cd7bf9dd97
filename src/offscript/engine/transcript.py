"""A finished or unfinished run as a conversation: what was said, chosen and coached.

Built by replaying the run's steps, so every `{name}` is filled in with the
value it had at that moment. The decision review, the command line and the
Markdown/HTML export all read this one structure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from offscript.engine.model import Choice, Scenario
from offscript.engine.outlook import Outlook, Prospect, fair_benchmark, outlook_for
from offscript.engine.playthrough import PlayError, Playthrough
from offscript.engine.start import Start
from offscript.engine.walk import Chose, Entered, replay

ItemKind = Literal["line", "choice", "ending"]


@dataclass(frozen=True)
class Decision:
    """One decision: what was chosen, and the best choice that was on offer there (see `engine.outlook`)."""

    number: int  # 1-based count of decisions in the run
    node: str
    chosen: Choice
    chosen_text: str
    best: Choice
    best_text: str
    was_best: bool = True  # the choice was as good as the best on offer: nothing to put right
    why: str = ""  # why the best on offer is better, in one plain line ("" when judged by points alone)
    chosen_feedback: str = ""  # `{name}` filled in with the values just after the choice
    best_feedback: str = ""  # filled in as if the best choice had been taken
    discuss: str = ""  # the decision's discussion question, filled in as it read when it was asked
    outcome: str = ""  # the best outcome still in reach after the choice made; "" when not searched


@dataclass(frozen=True)
class TranscriptItem:
    kind: ItemKind
    text: str
    speaker: str = ""
    role: str = ""
    mood: str = ""
    decision: Decision | None = None
    outcome: str = ""
    title: str = ""
    debrief: str = ""


@dataclass
class Transcript:
    scenario: Scenario
    items: list[TranscriptItem] = field(default_factory=list)

    @property
    def decisions(self) -> list[Decision]:
        return [item.decision for item in self.items if item.decision is not None]


def total(choice: Choice) -> int:
    """A choice's score summed over the three dimensions: how 'best' is judged in the review."""
    return sum(choice.score.values())


def best_offered(node_choices: tuple[Choice, ...], offered: Iterable[int]) -> int:
    """The index of the highest-scoring choice among those on offer (the first one on a tie)."""
    return max(offered, key=lambda i: total(node_choices[i]))


def _judged(before: Playthrough, chosen: int, outlook: Outlook | None) -> tuple[int, bool, str, str]:
    """The option to measure the choice against, whether the choice matched it, why not, and the outcome kept.

    By what each option can still lead to when the search can say; by the
    immediate score otherwise (a scenario too large to search).
    """
    choices = before.node.choices
    prospects = outlook.prospects(before.state) if outlook is not None else None
    if prospects is None or chosen not in prospects:
        best = best_offered(choices, [i for i, _ in before.offered()])
        return best, total(choices[chosen]) >= total(choices[best]), "", ""
    immediate = {i: total(choices[i]) for i in prospects}
    best = fair_benchmark(prospects, immediate, chosen)
    mine, theirs = prospects[chosen], prospects[best]
    return best, mine.rank >= theirs.rank, _why(mine, theirs), mine.outcome


def _why(mine: Prospect, theirs: Prospect) -> str:
    """One line on why the best on offer beats the choice made."""
    if mine.rank >= theirs.rank:
        return ""
    if mine.outcome != theirs.outcome:
        left = f"the best ending left was {mine.outcome}" if mine.outcome else "no ending was left in reach"
        return f"It keeps a {theirs.outcome} ending within reach; after your choice {left}."
    if theirs.total is None:
        return f"Both can still end in {theirs.outcome}; it opens a road that keeps earning points."
    return (
        f"Both can still end in {theirs.outcome}; the best road after it earns {theirs.total:+d} "
        f"in all, after yours {mine.total:+d}."
    )


def _feedback_after(run: Playthrough, index: int) -> str:
    """A choice's feedback filled in with the values it would leave behind."""
    feedback = run.node.choices[index].feedback
    try:
        return run.choose(index).text(feedback)
    except PlayError:  # the choice leads nowhere playable; its own values are still the best guess
        return run.text(feedback)


def _line(run: Playthrough) -> TranscriptItem:
    node = run.node
    character = run.scenario.character(node.speaker)
    speaker = "" if node.speaker == "narrator" else (character.name or node.speaker)
    if node.kind == "ending" and node.ending is not None:
        return TranscriptItem(
            "ending",
            run.text(),
            speaker,
            character.role,
            node.mood,
            outcome=node.ending.outcome,
            title=node.ending.title,
            debrief=run.text(node.ending.debrief),
        )
    return TranscriptItem("line", run.text(), speaker, character.role, node.mood)


def build_transcript(scenario: Scenario, steps: Iterable[tuple[str, int]], at: Start | None = None) -> Transcript:
    """Replay the steps (from a tester's `Start` when `at` is given) and record every node shown and decision taken.

    Raises PlayError when the steps no longer fit the scenario.
    """
    transcript = Transcript(scenario)
    outlook: Outlook | None = None
    for event in replay(scenario, steps, reading_on=True, at=at):
        if isinstance(event, Entered):
            transcript.items.append(_line(event.run))
        elif isinstance(event, Chose):
            outlook = outlook or outlook_for(scenario, at)  # searched once per scenario, at the first decision
            decision = _decision(event, outlook)
            transcript.items.append(TranscriptItem("choice", decision.chosen_text, "You", decision=decision))
    return transcript


def _decision(event: Chose, outlook: Outlook) -> Decision:
    before = event.before
    choices = before.node.choices
    best_index, was_best, why, outcome = _judged(before, event.run.state.steps[-1].choice, outlook)
    best = choices[best_index]
    return Decision(
        event.number,
        before.state.node,
        event.choice,
        event.said,
        best,
        before.text(best.text),
        was_best=was_best,
        why=why,
        outcome=outcome,
        chosen_feedback=event.feedback,
        best_feedback=_feedback_after(before, best_index),
        discuss=before.text(before.node.discuss).strip(),
    )
