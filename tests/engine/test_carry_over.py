"""A run carried over onto a new version of its file (`play --watch`): the same decisions, found again."""

from __future__ import annotations

from pathlib import Path

import pytest

from offscript.engine.carry_over import carry_over
from offscript.engine.loader import load_bytes
from offscript.engine.model import Scenario
from offscript.engine.playthrough import Playthrough
from offscript.engine.start import Start

HUB = (Path(__file__).resolve().parents[1] / "fixtures" / "review" / "hub.yaml").read_text()


def scenario(text: str) -> Scenario:
    result = load_bytes(text.encode(), "hub.yaml")
    assert result.scenario is not None, result.diagnostics
    return result.scenario


@pytest.fixture
def played() -> Playthrough:
    """Asked about the display, then moved on: at the offer."""
    return Playthrough.replay(scenario(HUB), [("hub", 0), ("hub", 3)]).read_on()


def test_an_edited_line_keeps_the_run_where_it_stood(played: Playthrough) -> None:
    new = scenario(HUB.replace("So what now?", "So what happens now?"))
    carried = carry_over(played, new)
    assert carried.kept == 2 and carried.run.state.node == "offer"
    assert carried.run.text() == '"So what happens now?"'
    assert carried.notice == "Reloaded: 2 decisions taken again; you are where you were."


def test_an_edited_choice_text_is_found_by_its_place(played: Playthrough) -> None:
    new = scenario(HUB.replace("Ask what the display said when it stopped.", "Ask what the panel showed."))
    carried = carry_over(played, new)
    assert [s.choice for s in carried.run.state.steps] == [0, 3]
    assert carried.run.state.variables["knows_cause"] is True


def test_a_choice_moved_up_is_found_by_its_text(played: Playthrough) -> None:
    moved = HUB.replace(
        "      - text: Ask what the display said when it stopped.\n        once: true\n        goto: hub\n"
        "        set: {knows_cause: true}\n        score: {empathy: 1, customer_first: 1}\n"
        "        feedback: A real question about her morning.\n",
        "",
    ).replace(
        "      - text: Move on to what you can do today.\n",
        "      - text: Ask what the display said when it stopped.\n        once: true\n        goto: hub\n"
        "        set: {knows_cause: true}\n        score: {empathy: 1, customer_first: 1}\n"
        "        feedback: A real question about her morning.\n"
        "      - text: Move on to what you can do today.\n",
    )
    new = scenario(moved)
    assert new.nodes["hub"].choices[2].text == "Ask what the display said when it stopped."
    carried = carry_over(played, new)
    assert [s.choice for s in carried.run.state.steps] == [2, 3]
    assert carried.run.state.node == "offer" and carried.kept == 2


def test_a_choice_with_an_id_is_found_by_its_id_though_its_text_and_place_changed() -> None:
    with_id = HUB.replace(
        "      - text: Move on to what you can do today.\n",
        "      - text: Move on to what you can do today.\n        id: move-on\n",
    )
    old = Playthrough.replay(scenario(with_id), [("hub", 3)]).read_on()
    new = scenario(
        with_id.replace("Move on to what you can do today.", "Get to the plan.").replace(
            "      - text: Ask whether she cleaned the coils, as the manual says.\n        once: true\n"
            "        goto: hub\n        score: {empathy: -1}\n        feedback: Blame before facts.\n",
            "",
        )
    )
    carried = carry_over(old, new)
    assert [s.choice for s in carried.run.state.steps] == [2] and carried.run.state.node == "offer"


def test_a_choice_no_longer_on_offer_stops_the_run_before_it_and_says_why() -> None:
    old = Playthrough.replay(scenario(HUB), [("hub", 0), ("hub", 3), ("offer", 1)])
    new = scenario(HUB.replace("        set: {knows_cause: true}\n", ""))  # the technician now needs what no one sets
    carried = carry_over(old, new)
    assert carried.kept == 2 and carried.run.state.node == "offer" and not carried.run.is_over
    assert carried.notice == (
        "Reloaded: 2 of 3 decisions taken again; decision 3 no longer fits: its choice "
        "('Send a technician today and say you will cover th…') is no longer on offer."
    )


def test_a_run_that_now_leads_elsewhere_says_where(played: Playthrough) -> None:
    new = scenario(HUB.replace("        goto: offer\n", "        goto: kept\n"))
    carried = carry_over(played, new)
    assert carried.kept == 2 and carried.run.state.node == "kept"  # both decisions were at the hub
    assert (
        carried.notice
        == "Reloaded: 2 decisions taken again; the new version leads to 'kept' where you were at 'offer'."
    )


def test_a_decision_whose_node_is_no_longer_reached_stops_the_run_before_it() -> None:
    old = Playthrough.replay(scenario(HUB), [("hub", 0), ("hub", 3), ("offer", 1)])
    new = scenario(HUB.replace("start: hub", "start: offer"))
    carried = carry_over(old, new)
    assert carried.kept == 0 and carried.run.state.node == "offer"
    assert carried.notice == (
        "Reloaded: 0 of 3 decisions taken again; decision 1 no longer fits: the new version reaches 'offer' there."
    )


def test_a_removed_choice_stops_the_run_and_names_it() -> None:
    old = Playthrough.replay(scenario(HUB), [("hub", 0), ("hub", 3), ("offer", 2)])
    new = scenario(
        HUB.replace("      - text: Say you will look into it.\n        goto: lost\n", "").replace(
            "        score: {ownership: -2}\n        feedback: Nothing she can hold you to.\n", ""
        )
    )
    carried = carry_over(old, new)
    assert carried.kept == 2
    assert carried.notice.endswith("decision 3 no longer fits: its choice ('Say you will look into it.') is gone.")


def test_a_test_run_from_a_tester_start_is_carried_from_that_start() -> None:
    first = scenario(HUB)
    at = Start.at(first, "offer", {"knows_cause": True})
    old = Playthrough.start(first, at).choose(1)
    new = scenario(HUB.replace("A plan she can hold you to", "A plan with a date"))
    carried = carry_over(old, new, at)
    assert carried.run.ending is not None and carried.run.ending.title == "A plan with a date"


def test_a_deleted_choice_without_an_id_is_gone_never_replaced_by_its_neighbour() -> None:
    old = Playthrough.replay(scenario(HUB), [("hub", 0), ("hub", 1)])  # the display, then the circuit question
    new = scenario(
        HUB.replace(
            "      - text: Ask whether anything else is on that circuit.\n        once: true\n        goto: hub\n"
            "        score: {customer_first: 1}\n        feedback: Useful, and she has to think about it.\n",
            "",
        )
    )
    carried = carry_over(old, new)
    assert carried.kept == 1 and [s.choice for s in carried.run.state.steps] == [0]
    assert "decision 2 no longer fits: its choice ('Ask whether anything else is on that circuit.') is gone" in (
        carried.notice
    )
