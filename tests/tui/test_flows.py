"""Pilot tests for every flow: library, briefing, play, ending, play again, and the ways things go wrong."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from textual.widgets import OptionList

from offscript.tui.screens.briefing import BriefingScreen
from offscript.tui.screens.confirm import ConfirmDialog
from offscript.tui.screens.diagnostics import DiagnosticsScreen
from offscript.tui.screens.ending import EndingScreen
from offscript.tui.screens.help import HelpScreen
from offscript.tui.screens.library import LibraryScreen
from offscript.tui.screens.play import PlayScreen
from offscript.tui.screens.too_small import TooSmallScreen
from offscript.tui.widgets.choices import ChoiceList
from offscript.tui.widgets.coach import CoachPanel
from offscript.tui.widgets.meters import Meter, Meters
from offscript.tui.widgets.review import DecisionReview
from offscript.tui.widgets.transcript import Line, Transcript

from .conftest import (
    BROKEN,
    DEAD_END,
    FIRST_CALL,
    LARGE,
    LONG_REPLY,
    SHOWN_DATA_DIR,
    SMALL,
    TEMPLATED,
    TUI_FIXTURES,
    screen_lines,
    screen_text,
    widget_text,
)


async def open_entry(pilot, app, title: str) -> None:
    """Highlight the library row with this title and press enter."""
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    index = next(i for i, e in enumerate(screen.entries) if e.title == title)
    options = screen.query_one("#scenarios", OptionList)
    options.highlighted = options.get_option_index(f"entry-{index}")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_library_lists_every_scenario_and_the_user_folder(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        titles = [e.title for e in app.screen.entries]
        assert titles == ["broken", "The First Call", "[bold]Deal[/bold] at [10% off]"]
        text = screen_text(app)
        assert SHOWN_DATA_DIR in text
        assert "The First Call" in text
        assert "beginner · 3 min · built-in" in text
        assert "cannot be played" in text
        assert "broken.yaml:11:15" in text  # the broken file's first error, in its row


async def test_library_uses_the_space_at_200x60(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        details = app.screen.query_one("#library-details")
        assert details.display and details.size.width > 40
        assert "From: built-in" in screen_text(app)


async def test_library_keeps_every_divider_after_shrinking(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 120x40 the shipped library needs a scrollbar it did not need at 200x60. The scrollbar
    narrows the rows, so one of them wraps onto an extra line; its divider must not be lost."""
    monkeypatch.setattr("offscript.library.builtin_scenarios_dir", lambda: Path("scenarios"))
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.2)
        rows = [line[:72] for line in screen_lines(app)[3:38]]
        titles = [n for n, row in enumerate(rows) if " min · built-in" in row]
        assert len(titles) >= 5
        for n in titles[1:]:
            assert "───" in rows[n - 1], "\n".join(rows[n - 3 : n + 1])


async def test_broken_scenario_opens_its_diagnostics(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        broken = next(e for e in app.screen.entries if not e.valid)
        await open_entry(pilot, app, broken.title)
        assert isinstance(app.screen, DiagnosticsScreen)
        text = widget_text(app, ".diagnostic")
        assert "broken.yaml:11:15: error: goto 'nowhere' is not a node" in text
        assert "broken.yaml:15:5: error: unknown key 'nexxt'" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_a_file_fixed_while_the_game_runs_is_listed_fixed_on_return(make_app, isolated: Path) -> None:
    mine = isolated / "scenarios" / "long-reply.yaml"
    mine.parent.mkdir(parents=True)
    good = (TUI_FIXTURES / "long-reply.yaml").read_text()
    mine.write_text(good.replace("goto: end", "goto: the-end"))  # a typo the trainer then fixes
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await open_entry(pilot, app, "long-reply")  # listed by its file name while it cannot be read
        assert isinstance(app.screen, DiagnosticsScreen)
        mine.write_text(good)
        await pilot.press("escape")
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        entry = next(e for e in library.entries if e.path == str(mine))
        assert entry.valid and entry.title == "The Long Reply"
        assert library.highlighted_path == str(mine)  # still on the file the trainer was working on


async def test_play_path_with_errors_opens_diagnostics(make_app) -> None:
    app = make_app(play_path=BROKEN)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DiagnosticsScreen)
        assert "2 errors" in screen_text(app)


