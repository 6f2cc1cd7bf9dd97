"""The rules of a move, and the one walk every client replays runs with."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from offscript.engine import walk
from offscript.engine.active_run import ActiveRun, Mode
from offscript.engine.analysis import analyse
from offscript.engine.loader import load_bytes
from offscript.engine.model import BranchEntry, Scenario
from offscript.engine.playthrough import PlayError, Playthrough
from offscript.engine.rules import Rules

from ..conftest import load_fixture


def scenario_of(text: str) -> Scenario:
    result = load_bytes(text.encode(), "test.yaml", analyse=False)
    assert result.scenario is not None, [d.format() for d in result.diagnostics]
    return result.scenario


BOUNDED = """
offscript: 1
id: bounded
title: Bounded
summary: A meter that is set and added past its bounds.
variables:
  trust: {initial: 2, min: 0, max: 3}
  warm: false
start: ask
nodes:
  ask:
    text: Go on.
    choices:
      - text: Set it far too high.
        goto: ask
        set: {trust: 9, warm: true}
        once: true
        feedback: a
      - text: Take far too much.
        goto: ask
        add: {trust: -7}
        feedback: b
      - text: Stop.
        goto: done
        feedback: c
  done:
    text: Done.
    ending: {title: Done, outcome: partial}
"""


def test_set_and_add_are_clamped_by_the_variable_and_once_is_once() -> None:
    scenario = scenario_of(BOUNDED)
    rules = Rules(scenario)
    node = scenario.nodes["ask"]
    values, used = rules.take(node, 0, rules.initial(), frozenset())
    assert dict(zip(rules.names, values, strict=True))["trust"] == 3  # max, not 9
    assert rules.offered(node, values, used) == [1, 2]  # the once choice is spent
    values, used = rules.take(node, 1, values, used)
    assert dict(zip(rules.names, values, strict=True))["trust"] == 0  # min, not -4


def test_the_analysis_and_a_playthrough_apply_the_same_rules() -> None:
    """Played out, the analysis's best and worst paths bound the total of any other playthrough."""
    rng = random.Random(7)
    for path in sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml")):
        scenario = load_fixture(str(path))
        analysis = analyse(scenario)
        assert analysis.best_path is not None and analysis.worst_path is not None
        best, worst = (_total(_play(scenario, choices)) for choices in (analysis.best_path, analysis.worst_path))
        for _ in range(40):
            run = Playthrough.start(scenario).read_on()
            while not run.is_over:
                run = run.pick(rng.randint(1, len(run.offered()))).read_on()
            assert worst <= _total(run) <= best, path.name


def _play(scenario: Scenario, choices: list[int]) -> Playthrough:
    run = Playthrough.start(scenario).read_on()
    for number in choices:
        run = run.pick(number).read_on()
    assert run.ending is not None
    return run


def _total(run: Playthrough) -> int:
    return sum(run.state.scores.values())


def test_routing_passes_each_branch_node_once_and_a_loop_is_a_dead_end() -> None:
    """The loader refuses branch loops (OS310); a scenario built otherwise (say, a forged cache) still cannot hang."""
    valid = scenario_of(ROUTING)
    nodes = dict(valid.nodes)
    nodes["second"] = replace(nodes["second"], branch=(BranchEntry("first"),))
    scenario = replace(valid, nodes=nodes)
    assert Rules(scenario).route("first", (False, 0, 0, 0)) == ["first", "second", "first"]
    events = list(walk.begin(scenario))
    assert [type(e) for e in events] == [walk.Entered, walk.DeadEnd]
    assert events[-1].run.node.kind == "branch" and events[-1].run.is_dead_end


ROUTING = """
offscript: 1
id: routing-loop
title: Routing loop
summary: Two branches that send a run to each other.
variables:
  flag: false
start: first
nodes:
  first:
    branch:
      - if: not flag
        goto: second
      - goto: done
  second:
    branch:
      - goto: done
  done:
    text: Done.
    ending: {title: Done, outcome: partial}
"""


def test_a_replay_yields_what_a_player_met_in_order() -> None:
    scenario = load_fixture("tui/follow-up.yaml")
    events = list(walk.replay(scenario, [("open", 0), ("when", 0), ("price", 0)], reading_on=True))
    kinds = [type(e).__name__ + ":" + e.run.state.node for e in events]
    assert kinds == [
        "Entered:open",
        "Chose:sigh",
        "Entered:sigh",  # a `next` node, read on the way to the next decision
        "Entered:when",
        "Chose:price",
        "Entered:price",
        "Chose:good",
        "Entered:good",
        "Ended:good",
    ]
    chose = [e for e in events if isinstance(e, walk.Chose)]
    assert [c.number for c in chose] == [1, 2, 3]
    assert chose[0].said == "Apologise and say why it is late." and chose[0].feedback.startswith("You owned")


def test_a_replay_stops_after_the_last_choice_or_reads_on_to_a_given_node() -> None:
    scenario = load_fixture("tui/follow-up.yaml")
    assert walk.replayed(scenario, [("open", 0)]).state.node == "sigh"
    assert walk.replayed(scenario, [("open", 0)], reading_on=True).state.node == "when"
    assert walk.replayed(scenario, [("open", 0)], reading_on=True, until="sigh").state.node == "sigh"
    # a node that is not on the way: stay where the choices left the run
    assert walk.replayed(scenario, [("open", 0)], reading_on=True, until="price").state.node == "sigh"


@pytest.mark.parametrize(
    ("steps", "said"),
    [
        ([("open", 0), ("price", 0)], "decision 2 was made at 'price', but the scenario now reaches 'when' there"),
        ([("open", 7)], "decision 1 at 'open' took choice 8, which no longer exists"),
    ],
)
def test_a_run_replayed_onto_a_changed_scenario_says_which_decision_no_longer_fits(steps, said) -> None:
    with pytest.raises(PlayError, match=said):
        list(walk.replay(load_fixture("tui/follow-up.yaml"), steps))


def test_a_live_move_and_its_replay_yield_the_same_events() -> None:
    scenario = load_fixture("tui/follow-up.yaml")
    run = Playthrough.start(scenario)
    live = list(walk.choose(run, 1))
    run = live[-1].run
    live += list(walk.advance(run))
    replayed = list(walk.replay(scenario, [("open", 1)], reading_on=True))[1:]
    assert [(type(e), e.run.state) for e in live] == [(type(e), e.run.state) for e in replayed]


def test_modes_are_a_type_and_an_unknown_one_is_an_error() -> None:
    assert Mode.parse("assessment") is Mode.ASSESSMENT and not Mode.ASSESSMENT.coaching
    assert Mode.COACH.coaching and Mode.CLASSROOM.coaching
    with pytest.raises(ValueError, match="unknown mode 'exam'"):
        Mode.parse("exam")


def test_an_active_run_moves_rewinds_and_starts_again() -> None:
    scenario = load_fixture("tui/follow-up.yaml")
    active = ActiveRun.new(scenario, None, Mode.COACH, "t0")
    moved = active.moved(active.run.pick(1))
    assert moved.run.decisions == 1 and moved.rewinds == 0 and moved.started == "t0"
    back = moved.rewound(active.run)
    assert back.rewinds == 1 and back.run.decisions == 0
    fresh = back.again("t1")
    assert fresh.rewinds == 0 and fresh.started == "t1" and fresh.mode is Mode.COACH
