"""Forgetting a value nothing reads again makes the exact searches smaller and changes none of their answers.

Two states that differ only in such a value have the same future, so every
search that merges them must report exactly what it reported before: the
analysis, the playtest (its coverage notes whether each `set` and `add` ever
changed anything, so it only forgets values nothing touches again), and the
review's outlook (see test_outlook).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from offscript.engine.analysis import analyse
from offscript.engine.loader import load_file
from offscript.engine.model import SCORE_LABELS
from offscript.engine.playtest import playtest
from offscript.engine.playtest.findings import Finding
from offscript.engine.state_space import StateSpace
from tests.engine.test_playtest import replay

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SMALL_SHIPPED = ["cold-outreach", "metal-stockist", "car-dealership", "inbound-discovery", "buying-group"]
SCENARIOS = [
    *sorted((FIXTURES / "playtest").glob("*.yaml")),
    FIXTURES / "engine" / "hub.yaml",
    FIXTURES / "engine" / "loop.yaml",
    FIXTURES / "review" / "hub.yaml",
    FIXTURES / "tutorial.yaml",
    FIXTURES / "format-11.yaml",
    *(ROOT / "scenarios" / f"{name}.yaml" for name in SMALL_SHIPPED),
]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_analysis_is_the_same_with_fewer_states(path: Path) -> None:
    scenario = load_file(path, analyse=False).scenario
    assert scenario is not None
    whole, forgetful = analyse(scenario, forget=False), analyse(scenario)
    assert forgetful.states <= whole.states
    assert dataclasses.replace(forgetful, states=whole.states) == whole


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_playtest_reports_the_same_with_fewer_states(path: Path) -> None:
    scenario = load_file(path, analyse=False).scenario
    assert scenario is not None
    whole, forgetful = playtest(scenario, runs=300, forget="nothing"), playtest(scenario, runs=300)
    assert forgetful.states <= whole.states
    # A finding's example path may differ (the first of several that prove it); everything else is the same.
    assert {**forgetful.to_json(), "states": 0, "findings": []} == {**whole.to_json(), "states": 0, "findings": []}
    assert [without_path(f) for f in forgetful.findings] == [without_path(f) for f in whole.findings]
    for found in forgetful.findings:  # and each example still proves its finding
        proven = PROVEN.match(found.diagnostic.message)
        if proven and found.choices is not None:
            run = replay(scenario, found.choices)
            assert run.ending is not None and run.state.node == proven[1]
            label = {text: name for name, text in SCORE_LABELS.items()}[proven[2]]
            assert run.state.scores[label] == int(proven[3])


PROVEN = re.compile(r"(?:success|failure) ending '([\w-]+)' can be reached with ([\w ]+) at (-?\d+)")


def without_path(found: Finding) -> dict[str, object]:
    return {**found.to_json(), "choices": None}


def test_shipped_scenarios_search_far_fewer_states() -> None:
    scenario = load_file(ROOT / "scenarios" / "cold-outreach.yaml", analyse=False).scenario
    assert scenario is not None
    assert len(StateSpace(scenario, forget="unread").keys) < len(StateSpace(scenario, forget="nothing").keys) * 0.6
