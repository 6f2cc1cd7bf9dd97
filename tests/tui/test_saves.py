"""Saves, resume, rewind, history, progress and export in the game; and bad files in the data folder.

Every test has its own data folder (tmp_path, see conftest.isolated), so nothing here touches the
player's real data.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from textual.widgets import Button

from offscript.engine.active_run import Mode
from offscript.engine.playthrough import Playthrough
from offscript.storage.history import HistoryEntry, HistoryStore
from offscript.storage.saves import SaveStore
from offscript.tui.screens.briefing import BriefingScreen
from offscript.tui.screens.confirm import ConfirmDialog
from offscript.tui.screens.ending import EndingScreen
from offscript.tui.screens.library import LibraryScreen
from offscript.tui.screens.play import PlayScreen
from offscript.tui.screens.progress import ProgressScreen, bars
from offscript.tui.screens.resume import ResumeDialog

from .conftest import FIRST_CALL, FOLLOW_UP, SHOWN_DATA_DIR, SMALL, screen_text, widget_text


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def save_file(data: Path, scenario: str = "follow-up") -> Path:
    """Where earlier versions kept a scenario's save: read once, when the database is made."""
    return data / "saves" / f"{scenario}.json"


def has_save(data: Path, scenario: str = "follow-up") -> bool:
    return SaveStore(data).latest(scenario)[0] is not None


def saved(data: Path, scenario: str = "follow-up") -> dict:
    save, problem = SaveStore(data).latest(scenario)
    assert save is not None, problem
    return save.to_json()


def history(data: Path) -> list[dict]:
    entries, problem = HistoryStore(data).load()
    assert problem == ""
    return [entry.to_json() for entry in entries]


async def play_two_choices(app, pilot) -> None:
    """Start, answer the first decision, read on, answer the second: the run waits at 'price'."""
    await pilot.pause()
    await pilot.press("enter", "1", "space", "1")
    await pilot.pause()
    assert isinstance(app.screen, PlayScreen)
    assert app.screen.run.state.node == "price"


async def leave_a_run_at_price(make_app, play_path: str = FOLLOW_UP) -> None:
    """Play two decisions in one session and quit it, as a learner stopping for the day."""
    app = make_app(play_path=play_path)
    async with app.run_test(size=SMALL) as pilot:
        await play_two_choices(app, pilot)


def entry(title: str, scores: dict[str, int], outcome: str, finished: str, rewinds: int = 0) -> HistoryEntry:
    return HistoryEntry(
        scenario_id="first-call",
        title=title,
        content_hash="",
        started=finished,
        finished=finished,
        mode=Mode.COACH,
        steps=(("hello", 0),),
        scores=scores,
        ending="won" if outcome == "success" else "lost",
        ending_title="A second meeting" if outcome == "success" else "Another comparable quote",
        outcome=outcome,
        rewinds=rewinds,
    )


# --- autosave and resume ------------------------------------------------------------------------


async def test_autosave_after_every_choice(make_app, isolated: Path) -> None:
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not has_save(isolated)  # nothing to save before the first choice
        await pilot.press("2")
        await pilot.pause()
        first = saved(isolated)
        assert first["format"] == "offscript-save" and first["version"] == 1
        assert first["steps"] == [["open", 1]] and first["node"] == "sigh" and first["mode"] == "coach"
        await pilot.press("space")  # reading on is saved too: the save knows where you are
        await pilot.pause()
        assert saved(isolated)["node"] == "when"
        await pilot.press("1")
        await pilot.pause()
        second = saved(isolated)
        assert second["steps"] == [["open", 1], ["when", 0]] and second["node"] == "price"
        assert second["started"] == first["started"]
        assert len(SaveStore(isolated).unfinished(["follow-up"])) == 1


async def test_opening_a_saved_scenario_offers_continue_first(make_app, isolated: Path) -> None:
    await leave_a_run_at_price(make_app)
    again = make_app(play_path=FOLLOW_UP)
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        dialog = again.screen
        assert isinstance(dialog, ResumeDialog)
        text = screen_text(again)
        assert "You have an unfinished run of The Follow-up Call" in text
        assert "2 decisions made · coach mode · saved" in text
        assert again.focused is not None and again.focused.id == "continue"
        await pilot.press("enter")  # Continue is the default
        await pilot.pause()
        play = again.screen
        assert isinstance(play, PlayScreen)
        assert play.run.state.node == "price" and len(play.run.state.steps) == 2
        transcript = widget_text(again, "#transcript Line")
        assert "You\nApologise and say why it is late." in transcript
        assert "Sam sighs and takes a moment." in transcript
        assert '"And the price? Last time it went up."' in transcript
        assert "A concrete promise you can keep." in widget_text(again, "#coach-text")  # the last choice's feedback
        await pilot.press("1")  # and play on to the ending
        await pilot.pause()
        assert play.run.ending is not None
    assert not has_save(isolated)
    assert history(isolated)[-1]["steps"] == [["open", 0], ["when", 0], ["price", 0]]