async def test_main_flow_library_briefing_play_ending_play_again(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await open_entry(pilot, app, "The First Call")

        # Briefing: title, the situation, the customer, what is at stake.
        assert isinstance(app.screen, BriefingScreen)
        briefing = widget_text(app, "#briefing Static")
        assert "The First Call" in briefing
        assert "You sell industrial fasteners." in briefing
        assert "Mara Jensen, Purchase manager" in briefing
        assert "can end 2 ways: 1 success, 1 failure" in briefing
        await pilot.press("enter")
        await pilot.pause()

        # Play: the first line with speaker, role and mood; the discussion question in the coach panel.
        assert isinstance(app.screen, PlayScreen)
        transcript = widget_text(app, "#transcript Line")
        assert "Mara Jensen · Purchase manager · mood:\u00a0impatient" in transcript
        assert '"Jensen. You have two minutes."' in transcript
        assert "What does Mara need" in widget_text(app, "#coach-discuss")
        assert app.screen.query_one("#meter-var-trust", Meter).value == 2

        await pilot.press("1")
        await pilot.pause()
        # The choice appears as your line; the coach and the next node appear at once.
        transcript = widget_text(app, "#transcript Line")
        assert "You\nAsk why she agreed to take the call at all." in transcript
        assert "(Trust: 3 of 5.)" in transcript
        coach = widget_text(app, "#coach-text")
        assert "Empathy +2 · Customer first +1" in coach
        assert "A real question lets the customer teach you." in coach
        assert app.screen.query_one("#meter-var-trust", Meter).value == 3
        assert app.screen.query_one("#meter-empathy", Meter).value == 2

        await pilot.press("space")  # continue on a `next` node; the branch leads to the ending
        await pilot.pause()
        assert "Mara books a visit to the plant." in widget_text(app, "#transcript Line")
        await pilot.press("enter")
        await pilot.pause()

        assert isinstance(app.screen, EndingScreen)
        ending = widget_text(app, "#ending Static")
        assert "SUCCESS  A second meeting" in ending
        assert "You earned it by asking." in ending
        assert "Empathy" in ending and "100%  (range -1 to +2)" in ending
        review = widget_text(app, "DecisionReview")
        assert "You chose: Ask why she agreed to take the call at all." in review
        assert "✓ The best on offer: it keeps a success ending within reach." in review

        await pilot.press("p")  # play again
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "You\n" not in widget_text(app, "#transcript Line")
        await pilot.press("1", "escape")  # a run is under way: ask first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("left", "right", "enter")  # No has the focus; left goes to Yes, right back to No
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("escape", "left", "enter")  # Yes is to the left of No
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_feedback_questions_and_debrief_fill_in_values(make_app) -> None:
    app = make_app(play_path=TEMPLATED)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert "You will make 2 decisions or more." in widget_text(app, "#briefing-text")  # a loop: no upper limit
        await pilot.press("enter")
        await pilot.pause()
        assert "Think about it: Trust is 1. What would you ask first?" in widget_text(app, "#coach-discuss")
        await pilot.press("1")  # a question: trust goes up, and the same decision comes round again
        await pilot.pause()
        assert "Trust is now 2; every real question adds to it." in widget_text(app, "#coach-text")
        assert "Trust is 2. What would you ask first?" in widget_text(app, "#coach-discuss")
        await pilot.press("2")  # on to the price: a second decision with its own question
        await pilot.pause()
        assert "You moved on with trust at 2." in widget_text(app, "#coach-text")
        assert "How would you put the price, with trust at 2?" in widget_text(app, "#coach-discuss")
        await pilot.press("1", "enter")
        await pilot.pause()

        assert isinstance(app.screen, EndingScreen)
        ending = widget_text(app, "#ending Static")
        assert "You finished with trust at 2." in ending
        assert "{trust}" not in ending
        assert "range +0 to no limit: a loop in the scenario lets it grow without limit" in ending
        assert "(every playthrough scores the same)" in ending  # customer first: -1 on every path
        review = widget_text(app, "DecisionReview")
        assert "Coach: Trust is now 2; every real question adds to it." in review
        assert "Coach: Plain and complete, at trust 2." in review
        assert "Discuss: Trust is 1. What would you ask first?" in review  # as it read when it was asked
        assert "Discuss: How would you put the price, with trust at 2?" in review
        assert "{trust}" not in review


NO_GOOD_CHOICE = """\
offscript: 1
id: no-good-choice
title: No Good Choice
summary: Both answers cost something.
start: ask
nodes:
  ask:
    text: The customer asks for a discount you cannot give.
    choices:
      - {text: Promise to ask your manager., goto: done, score: {ownership: -1}, feedback: Passing it up avoids the no.}
      - {text: Give it anyway., goto: done, score: {customer_first: -3}, feedback: A price you cannot keep.}
  done:
    text: The call ends.
    ending: {title: Done, outcome: partial, debrief: Neither answer was good.}
"""


async def test_the_review_does_not_praise_the_least_bad_choice(make_app, tmp_path: Path) -> None:
    path = tmp_path / "no-good.yaml"
    path.write_text(NO_GOOD_CHOICE)
    app = make_app(play_path=str(path))
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "1", "enter")
        await pilot.pause()
        review = widget_text(app, "DecisionReview")
        assert "The best on offer, though it cost points here: a partial ending is the best still within" in review
        assert "✓" not in review


