"""A checked scenario survives the trip to JSON and back exactly, and nothing else is read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offscript.engine.loader import load_file
from offscript.engine.serialise import result_from_data, result_to_data

ROOT = Path(__file__).parents[2]
LOADABLE = [
    path
    for path in sorted([*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yaml")])
    if load_file(path, analyse=False).scenario is not None
]


def through_json(data: object) -> object:
    return json.loads(json.dumps(data))


def test_every_kind_of_value_is_covered() -> None:
    names = {path.name for path in LOADABLE}
    assert {"car-dealership.yaml", "hub.yaml", "loop.yaml", "templated.yaml", "OS402-no-feedback.yaml"} <= names


@pytest.mark.parametrize("path", LOADABLE, ids=lambda p: p.name)
def test_load_result_round_trips_exactly(path: Path) -> None:
    for analyse in (True, False):
        result = load_file(path, analyse=analyse)
        again = result_from_data(through_json(result_to_data(result)))
        assert again == result  # a list where a tuple was would compare unequal too


def test_conditions_come_back_as_conditions() -> None:
    result = load_file(ROOT / "tests" / "fixtures" / "engine" / "hub.yaml")
    again = result_from_data(through_json(result_to_data(result)))
    assert again.scenario is not None
    conditions = [c.condition for n in again.scenario.nodes.values() for c in n.choices if c.condition is not None]
    assert conditions and all(type(c).__module__ == "offscript.engine.conditions" for c in conditions)


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "LoadResult",
        {"@class": "Popen", "args": ["rm"]},
        {"@class": "LoadResult"},
        {"@class": "LoadResult", "path": "x", "scenario": None, "surprise": 1},
        {"@class": ["LoadResult"]},
        {"@class": "Node", "id": "a", "kind": "ending"},
    ],
)
def test_anything_but_a_saved_result_is_refused(data: object) -> None:
    with pytest.raises(ValueError):
        result_from_data(data)


# --- every value is checked against its type hint ---------------------------------

FIRST_CALL = ROOT / "tests" / "fixtures" / "first-call.yaml"


def saved_first_call() -> dict[str, object]:
    """A real saved result (choices with conditions, set/add, a branch, variables of both kinds)."""
    data = through_json(result_to_data(load_file(FIRST_CALL)))
    assert isinstance(data, dict)
    return data


def nodes_of(data: dict) -> dict:
    return data["scenario"]["nodes"]


def first_choice(data: dict) -> dict:
    return nodes_of(data)["hello"]["choices"]["@tuple"][0]


def set_at(target: dict, key: str, value: object) -> None:
    target[key] = value


def deep_not(depth: int) -> dict:
    condition: dict = {"@class": "Name", "name": "knows_why", "offset": 0}
    for _ in range(depth):
        condition = {"@class": "Not", "operand": condition}
    return condition


WRONG_TYPES = {
    "text-is-a-number": lambda d: set_at(first_choice(d), "text", 12),
    "text-is-null": lambda d: set_at(d["scenario"], "title", None),
    "choices-are-text": lambda d: set_at(nodes_of(d)["hello"], "choices", "pick one"),
    "choices-are-a-list-not-a-tuple": lambda d: set_at(nodes_of(d)["hello"], "choices", [first_choice(d)]),
    "diagnostics-are-a-dict": lambda d: set_at(d, "diagnostics", {"@tuple": []}),
    "score-is-a-bool": lambda d: set_at(first_choice(d)["score"], "empathy", True),
    "add-is-a-bool": lambda d: set_at(first_choice(d)["add"], "trust", True),
    "score-is-a-float": lambda d: set_at(first_choice(d)["score"], "empathy", 2.0),
    "score-is-not-a-number": lambda d: set_at(first_choice(d)["score"], "empathy", float("nan")),
    "line-is-absurd": lambda d: set_at(first_choice(d), "line", 10**30),
    "once-is-a-number": lambda d: set_at(first_choice(d), "once", 0),
    "kind-unknown": lambda d: set_at(nodes_of(d)["hello"], "kind", "loop"),
    "outcome-unknown": lambda d: set_at(nodes_of(d)["won"]["ending"], "outcome", "victory"),
    "severity-is-a-list": lambda d: set_at(d, "diagnostics", [{"@class": "Diagnostic", "severity": []}]),
    "a-field-missing": lambda d: first_choice(d).pop("feedback"),
    "a-field-too-many": lambda d: set_at(first_choice(d), "bonus", 1),
    "wrong-class-for-the-field": lambda d: set_at(nodes_of(d)["won"], "ending", {**first_choice(d)}),
    "a-node-for-a-condition": lambda d: set_at(first_choice(d), "condition", nodes_of(d)["won"]),
    "condition-name-offset-is-text": lambda d: set_at(
        nodes_of(d)["decide"]["branch"]["@tuple"][0]["condition"]["left"], "offset", "0"
    ),
    "mapping-with-a-tag": lambda d: set_at(first_choice(d), "score", {"@tuple": [1]}),
    "range-of-three": lambda d: set_at(d["analysis"]["score_range"], "empathy", {"@tuple": [1, 2, 3]}),
    "path-of-text": lambda d: set_at(d["analysis"], "best_path", ["1"]),
    "variable-initial-is-text": lambda d: set_at(d["scenario"]["variables"]["trust"], "initial", "2"),
    "class-tag-is-a-list": lambda d: set_at(d["scenario"], "@class", ["Scenario"]),
    "deeply-nested-garbage": lambda d: set_at(first_choice(d), "text", [[[[[[[[{"@tuple": [[[]]]}]]]]]]]]),
    "deeply-nested-condition": lambda d: set_at(first_choice(d), "condition", deep_not(5_000)),
}


@pytest.mark.parametrize("damage", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_value_not_of_its_annotated_type_is_refused(damage) -> None:
    data = saved_first_call()
    damage(data)
    with pytest.raises(ValueError):
        result_from_data(data)


def test_the_unchecked_rebuild_is_what_the_checks_protect_against() -> None:
    data = saved_first_call()
    set_at(first_choice(data), "text", 12)
    assert result_from_data(data, checked=False).scenario.nodes["hello"].choices[0].text == 12  # type: ignore[union-attr]


def test_a_value_may_be_a_whole_number_or_true_or_false() -> None:
    data = saved_first_call()
    set_at(data["scenario"]["variables"]["knows_why"], "initial", 3)
    set_at(first_choice(data)["set"], "knows_why", 7)
    result = result_from_data(data)  # types allow it; that it contradicts the variable is for the invariants
    assert result.scenario is not None and result.scenario.variables["knows_why"].initial == 3