async def test_start_over_forgets_the_saved_run(make_app, isolated: Path) -> None:
    await leave_a_run_at_price(make_app)
    again = make_app(play_path=FOLLOW_UP)
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeDialog)
        await pilot.click("#start-over")
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen)
        assert not again.screen.run.state.steps
        assert not has_save(isolated)


async def test_escape_reads_the_briefing_which_offers_the_same_two_ways(make_app) -> None:
    await leave_a_run_at_price(make_app)
    again = make_app(play_path=FOLLOW_UP)
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        briefing = again.screen
        assert isinstance(briefing, BriefingScreen)
        assert str(briefing.query_one("#continue", Button).label) == "Continue"
        assert str(briefing.query_one("#start", Button).label) == "Start over"
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen) and again.screen.run.state.node == "price"


async def test_resume_after_a_compatible_edit_replays_and_says_so(make_app, tmp_path: Path) -> None:
    scenario = tmp_path / "follow-up.yaml"
    shutil.copy(FOLLOW_UP, scenario)
    await leave_a_run_at_price(make_app, str(scenario))
    scenario.write_text(scenario.read_text().replace("I will read it tonight.", "I will read it at once."))

    again = make_app(play_path=str(scenario))
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeDialog)
        message = widget_text(again, "#resume-message")
        assert "The scenario has changed since this run was saved; your 2 choices still fit" in message
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen) and again.screen.run.state.node == "price"
        assert any("still fit and were replayed" in m for m in messages(again))
        await pilot.press("1")
        await pilot.pause()
        assert "I will read it at once." in widget_text(again, "#transcript Line")


async def test_resume_after_an_incompatible_edit_says_what_changed(make_app, tmp_path: Path) -> None:
    scenario = tmp_path / "follow-up.yaml"
    shutil.copy(FOLLOW_UP, scenario)
    await leave_a_run_at_price(make_app, str(scenario))
    text = scenario.read_text().replace("next: when", "next: asked").replace("  when:\n", "  asked:\n")
    scenario.write_text(text)

    again = make_app(play_path=str(scenario))
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeDialog)
        shown = widget_text(again, "#resume-message")
        assert "decision 2 was made at 'when', but the scenario now reaches 'asked'" in shown
        assert not again.screen.query("#continue")
        assert again.focused is not None and again.focused.id == "start-over"
        await pilot.press("c")  # there is nothing to continue
        await pilot.pause()
        assert isinstance(again.screen, ResumeDialog)
        await pilot.press("enter")  # start over
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen) and not again.screen.run.state.steps
        assert not has_save(tmp_path / "home" / ".local" / "share" / "offscript")


# --- rewind ----------------------------------------------------------------------------------------


async def test_undo_in_coach_mode_goes_back_one_decision_and_is_counted(make_app, isolated: Path) -> None:
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await play_two_choices(app, pilot)
        assert "Undo" in screen_text(app)  # in the footer
        await pilot.press("u")
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert play.run.state.node == "when" and len(play.run.state.steps) == 1
        assert play.rewinds == 1
        transcript = widget_text(app, "#transcript Line")
        assert "Today by five" not in transcript and '"Fine. When can I have it?"' in transcript
        assert saved(isolated)["rewinds"] == 1 and saved(isolated)["steps"] == [["open", 0]]
        await pilot.press("ctrl+z")  # back to the very first decision
        await pilot.pause()
        assert play.run.state.node == "open" and not play.run.state.steps and play.rewinds == 2
        await pilot.press("u")  # nothing left to undo: said, not counted
        await pilot.pause()
        assert play.rewinds == 2 and any("Nothing to undo" in m for m in messages(app))
        await pilot.press("1", "space", "2", "1")
        await pilot.pause()
        assert play.run.ending is not None
    run = history(isolated)[-1]
    assert run["rewinds"] == 2 and run["used_rewinds"] is True
    assert run["steps"] == [["open", 0], ["when", 1], ["price", 0]]