async def test_arrows_enter_and_mouse_pick_choices(make_app) -> None:
    app = make_app(play_path=FIRST_CALL)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # start
        await pilot.pause()
        await pilot.press("down", "enter")  # the second choice
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen)
        assert play.run.state.steps[-1].choice == 1
        assert "Read the product overview you prepared." in widget_text(app, "#transcript Line")
        assert "A script makes you sound like everyone else." in widget_text(app, "#coach-text")

        play.play_again()
        await pilot.pause()
        choices = app.screen.query_one(ChoiceList)
        await pilot.click(choices, offset=(6, choices.outer_size.height - 2))  # the last row: the second option
        await pilot.pause()
        assert app.screen.run.state.steps[-1].choice == 1


LONG_CHOICES = """\
offscript: 1
id: long-choices
title: Long choices
summary: Four choices too long for their box.
briefing: A test.
start: hello
nodes:
  hello:
    text: A quiet office.
    next: ask
  ask:
    text: What now?
    choices:
{choices}
  done:
    text: The end.
    ending: {{title: Done, outcome: success}}
"""


async def test_every_line_of_a_long_choice_can_be_read(make_app, tmp_path: Path) -> None:
    """Choices that overflow their box at 80x24 get a scrollbar, which narrows them and makes them
    wrap onto more lines; scrolled through, every word of every choice is there."""
    texts = [f"Option {n} " + " ".join(f"word{n}x{i}" for i in range(14)) + f" last{n}" for n in range(1, 5)]
    choices = "".join(f"      - {{text: {text}, goto: done, feedback: Why.}}\n" for text in texts)
    path = tmp_path / "long.yaml"
    path.write_text(LONG_CHOICES.format(choices=choices))
    app = make_app(play_path=str(path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter", "space")
        await pilot.pause(0.2)
        choices_list = app.screen.query_one(ChoiceList)
        assert choices_list.max_scroll_y > 0  # the choices overflow, so there is a scrollbar
        seen = []
        for y in range(choices_list.max_scroll_y + 1):
            choices_list.scroll_to(y=y, animate=False, immediate=True)
            await pilot.pause()
            seen.append(" ".join(choices_list.render_line(row).text for row in range(choices_list.size.height)))
        shown = " ".join(seen)
        for n in range(1, 5):
            assert f"last{n}" in shown


async def test_a_choice_keeps_its_last_word_when_the_scrollbar_appears(make_app) -> None:
    """Found in play: on this path, the first offer's last word wrapped into the scrollbar's columns."""
    app = make_app(play_path="tests/fixtures/tui/long-offer.yaml")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("s")  # start, past the briefing
        await pilot.pause()
        choices = app.screen.query_one(ChoiceList)
        assert choices.max_scroll_y > 0
        shown = " ".join(choices.render_line(row).text for row in range(choices.size.height))
        assert "That answers both of your" in shown and "complaints." in shown


async def test_wrong_choice_leads_to_failure_and_review_shows_the_best(make_app) -> None:
    app = make_app(play_path=FIRST_CALL)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "2", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        text = widget_text(app, "#ending Static")
        assert "NOT THIS TIME  Another comparable quote" in text
        assert "0%  (range -1 to +2)" in text
        review = widget_text(app, "DecisionReview")
        assert "Best on offer: Ask why she agreed to take the call at all." in review
        assert "A real question lets the customer teach you." in review
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_assessment_mode_hides_the_coach_until_the_debrief(make_app) -> None:
    app = make_app(play_path=FIRST_CALL, mode="assessment")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "Assessment mode" in widget_text(app, "#briefing-text")
        await pilot.press("enter", "1")
        await pilot.pause()
        assert not app.screen.query_one(CoachPanel).display
        assert "A real question" not in screen_text(app)
        assert not app.screen.query("#meter-empathy")  # scores wait for the debrief too
        assert app.screen.query_one("#meter-var-trust", Meter).value == 3  # shown variables still show
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        review = widget_text(app, "DecisionReview")
        assert "A real question lets the customer teach you." in review
        assert "Discuss: What does Mara need from the first ten seconds?" in review  # never shown in play


async def test_dead_end_says_so_and_offers_a_way_out(make_app) -> None:
    app = make_app(play_path=DEAD_END)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter", "1")
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.run.is_dead_end
        assert "Dead end: none of the choices at 'stuck' can be taken now" in widget_text(app, "#transcript Line")
        assert play.query_one(ChoiceList).prompts[:2] == ["Play again", "Back to the library"]
        await pilot.press("escape")  # the run is over: no question asked
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_dead_end_play_again_and_review(make_app) -> None:
    app = make_app(play_path=DEAD_END)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter", "1", "1")  # dead end, then "Play again"
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen) and not app.screen.run.state.steps
        await pilot.press("1", "3")  # dead end, then "Review my decisions"
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        assert "DEAD END" in widget_text(app, "#outcome")
        assert "Best on offer: Say you will find out" in widget_text(app, "DecisionReview")


async def test_help_lists_every_key(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = widget_text(app, "#help-text")
        assert f"live in {SHOWN_DATA_DIR}" in text  # where saves, history and exports are
        for screen in (LibraryScreen, BriefingScreen, PlayScreen, EndingScreen, DiagnosticsScreen, type(app)):
            for binding in screen.BINDINGS:
                for key in binding.key.split(","):  # type: ignore[union-attr]
                    if key.isdigit():
                        assert "1-9" in text
                        continue
                    shown = {"question_mark": "?", "escape": "escape"}.get(key, key)
                    assert shown in text, f"{screen.__name__}: {key}"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_tiny_terminal_shows_a_plain_message(make_app) -> None:
    app = make_app(play_path=FIRST_CALL)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        text = screen_text(app)
        assert "at least 80 x 24" in text and "This one is 60 x 20" in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.1)
        assert isinstance(app.screen, BriefingScreen)
        await pilot.resize_terminal(79, 30)
        await pilot.pause(0.1)
        assert isinstance(app.screen, TooSmallScreen)


async def test_collector_paused_for_start_up_resumes_after_the_first_frame(make_app) -> None:
    gc.disable()  # as the command line leaves it before importing the game
    try:
        app = make_app(play_path=FIRST_CALL, collector_paused=True)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, BriefingScreen)
            assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


