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
