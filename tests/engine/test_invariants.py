"""The invariants hold for everything the loader accepts, so checking a cached scenario is never stricter than it."""

from __future__ import annotations

from pathlib import Path

import pytest

from offscript.engine.invariants import result_problems
from offscript.engine.loader import load_file
from offscript.library import builtin_scenarios_dir

ROOT = Path(__file__).parents[2]
SHIPPED = sorted(builtin_scenarios_dir().glob("*.yaml"))
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("**/*.yaml"))


def test_there_are_shipped_scenarios_and_valid_fixtures_to_check() -> None:
    assert len(SHIPPED) >= 7
    assert sum(load_file(path, analyse=False).scenario is not None for path in FIXTURES) >= 10


@pytest.mark.parametrize("path", [*SHIPPED, *FIXTURES], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_whatever_the_loader_accepts_keeps_every_invariant(path: Path) -> None:
    for analyse in (True, False):
        result = load_file(path, analyse=analyse)
        if result.scenario is not None:
            assert result_problems(result) == []
