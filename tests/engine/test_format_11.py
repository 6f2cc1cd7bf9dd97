"""Format 1.1: facilitator material, node notes, choice ids and checks reach the model; 1.0 files are unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offscript.engine.invariants import result_problems
from offscript.engine.loader import load_bytes, load_file
from offscript.engine.model import Comparison, Expectation
from offscript.engine.serialise import result_from_data, result_to_data

FIXTURES = Path(__file__).parents[1] / "fixtures"
FORMAT_11 = FIXTURES / "format-11.yaml"


def test_every_addition_reaches_the_model() -> None:
    result = load_file(FORMAT_11)
    assert result.diagnostics == []
    scenario = result.scenario
    assert scenario is not None and scenario.facilitator is not None
    assert scenario.facilitator.goals == ("Acknowledge the problem before explaining it.",)
    assert scenario.facilitator.principles == ("Own the mistake", "Ask before you answer")
    assert scenario.facilitator.minutes == 20
    assert scenario.facilitator.notes == "Let the class argue for the excuse first.\n"
    assert scenario.nodes["call"].notes == "Listen for who takes the blame."
    assert [c.id for c in scenario.nodes["call"].choices] == ["own-it", "blame_carrier"]
    assert scenario.choice_ids() == {"own-it", "blame_carrier"}
    first, second, third = scenario.checks
    assert (first.name, first.take, first.start) == ("owning it keeps the order", ("own-it",), "call")
    assert first.expect == Expectation(
        "kept", "success", {"ownership": Comparison(">=", 2), "empathy": Comparison("==", 0)}
    )
    assert (second.take, second.expect.outcome, second.expect.ending) == ((2,), "failure", "")
    assert (third.start, dict(third.set), third.take) == ("decide", {"trust": 5, "apologised": True}, ())


def test_a_file_without_the_additions_loads_with_empty_ones() -> None:
    scenario = load_file(FIXTURES / "first-call.yaml").scenario
    assert scenario is not None
    assert (scenario.facilitator, scenario.checks) == (None, ())
    assert all(node.notes == "" for node in scenario.nodes.values())
    assert all(choice.id == "" for node in scenario.nodes.values() for choice in node.choices)


@pytest.mark.parametrize(
    ("op", "total", "holds"),
    [("==", 3, True), ("!=", 3, False), ("<", 2, True), ("<=", 4, False), (">", 4, True), (">=", 2, False)],
)
def test_a_comparison_holds_as_its_operator_says(op: str, total: int, holds: bool) -> None:
    assert Comparison(op, 3).holds(total) is holds  # type: ignore[arg-type]
    assert str(Comparison(op, 3)) == f"{op} 3"  # type: ignore[arg-type]


def test_the_additions_survive_the_cache_and_keep_the_invariants() -> None:
    result = load_file(FORMAT_11)
    again = result_from_data(json.loads(json.dumps(result_to_data(result))))
    assert again.scenario == result.scenario
    assert result_problems(again) == []


def test_a_choice_id_of_another_node_may_repeat_and_a_check_can_take_it() -> None:
    text = b"""offscript: 1
id: repeat
title: Repeat
summary: The same id on two nodes
start: a
nodes:
  a:
    text: Hi
    choices: [{id: ask, text: Ask., goto: b, feedback: Fine.}]
  b:
    text: Again
    choices: [{id: ask, text: Ask again., goto: c, feedback: Fine.}]
  c: {text: Bye, ending: {title: End, outcome: partial}}
checks:
  - {name: twice, take: [ask, ask], expect: {outcome: partial}}
"""
    result = load_bytes(text, "repeat.yaml")
    assert result.diagnostics == [] and result.scenario is not None
    assert result.scenario.checks[0].take == ("ask", "ask")


@pytest.mark.parametrize("text", ["\x1b[31m", "\x07", "\x9b"], ids=["esc", "bel", "csi"])
@pytest.mark.parametrize("where", ["notes", "facilitator", "check"])
def test_a_control_character_in_the_new_texts_is_an_error_at_its_place(text: str, where: str) -> None:
    escaped = json.dumps(text)  # a double-quoted YAML string with the character written as an escape
    notes = f"    notes: {escaped}\n" if where == "notes" else ""
    facilitator = f"facilitator: {{notes: {escaped}}}\n" if where == "facilitator" else ""
    check = f"checks: [{{name: {escaped}, take: [1], expect: {{outcome: failure}}}}]\n" if where == "check" else ""
    source = (
        "offscript: 1\nid: ctl\ntitle: Control\nsummary: A control character\n"
        f"{facilitator}start: a\nnodes:\n  a:\n{notes}    text: Hi\n"
        "    choices: [{text: Go, goto: b, feedback: Fine.}]\n"
        f"  b: {{text: Bye, ending: {{title: End, outcome: failure}}}}\n{check}"
    )
    result = load_bytes(source.encode(), "ctl.yaml")
    assert result.scenario is None
    assert [d.code for d in result.errors] == ["OS111"]
    line = next(n for n, row in enumerate(source.splitlines(), 1) if escaped in row)
    assert result.errors[0].line == line
