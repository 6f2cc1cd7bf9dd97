"""A cache entry of a format 1.1 scenario keeps the loader's promises about choice ids, checks and notes.

Each row breaks one of them in a real entry (of `format-11.yaml`) while keeping
every value of its type: only the invariants can tell, and the entry is a miss.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from offscript.engine.invariants import result_problems
from offscript.engine.loader import load_file
from offscript.engine.serialise import result_from_data
from offscript.storage.scenario_cache import load_scenario, scenario_cache_dir

FORMAT_11 = Path(__file__).parents[1] / "fixtures" / "format-11.yaml"
Data = dict[str, Any]


def choice(result: Data, number: int) -> Data:
    return result["scenario"]["nodes"]["call"]["choices"]["@tuple"][number]


def check(result: Data, number: int) -> Data:
    return result["scenario"]["checks"]["@tuple"][number]


def put(where: Callable[[Data], Data], key: str, value: object) -> Callable[[Data], None]:
    return lambda result: where(result).__setitem__(key, value)


BROKEN: dict[str, tuple[Callable[[Data], None], str]] = {
    "choice-ids-twice-in-a-node": (put(lambda r: choice(r, 1), "id", "own-it"), "unique in the node"),
    "choice-id-not-a-slug": (put(lambda r: choice(r, 0), "id", "Own It"), "not slugs"),
    "choice-id-trailing-newline": (put(lambda r: choice(r, 0), "id", "own-it\n"), "not slugs"),
    "check-from-unknown-node": (put(lambda r: check(r, 2), "start", "nowhere"), "is not a node"),
    "check-takes-unknown-id": (put(lambda r: check(r, 0), "take", {"@tuple": ["bluff"]}), "does not exist"),
    "check-takes-number-zero": (put(lambda r: check(r, 1), "take", {"@tuple": [0]}), "does not exist"),
    "check-names-twice": (put(lambda r: check(r, 1), "name", "owning it keeps the order"), "not unique"),
    "check-expects-a-choice-node": (put(lambda r: check(r, 2)["expect"], "ending", "call"), "is not an ending"),
    "check-outcome-disagrees": (put(lambda r: check(r, 0)["expect"], "outcome", "failure"), "is not an ending"),
    "check-expects-nothing": (
        lambda r: check(r, 1)["expect"].update(outcome=None, ending="", scores={}),
        "expects nothing",
    ),
    "check-set-out-of-range": (put(lambda r: check(r, 2)["set"], "trust", 9), "outside its min..max"),
    "check-set-wrong-kind": (put(lambda r: check(r, 2)["set"], "apologised", 1), "does not fit"),
    "check-score-unknown": (
        put(lambda r: check(r, 0)["expect"]["scores"], "charm", {"@class": "Comparison", "op": ">", "value": 1}),
        "not comparisons of scores",
    ),
    "facilitator-minutes-zero": (put(lambda r: r["scenario"]["facilitator"], "minutes", 0), "not positive"),
    "escape-in-notes": (put(lambda r: r["scenario"]["nodes"]["kept"], "notes", "\x1b]52;c;x\x07"), "control"),
}


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "format-11.yaml"
    path.write_bytes(FORMAT_11.read_bytes())
    return path


@pytest.mark.parametrize("breaking", BROKEN.values(), ids=BROKEN.keys())
def test_an_entry_that_breaks_a_format_11_invariant_is_a_miss(
    breaking: tuple[Callable[[Data], None], str], scenario: Path
) -> None:
    damage, problem = breaking
    expected = load_scenario(scenario)
    (entry,) = scenario_cache_dir().glob("*.json")
    data = json.loads(entry.read_bytes())
    damage(data["result"])
    forged = result_from_data(data["result"])
    assert any(problem in found for found in result_problems(forged)), result_problems(forged)
    entry.write_text(json.dumps(data))
    assert load_scenario(scenario) == expected == load_file(scenario)


def test_an_untouched_format_11_entry_is_used(scenario: Path) -> None:
    expected = load_scenario(scenario)
    assert expected.scenario is not None and expected.scenario.checks
    (entry,) = scenario_cache_dir().glob("*.json")
    assert result_problems(result_from_data(json.loads(entry.read_bytes())["result"])) == []
    assert load_scenario(scenario) == expected
