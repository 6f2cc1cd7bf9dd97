"""`play --from NODE --set NAME=VALUE`: a test run that starts there, shows its values, and keeps nothing.

Every test has its own data folder (conftest.isolated), so the player's real data is never touched.
"""

from __future__ import annotations

from pathlib import Path

from offscript.engine.loader import load_file
from offscript.engine.start import Start
from offscript.storage.history import HistoryStore
from offscript.storage.saves import SaveStore
from offscript.tui.screens.ending import EndingScreen
from offscript.tui.screens.play import PlayScreen
from offscript.tui.widgets.meters import Meter

from .conftest import FIRST_CALL, SMALL


def start_at(node: str, **values: int | bool) -> Start:
    scenario = load_file(FIRST_CALL).scenario
    assert scenario is not None
    return Start.at(scenario, node, values)


async def leave_a_real_save(make_app, data: Path) -> dict:
    """A real run of first-call, one decision in and waiting at 'why': the save a test run must not replace."""
    app = make_app(play_path=FIRST_CALL)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter", "2")
        await pilot.pause()
    save, problem = SaveStore(data).latest("first-call")
    assert save is not None, problem
    return save.to_json()


async def test_play_from_starts_at_the_node_with_the_values_and_keeps_nothing(make_app, isolated: Path) -> None:
    real = await leave_a_real_save(make_app, isolated)
    app = make_app(play_path=FIRST_CALL, test_from=start_at("hello", trust=4))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)  # no briefing, no "continue your run?": the test starts at once
        assert screen.run.state.node == "hello"
        assert screen.query_one("#meter-var-trust", Meter).value == 4
        assert "test from hello" in screen.sub_title
        assert any("with trust=4" in n.message for n in app._notifications)
        await pilot.press("1")  # trust 4 + 1 = 5 and knows_why: the branch routes to the won ending
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert screen.run.state.node == "won"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EndingScreen)
    entries, problem = HistoryStore(isolated).load()
    assert (entries, problem) == ([], "")  # the test run is not in the history
    save, _ = SaveStore(isolated).latest("first-call")
    assert save is not None and save.to_json() == real  # the player's real save is as it was


async def test_play_from_a_branch_node_is_routed_by_the_values(make_app) -> None:
    app = make_app(play_path=FIRST_CALL, test_from=start_at("decide", trust=1, knows_why=True))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert list(app.screen.run.state.path) == ["decide", "lost"]


async def test_undo_in_a_test_run_goes_back_to_the_test_start_and_its_values(make_app, isolated: Path) -> None:
    app = make_app(play_path=FIRST_CALL, test_from=start_at("hello", trust=0))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("1")  # trust 0 + 1
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        assert screen.run.state.variables["trust"] == 1
        await pilot.press("u")
        await pilot.pause()
        assert screen.run.state.node == "hello"
        assert screen.run.state.variables["trust"] == 0  # replayed from the test's values, not the file's initial 2
        assert screen.query_one("#meter-var-trust", Meter).value == 0
    assert SaveStore(isolated).latest("first-call")[0] is None  # moves and the rewind saved nothing
