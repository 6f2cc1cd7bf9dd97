"""Starting anywhere ("test from here"): a run begun at a chosen node with chosen values (first-call.yaml)."""

from __future__ import annotations

import pytest

from offscript.engine import walk
from offscript.engine.active_run import ActiveRun, Mode
from offscript.engine.model import Scenario
from offscript.engine.playthrough import Playthrough
from offscript.engine.start import Start, StartError, read_settings
from offscript.engine.transcript import build_transcript
from tests.conftest import load_fixture


@pytest.fixture
def call() -> Scenario:
    return load_fixture("first-call.yaml")


def test_start_at_a_choice_node_with_values_set_and_typed(call: Scenario) -> None:
    at = Start.at(call, "hello", read_settings(call, ["trust=4", "knows_why=true"]))
    run = Playthrough.start(call, at)
    assert run.state.node == "hello"
    assert run.state.variables == {"trust": 4, "knows_why": True}
    assert type(run.state.variables["trust"]) is int and run.state.variables["knows_why"] is True
    assert run.state.scores == {"empathy": 0, "ownership": 0, "customer_first": 0}
    assert run.pick(1).state.variables["trust"] == 5  # the rules go on from the chosen values


def test_start_at_a_next_node_reads_on_from_there(call: Scenario) -> None:
    run = Playthrough.start(call, Start.at(call, "why", {"trust": 3, "knows_why": True}))
    assert run.state.node == "why" and list(run.state.path) == ["why"]
    assert run.text().strip().endswith("(Trust: 3 of 5.)")
    assert run.read_on().state.node == "won"


@pytest.mark.parametrize(
    ("values", "ending"),
    [({"trust": 3, "knows_why": True}, "won"), ({"trust": 2, "knows_why": True}, "lost"), ({}, "lost")],
)
def test_start_at_a_branch_node_is_routed_by_the_set_values(
    call: Scenario, values: dict[str, int | bool], ending: str
) -> None:
    run = Playthrough.start(call, Start.at(call, "decide", values))
    assert list(run.state.path) == ["decide", ending]
    assert run.is_over and run.ending is not None


def test_start_at_an_ending_is_over_at_once(call: Scenario) -> None:
    events = list(walk.begin(call, Start.at(call, "lost")))
    assert [type(event) for event in events] == [walk.Entered, walk.Ended]
    assert events[-1].run.decisions == 0


def test_no_start_is_the_scenario_start(call: Scenario) -> None:
    at = Start.at(call)
    assert at.node == "hello" and at.values == {}
    assert Playthrough.start(call, at).state == Playthrough.start(call).state


def test_replay_and_transcript_begin_at_the_start_given(call: Scenario) -> None:
    at = Start.at(call, "hello", {"trust": 0})
    replayed = walk.replayed(call, [("hello", 0)], reading_on=True, at=at)
    assert replayed.state.node == "lost"  # trust 0 + 1 = 1: lost; from the real start (2 + 1 = 3) it is won
    assert walk.replayed(call, [("hello", 0)], reading_on=True).state.node == "won"
    decision = next(item.decision for item in build_transcript(call, [("hello", 0)], at).items if item.decision)
    assert decision.chosen_text.startswith("Ask why")


def test_a_run_from_a_test_start_is_a_test_and_plays_again_from_there(call: Scenario) -> None:
    at = Start.at(call, "decide", {"trust": 5, "knows_why": True})
    active = ActiveRun.new(call, None, Mode.COACH, "2026-01-01T00:00:00", at)
    assert active.is_test and active.run.state.node == "won"
    assert active.again("2026-01-01T00:01:00").run.state.node == "won"
    assert not ActiveRun.new(call, None, Mode.COACH, "2026-01-01T00:00:00").is_test


@pytest.mark.parametrize(
    ("node", "values", "message"),
    [
        ("helo", {}, "no node 'helo' (did you mean 'hello'?)"),
        ("hello", {"trus": 1}, "no variable 'trus' (did you mean 'trust'?)"),
        ("hello", {"empathy": 1}, "'empathy' is a score, and a score cannot be set"),
        ("hello", {"trust": 6}, "'trust' must lie in 0..5; 6 is outside it"),
        ("hello", {"trust": -1}, "'trust' must lie in 0..5; -1 is outside it"),
        ("hello", {"trust": True}, "'trust' is a whole number, not True"),
        ("hello", {"knows_why": 1}, "'knows_why' is true or false, not 1"),
    ],
)
def test_a_start_the_scenario_does_not_allow_is_refused(
    call: Scenario, node: str, values: dict[str, int | bool], message: str
) -> None:
    with pytest.raises(StartError) as raised:
        Start.at(call, node, values)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (["trust=abc"], "'trust' is a whole number (like 3 or -1), not 'abc'"),
        (["trust="], "'trust' is a whole number (like 3 or -1), not ''"),
        (["=5"], "'=5' is not NAME=VALUE"),
        (["trust"], "'trust' is not NAME=VALUE"),
        (["trust=²"], "not '²'"),
        (["trust=" + "9" * 5000], "not '999999999999999999999999...'"),
        (["trust=3", "trust=4"], "'trust' is set twice"),
        (["knows_why=yes"], "'knows_why' is true or false, not 'yes'"),
        (["customer_first=1"], "'customer_first' is a score"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(call: Scenario, texts: list[str], message: str) -> None:
    with pytest.raises(StartError) as raised:
        read_settings(call, texts)
    assert message in str(raised.value)
    assert len(str(raised.value)) < 200


def test_settings_are_read_by_type(call: Scenario) -> None:
    assert read_settings(call, ["trust=-0", "knows_why=false"]) == {"trust": 0, "knows_why": False}
    assert read_settings(call, [" trust = 3 "]) == {"trust": 3}
