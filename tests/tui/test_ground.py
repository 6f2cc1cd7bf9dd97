"""The game's ground: help read from the live bindings, reads off the UI thread, navigation by messages."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from textual.binding import Binding

from offscript.engine.active_run import Mode
from offscript.tui.messages import RunEnded, StartRun
from offscript.tui.screens.ending import EndingScreen
from offscript.tui.screens.help import HelpScreen, help_lines
from offscript.tui.screens.library import LibraryScreen
from offscript.tui.screens.play import PlayScreen
from offscript.tui.screens.progress import ProgressScreen

from .conftest import FIRST_CALL, SMALL, screen_text, widget_text

SRC = Path(__file__).resolve().parents[2] / "src" / "offscript"


def test_help_lines_come_from_the_bindings_and_merge_neighbours() -> None:
    bindings = [
        *[Binding(str(n), f"pick({n})", show=False, tooltip="Pick that choice") for n in range(1, 10)],
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("pageup", "a", tooltip="Scroll"),
        Binding("pagedown", "b", tooltip="Scroll"),
        Binding("x", "hidden"),  # nothing to say about it: not listed
    ]
    assert help_lines(bindings) == [
        ("1-9", "Pick that choice"),
        ("u / ctrl+z", "Undo"),
        ("pageup / pagedown", "Scroll"),
    ]


async def test_the_help_lists_every_screens_own_keys_and_follows_a_new_one(make_app, monkeypatch) -> None:
    monkeypatch.setattr(
        PlayScreen, "BINDINGS", [*PlayScreen.BINDINGS, Binding("h", "hint", "Hint", tooltip="Ask the coach for a hint")]
    )
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(widget_text(app, "#help-text").split())
        for screen in (LibraryScreen, PlayScreen, EndingScreen, ProgressScreen):
            for binding in screen.BINDINGS:
                said = binding.tooltip or binding.description
                assert " ".join(said.split()) in text, said
        assert "Ask the coach for a hint" in text


async def test_the_library_reads_its_folders_off_the_ui_thread_and_the_app_answers_meanwhile(
    make_app, monkeypatch
) -> None:
    """A slow folder: the library is drawn and the app answers while it is read, then the rows appear."""
    from offscript import library

    real = library.build_library
    seen: dict[str, object] = {}

    def slow_build(extra_dirs, **options):
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        time.sleep(0.2)  # time enough for a first frame
        # The UI thread is free: it runs this and answers while the folders are still being read.
        seen["drawn"] = app.call_from_thread(lambda: "Reading the scenario folders" in screen_text(app))
        time.sleep(0.3)
        return real(extra_dirs, **options)

    monkeypatch.setattr("offscript.tui.screens.library.build_library", slow_build)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert seen == {"thread": True, "drawn": True}
        assert isinstance(app.screen, LibraryScreen)
        assert [e.title for e in app.screen.entries][1] == "The First Call"
        assert "The First Call" in screen_text(app)


async def test_a_screen_closed_while_it_reads_is_no_trouble(make_app, monkeypatch) -> None:
    """Progress opened and closed at once while a slow history is read: no error, and back at the library."""
    from offscript.tui.store import GameStore

    real = GameStore.read_history

    def slow(self):
        time.sleep(0.3)
        return real(self)

    monkeypatch.setattr(GameStore, "read_history", slow)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        app.action_progress()
        await asyncio.sleep(0.1)  # the history is being read
        assert isinstance(app.screen, ProgressScreen)
        app.pop_screen()
        await pilot.pause(0.5)
        assert isinstance(app.screen, LibraryScreen)
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_screens_ask_and_the_app_navigates(make_app) -> None:
    """A screen posts StartRun or RunEnded; the app picks the screen, with the typed run handed over whole."""
    app = make_app(play_path=FIRST_CALL, mode="assessment")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        play = app.screen
        assert isinstance(play, PlayScreen) and play.active.mode is Mode.ASSESSMENT
        await pilot.press("1")
        active = play.active
        play.post_message(RunEnded(active))
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen) and app.screen.active is active
        app.screen.post_message(StartRun(active.again("2026-01-01T00:00:00+0000")))
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and not app.screen.run.state.steps


@pytest.mark.parametrize("screen_file", sorted((SRC / "tui" / "screens").glob("*.py")), ids=lambda p: p.name)
def test_no_screen_imports_another_screen(screen_file: Path) -> None:
    """Screens post messages; only the app builds screens (import-linter checks the layers as a whole)."""
    import ast

    tree = ast.parse(screen_file.read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module is not None}
    dialogs = {"offscript.tui.screens.confirm", "offscript.tui.screens.resume", "offscript.tui.screens.teams"}
    allowed = {"offscript.tui.screens.base", *dialogs}  # a dialog answers its screen through a callback
    assert not {m for m in imported if m.startswith("offscript.tui.screens.")} - allowed


async def test_a_selection_that_arrives_after_the_run_moved_on_is_dropped(make_app) -> None:
    """Enter twice faster than the screen: the second selection belongs to options no longer shown."""
    from textual.widgets import OptionList

    from offscript.tui.widgets.choices import ChoiceList

    app = make_app(play_path=FIRST_CALL)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        play = app.screen
        assert isinstance(play, PlayScreen) and play.run.node.kind == "choices"
        options = play.query_one(ChoiceList)
        options.highlighted = 0
        for _ in range(2):  # both queued before the screen handles the first
            options.post_message(OptionList.OptionSelected(options, options.get_option_at_index(0), 0))
        await pilot.pause()
        assert play.run.decisions == 1
        assert not [n for n in app._notifications if n.severity == "error"]
        stale = f"{play.shown - 1}:choice-0"
        play.act(stale)
        assert play.run.decisions == 1
