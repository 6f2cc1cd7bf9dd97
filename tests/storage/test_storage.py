"""Saves, history and export on disk: atomic, versioned, and nothing lost on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offscript.engine.loader import load_bytes, load_file
from offscript.engine.model import Scenario
from offscript.engine.playthrough import Playthrough
from offscript.engine.transcript import build_transcript
from offscript.render.html import to_html
from offscript.render.markdown import to_markdown
from offscript.storage.files import StorageError, read_json, write_json_atomic

FIXTURES = Path(__file__).parents[1] / "fixtures"
HUB = FIXTURES / "engine" / "hub.yaml"


def finished_run(hub: Scenario) -> Playthrough:
    return Playthrough.start(hub).pick(1).pick(1).pick(2)


def test_atomic_write_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "file.json"
    write_json_atomic(target, {"format": "offscript-save", "version": 1})
    write_json_atomic(target, {"format": "offscript-save", "version": 1, "n": 2})
    assert json.loads(target.read_text())["n"] == 2
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]


def test_unwritable_folder_raises_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot write"):
        write_json_atomic(blocker / "save.json", {})


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b'{"format": "offscript-save", "vers', "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b'{"format": "something-else", "version": 1}', "not an Offscript"),
        (b"[1, 2]", "not an Offscript"),
        (b'{"format": "offscript-save", "version": 99}', "format version 99"),
        (b'{"format": "offscript-save", "version": true}', "format version"),
        (b'{"format": "offscript-save", "version": 1, "n": Infinity}', "Infinity"),
        (b'{"format": "offscript-save", "version": 1, "n": NaN}', "NaN"),
        (b'{"format": "offscript-save", "version": 1, "n": -1e999}', "too large"),
        (b'{"format": "offscript-save", "version": 1, "n": ' + b"9" * 5000 + b"}", "number too long"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"format": "offscript-save", "version": 1, "n": ' + b"[" * 100_000, "nested too deeply"),
    ],
    ids=lambda value: value[:40].decode(errors="replace") if isinstance(value, bytes) else value,
)
def test_bad_file_is_moved_aside_untouched_and_reported_in_one_line(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "car.json"
    path.write_bytes(content)
    result = read_json(path, "offscript-save", (1,))
    assert result.data is None and reason in result.problem and "\n" not in result.problem
    assert not path.exists()
    [kept] = list(tmp_path.iterdir())
    assert kept.name.startswith("car.json.unreadable-") and kept.read_bytes() == content


def test_export_markdown_and_html_hold_the_whole_run() -> None:
    result = load_file(HUB)
    run = finished_run(result.scenario)
    transcript = build_transcript(result.scenario, [(s.node, s.choice) for s in run.state.steps])
    markdown = to_markdown(transcript, run.state.scores, result.analysis, "Played today")
    assert "**You:** Ask what stops her line." in markdown
    assert "> Coach (Empathy +2): Asking about her problem." in markdown
    assert "## Ending: Trial order (success)" in markdown and "You asked first." in markdown
    assert "- Empathy: +2 (100% of the achievable range)" in markdown
    page = to_html(transcript, run.state.scores, result.analysis)
    assert page.startswith("<!DOCTYPE html>") and "Asking about her problem." in page
    assert "{not a name}" in page  # literal braces survive


def test_export_escapes_scenario_text_in_html() -> None:
    text = HUB.read_bytes().replace(b"Ana orders a trial.", b"<script>alert(1)</script> [bold]x[/]")
    result = load_bytes(text, "hub.yaml")
    run = finished_run(result.scenario)
    page = to_html(
        build_transcript(result.scenario, [(s.node, s.choice) for s in run.state.steps]),
        run.state.scores,
        result.analysis,
    )
    assert "<script>" not in page and "&lt;script&gt;" in page and "[bold]x[/]" in page


def test_export_keeps_each_line_of_scenario_text_as_a_paragraph() -> None:
    """Scenario text keeps its line breaks; Markdown and HTML would otherwise run the lines together."""
    text = HUB.read_bytes().replace(
        b"text: Ana orders a trial.", b"text: |\n      Ana orders a trial.\n      Then she calls her boss."
    )
    result = load_bytes(text, "hub.yaml")
    run = finished_run(result.scenario)
    transcript = build_transcript(result.scenario, [(s.node, s.choice) for s in run.state.steps])
    markdown = to_markdown(transcript, run.state.scores, result.analysis)
    assert "> Ana orders a trial.\n>\n> Then she calls her boss." in markdown
    assert "\n\n\n" not in markdown
    page = to_html(transcript, run.state.scores, result.analysis)
    assert "<p>Ana orders a trial.</p><p>Then she calls her boss.</p>" in page


def test_export_gives_each_decision_its_discussion_question_as_it_was_asked() -> None:
    result = load_file(FIXTURES / "tui" / "templated.yaml")
    scenario = result.scenario
    assert scenario is not None
    steps = [("open", 0), ("open", 1), ("price", 0)]  # a question (trust 1 to 2), on to the price, a plain answer
    transcript = build_transcript(scenario, steps)
    markdown = to_markdown(transcript, {}, result.analysis)
    assert "> Discuss: Trust is 1. What would you ask first?" in markdown
    assert "> Discuss: Trust is 2. What would you ask first?" in markdown
    assert "> Discuss: How would you put the price, with trust at 2?" in markdown
    page = to_html(transcript, {}, result.analysis)
    assert "<p class=discuss><b>Discuss:</b> How would you put the price, with trust at 2?</p>" in page