async def test_collector_left_as_it_was_when_not_paused_for_start_up(make_app) -> None:
    gc.disable()  # a host program's choice, not the game's to undo
    try:
        app = make_app(play_path=FIRST_CALL)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, BriefingScreen)
            assert not gc.isenabled()
    finally:
        gc.enable()


async def test_theme_switches_and_is_remembered(make_app, tmp_path: Path) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.theme == "offscript-dark"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == "offscript-light"
    assert json.loads((tmp_path / "settings.json").read_text())["theme"] == "offscript-light"
    again = make_app()
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert again.theme == "offscript-light"


async def test_broken_settings_file_falls_back_to_the_default(make_app, tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{not json")
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.theme == "offscript-dark"


async def test_command_palette_carries_the_game_commands(make_app) -> None:
    app = make_app(play_path=FIRST_CALL)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter", "1")
        await pilot.pause()
        from offscript.tui.palette import GameCommands

        provider = GameCommands(app.screen)
        titles = [str(hit.text) async for hit in provider.discover()]
        assert "Restart this scenario" in titles
        assert "Theme: High contrast" in titles and "Help: keys" in titles
        system = [command.title for command in app.get_system_commands(app.screen)]
        assert "Theme" not in system and "Quit" not in system  # the game's own stand in for them

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"restart")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, PlayScreen) and not app.screen.run.state.steps


def rows_in_view(transcript: Transcript, line: Line) -> tuple[bool, bool]:
    """Whether the line's first row and its last row are inside the conversation box."""
    top, height = transcript.scroll_y, transcript.scrollable_content_region.height
    region = line.virtual_region
    return top <= region.y < top + height, top <= region.bottom - 1 < top + height


