"""A scenario's own checks (format 1.1), played step by step through the game's own playthrough.

A check is the author's statement "this path must end like this". It is
played exactly as `offscript run` plays `--choices`: through `Playthrough`,
reading on through `next` nodes, so a check and a replay can never disagree.
A failure names the check, the step, what was on offer there and what
happened instead, and gives the `--choices` of the steps that did work.
"""

from __future__ import annotations

from dataclasses import dataclass

from offscript.engine.model import SCORES, Check, Choice, Scenario
from offscript.engine.playtest.findings import Finding, finding
from offscript.engine.playthrough import PlayError, Playthrough
from offscript.engine.start import Start, StartError


@dataclass(frozen=True)
class CheckResult:
    check: Check
    failure: Finding | None  # None when it passed
    choices: list[int]  # the numbers taken, as `run --choices` takes them (from the check's start)
    ending: str | None

    @property
    def passed(self) -> bool:
        return self.failure is None

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.check.name,
            "passed": self.passed,
            "from": self.check.start,
            "choices": self.choices,
            "ending": self.ending,
            "message": self.failure.diagnostic.message if self.failure else "",
        }


class _Failed(Exception):
    """A check stopped: the message says what happened instead."""


def run_checks(scenario: Scenario) -> list[CheckResult]:
    return [run_check(scenario, check) for check in scenario.checks]


def run_check(scenario: Scenario, check: Check) -> CheckResult:
    numbers: list[int] = []
    run: Playthrough | None = None
    try:
        run = _play(scenario, check, numbers)
        _expect(check, run)
    except (_Failed, StartError, PlayError) as failed:
        message = f"check '{check.name}' failed: {failed}"
        shown = numbers or None  # no path to show when the first step failed
        failure = finding(scenario, (check.line, check.col), "OS510", message, shown, severity="error")
        return CheckResult(check, failure, numbers, _ending_of(run))
    return CheckResult(check, None, numbers, run.state.node)


def _ending_of(run: Playthrough | None) -> str | None:
    return run.state.node if run is not None and run.node.kind == "ending" else None


def _play(scenario: Scenario, check: Check, numbers: list[int]) -> Playthrough:
    run = Playthrough.start(scenario, Start.at(scenario, check.start, dict(check.set))).read_on()
    for step, item in enumerate(check.take, 1):
        if run.is_over:
            left = len(check.take) - step + 1
            raise _Failed(
                f"at step {step} ('{item}') the path has already {_stopped(run)}; "
                f"{left} item{'s' if left != 1 else ''} of 'take' left over"
            )
        offered = run.offered()
        number = _number_of(item, run, offered)
        if number is None:
            raise _Failed(f"at step {step}, '{item}' is not offered at '{run.state.node}'; {_offers(run)}")
        numbers.append(number)
        run = run.choose(offered[number - 1][0]).read_on()
    return run


def _number_of(item: str | int, run: Playthrough, offered: list[tuple[int, Choice]]) -> int | None:
    """The 1-based number among the offered choices that `item` (a number or a choice id) names."""
    if isinstance(item, int):
        return item if 1 <= item <= len(offered) else None
    node = run.node
    for number, (index, _) in enumerate(offered, 1):
        if node.choices[index].id == item:
            return number
    return None


def _offers(run: Playthrough) -> str:
    """What was on offer at a decision: each number, its id where it has one, and the start of its text."""
    items = []
    for number, (_, choice) in enumerate(run.offered(), 1):
        name = f" ({choice.id})" if choice.id else ""
        text = run.text(choice.text).strip().replace("\n", " ")
        items.append(f"{number}{name}: {text[:50]}{'…' if len(text) > 50 else ''}")
    return f"it offers {len(items)}: " + "; ".join(items) if items else "it offers nothing (a dead end)"


def _stopped(run: Playthrough) -> str:
    if run.node.kind == "ending":
        return f"ended at '{run.state.node}'"
    return f"stopped at a dead end at '{run.state.node}'"


def _expect(check: Check, run: Playthrough) -> None:
    if run.node.kind != "ending":
        what = f"stopped at a dead end at '{run.state.node}'" if run.is_over else f"is at '{run.state.node}'"
        raise _Failed(f"after its {len(check.take)} steps the path {what}, not at an ending; {_offers(run)}")
    expect, ending = check.expect, run.node.ending
    wrong = []
    if expect.ending and expect.ending != run.state.node:
        wrong.append(f"ending '{expect.ending}' was expected")
    if expect.outcome and ending is not None and expect.outcome != ending.outcome:
        wrong.append(f"outcome {expect.outcome} was expected")
    scores = run.state.scores
    for name, comparison in expect.scores.items():
        if not comparison.holds(scores[name]):
            wrong.append(f"{name} {comparison} was expected")
    if wrong:
        outcome = ending.outcome if ending is not None else "?"
        got = ", ".join(f"{name} {scores[name]}" for name in SCORES)
        raise _Failed(f"{'; '.join(wrong)}, but it ended at '{run.state.node}' ({outcome}; {got})")
