"""A run carried over onto a new version of its scenario file: what `play --watch` does on each save.

A trainer changes a line, saves, and wants to see it where they were, not
play the first ten decisions again. So the run's decisions are taken again on
the new version, and the run goes on as far as it had read. A decision is
found again by what the trainer is least likely to have changed: the
choice's `id` when it has one, else its exact text (a choice moved up or
down), else its position (its text was just edited). When a decision no
longer fits (its node is no longer reached, or the choice is gone or not on
offer), the run stops before it, and the notice says which and why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from offscript.engine.model import Choice, Node, Scenario
from offscript.engine.playthrough import Playthrough
from offscript.engine.start import Start


@dataclass(frozen=True)
class CarriedOver:
    """The run on the new version, and a line saying how much of the old one it kept."""

    run: Playthrough
    kept: int  # decisions taken again
    notice: str


def carry_over(old: Playthrough, scenario: Scenario, at: Start | None = None) -> CarriedOver:
    """`old`'s decisions taken again on `scenario` (from `at`, a tester's start), as far as they still fit."""
    steps = old.state.steps
    run = Playthrough.start(scenario, at)
    for number, step in enumerate(steps, 1):
        said = old.scenario.nodes[step.node].choices[step.choice]
        run = run.read_on()
        if run.state.node != step.node:
            return _stopped(run, number, len(steps), f"the new version reaches '{run.state.node}' there")
        index = find_choice(run.node, said, step.choice, old.scenario.nodes[step.node].choices)
        if index is None:
            return _stopped(run, number, len(steps), f"its choice ('{_short(said.text)}') is gone")
        if index not in [i for i, _ in run.offered()]:
            return _stopped(run, number, len(steps), f"its choice ('{_short(said.text)}') is no longer on offer")
        run = run.choose(index)
    run = _read_as_far_as(run, old.state.node)
    taken = f"{len(steps)} decision{'s' * (len(steps) != 1)} taken again" if steps else "no decision yet"
    if run.state.node != old.state.node:
        where = f"the new version leads to '{run.state.node}' where you were at '{old.state.node}'"
        return CarriedOver(run, len(steps), f"Reloaded: {taken}; {where}.")
    return CarriedOver(run, len(steps), f"Reloaded: {taken}; you are where you were.")


def find_choice(node: Node, said: Choice, index: int, old_choices: Sequence[Choice] = ()) -> int | None:
    """The choice of `node` that is the old one: same id, else the same text, else the same place when the node
    still has as many choices and that place holds none of the old choices' texts (a reworded option)."""
    choices: Sequence[Choice] = node.choices
    old_choices = old_choices or choices
    old_texts = {c.text for c in old_choices}
    if said.id:
        found = [i for i, c in enumerate(choices) if c.id == said.id]
        if found:
            return found[0]
    same_text = [i for i, c in enumerate(choices) if c.text == said.text]
    if len(same_text) == 1:
        return same_text[0]
    # by place only when the node still has as many choices (the text was reworded): after a deletion or an
    # insertion the same place holds another choice, and taking it would put words in the player's mouth
    same_count = len(choices) == len(old_choices)
    if same_count and index < len(choices) and not (said.id and choices[index].id and choices[index].id != said.id):
        if choices[index].text not in old_texts:  # not another old choice that merely moved here
            return index
    return None


def _read_as_far_as(run: Playthrough, node: str) -> Playthrough:
    """Read on through `next` nodes up to `node`, where the old run stood, if it is on the way; else stay."""
    ahead, seen = run, set()
    while ahead.state.node != node and ahead.node.kind == "next" and ahead.state.node not in seen:
        seen.add(ahead.state.node)
        ahead = ahead.advance()
    return ahead if ahead.state.node == node else run


def _stopped(run: Playthrough, number: int, total: int, why: str) -> CarriedOver:
    kept = number - 1
    return CarriedOver(
        run, kept, f"Reloaded: {kept} of {total} decisions taken again; decision {number} no longer fits: {why}."
    )


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
