"""A run as plain text, as a player would read it: what `offscript run` prints.

It shows the walk's events as they come, so the printed transcript follows
the same `next` nodes, branches, endings and dead ends as the game.
"""

from __future__ import annotations

from collections.abc import Callable

from offscript.engine import walk
from offscript.engine.playthrough import Playthrough
from offscript.engine.safe_text import safe
from offscript.render.scores import score_changes_text, score_totals_text

Write = Callable[[str], None]


class TextTranscript:
    """Writes each event of a run through `write`, one line at a time, every line made safe for a terminal."""

    def __init__(self, write: Write) -> None:
        self._write = write

    def write(self, text: str) -> None:
        """Scenario text may hold control characters the loader never saw (a model built elsewhere): neutralise them."""
        self._write(safe(text))

    def opening(self, run: Playthrough) -> None:
        scenario = run.scenario
        self.write(scenario.title)
        self.write("=" * len(scenario.title))
        if scenario.briefing:
            self.write(scenario.briefing.rstrip())

    def show(self, event: walk.Event) -> None:
        if isinstance(event, walk.Entered):
            self.node(event.run)
        elif isinstance(event, walk.Chose):
            self.decision(event)

    def node(self, run: Playthrough) -> None:
        node = run.node
        character = run.scenario.character(node.speaker)
        self.write("")
        if node.speaker != "narrator":
            role = f", {character.role}" if character.role else ""
            mood = f" [{node.mood}]" if node.mood else ""
            self.write(f"{character.name or node.speaker}{role}{mood}:")
        self.write(indent(run.text()))

    def decision(self, event: walk.Chose) -> None:
        step = event.run.state.steps[-1]
        choice = event.choice
        self.write("")
        self.write(f"> {step.offered.index(step.choice) + 1}. {event.said.strip()}")
        changes = score_changes_text(choice.score)
        if changes:
            self.write(f"  ({changes})")
        if choice.feedback:
            self.write(indent(f"Coach: {event.feedback.strip()}"))

    def offered(self, run: Playthrough) -> None:
        """The choices on offer where the numbers ran out, so the next number is easy to pick."""
        self.write("")
        for number, (_, choice) in enumerate(run.offered(), 1):
            self.write(f"  {number}. {run.text(choice.text).strip()}")

    def result(self, run: Playthrough) -> None:
        ending = run.ending
        self.write("")
        if ending is not None:
            self.write(f"ENDING ({ending.outcome}): {ending.title}")
            if ending.debrief:
                self.write(indent(run.text(ending.debrief).rstrip()))
        self.write(f"Scores after {run.decisions} decision(s): {score_totals_text(run.state.scores)}")


def indent(text: str) -> str:
    return "\n".join("  " + line if line else "" for line in text.rstrip().splitlines())