async def test_rewind_from_the_decision_review(make_app, isolated: Path) -> None:
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await play_two_choices(app, pilot)
        await pilot.press("2", "enter")
        await pilot.pause()
        ending = app.screen
        assert isinstance(ending, EndingScreen)
        assert [b.id for b in ending.query("GameButton.rewind")] == ["rewind-1", "rewind-2", "rewind-3"]
        assert history(isolated)[-1]["outcome"] == "partial"
        ending.query_one("#rewind-2", Button).press()
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert play.run.state.node == "when" and len(play.run.state.steps) == 1 and play.rewinds == 1
        assert saved(isolated)["rewinds"] == 1
        await pilot.press("1", "1")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("u")  # the last decision, from the ending
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.screen.run.state.node == "price"
        assert app.screen.rewinds == 2
    runs = history(isolated)
    assert [r["rewinds"] for r in runs] == [0, 1]  # each finished playthrough is kept, with its rewinds


async def test_no_undo_in_assessment_mode(make_app, isolated: Path) -> None:
    app = make_app(play_path=FOLLOW_UP, mode="assessment")
    async with app.run_test(size=SMALL) as pilot:
        await play_two_choices(app, pilot)
        assert "Undo" not in screen_text(app)
        await pilot.press("u", "ctrl+z")
        await pilot.pause()
        assert len(app.screen.run.state.steps) == 2 and app.screen.rewinds == 0
        assert any("no undo in assessment mode" in m for m in messages(app))
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert not app.screen.query("GameButton.rewind")
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
    run = history(isolated)[-1]
    assert run["mode"] == "assessment" and run["rewinds"] == 0 and run["used_rewinds"] is False


async def test_a_saved_assessment_run_continues_in_assessment(make_app) -> None:
    app = make_app(play_path=FOLLOW_UP, mode="assessment")
    async with app.run_test(size=SMALL) as pilot:
        await play_two_choices(app, pilot)
    again = make_app(play_path=FOLLOW_UP)  # coach mode asked for: the saved run keeps its own mode
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "assessment mode" in screen_text(again)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen) and again.screen.mode == "assessment"


# --- history, library, progress ---------------------------------------------------------------------


async def test_the_ending_is_recorded_in_the_history(make_app, isolated: Path) -> None:
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await play_two_choices(app, pilot)
        await pilot.press("1")  # the ending is reached: recorded now, before the debrief is even opened
        await pilot.pause()
        assert not has_save(isolated)
        run = history(isolated)[-1]
        assert run["scenario"] == "follow-up" and run["title"] == "The Follow-up Call"
        assert run["outcome"] == "success" and run["ending"] == "good" and run["ending_title"] == "Quote on its way"
        assert run["scores"] == {"empathy": 1, "ownership": 2, "customer_first": 3}
        assert run["mode"] == "coach" and run["rewinds"] == 0 and run["content_hash"]
        assert run["started"] and run["finished"]


