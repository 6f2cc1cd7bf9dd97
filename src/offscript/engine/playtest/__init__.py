"""Playtest: a scenario played without a person, exactly where it can be, at random where it cannot.

One search of every playthrough state (`StateSpace`) feeds everything: the
coverage findings, the teaching audit and random play's walk. The scenario's
own `checks` are played through `Playthrough`, as `offscript run` plays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from offscript.engine.diagnostics import Diagnostic
from offscript.engine.model import Scenario
from offscript.engine.playtest.audit import audit_findings
from offscript.engine.playtest.checks import CheckResult, run_checks
from offscript.engine.playtest.coverage import coverage_findings
from offscript.engine.playtest.findings import Finding, finding
from offscript.engine.playtest.paths import Paths
from offscript.engine.playtest.random_play import RandomPlay, random_play
from offscript.engine.playtest.reach import reach_warnings
from offscript.engine.state_space import MAX_STATES, Forget, StateSpace

DEFAULT_RUNS = 1000
DEFAULT_SEED = 1


@dataclass
class Report:
    scenario: Scenario
    exact: bool
    states: int
    checks: list[CheckResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    random: RandomPlay | None = None
    warnings: list[Diagnostic] = field(default_factory=list)  # validate's reachability warnings (OS400-OS404)

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.passed]

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.scenario.path,
            "scenario": self.scenario.id,
            "exact": self.exact,
            "states": self.states,
            "checks": [c.to_json() for c in self.checks],
            "findings": [f.to_json() for f in self.findings],
            "random": self.random.to_json() if self.random else None,
        }


def playtest(
    scenario: Scenario,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
    max_states: int = MAX_STATES,
    forget: Forget = "untouched",
) -> Report:
    """Checks, coverage, random play and the teaching audit of one valid scenario."""
    space = StateSpace(scenario, max_states, forget=forget)
    report = Report(scenario, space.exact, len(space.keys), checks=run_checks(scenario))
    played = random_play(space, runs, seed) if runs or not space.exact else None
    report.random = played
    if not space.exact:
        start = scenario.nodes[scenario.start]
        report.findings.append(
            finding(
                scenario,
                (start.line, start.col),
                "OS500",
                f"more than {max_states:,} playthrough states: coverage and the audit's give-aways come from the "
                f"first {max_states:,} states and {runs:,} random playthroughs, not from every playthrough",
            )
        )
    paths = Paths(space) if space.exact else None
    report.warnings = reach_warnings(space, paths)
    report.findings += coverage_findings(space) + audit_findings(space, paths)
    report.findings += [c.failure for c in report.checks if c.failure is not None]
    report.findings.sort(key=_reading_order)
    return report


def _reading_order(found: Finding) -> tuple[bool, int, int, str]:
    """The fallback note first (it qualifies the rest), then by place in the file."""
    diagnostic = found.diagnostic
    return diagnostic.code != "OS500", diagnostic.line, diagnostic.col, diagnostic.code
