"""The run's path and steps: a Trail grows without copying what came before, and never changes."""

from __future__ import annotations

import json

from offscript.engine.playthrough import PlayState, Playthrough
from offscript.engine.trail import Trail
from tests.conftest import load_fixture


def test_a_trail_reads_like_the_tuple_of_its_items() -> None:
    empty: Trail[str] = Trail()
    grown = empty.plus(["a", "b"]).plus([]).plus(["c"])
    assert grown == ("a", "b", "c") and ("a", "b", "c") == grown and grown == Trail("abc")
    assert grown != ("a", "b") and grown != ["a", "b", "c"]
    assert list(grown) == ["a", "b", "c"] and len(grown) == 3 and grown[-1] == "c" and grown[0] == "a"
    assert grown[1:] == ("b", "c") and "b" in grown and hash(grown) == hash(("a", "b", "c"))
    assert empty == () and len(empty) == 0 and not empty


def test_growing_leaves_the_older_trail_as_it_was() -> None:
    base = Trail(["start"])
    left, right = base.plus(["left"]), base.plus(["right"])
    assert base == ("start",) and left == ("start", "left") and right == ("start", "right")


def test_growing_shares_the_older_trail_instead_of_copying_it() -> None:
    trail: Trail[int] = Trail()
    for number in range(100_000):  # as tuples, 5 billion item copies
        trail = trail.plus((number,))
    assert trail[-1] == 99_999 and len(trail) == 100_000
    assert trail.plus((1,))._before is trail  # shared, whatever its length
    assert sum(trail) == sum(range(100_000))  # read whole by a loop, not recursion


def test_a_run_keeps_its_path_and_steps_as_trails_that_round_trip_through_json() -> None:
    scenario = load_fixture("engine/hub.yaml")
    run = Playthrough.start(scenario)
    before = run
    run = run.choose(run.offered()[0][0])
    assert before.state.steps == () and len(run.state.steps) == 1
    assert run.state.path[: len(before.state.path)] == tuple(before.state.path)
    data = json.loads(json.dumps(run.state.to_json()))
    assert PlayState.from_json(data) == run.state
