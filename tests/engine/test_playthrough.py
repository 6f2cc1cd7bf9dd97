"""Playing by the rules of the format, with answers worked out by hand on tests/fixtures/engine/hub.yaml."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from offscript.engine.model import Scenario
from offscript.engine.playthrough import PlayError, PlayState, Playthrough
from tests.conftest import load_fixture


def texts(run: Playthrough) -> list[str]:
    return [choice.text for _, choice in run.offered()]


def test_start_offers_only_choices_whose_condition_holds(hub: Scenario) -> None:
    run = Playthrough.start(hub)
    assert run.state.node == "hub"
    assert texts(run) == ["Ask what stops her line.", "Ask about her budget.", "Pitch the catalogue."]


def test_choice_applies_set_add_and_score_then_once_hides_it(hub: Scenario) -> None:
    run = Playthrough.start(hub).pick(1)
    assert run.state.variables == {"trust": 2, "asked": True}
    assert run.state.scores == {"empathy": 2, "ownership": 0, "customer_first": 0}
    assert texts(run) == ["Ask about her budget.", "Pitch the catalogue.", "Propose a trial order."]


def test_add_is_clamped_to_max(hub: Scenario) -> None:
    run = Playthrough.start(hub).pick(1).pick(1)  # both questions: trust 1 + 1 + 1 = 3 (max 3)
    assert run.state.variables["trust"] == 3
    at_max = replace(Playthrough.start(hub).state, variables={"trust": 3, "asked": False})
    assert Playthrough(hub, at_max).choose(1).state.variables["trust"] == 3  # 3 + 1 clamped to 3


def test_branch_is_followed_at_once_and_recorded_in_the_path(hub: Scenario) -> None:
    run = Playthrough.start(hub).pick(1).pick(1).pick(2)  # ask, ask, propose
    assert run.state.node == "won"
    assert run.ending is not None and run.ending.outcome == "success"
    assert run.state.path == ("hub", "hub", "hub", "decide", "won")
    assert run.state.scores == {"empathy": 2, "ownership": 1, "customer_first": 1}
    assert run.is_over and not run.is_dead_end


def test_branch_falls_through_to_the_unconditional_entry(hub: Scenario) -> None:
    run = Playthrough.start(hub).pick(3)  # pitch at once: trust 1, not asked
    assert run.state.node == "lost"
    assert run.ending is not None and run.ending.outcome == "failure"


def test_text_is_interpolated_and_double_braces_are_literal(hub: Scenario) -> None:
    assert Playthrough.start(hub).text() == "Trust is 1 of 3. {not a name}"


def test_choice_not_offered_names_the_node_and_the_offered_choices(hub: Scenario) -> None:
    run = Playthrough.start(hub)
    with pytest.raises(PlayError, match=r"choice 4 is not offered at node 'hub'; it offers 3: 1: Ask what"):
        run.pick(4)
    with pytest.raises(PlayError):
        run.choose(3)  # the trial order is hidden while trust < 2


def test_next_node_waits_for_advance() -> None:
    loop = load_fixture("engine/loop.yaml")
    run = Playthrough.start(loop)
    assert run.node.kind == "next" and run.offered() == []
    with pytest.raises(PlayError):
        run.pick(1)
    assert run.advance().state.node == "choose"


def test_dead_end_is_reported_not_hung() -> None:
    dead = load_fixture("diagnostics/OS403-dead-end.yaml")
    run = Playthrough.start(dead).pick(2)  # "Wait" never sets asked, so "Follow up" is hidden
    assert run.state.node == "second"
    assert run.is_dead_end and run.is_over and run.ending is None


def test_state_round_trips_through_json_exactly(hub: Scenario) -> None:
    run = Playthrough.start(hub).pick(2).pick(1)
    data = json.loads(json.dumps(run.state.to_json()))
    assert PlayState.from_json(data) == run.state


def test_bad_state_json_raises_value_error() -> None:
    with pytest.raises(ValueError):
        PlayState.from_json({"scenario": "x"})


def test_replay_rebuilds_the_same_state(hub: Scenario) -> None:
    run = Playthrough.start(hub).pick(2).pick(1).pick(2)
    assert run.state.node == "won"
    steps = [(s.node, s.choice) for s in run.state.steps]
    assert Playthrough.replay(hub, steps).state == run.state


def test_replay_says_which_step_no_longer_fits(hub: Scenario) -> None:
    with pytest.raises(PlayError, match="decision 1 was made at 'elsewhere'"):
        Playthrough.replay(hub, [("elsewhere", 0)])


def test_moves_return_new_runs_and_leave_the_old_one_alone(hub: Scenario) -> None:
    first = Playthrough.start(hub)
    first.pick(1)
    assert first.state.scores["empathy"] == 0 and first.decisions == 0


def test_set_is_clamped_to_min_and_max_too() -> None:
    from offscript.engine.loader import load_bytes

    text = (Path(__file__).parents[1] / "fixtures" / "engine" / "hub.yaml").read_bytes()
    result = load_bytes(text.replace(b"set: {asked: true}", b"set: {asked: true, trust: 9}"), "hub.yaml")
    run = Playthrough.start(result.scenario).pick(1)
    assert run.state.variables["trust"] == 3  # max 3
    assert result.analysis.score_range["empathy"] == (-1, 2)


def test_feedback_and_debrief_are_interpolated_in_the_run_transcript(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from offscript.cli import main

    source = Path(__file__).parents[1] / "fixtures" / "engine" / "hub.yaml"
    target = tmp_path / "hub-interpolated.yaml"
    text = source.read_text().replace("Asking about her problem.", "Trust is now {trust}.")
    target.write_text(text.replace("You asked first.", '"Trust ended at {trust}."'))
    assert main(["run", str(target), "--choices", "1,1,2"]) == 0
    out = capsys.readouterr().out
    assert "Coach: Trust is now 2." in out and "Trust ended at 3." in out
