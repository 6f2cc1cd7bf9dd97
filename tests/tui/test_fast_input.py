"""Input faster than the screen, case by case: each crash or double move the key storms found (issue #13)."""

from __future__ import annotations

from textual.widgets import Button

from offscript.tui.app import OffscriptApp
from offscript.tui.palette import GamePalette
from offscript.tui.screens.briefing import BriefingScreen
from offscript.tui.screens.confirm import ConfirmDialog
from offscript.tui.screens.library import LibraryScreen
from offscript.tui.screens.play import PlayScreen
from offscript.tui.widgets.choices import ChoiceList

from .conftest import FOLLOW_UP, SMALL
from .fast_input import queue_keys, raw_click


def no_errors(app: OffscriptApp) -> None:
    assert app._exception is None and app.is_running
    assert not [n for n in app._notifications if n.severity == "error"]


async def test_a_double_click_on_a_choice_takes_it_once(make_app) -> None:
    """The second click of a double click lands on the next decision's options: it is not a second choice."""
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("s", "1", "space")  # at 'when': two choices, laid out as at 'price' after it
        play = app.screen
        assert isinstance(play, PlayScreen) and play.run.state.node == "when"
        await pilot.click(ChoiceList, offset=(4, 1), times=2)  # Pilot pauses between the two clicks
        assert (play.run.decisions, play.run.state.node) == (2, "price")
        region = play.query_one(ChoiceList).content_region
        for chain in (1, 2):  # and with no pause at all
            raw_click(app, region.x + 2, region.y, chain)
        await pilot.pause()
        assert (play.run.decisions, play.run.state.node) == (3, "good")
        no_errors(app)


async def test_a_dialog_answered_twice_at_once_closes_only_itself(make_app) -> None:
    """Two presses of 'Keep playing' queued together: the second must not close the play screen beneath."""
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("s", "1", "escape")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        keep = dialog.query_one("#no", Button)
        for _ in range(2):
            keep.post_message(Button.Pressed(keep))
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and app.screen.run.decisions == 1
        no_errors(app)


async def test_a_double_click_beside_the_palette_closes_only_the_palette(make_app) -> None:
    """Textual's palette closes on a click on its background; the second click of two must not close more."""
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+p")
        palette = app.screen
        assert isinstance(palette, GamePalette)
        x, y = next((x, y) for y in range(SMALL[1]) for x in range(SMALL[0]) if app.get_widget_at(x, y)[0] is palette)
        for chain in (1, 2):
            raw_click(app, x, y, chain)
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        no_errors(app)


async def test_page_keys_as_the_palette_opens(make_app) -> None:
    """Page up queued behind ctrl+p: Textual's list of commands would read lines it has not measured yet."""
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        queue_keys(app, "ctrl+p", "pageup", "pagedown")
        await pilot.pause()
        assert isinstance(app.screen, GamePalette)
        no_errors(app)


async def test_enter_twice_on_the_library_opens_one_briefing(make_app) -> None:
    """The second Enter asks from a library no longer on top: one briefing, and escape is back at the library."""
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        queue_keys(app, "down", "enter", "enter")
        await pilot.pause()
        assert [type(s) for s in app.screen_stack] == [LibraryScreen, BriefingScreen]
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        no_errors(app)


async def test_continue_then_start_over_at_once_keeps_the_run_continued_and_its_save(make_app) -> None:
    """'s' queued behind 'c' comes from a briefing already left: it must not delete the save of the run continued."""
    app = make_app(play_path=FOLLOW_UP)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("s", "1", "escape", "y")
        app.open_scenario(FOLLOW_UP)
        await pilot.press("escape")  # the resume dialog closes; the briefing offers continue and start over
        assert isinstance(app.screen, BriefingScreen)
        queue_keys(app, "c", "s")
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.run.decisions == 1
        save = app.game_store().load_save("follow-up")
        assert save is not None and len(save.steps) == 1
        no_errors(app)