async def test_library_shows_each_scenarios_best_and_last_result(make_app, isolated: Path) -> None:
    store = HistoryStore(isolated)
    store.record(entry("The First Call", {"empathy": 2, "customer_first": 1}, "success", "2025-01-02T10:00:00"))
    store.record(entry("The First Call", {"empathy": -1, "customer_first": -2}, "failure", "2025-01-09T10:00:00"))
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        text = screen_text(app)
        assert "Best total +3 (success) · last total -3 (failure) · 2 runs" in text

        # a new run shows up when you come back to the library
        app.open_scenario(FIRST_CALL)
        await pilot.pause()
        await pilot.press("enter", "1", "space", "enter", "l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "Best total +3 (success) · last total +3 (success) · 3 runs" in screen_text(app)


async def test_library_marks_a_scenario_with_an_unfinished_run(make_app, isolated: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Unfinished run" not in screen_text(app)
        app.open_scenario(FIRST_CALL)
        await pilot.pause()
        await pilot.press("enter", "1", "escape", "y")  # one decision, then leave (it is saved)
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "▸ Unfinished run: open it to continue" in screen_text(app)
        app.open_scenario(FIRST_CALL)
        await pilot.pause()
        await pilot.press("enter")  # the resume dialog: continue
        await pilot.press("space", "enter", "l")  # to the ending, and back
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "Unfinished run" not in screen_text(app)


def test_progress_bars_compare_attempts_fairly() -> None:
    assert bars([9, 9]).plain == "██"  # equal scores, equal bars
    assert bars([-5]).plain == "▁" and bars([5]).plain == "█"  # one attempt: its sign decides, not a peak
    assert bars([-3, 0, 3]).plain == "▁▅█"
    assert len(bars(list(range(50))).plain) == 30  # the latest 30 attempts


async def test_progress_screen_shows_every_attempt_and_the_best(make_app, isolated: Path) -> None:
    store = HistoryStore(isolated)
    store.record(entry("The First Call", {"empathy": -1, "customer_first": -2}, "failure", "2025-01-02T10:00:00"))
    store.record(entry("The First Call", {"empathy": 2, "customer_first": 1}, "success", "2025-01-09T10:00:00", 1))
    store.record(entry("The First Call", {"empathy": 1, "customer_first": 1}, "success", "2025-01-16T10:00:00"))
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        text = widget_text(app, "#progress Static")
        assert "The First Call" in text
        assert "3 attempts, 2025-01-02 to 2025-01-16 · 2 success, 1 failure · 1 with rewinds" in text
        assert "first -1 · best +2 · last +1" in widget_text(app, "ScoreTrend .summary")
        # a bar per attempt, oldest first, from zero: empathy -1 +2 +1, ownership 0 0 0, customer first -2 +1 +1
        assert widget_text(app, "ScoreTrend .bars").splitlines() == ["▁█▆", "▁▁▁", "▁██"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)

        # from the command palette too
        from offscript.tui.palette import GameCommands

        hits = [hit async for hit in GameCommands(app.screen).discover()]
        progress = next(hit for hit in hits if hit.text == "Your progress")
        progress.command()
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)


async def test_progress_screen_without_history(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.action_progress()
        await pilot.pause()
        assert "No finished playthroughs yet" in screen_text(app)


# --- export ------------------------------------------------------------------------------------------


async def test_export_writes_markdown_and_html(make_app, isolated: Path) -> None:
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await play_two_choices(app, pilot)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("x")
        await pilot.pause()
        files = sorted((isolated / "exports").iterdir())
        assert [f.suffix for f in files] == [".html", ".md"]
        markdown = files[1].read_text()
        assert "# The Follow-up Call" in markdown
        assert "**You:** Apologise and say why it is late." in markdown
        assert "Owning the delay and being concrete won the evening." in markdown
        assert "in coach mode" in markdown
        assert "<h1>The Follow-up Call</h1>" in files[0].read_text()
        saved = f"Transcript saved in {SHOWN_DATA_DIR}/exports/\n{files[1].name}\n{files[0].name}"
        assert saved in messages(app)  # a line each, so a narrow toast never breaks a name mid-word
        app.screen.query_one("#export", Button).press()  # the button does it too, into new files
        await pilot.pause()
        assert len(list((isolated / "exports").iterdir())) == 4


# --- bad input -----------------------------------------------------------------------------------------


async def test_a_corrupt_save_is_reported_moved_aside_and_play_goes_on(make_app, isolated: Path) -> None:
    (isolated / "saves").mkdir(parents=True)
    cut_short = b'{"format": "offscript-save", "version": 1, "scenario": "follow-'
    save_file(isolated).write_bytes(cut_short)
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)  # no run to continue
        reports = [m for m in messages(app) if "follow-up.json" in m]
        assert len(reports) == 1 and "not valid JSON" in reports[0] and "\n" not in reports[0]
        aside = list((isolated / "saves").glob("follow-up.json.unreadable-*"))
        assert len(aside) == 1 and aside[0].read_bytes() == cut_short
        await pilot.press("enter", "1")
        await pilot.pause()
        assert saved(isolated)["steps"] == [["open", 0]]  # a fresh save; the old file is kept aside
        assert aside[0].read_bytes() == cut_short


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "it is empty"),
        (b'{"name": "something else"}', "not an Offscript save file"),
        (
            b'{"format": "offscript-save", "version": 1, "scenario": "follow-up", "steps": [["open", Infinity]]}',
            "Infinity",
        ),
        (
            b'{"format": "offscript-save", "version": 1, "scenario": "../../..", "content_hash": "", "steps": []}',
            "valid name",
        ),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
async def test_bad_saves_of_earlier_versions_are_moved_aside(
    make_app, isolated: Path, content: bytes, why: str
) -> None:
    (isolated / "saves").mkdir(parents=True)
    save_file(isolated).write_bytes(content)
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert sum(why in m for m in messages(app)) == 1
    assert not save_file(isolated).exists()
    [kept] = (isolated / "saves").glob("follow-up.json.unreadable-*")
    assert kept.read_bytes() == content


