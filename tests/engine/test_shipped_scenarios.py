"""Every scenario we ship is clean, teaches across the whole score range, and plays as intended."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from offscript.engine.loader import load_file
from offscript.engine.model import SCORES, Choice, Node
from offscript.engine.outlook import Outlook
from offscript.engine.playthrough import Playthrough
from offscript.engine.state_space import StateSpace
from offscript.library import builtin_scenarios_dir

SHIPPED = sorted(builtin_scenarios_dir().glob("*.yaml"))
NAMED = {"car-dealership", "metal-stockist", "purchase-manager"}


def play(path: Path, numbers: list[int]) -> Playthrough:
    scenario = load_file(path).scenario
    assert scenario is not None
    run = Playthrough.start(scenario).read_on()
    for number in numbers:
        run = run.pick(number).read_on()
    return run


def ids(nodes: list[Node]) -> set[str]:
    return {node.id for node in nodes}


def test_the_named_scenarios_and_three_more_ship() -> None:
    ids = {p.stem for p in SHIPPED}
    assert NAMED <= ids and len(ids) >= 6


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_validates_with_no_errors_and_no_warnings(path: Path) -> None:
    result = load_file(path)
    assert result.diagnostics == []
    assert result.scenario is not None and result.scenario.id == path.stem


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shape_of_a_training_scenario(path: Path) -> None:
    scenario = load_file(path).scenario
    assert scenario is not None
    nodes = scenario.nodes.values()
    decisions = [n for n in nodes if n.kind == "choices"]
    endings = [n.ending for n in nodes if n.ending]
    assert scenario.briefing.strip()
    beginner = scenario.difficulty == "beginner"  # shorter and more forgiving, by the writing guide's measure
    assert len(scenario.nodes) >= 30 and len(decisions) >= (6 if beginner else 10)
    assert all(len(n.choices) >= 2 for n in decisions)
    space = StateSpace(scenario)  # at most four options on screen at once, whatever the conditions hide
    assert space.exact and max(len(space.moves[s]) for s, key in enumerate(space.keys) if key[0] in ids(decisions)) <= 4
    assert any(v.show and v.kind == "int" for v in scenario.variables.values())
    conditional_choices = any(c.condition is not None for n in decisions for c in n.choices)
    assert conditional_choices or any(e.condition is not None for n in nodes for e in n.branch)  # state that matters
    assert any(n.kind == "branch" for n in nodes)
    assert len(endings) >= 4 and {e.outcome for e in endings} == {"success", "partial", "failure"}
    assert all(e.debrief.strip() for e in endings)
    assert sum(bool(n.discuss) for n in nodes) >= 2
    assert all(c.feedback.strip() for n in decisions for c in n.choices)
    assert all(-3 <= v <= 3 for n in decisions for c in n.choices for v in c.score.values())
    assert scenario.minutes is not None and (5 if beginner else 10) <= scenario.minutes <= 15


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_analysis_every_ending_reachable_and_scores_cross_zero(path: Path) -> None:
    result = load_file(path)
    analysis = result.analysis
    assert analysis is not None and analysis.exact
    all_endings = [n.id for n in result.scenario.nodes.values() if n.kind == "ending"]
    assert analysis.endings == all_endings
    assert analysis.unreachable == [] and analysis.no_ending == [] and analysis.dead_ends == []
    for dimension in SCORES:
        low, high = analysis.score_range[dimension]
        assert low is not None and high is not None and low < 0 < high, dimension
    assert analysis.decisions is not None and analysis.decisions[0] >= 3  # no ending before the third decision


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_best_path_succeeds_and_worst_path_fails(path: Path) -> None:
    analysis = load_file(path).analysis
    best = play(path, analysis.best_path)
    worst = play(path, analysis.worst_path)
    assert best.ending is not None and best.ending.outcome == "success"
    assert worst.ending is not None and worst.ending.outcome == "failure"
    assert sum(best.state.scores.values()) > 0 > sum(worst.state.scores.values())


# A good playthrough of each scenario, played and checked by hand: 6 to 10 decisions to a success (4 to 6 for a
# beginner's scenario).
GOOD_PATHS = {
    "angry-complaint": [3, 1, 2, 3, 2, 3, 1, 3, 3],
    "buying-group": [2, 4, 3, 2, 2, 2, 2, 3, 2],
    "car-dealership": [2, 3, 2, 2, 3, 3, 1],
    "cold-outreach": [2, 2, 3, 2, 3],
    "channel-partner": [2, 1, 2, 3, 1, 1, 2, 1],
    "contract-renewal": [1, 2, 2, 1, 1, 2, 2, 2],
    "inbound-discovery": [2, 2, 4, 3, 2, 2],
    "metal-stockist": [1, 2, 3, 2, 3, 2, 3, 1, 4, 3],
    "process-equipment": [2, 1, 3, 2, 2, 3, 2, 2, 3],
    "purchase-manager": [3, 3, 2, 2, 3, 1, 3, 4, 2, 1],
    "unprofitable-customer": [3, 2, 3, 3, 3, 3, 3, 1, 3, 1],
}


def test_every_shipped_scenario_has_a_good_path() -> None:
    assert set(GOOD_PATHS) == {p.stem for p in SHIPPED}


@pytest.mark.parametrize("scenario_id", sorted(GOOD_PATHS))
def test_good_path_takes_6_to_10_decisions_to_success(scenario_id: str) -> None:
    run = play(builtin_scenarios_dir() / f"{scenario_id}.yaml", GOOD_PATHS[scenario_id])
    assert run.ending is not None and run.ending.outcome == "success"
    scenario = load_file(builtin_scenarios_dir() / f"{scenario_id}.yaml").scenario
    assert scenario is not None
    assert (4 <= run.decisions <= 6) if scenario.difficulty == "beginner" else (6 <= run.decisions <= 10)


# The variables each scenario sets when the player deceives the customer: a lie, a bluff, a hidden figure, a staged
# wait or a blame-shift. unprofitable-customer numbers its untruths in one variable.
DECEPTIONS = {
    "angry-complaint": {"deceived", "invented_policy"},
    "buying-group": {"bluffed", "fake_deadline", "hid_error"},
    "car-dealership": {"deceived", "lied", "staged"},
    "channel-partner": {"deceived", "bluffed", "blamed_boss"},
    "cold-outreach": {"lied", "bluffed"},
    "contract-renewal": {"hid_visits", "invented_rise", "blamed"},
    "inbound-discovery": {"hid_price", "bluffed"},
    "metal-stockist": {"hid_interest"},
    "process-equipment": {"deceived", "blamed_boss"},
    "purchase-manager": {"bluffed", "hid_proposal", "staged", "blamed_office"},
    "unprofitable-customer": {"lie"},
}


def deceives(choice: Choice, names: set[str]) -> bool:
    """Whether taking the choice sets one of the scenario's deception variables (to true, or to a lie's number)."""
    return any(name in names and value for name, value in choice.set.items())


def test_every_shipped_scenario_names_its_deceptions() -> None:
    assert set(DECEPTIONS) == {p.stem for p in SHIPPED}
    for scenario_id, names in DECEPTIONS.items():
        scenario = load_file(builtin_scenarios_dir() / f"{scenario_id}.yaml", analyse=False).scenario
        assert scenario is not None and names <= set(scenario.variables), scenario_id


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_deception_costs_the_same_across_the_library_and_more_than_any_honest_option_beside_it(path: Path) -> None:
    scenario = load_file(path, analyse=False).scenario
    assert scenario is not None
    deceptions = 0
    for node in scenario.nodes.values():
        lies = [c for c in node.choices if deceives(c, DECEPTIONS[path.stem])]
        deceptions += len(lies)
        honest = [c for c in node.choices if c not in lies]
        for lie in lies:
            total = sum(lie.score.values())
            assert lie.score.get("ownership", 0) <= -2 and lie.score.get("customer_first", 0) <= -1, lie.id
            assert total <= -4, lie.id
            assert all(sum(c.score.values()) >= total for c in honest), (node.id, lie.id)
    assert deceptions >= 1  # each scenario offers at least one way to deceive, and prices it


EITHER_OR = re.compile(r"\beither\b[^.]*\bor\b", re.IGNORECASE)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_debrief_lists_mistakes_the_player_may_not_have_made(path: Path) -> None:
    scenario = load_file(path, analyse=False).scenario
    assert scenario is not None
    checklists = [n.id for n in scenario.nodes.values() if n.ending and EITHER_OR.search(n.ending.debrief)]
    assert checklists == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_no_deception_opens_a_better_ending_than_the_best_honest_option_beside_it(path: Path) -> None:
    scenario = load_file(path, analyse=False).scenario
    assert scenario is not None
    outlook = Outlook(scenario)  # the review's search: the best outcome still reachable from every state
    assert outlook.exact
    space, best = outlook.space, outlook._outcome
    names = DECEPTIONS[path.stem]
    for state, moves in enumerate(space.moves):
        node = space.node_of(state)
        if node.kind != "choices":
            continue
        lying = [t for t, index, _ in moves if deceives(node.choices[index], names)]
        honest = [t for t, index, _ in moves if not deceives(node.choices[index], names)]
        if lying and honest:
            assert max(best[t] for t in lying) <= max(best[t] for t in honest), (
                f"{node.id} after --choices {','.join(map(str, space.choices_to(state)))}"
            )


QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_character_only_speaks_and_actions_are_narration(path: Path) -> None:
    """In a class someone reads each character's lines aloud in that voice: "She sips her coffee." is not a line."""
    scenario = load_file(path, analyse=False).scenario
    assert scenario is not None
    acted = [
        node.id
        for node in scenario.nodes.values()
        if node.speaker != "narrator" and re.search(r"[A-Za-z]{3,}", QUOTED.sub("", node.text))
    ]
    assert acted == []
