from __future__ import annotations

from pathlib import Path

import pytest

from offscript.engine.loader import load_file
from offscript.engine.model import Scenario

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture(relative: str) -> Scenario:
    result = load_file(FIXTURES / relative)
    assert result.scenario is not None, [d.format() for d in result.diagnostics]
    return result.scenario


@pytest.fixture
def hub() -> Scenario:
    return load_fixture("engine/hub.yaml")
