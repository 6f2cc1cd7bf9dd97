"""A playtest finding: a diagnostic, the path that shows it, and why it matters to a learner.

The codes are OS5NN. Each code's one line for the learner lives here, once,
so the command line, the JSON and the guide say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from offscript.engine.diagnostics import Diagnostic, Severity
from offscript.engine.model import Scenario

WHY: dict[str, str] = {
    "OS500": "findings below come from random play, so they show what was not seen, not what cannot happen",
    "OS501": "no learner ever sees this option, so the lesson it carries is never taught",
    "OS502": "this road of the story never plays, so what it shows is never seen",
    "OS503": "the change does nothing, so nothing later can tell this choice apart from the others",
    "OS504": "once the meter sits at its bound, the story cannot tell a second mistake from the first",
    "OS510": "the path the author said must work does not, so the scenario no longer teaches what it meant to",
    "OS520": "a learner who loses points on the way still reaches success and learns that the behaviour pays",
    "OS521": "a learner who did nearly everything right is told they failed, and cannot see why",
    "OS522": "the option the scores reward makes success impossible: following the coaching is punished",
    "OS523": "a learner can score well by picking the longest line instead of listening to the customer",
    "OS524": "a learner can score well by avoiding every option with a minus instead of weighing the situation",
    "OS525": "with no trade-off anywhere, no decision asks the learner to weigh one good against another",
}


@dataclass(frozen=True)
class Finding:
    diagnostic: Diagnostic
    choices: list[int] | None = None  # the `--choices` of the shortest path that shows it, where one does

    @property
    def why(self) -> str:
        return WHY.get(self.diagnostic.code, "")

    def to_json(self) -> dict[str, object]:
        return {**self.diagnostic.to_json(), "choices": self.choices, "why": self.why}


def finding(
    scenario: Scenario,
    at: tuple[int, int],
    code: str,
    message: str,
    choices: list[int] | None = None,
    severity: Severity = "warning",
) -> Finding:
    """A finding at a line and column of the scenario's file."""
    line, col = at
    return Finding(Diagnostic(scenario.path, max(line, 1), max(col, 1), severity, code, message), choices)


def choices_text(choices: list[int]) -> str:
    """A path as `run` takes it."""
    return "--choices " + ",".join(map(str, choices)) if choices else "(no choice needed: from the start)"
