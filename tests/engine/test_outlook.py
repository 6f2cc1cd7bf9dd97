"""The decision review's "best on offer": the option with the best outcome still in reach, from the exact search."""

from __future__ import annotations

from pathlib import Path

import pytest

from offscript.engine.loader import load_file
from offscript.engine.model import Scenario
from offscript.engine.outlook import OUTCOME_RANK, Outlook, best_on_offer
from offscript.engine.playthrough import Playthrough
from offscript.engine.start import Start
from offscript.engine.transcript import Decision, build_transcript

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# hub choices (0-based): 0 display (sets knows_cause), 1 circuit, 2 coils (-1), 3 move on
# offer choices: 0 promise Monday (+3, failure), 1 technician today (0, needs knows_cause, success), 2 look into it


@pytest.fixture(scope="module")
def hub() -> Scenario:
    result = load_file(FIXTURES / "review" / "hub.yaml")
    assert result.scenario is not None
    return result.scenario


def _decisions(scenario: Scenario, steps: list[tuple[str, int]], at: Start | None = None) -> list[Decision]:
    return build_transcript(scenario, steps, at).decisions


def test_best_on_offer_is_the_option_that_keeps_success_in_reach_not_the_highest_score(hub: Scenario) -> None:
    *_, offer = _decisions(hub, [("hub", 0), ("hub", 3), ("offer", 0)])
    assert offer.chosen.text.startswith("Promise a new unit")  # +3 now, and a failure ending
    assert not offer.was_best
    assert offer.best.text.startswith("Send a technician")  # -1 +1 now, and the success ending
    assert offer.why == "It keeps a success ending within reach; after your choice the best ending left was failure."
    assert offer.outcome == "failure"


def test_the_trade_off_that_keeps_success_is_judged_best_though_it_costs_a_point(hub: Scenario) -> None:
    *_, offer = _decisions(hub, [("hub", 0), ("hub", 3), ("offer", 1)])
    assert offer.was_best and offer.why == "" and offer.outcome == "success"


def test_moving_on_from_a_question_hub_is_not_a_mistake_for_the_questions_left(hub: Scenario) -> None:
    first, move_on, _ = _decisions(hub, [("hub", 0), ("hub", 3), ("offer", 1)])
    assert first.was_best  # the question that makes success possible
    assert move_on.was_best  # a question worth a point was still on offer, and moving on is still right
    assert move_on.best is move_on.chosen


def test_moving_on_before_the_question_that_matters_is_a_mistake(hub: Scenario) -> None:
    move_on, _ = _decisions(hub, [("hub", 3), ("offer", 0)])
    assert not move_on.was_best
    assert move_on.best.text.startswith("Ask what the display said")
    assert "success" in move_on.why


def test_a_question_that_costs_points_is_measured_against_the_best_question(hub: Scenario) -> None:
    coils, *_ = _decisions(hub, [("hub", 2), ("hub", 0), ("hub", 3), ("offer", 1)])
    assert not coils.was_best
    assert coils.best.text.startswith("Ask what the display said")
    assert coils.why.startswith("Both can still end in success; the best road after it earns")


def test_prospects_name_each_offered_option(hub: Scenario) -> None:
    run = Playthrough.start(hub)
    prospects = Outlook(hub).prospects(run.state)
    assert prospects is not None and set(prospects) == {0, 1, 2, 3}
    assert prospects[0].outcome == "success" and prospects[0].returns
    assert prospects[3].outcome == "failure" and not prospects[3].returns
    assert prospects[2].total is not None and prospects[0].total is not None
    assert prospects[0].total > prospects[2].total


def test_a_test_run_from_a_tester_start_is_judged_from_that_start(hub: Scenario) -> None:
    at = Start.at(hub, "offer", {"knows_cause": True})
    (offer,) = _decisions(hub, [("offer", 0)], at)
    assert not offer.was_best and offer.best.text.startswith("Send a technician")
    at = Start.at(hub, "offer", {"knows_cause": False})
    (offer,) = _decisions(hub, [("offer", 0)], at)
    assert offer.was_best  # success is out of reach either way, and the promise scores best