async def test_a_corrupt_history_is_reported_moved_aside_and_the_library_works(make_app, isolated: Path) -> None:
    isolated.mkdir(parents=True)
    (isolated / "history.json").write_text('{"format": "offscript-history", "version": 1, "runs": [')
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "The First Call" in screen_text(app)
        reports = [m for m in messages(app) if "history.json" in m]
        assert len(reports) == 1 and "it was kept as history.json.unreadable-" in reports[0]
        app.open_scenario(FIRST_CALL)
        await pilot.pause()
        await pilot.press("enter", "1", "space")
        await pilot.pause()
    assert len(history(isolated)) == 1  # a new history; the broken one is kept aside untouched
    assert len(list(isolated.glob("history.json.unreadable-*"))) == 1


async def test_an_unwritable_data_folder_is_reported_once_and_play_goes_on(
    make_app, monkeypatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("OFFSCRIPT_DATA_DIR", str(blocker))
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await play_two_choices(app, pilot)
        await pilot.press("escape")  # leaving says what is at stake
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "Saving is off" in app.screen.question
        await pilot.press("n", "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("x")  # export cannot be written either: said in one line
        await pilot.pause()
        reports = messages(app)
        assert sum("Saving is off" in m for m in reports) == 1
        assert "is a file, not a folder" in next(m for m in reports if "Saving is off" in m)
        assert any(m.startswith("Could not export") for m in reports)
    assert blocker.read_text() == "a file where the data folder should be"


async def test_a_folder_that_fails_on_write_turns_saving_off_once(make_app, monkeypatch, isolated: Path) -> None:
    from offscript.storage.database import Database
    from offscript.storage.files import StorageError

    def refuse(database):
        raise StorageError(f"cannot write {database.path}: database or disk is full")

    monkeypatch.setattr(Database, "_open_for_writing", refuse)
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await play_two_choices(app, pilot)
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.run.ending is not None
        reports = [m for m in messages(app) if "Saving is off" in m]
        assert len(reports) == 1 and "database or disk is full" in reports[0]


async def test_a_broken_settings_file_is_moved_aside(make_app, tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json")
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert any("settings.json could not be read" in m for m in messages(app))
        await pilot.press("ctrl+t")
        await pilot.pause()
    assert json.loads((tmp_path / "settings.json").read_text())["theme"] == "offscript-light"
    assert [p.read_text() for p in tmp_path.glob("settings.json.unreadable-*")] == ["{not json"]


def test_replaying_the_fixture_matches_what_the_game_saves() -> None:
    from offscript.engine.loader import load_file

    scenario = load_file(FOLLOW_UP).scenario
    assert scenario is not None
    run = Playthrough.replay(scenario, [("open", 0), ("when", 0)])
    assert run.state.node == "price"


async def test_continuing_a_run_another_window_took_says_so_and_loses_nothing(make_app, isolated: Path) -> None:
    await leave_a_run_at_price(make_app)
    again = make_app(play_path=FOLLOW_UP)
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeDialog)
        save, _ = SaveStore(isolated).latest("follow-up")
        assert save is not None and SaveStore(isolated).claim(save, "another-window")  # it was quicker
        await pilot.press("enter")  # continue
        await pilot.pause()
        assert isinstance(again.screen, BriefingScreen)
        assert any("continued in another window" in m for m in messages(again))
    assert saved(isolated)["run_id"] == "another-window" and saved(isolated)["steps"] == [["open", 0], ["when", 0]]


async def test_a_read_only_data_folder_still_shows_its_history_and_progress(
    make_app, isolated: Path, seal, monkeypatch
) -> None:
    store = HistoryStore(isolated)
    store.record(entry("The First Call", {"empathy": 2, "customer_first": 1}, "success", "2025-01-02T10:00:00"))
    store.record(entry("The First Call", {"empathy": -1, "customer_first": -2}, "failure", "2025-01-09T10:00:00"))
    monkeypatch.setenv("OFFSCRIPT_DATA_DIR", str(seal(isolated)))
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "Best total +3 (success) · last total -3 (failure) · 2 runs" in screen_text(app)
        assert sum("Saving is off" in m and "not writable" in m for m in messages(app)) == 1
        await pilot.press("p")
        await pilot.pause()
        assert "2 attempts, 2025-01-02 to 2025-01-09" in widget_text(app, "#progress Static")
