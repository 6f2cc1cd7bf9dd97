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


@pytest.fixture(autouse=True)
def own_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Every test keeps saves, history and the scenario cache in a folder of its own, never the user's."""
    folder = tmp_path / "data"
    monkeypatch.setenv("OFFSCRIPT_DATA_DIR", str(folder))
    return folder