def test_a_scenario_too_large_to_search_is_judged_by_the_immediate_score(
    hub: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    outlook = Outlook(hub, max_states=3)
    assert not outlook.exact
    assert outlook.prospects(Playthrough.start(hub).state) is None
    from offscript.engine import transcript

    monkeypatch.setattr(transcript, "outlook_for", lambda scenario, at=None: Outlook(scenario, at, max_states=3))
    *_, offer = _decisions(hub, [("hub", 0), ("hub", 3), ("offer", 1)])
    assert not offer.was_best and offer.best.text.startswith("Promise a new unit") and offer.why == ""


def test_a_loop_that_keeps_earning_points_is_unbounded_not_endless() -> None:
    result = load_file(FIXTURES / "tui" / "templated.yaml")
    assert result.scenario is not None
    prospects = Outlook(result.scenario).prospects(Playthrough.start(result.scenario).state)
    assert prospects is not None
    assert prospects[0].total is None and prospects[0].returns  # asking again can go on scoring for ever
    assert prospects[1].total == 0 and prospects[1].outcome == "partial"  # -1 now, +1 for the plain price


SHIPPED = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_following_the_best_on_offer_reaches_the_best_outcome_in_reach(path: Path) -> None:
    result = load_file(path)
    assert result.scenario is not None
    scenario = result.scenario
    outlook = Outlook(scenario)
    run = Playthrough.start(scenario).read_on()
    first = outlook.prospects(run.state)
    assert first is not None
    hoped = max(p.rank for p in first.values())[0]
    for _ in range(200):
        if run.is_over or run.is_dead_end:
            break
        prospects = outlook.prospects(run.state)
        assert prospects is not None
        immediate = {i: sum(scenario.nodes[run.state.node].choices[i].score.values()) for i in prospects}
        run = run.choose(best_on_offer(prospects, immediate)).read_on()
    assert run.ending is not None
    assert OUTCOME_RANK[run.ending.outcome] == hoped


def test_outlook_for_searches_once_per_scenario_and_start() -> None:
    from offscript.engine.outlook import KEPT, outlook_for

    scenario = load_file(FIXTURES / "review" / "hub.yaml").scenario
    assert scenario is not None
    first = outlook_for(scenario)
    assert outlook_for(scenario) is first  # the review at the end finds the search the play screen started
    assert outlook_for(scenario, Start("offer")) is not first  # another start: another search
    reloaded = load_file(FIXTURES / "review" / "hub.yaml").scenario
    assert reloaded is not None and outlook_for(reloaded) is not first  # a reload is a new search
    for _ in range(KEPT):
        outlook_for(load_file(FIXTURES / "review" / "hub.yaml").scenario)  # type: ignore[arg-type]
    assert outlook_for(scenario) is not first  # only the last few are kept


@pytest.mark.parametrize(
    "path",
    [FIXTURES / "review" / "hub.yaml", FIXTURES / "tui" / "templated.yaml"]
    + [p for p in SHIPPED if p.stem in {"cold-outreach", "inbound-discovery", "car-dealership", "metal-stockist"}],
    ids=lambda p: p.stem,
)
def test_forgetting_values_no_condition_reads_again_changes_no_prospect(path: Path) -> None:
    scenario = load_file(path, analyse=False).scenario
    assert scenario is not None
    whole, forgetful = Outlook(scenario, forget="nothing"), Outlook(scenario)
    assert whole.exact and forgetful.exact
    assert len(forgetful.space.keys) <= len(whole.space.keys)
    for state, key in enumerate(whole.space.keys):
        same = forgetful.space.state_of(key)
        assert same is not None, key
        assert forgetful._outcome[same] == whole._outcome[state], key
        assert forgetful._total.get(same) == whole._total.get(state), key
