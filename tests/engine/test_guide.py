"""The trainers' guide's tutorial file is real: byte-identical to a fixture that validates clean."""

from __future__ import annotations

import re
from pathlib import Path

from offscript.engine.diagnostics import CODES
from offscript.engine.loader import load_file

ROOT = Path(__file__).parents[2]
GUIDE = ROOT / "scenarios" / "README.md"
TUTORIAL = ROOT / "tests" / "fixtures" / "tutorial.yaml"


def test_tutorial_listing_matches_the_fixture() -> None:
    match = re.search(r"<!-- tutorial\.yaml -->\s*```yaml\n(.*?)```", GUIDE.read_text(), re.S)
    assert match, "the guide has no listing marked <!-- tutorial.yaml -->"
    assert match.group(1) == TUTORIAL.read_text()


def test_tutorial_validates_clean_and_reaches_every_outcome() -> None:
    result = load_file(TUTORIAL)
    assert result.diagnostics == []
    outcomes = {result.scenario.nodes[e].ending.outcome for e in result.analysis.endings}
    assert outcomes == {"success", "partial", "failure"}


def test_guide_documents_every_diagnostic_code() -> None:
    text = GUIDE.read_text()
    assert [code for code in CODES if f"**{code}" not in text and f"| {code} |" not in text] == []


def test_guide_documents_every_playtest_finding() -> None:
    from offscript.engine.playtest.findings import WHY

    text = GUIDE.read_text()
    assert [code for code in WHY if f"**{code}:" not in text or f"| {code} |" not in text] == []
