"""`offscript history` and `offscript export` read the data folder given with --data-dir."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from offscript.cli import main

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "saves" / "samples" / "history-v1.json", tmp_path / "history.json")
    return tmp_path


def test_history_lists_runs(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "history"]) == 0
    """Run 2 is the older run: the number `export --run` takes (test_export_markdown_and_html exports it)."""
    header, *rows = capsys.readouterr().out.splitlines()[:3]
    assert header.split()[:8] == ["Finished", "Scenario", "Run", "Outcome", "Empathy", "Ownership", "Customer", "first"]
    assert rows[0].split()[2:8] == ["first-call", "2", "success", "+2", "+0", "+1"]
    assert "coach, rewound" in rows[0]
    assert rows[1].split()[2:9] == ["first-call", "1", "failure", "-1", "+0", "-2", "assessment"]


def test_history_json_and_filter(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "history", "--json", "--scenario", "first-call"]) == 0
    runs = json.loads(capsys.readouterr().out)
    assert [r["outcome"] for r in runs] == ["success", "failure"]
    assert main(["--data-dir", str(data), "history", "--scenario", "nothing"]) == 0
    assert "No finished playthroughs yet" in capsys.readouterr().out


def test_corrupt_history_is_reported_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "history.json").write_text("{broken")
    assert main(["--data-dir", str(tmp_path), "history"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not be read" in err
    assert list(tmp_path.glob("history.json.unreadable-*"))


def test_export_markdown_and_html(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixture = str(FIXTURES / "first-call.yaml")
    assert main(["--data-dir", str(data), "export", fixture, "--run", "2"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# The First Call") and "**You:** Ask why she agreed" in markdown
    assert "## Ending: A second meeting (success)" in markdown
    out = tmp_path / "run.html"
    assert main(["--data-dir", str(data), "export", fixture, "--format", "html", "-o", str(out)]) == 0
    assert "Read the product overview you prepared." in out.read_text()


def test_export_without_history_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "export", str(FIXTURES / "first-call.yaml")]) == 2
    assert "no finished run number 1" in capsys.readouterr().err
