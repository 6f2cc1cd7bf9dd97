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
from offscript.storage.history import HistoryEntry, HistoryStore
from offscript.storage.saves import Save, SaveStore, resume

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
        (b"\xff\xfe", "not valid JSON"),
        (b'{"format": "something-else", "version": 1}', "not an Offscript"),
        (b"[1, 2]", "not an Offscript"),
        (b'{"format": "offscript-save", "version": 99}', "format version 99"),
    ],
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


def test_save_round_trip_and_resume(tmp_path: Path) -> None:
    hub = load_file(HUB).scenario
    run = Playthrough.start(hub).pick(2)
    store = SaveStore(tmp_path)
    store.write(Save.of(run, "coach", "2026-11-22T10:00:00"))
    save, problem = store.load("hub")
    assert problem == "" and save is not None
    resumed = resume(hub, save)
    assert resumed.message == "" and resumed.run is not None and resumed.run.state == run.state
    store.discard("hub")
    assert store.load("hub") == (None, "")


def test_save_survives_a_compatible_edit_and_says_so() -> None:
    hub = load_file(HUB).scenario
    save = Save.of(Playthrough.start(hub).pick(1), "coach", "t")
    edited = load_bytes(
        HUB.read_bytes().replace(b"Ask about her budget.", b"Ask about her budget, please."), "hub.yaml"
    ).scenario
    resumed = resume(edited, save)
    assert resumed.run is not None and resumed.run.state.scores["empathy"] == 2
    assert "changed" in resumed.message and "still fit" in resumed.message


def test_save_that_no_longer_fits_says_what_changed() -> None:
    hub = load_file(HUB).scenario
    save = Save.of(Playthrough.start(hub).pick(1), "coach", "t")
    edited = load_bytes(HUB.read_bytes().replace(b"start: hub", b"start: decide"), "hub.yaml").scenario
    resumed = resume(edited, save)
    assert resumed.run is None
    assert "decision 1 was made at 'hub'" in resumed.message and "start over" in resumed.message


def test_history_keeps_every_finished_run(tmp_path: Path) -> None:
    hub = load_file(HUB).scenario
    store = HistoryStore(tmp_path / "history.json")
    store.append(HistoryEntry.of(finished_run(hub), "coach", "t1", rewinds=0))
    store.append(HistoryEntry.of(Playthrough.start(hub).pick(3), "assessment", "t2", rewinds=2))
    entries, problem = store.load()
    assert problem == ""
    assert [(e.outcome, e.mode, e.rewinds, e.total) for e in entries] == [
        ("success", "coach", 0, 4),
        ("failure", "assessment", 2, -3),
    ]
    assert entries[0].steps == (("hub", 0), ("hub", 1), ("hub", 3))


def test_history_that_is_corrupt_is_kept_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_text('{"format": "offscript-history", "version": 1, "runs": [')
    store = HistoryStore(path)
    entries, problem = store.load()
    assert entries == [] and "could not be read" in problem
    store.append(HistoryEntry.of(finished_run(load_file(HUB).scenario), "coach", "t", 0))
    assert len(store.load()[0]) == 1
    assert len(list(tmp_path.glob("history.json.unreadable-*"))) == 1


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


def test_a_save_with_an_unknown_mode_is_moved_aside_and_reported(tmp_path: Path) -> None:
    hub = load_file(HUB).scenario
    store = SaveStore(tmp_path)
    store.write(Save.of(Playthrough.start(hub).pick(2), "coach", "t"))
    data = json.loads(store.path("hub").read_text())
    store.path("hub").write_text(json.dumps({**data, "mode": "exam"}))
    save, problem = store.load("hub")
    assert save is None and "unknown mode 'exam'" in problem and "kept as hub.json.unreadable-" in problem
    assert not store.path("hub").exists()  # moved aside, content untouched, never read as coach


def test_a_history_entry_with_an_unknown_mode_is_skipped_and_reported(tmp_path: Path) -> None:
    hub = load_file(HUB).scenario
    store = HistoryStore(tmp_path / "history.json")
    store.append(HistoryEntry.of(finished_run(hub), "coach", "t1", rewinds=0))
    store.append(HistoryEntry.of(finished_run(hub), "assessment", "t2", rewinds=0))
    data = json.loads(store.path.read_text())
    data["runs"][0]["mode"] = "exam"
    store.path.write_text(json.dumps(data))
    entries, problem = store.load()
    assert [e.mode for e in entries] == ["assessment"] and problem == "1 unreadable entry in history.json skipped"
    store.append(HistoryEntry.of(finished_run(hub), "coach", "t3", rewinds=0))  # the unread entry is kept as it is
    assert json.loads(store.path.read_text())["runs"][0]["mode"] == "exam"
