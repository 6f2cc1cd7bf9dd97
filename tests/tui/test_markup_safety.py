"""Regression: scenario text is shown exactly as written, never parsed as markup.

`[bold]`, `[@click=app.quit]`, a stray `[/` and `[10% off]` must show literally and
crash nothing, through the one helper (offscript.tui.safe) and through a whole run.
"""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from offscript.tui.safe import plain, styled
from offscript.tui.screens.briefing import BriefingScreen
from offscript.tui.screens.ending import EndingScreen
from offscript.tui.screens.library import LibraryScreen
from offscript.tui.screens.play import PlayScreen

from .conftest import MARKUP, SMALL, screen_text, widget_text

NASTY = ["[bold]", "[@click=app.quit]", "a stray [/", "[10% off]", "[/]", "[b]x[/i]", "[red on", "\\[x]"]


@pytest.mark.parametrize("text", NASTY)
def test_helper_keeps_text_literal(text: str) -> None:
    assert plain(text).plain == text
    assert styled(text, "bold").plain == text


class Show(App[None]):
    def compose(self) -> ComposeResult:
        for text in NASTY:
            yield Static(plain(text))


async def test_helper_renders_literally_and_never_runs_actions() -> None:
    app = Show()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.click(Static, offset=(1, 0))  # a click on "[@click=app.quit]" must not quit
        await pilot.pause()
        assert app.is_running
        lines = screen_text(app)
        for text in NASTY:
            assert text in lines


async def test_a_whole_run_of_a_markup_laden_scenario(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        library = screen_text(app)
        assert "[bold]Deal[/bold] at [10% off]" in library
        assert "Click [@click=app.quit]here[/] and a stray [/ for luck." in library

        app.open_scenario(MARKUP)
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        briefing = widget_text(app, "#briefing Static")
        assert "You sell [red]paint[/red]. Beware of [@click=app.quit]links[/] and a stray [/ tag." in briefing
        assert "[i]Ann[/i] [@click=app.quit], [10% off] buyer [/" in briefing
        assert "Offscript — [bold]Deal[/bold] at [10% off]" in screen_text(app)  # the header

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        transcript = widget_text(app, "#transcript Line")
        assert "mood:\u00a0[blink]cross[/blink]" in transcript
        assert '"[bold]Hello[/bold]. Is this [10% off]? [@click=app.quit]Quit[/] or a stray [/ here."' in transcript
        assert "[u]Think[/u] about [/" in widget_text(app, "#coach-discuss")
        choices = screen_text(app)
        assert "Offer [10% off] right away [/" in choices
        await pilot.click("#transcript", offset=(10, 3))  # clicking scenario text runs nothing
        await pilot.pause()

        await pilot.press("1")
        await pilot.pause()
        assert "[@click=app.quit]Discounting[/] first [/ teaches her to wait." in widget_text(app, "#coach-text")
        assert "She [bold]nods[/bold] [/ at [10% off]." in widget_text(app, "#transcript Line")
        await pilot.press("enter")
        await pilot.pause()

        assert isinstance(app.screen, EndingScreen)
        ending = widget_text(app, "#ending Static")
        assert "[red]Closed[/red] [/" in ending
        assert "Debrief [@click=app.quit]x[/] [/ [10% off]." in ending
        assert "Best on offer: Ask [bold]why[/bold] she called." in widget_text(app, "DecisionReview")
        assert app.is_running

        from offscript.tui.palette import GameCommands

        app.back_to_library()
        await pilot.pause()
        titles = [str(hit.text) async for hit in GameCommands(app.screen).discover()]
        assert "Play: [bold]Deal[/bold] at [10% off]" in titles
        await pilot.press("ctrl+p")  # the palette shows the nasty title without crashing
        await pilot.pause()
        await pilot.press(*"deal")
        await pilot.pause(0.5)
        assert app.is_running


CONTROLLING = ["\x1b[2Jcleared", "\x1b]52;c;aGk=\x07clipboard", "\x9b31mred", "bell\x07"]


class ShowControls(App[None]):
    def compose(self) -> ComposeResult:
        for text in CONTROLLING:
            yield Static(plain(text))
        yield Static(styled("\x1b]0;title\x07", "bold"))


async def test_control_characters_are_drawn_visibly_never_sent_to_the_terminal() -> None:
    assert plain("a\x1bb").plain == "a\u241bb" and styled("\x07", "bold").plain == "\u2407"
    app = ShowControls()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        lines = screen_text(app)
        assert "\x1b" not in lines and "\x07" not in lines and "\x9b" not in lines
        assert "\u241b[2Jcleared" in lines and "bell\u2407" in lines and "\ufffd31mred" in lines