async def test_a_move_taller_than_the_box_is_shown_from_its_first_line(make_app) -> None:
    app = make_app(play_path=LONG_REPLY)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter", "1")  # start; the why question brings a seven-line reply
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        yours, reply = transcript.query(Line)[-2:]
        assert "Why did you agree" in str(yours.visual)
        assert rows_in_view(transcript, yours) == (True, True)  # your own line, then her answer
        assert rows_in_view(transcript, reply) == (True, False)  # its end waits below
        await pilot.press("pagedown")
        await pilot.pause()
        assert rows_in_view(transcript, reply)[1]
        await pilot.resize_terminal(90, 24)  # lines rewrap: the move is shown from its first line again
        await pilot.pause(0.2)
        assert rows_in_view(transcript, yours) == (True, True)


async def test_long_coaching_scrolls_while_the_scores_stay_in_view(make_app) -> None:
    app = make_app(play_path=LONG_REPLY)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter", "1")  # four lines of scores, long feedback and a discussion question
        await pilot.pause()
        sidebar, meters = app.screen.query_one("#sidebar"), app.screen.query_one(Meters)
        assert sidebar.max_scroll_y > 0  # the coach does not fit: it scrolls
        assert sidebar.region.contains_region(meters.region)
        text = screen_text(app)
        assert all(label in text for label in ("Empathy", "Ownership", "Customer first", "Ines's patience"))
        assert "Coach · more: tab ↓" in text
        await pilot.press("tab", "pagedown")  # the page keys scroll the coach's panel once it has the focus
        await pilot.pause()
        assert app.focused is sidebar and sidebar.scroll_y == sidebar.max_scroll_y
        assert "which can you not?" in screen_text(app)
        await pilot.press("shift+tab", "1")  # the next feedback is shown from its top
        await pilot.pause()
        assert sidebar.scroll_y == 0 and "You let her rank" in screen_text(app)


async def test_page_keys_scroll_the_conversation_while_the_choices_have_focus(make_app) -> None:
    app = make_app(play_path="scenarios/metal-stockist.yaml")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter", "space", "space", "1")  # enough conversation to overflow at 80x24
        await pilot.pause()
        transcript = app.screen.query_one("#transcript")
        assert isinstance(app.focused, ChoiceList)
        bottom = transcript.scroll_y
        assert bottom > 0 and transcript.max_scroll_y == bottom  # the newest line is in view
        await pilot.press("pageup")
        await pilot.pause()
        assert transcript.scroll_y < bottom
        await pilot.press("pagedown")
        await pilot.pause()
        assert transcript.scroll_y == bottom
        assert isinstance(app.focused, ChoiceList)  # still ready to pick


async def test_conversation_stays_at_its_newest_line_when_the_terminal_is_resized(make_app) -> None:
    app = make_app(play_path="scenarios/metal-stockist.yaml")
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "space", "space", "1", "1")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)  # lines wrap and the conversation grows taller
        await pilot.pause(0.2)
        transcript = app.screen.query_one("#transcript")
        assert transcript.max_scroll_y > 0 and transcript.scroll_y == transcript.max_scroll_y


async def test_m_on_the_briefing_switches_to_assessment_and_it_stays(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await open_entry(pilot, app, "The First Call")
        assert "Coach mode" in widget_text(app, "#briefing-text")
        await pilot.press("m")
        await pilot.pause()
        assert "Assessment mode: no coach, no scores and no undo" in widget_text(app, "#briefing-text")
        await pilot.press("enter", "1")
        await pilot.pause()
        play = app.screen
        assert isinstance(play, PlayScreen) and play.mode == "assessment"
        assert not play.query_one(CoachPanel).display
        await pilot.press("escape")  # after a choice: asks, then leaves
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await open_entry(pilot, app, "The First Call")
        await pilot.press("escape")  # the run was saved: read the briefing instead of the resume question
        await pilot.pause()
        assert "Assessment mode" in widget_text(app, "#briefing-text")  # the choice stays for this session


HUB = Path(__file__).resolve().parents[1] / "fixtures" / "review" / "hub.yaml"


async def test_the_review_recommends_the_option_that_keeps_success_not_the_highest_score(make_app) -> None:
    app = make_app(play_path=str(HUB))
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        # ask what the display said, move on (a question worth a point still unasked), promise Monday (+3, fails)
        for key in ("enter", "1", "3", "1", "enter"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
        first, move_on, promise = (str(review.render()) for review in app.screen.query(DecisionReview))
        assert "✓ The best on offer: it keeps a success ending within reach." in first
        assert "✓ The best on offer: it keeps a success ending within reach." in move_on  # not a mistake
        assert "Best on offer: Send a technician today" in promise
        assert "Why: It keeps a success ending within reach; after your choice the best ending left was failure." in (
            promise
        )
