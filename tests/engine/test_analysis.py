"""Analysis answers worked out by hand (see the comments) on small fixtures."""

from __future__ import annotations

from offscript.engine.analysis import analyse
from offscript.engine.model import Scenario
from tests.conftest import load_fixture


def test_hub_ranges_include_conditions_and_once(hub: Scenario) -> None:
    # Paths: C | A,C | A,D | B,C | B,D | A,B,C | A,B,D (and B,A,... with the same totals).
    # empathy: C=-1 ... A,D=2; ownership: 0 or 1; customer_first: C=-2 ... B,D=1.
    result = analyse(hub)
    assert result.exact
    assert result.score_range == {"empathy": (-1, 2), "ownership": (0, 1), "customer_first": (-2, 1)}
    assert result.decisions == (1, 3)
    assert result.endings == ["won", "lost"]
    assert result.unreachable == [] and result.no_ending == [] and result.dead_ends == []


def test_percent_of_range(hub: Scenario) -> None:
    result = analyse(hub)
    assert result.percent("empathy", 2) == 100
    assert result.percent("empathy", -1) == 0
    assert result.percent("customer_first", 0) == 67


def test_a_scoring_loop_makes_one_side_unbounded() -> None:
    # "Repeat the pitch" loops back with -1 empathy and can be taken any number of times.
    result = analyse(load_fixture("engine/loop.yaml"))
    assert result.score_range["empathy"] == (None, 1)
    assert result.score_range["ownership"] == (0, 0)
    assert result.decisions == (1, None)
    assert result.percent("empathy", 0) is None


def test_unreachable_and_trapped_nodes() -> None:
    result = analyse(load_fixture("diagnostics/OS401-no-ending.yaml"))
    assert result.no_ending == ["loop"]
    assert analyse(load_fixture("diagnostics/OS400-unreachable.yaml")).unreachable == ["lonely"]


def test_dead_end_found_through_conditions() -> None:
    result = analyse(load_fixture("diagnostics/OS403-dead-end.yaml"))
    assert result.dead_ends == ["second"]
    assert result.endings == ["done"]


def test_too_large_state_space_says_so_instead_of_running_for_ever() -> None:
    result = analyse(load_fixture("diagnostics/OS404-too-large.yaml"))
    assert not result.exact
    assert result.score_range == {"empathy": None, "ownership": None, "customer_first": None}
    assert result.endings == ["agreed", "done"] and result.unreachable == []


def test_small_limit_switches_to_the_node_graph(hub: Scenario) -> None:
    assert not analyse(hub, max_states=2).exact


def test_conditions_on_scores_are_tracked() -> None:
    from offscript.engine.loader import load_bytes

    text = b"""offscript: 1
id: score-gate
title: Score gate
summary: A choice offered only with enough empathy.
start: a
nodes:
  a:
    text: Hi
    choices:
      - {text: Listen, goto: b, score: {empathy: 2}, feedback: ok}
      - {text: Talk, goto: b, score: {empathy: -2}, feedback: ok}
  b:
    text: Then?
    choices:
      - {text: Ask for the order, if: empathy > 0, goto: won, score: {ownership: 3}, feedback: ok}
      - {text: Leave, goto: lost, feedback: ok}
  won: {text: Yes, ending: {title: Won, outcome: success}}
  lost: {text: No, ending: {title: Lost, outcome: failure}}
"""
    result = load_bytes(text, "gate.yaml")
    assert result.ok, result.diagnostics
    # Ownership 3 needs empathy > 0 first, so Talk then Ask is impossible.
    assert result.analysis.score_range["ownership"] == (0, 3)
    assert result.analysis.score_range["empathy"] == (-2, 2)


def test_best_and_worst_paths_as_choice_numbers(hub: Scenario) -> None:
    # Best: ask (empathy 2), ask budget (customer_first 1), propose (ownership 1) = 4 -> "1,1,2".
    # Worst: pitch at once = -3 -> "3".
    result = analyse(hub)
    assert result.best_path == [1, 1, 2]
    assert result.worst_path == [3]
