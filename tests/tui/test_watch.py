"""`offscript play PATH --watch`: each save reloads the file and the run comes back where it stood."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from offscript.tui.app import OffscriptApp
from offscript.tui.screens.diagnostics import DiagnosticsScreen
from offscript.tui.screens.help import HelpScreen
from offscript.tui.screens.library import LibraryScreen
from offscript.tui.screens.play import PlayScreen

from .conftest import LARGE, screen_text, widget_text

HUB = (Path(__file__).resolve().parents[1] / "fixtures" / "review" / "hub.yaml").read_text()


def save(path: Path, text: str) -> None:
    """As an editor saves: a new file renamed over the old one."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


async def until(pilot, condition, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    """Wait for the condition on the screen, then for that screen to be drawn."""
    deadline = time.monotonic() + timeout
    while not (condition() and pilot.app.screen.is_mounted) and time.monotonic() < deadline:
        await pilot.pause(0.05)
    assert condition(), "the game did not follow the file in time"
    await pilot.pause()
    await pilot.pause()


def watched_hub(make_app, folder: Path, text: str = HUB) -> tuple[OffscriptApp, Path]:  # type: ignore[no-untyped-def]
    """The game watching a copy of the hub fixture (or `text`), and that copy's path, for the test to save over."""
    path = folder / "hub.yaml"
    path.write_text(text)
    return make_app(play_path=str(path), watch=True), path


async def test_a_save_reloads_the_run_at_the_same_decision(make_app, tmp_path: Path) -> None:
    app, path = watched_hub(make_app, tmp_path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)  # a watched run is a test run: no briefing
        assert app.screen.active.is_test
        await pilot.press("1")  # ask about the display
        await pilot.pause()
        before = app.screen
        save(path, HUB.replace("Ask whether anything else is on that circuit.", "Ask what else runs on that circuit."))
        await until(pilot, lambda: app.screen is not before)
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert [s.choice for s in play.run.state.steps] == [0] and play.run.state.node == "hub"
        assert "Ask what else runs on that circuit." in screen_text(app)
        assert "Ask what the display said when it stopped." in widget_text(app, "#transcript Line")
        notices = [notification.message for notification in app._notifications]
        assert notices == ["Reloaded: 1 decision taken again; you are where you were."]  # the earlier ones cleared
        save(path, HUB.replace("        feedback: A real question about her morning.\n", ""))  # plays, with a warning
        await until(pilot, lambda: app.screen is not play)
        (notice,) = [notification.message for notification in app._notifications]
        assert notice == (
            "Reloaded: 1 decision taken again; you are where you were. "
            "Warning at line 20: choice has no feedback; add the coach's short 'why'."
        )


async def test_a_broken_save_shows_the_problems_and_the_fixed_save_brings_the_run_back(
    make_app, tmp_path: Path
) -> None:
    app, path = watched_hub(make_app, tmp_path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        for key in ("1", "3"):  # ask about the display, move on: at the offer
            await pilot.press(key)
            await pilot.pause()
        save(path, HUB.replace("        goto: offer\n", "        goto: offfer\n"))
        await until(pilot, lambda: isinstance(app.screen, DiagnosticsScreen))
        problems = widget_text(app, "#diagnostics Static")
        assert "goto 'offfer' is not a node (did you mean 'offer'?)" in problems
        assert "Watching the file: fix the errors and save, and the run comes back where it was." in problems
        save(path, HUB.replace("So what now?", "So, what now?"))
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert play.run.state.node == "offer" and len(play.run.state.steps) == 2
        assert '"So, what now?"' in widget_text(app, "#transcript Line")


async def test_a_file_broken_at_start_opens_on_its_problems_and_starts_when_fixed(make_app, tmp_path: Path) -> None:
    app, path = watched_hub(make_app, tmp_path, HUB.replace("start: hub", "start: nowhere"))
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DiagnosticsScreen)
        save(path, HUB)
        await until(pilot, lambda: isinstance(app.screen, PlayScreen))
        assert app.screen.run.state.node == "hub"


async def test_a_save_waits_for_a_dialog_to_close_and_a_player_who_left_is_left_alone(make_app, tmp_path: Path) -> None:
    app, path = watched_hub(make_app, tmp_path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        save(path, HUB.replace("tired", "worn out"))
        await until(pilot, lambda: any("reloads when this closes" in n.message for n in app._notifications))
        assert isinstance(app.screen, HelpScreen)  # still open: the trainer's next key is for it
        await pilot.press("1")  # read by the help, not a choice in the run underneath
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, PlayScreen) and "worn out" in screen_text(app))
        assert app.screen.run.state.steps == () and "worn out" in widget_text(app, "#transcript Line")
        await pilot.press("escape")  # no decision taken yet: straight to the library
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        save(path, HUB.replace("tired", "furious"))
        await asyncio.sleep(0.8)
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_watched_runs_are_never_saved_nor_recorded(make_app, tmp_path: Path, isolated: Path) -> None:
    app, path = watched_hub(make_app, tmp_path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        for key in ("1", "3"):  # display, move on: a run under way, which would be autosaved
            await pilot.press(key)
            await pilot.pause()
        assert app.game_store().load_save("review-hub") is None
        for key in ("2", "enter"):  # the technician: the success ending, which would be recorded
            await pilot.press(key)
            await pilot.pause()
        assert app.screen.run.ending is not None
        entries, problem = app.game_store().read_history()
        assert entries == [] and problem == ""


async def test_a_plain_watched_run_follows_the_files_own_start_as_it_changes(make_app, tmp_path: Path) -> None:
    app, path = watched_hub(make_app, tmp_path)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        before = app.screen
        save(
            path,
            HUB.replace("start: hub", "start: opening")
            .replace("  hub:", "  opening:")
            .replace("goto: hub", "goto: opening"),
        )
        await until(pilot, lambda: app.screen is not before and isinstance(app.screen, PlayScreen))
        assert app.screen.run.state.node == "opening"  # renamed: still playable, from the new start
