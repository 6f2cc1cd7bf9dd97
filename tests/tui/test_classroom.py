"""Classroom play on a projector, driven as a facilitator would: a clicker, the number keys, a class saved each step."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from offscript.classroom.session import Phase
from offscript.tui.app import ClassroomOptions, OffscriptApp
from offscript.tui.screens.classroom import ClassroomScreen
from offscript.tui.voting import Voting
from offscript.web.server import COOKIE

from .conftest import widget_text

HUB = str(Path(__file__).resolve().parents[1] / "fixtures" / "review" / "hub.yaml")
PROJECTOR = (80, 24)


def classroom_app(make_app, teams: int = 0, timer: int | None = None) -> OffscriptApp:  # type: ignore[no-untyped-def]
    return make_app(classroom=ClassroomOptions(HUB, teams, timer))


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def screen(app: OffscriptApp) -> ClassroomScreen:
    assert isinstance(app.screen, ClassroomScreen)
    return app.screen


async def room_serving(pilot, app: OffscriptApp) -> Voting:  # type: ignore[no-untyped-def]
    """The lobby's room once its server answers (it loads in a worker after the lobby is drawn)."""
    for _ in range(100):
        voting = screen(app).voting
        if voting is not None and voting.server is not None:
            return voting
        await pilot.pause(0.05)
    raise AssertionError("the room for phones did not start")


def stage(app: OffscriptApp) -> str:
    return widget_text(app, "#stage")


def status(app: OffscriptApp) -> str:
    return widget_text(app, "#class-status")


async def test_a_decision_with_a_clicker_and_hands(make_app) -> None:
    app = classroom_app(make_app)
    async with app.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        assert app.theme == "offscript-high-contrast"  # the projector's theme by default
        assert "I lost the whole delivery." in stage(app) and "READ" in status(app)
        await press(pilot, "pagedown", "right")  # a clicker's next, twice: discuss, then vote
        assert "Vote: which would you say?" in stage(app) and "0 votes in" in status(app)
        await press(pilot, "1", "1", "4", "2", "backspace")
        assert "3 votes in" in status(app)
        assert "%" not in stage(app)  # tallies stay hidden until the reveal
        await press(pilot, "space")
        reveal = stage(app)
        assert "2 ( 67%) ◀ most votes" in reveal and "1 ( 33%)" in reveal
        await press(pilot, "space")
        assert "the majority's choice" in stage(app)
        await press(pilot, "space")
        assert "Coach: A real question about her morning." in stage(app)
        await press(pilot, "o")
        assert "Coach: Blame before facts." in stage(app)  # what the class did not choose
        await press(pilot, "pageup")  # the choice is taken: going back is refused in words
        assert screen(app).session.phase is Phase.CONSEQUENCE


async def test_a_split_vote_a_revote_and_the_shift(make_app) -> None:
    app = classroom_app(make_app)
    async with app.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        await press(pilot, "space", "space", "1", "1", "4", "2", "3", "space")
        assert "A split vote" in stage(app)
        await press(pilot, "r")
        assert screen(app).session.phase is Phase.VOTE and "round 2" in status(app)
        await press(pilot, "4", "4", "4", "4", "1", "space")
        assert "+60% since round 1" in stage(app) and "-20% since round 1" in stage(app)


async def test_a_tie_waits_for_the_facilitator_and_an_override_is_marked(make_app) -> None:
    app = classroom_app(make_app)
    async with app.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        await press(pilot, "space", "space", "1", "4", "space", "space")
        assert "The facilitator decides" in stage(app)
        await press(pilot, "space")  # refused: the tie is not broken yet
        assert screen(app).session.phase is Phase.DECIDE
        await press(pilot, "1", "space", "space")  # the facilitator breaks it; then on to the next decision
        assert screen(app).session.taken[0].how == "facilitator"
        await press(pilot, "space", "space", "1", "1", "space", "space", "3")  # the room says 1; the call is 3
        assert "the facilitator's call (the room chose 1)" in stage(app)


async def test_the_debrief_rewinds_to_play_the_other_road(make_app, monkeypatch: pytest.MonkeyPatch) -> None:
    app = classroom_app(make_app)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        for option in ("1", "3", "1"):  # the display question, move on, promise Monday: failure
            await press(pilot, "space", "space", option, "space", "space", "space", "space")
        assert screen(app).session.phase is Phase.ENDED
        debrief = widget_text(app, "#class-debrief")
        assert "Promise a new unit on Monday" in debrief and "✗ best on offer: 2" in debrief
        assert "FAILURE" in stage(app)
        with monkeypatch.context() as patch:  # blank, show, a step refused: the same ending, not searched again
            patch.setattr("offscript.classroom.debrief.class_debrief", lambda s: pytest.fail("searched again"))
            await press(pilot, "b", "b", "right")
        assert widget_text(app, "#class-debrief") == debrief
        await pilot.click(".rewind-3")
        await pilot.pause()
        session = screen(app).session
        assert session.phase is Phase.READ and session.run.state.node == "offer" and len(session.taken) == 2
        await press(pilot, "space", "space", "2", "space", "space", "space", "space")
        assert "SUCCESS" in stage(app)


async def test_a_killed_class_resumes_at_the_same_step_with_its_votes(make_app) -> None:
    app = classroom_app(make_app)
    async with app.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        await press(pilot, "space", "space", "1", "space", "space", "space", "space", "space", "space", "2", "2")
    # no clean exit is needed: every step was written as it happened
    again = classroom_app(make_app)
    async with again.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        session = screen(again).session
        assert session.phase is Phase.VOTE and session.round.hands == (2, 2) and len(session.taken) == 1
        assert "2 votes in" in status(again)


async def test_teams_pick_in_turn_and_the_scoreboard_credits_judgement(make_app) -> None:
    app = classroom_app(make_app, teams=2)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#team-1").value == "Red"  # the names are asked first
        await press(pilot, "enter")
        await press(pilot, "ctrl+a", "ctrl+k", *"Blue Jays", "enter")
        await press(pilot, "space", "space")
        assert "Now: Red" in stage(app)
        await press(pilot, "1")
        assert "Now: Blue Jays" in stage(app)
        await press(pilot, "1", "space", "space", "space", "space")
        for picks in (("3", "3"), ("2", "1")):
            await press(pilot, "space", "space", *picks, "space", "space")
            if screen(app).session.phase is Phase.DECIDE and screen(app).session.chosen is None:
                await press(pilot, "2")
            await press(pilot, "space", "space")
        assert screen(app).session.phase is Phase.ENDED
        debrief = widget_text(app, "#class-debrief")
        assert "Red: 3 of 3 picks kept the best ending in reach" in debrief
        assert "Blue Jays: 2 of 3 picks kept the best ending in reach" in debrief


async def test_blank_hides_everything_and_the_facilitators_notes_stay_off_the_stage(make_app) -> None:
    app = classroom_app(make_app)
    async with app.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        await press(pilot, "b")
        assert not app.screen.query_one("#stage-box").display and "screen blanked" in status(app)
        await press(pilot, "space")  # the clicker brings the screen back first
        assert app.screen.query_one("#stage-box").display and screen(app).session.phase is Phase.READ
        await press(pilot, "f")
        assert app.screen.query_one("#facilitator-panel").display
        assert "Facilitator's notes" in widget_text(app, "#facilitator-panel")
        assert "Facilitator" not in stage(app)


async def test_the_mouse_votes_and_decides_and_x_exports_the_record(make_app, isolated: Path, capsys) -> None:
    from offscript.cli import main

    app = classroom_app(make_app)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await press(pilot, "space", "space")
        for _ in range(3):
            await pilot.click(".option-1")
            await pilot.pause()
        assert "3 votes in" in status(app)
        await press(pilot, "space", "space")
        await pilot.click(".option-4")  # the facilitator's call, by mouse
        await pilot.pause()
        assert screen(app).session.how == "override"
        await press(pilot, "x")
    written = sorted(path.suffix for path in (isolated / "exports").glob("review-hub-class-*"))
    assert written == [".csv", ".html", ".md"]
    assert main(["export", HUB, "--classroom", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("decision,node,options") and len(lines) == 1  # the decision is not taken yet


async def test_a_damaged_or_outdated_saved_class_starts_a_new_class_and_says_why(make_app, isolated: Path) -> None:
    saved = isolated / "classroom" / "review-hub.json"
    saved.parent.mkdir(parents=True)
    saved.write_text('{"format": "offscript-class-session", "version": 1, "session": {"scenario": "review-hub"')
    app = classroom_app(make_app)
    async with app.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        assert screen(app).session.phase is Phase.READ and not screen(app).session.taken
        assert any("moved aside" in n.message or "review-hub" in n.message for n in app._notifications)
    assert [p.name for p in saved.parent.iterdir() if p.name != "review-hub.json"]  # kept aside, not deleted
    saved.write_text(
        '{"format": "offscript-class-session", "version": 1, "session": {"scenario": "review-hub", '
        '"content_hash": "an older version", "teams": [], "timer": null, "taken": [], "reads": 0, "phase": "vote", '
        '"rounds": [], "chosen": null, "how": "", "run_id": "x", "started": ""}}'
    )
    again = classroom_app(make_app)
    async with again.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        assert screen(again).session.phase is Phase.READ
        assert any("another version of the scenario" in n.message for n in again._notifications)


async def test_c_in_the_library_opens_a_class_and_escape_goes_back(make_app) -> None:
    from offscript.tui.screens.library import LibraryScreen

    app = make_app(classroom=ClassroomOptions(None))  # `offscript classroom` without a scenario: the library
    async with app.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        await pilot.pause(0.3)
        first_valid = next(n for n, entry in enumerate(library.entries) if entry.valid)
        await press(pilot, *["down"] * first_valid, "c")
        assert isinstance(app.screen, ClassroomScreen) and app.screen.session.phase is Phase.READ
        await press(pilot, "escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_phones_join_from_the_lobby_and_their_votes_add_up_with_hands(make_app) -> None:
    import aiohttp

    app = make_app(classroom=ClassroomOptions(HUB, phones=True, host="127.0.0.1", port=0))
    async with app.run_test(size=(100, 40)) as pilot:
        voting = await room_serving(pilot, app)
        assert app.screen.query_one("#lobby").display
        assert f"room {voting.room.code}" in status(app) and voting.url in widget_text(app, "#lobby-text")
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:  # a phone, by address
            joined = await phone.get(voting.url)
            assert joined.status == 200 and COOKIE in joined.cookies
            await pilot.pause()
            assert "1 phone" in status(app)
            await press(pilot, "space")  # closes the lobby
            assert not app.screen.query_one("#lobby").display
            await press(pilot, "space", "space", "1")  # discuss, vote, and a hand
            state = await (await phone.get(voting.short_url + "state")).json()
            origin = {"Origin": voting.short_url.rstrip("/")}
            vote = await phone.post(
                voting.short_url + "vote", json={"option": 4, "token": state["token"]}, headers=origin
            )
            assert vote.status == 200
            await pilot.pause()
            assert "2 votes in" in status(app) and screen(app).session.reveal().counts == (1, 0, 0, 1)
            await press(pilot, "space", "r")  # reveal, then a revote: the phone's old token is stale
            stale = await phone.post(
                voting.short_url + "vote", json={"option": 4, "token": state["token"]}, headers=origin
            )
            assert stale.status == 409
    async with aiohttp.ClientSession() as phone:  # the game is closed: nothing listens any more
        with pytest.raises(aiohttp.ClientConnectionError):
            await phone.get(voting.short_url)


async def test_the_facilitators_remote_paces_the_class_from_a_phone(make_app) -> None:
    import aiohttp

    app = make_app(classroom=ClassroomOptions(HUB, phones=True, host="127.0.0.1", port=0))
    async with app.run_test(size=(100, 40)) as pilot:
        voting = await room_serving(pilot, app)
        await press(pilot, "f")
        assert voting.remote_url in widget_text(app, "#facilitator-panel")  # only on the facilitator's panel
        assert voting.remote_url not in widget_text(app, "#lobby-text")
        origin = {"Origin": voting.short_url.rstrip("/")}
        async with aiohttp.ClientSession() as remote:
            for expected in (Phase.READ, Phase.DISCUSS):  # the first next closes the lobby, as the clicker's does
                answer = await remote.post(voting.remote_url + "/advance", headers=origin)
                assert answer.status == 200
                await pilot.pause()
                assert screen(app).session.phase is expected
            refused = await remote.post(voting.remote_url + "/revote", headers=origin)
            assert refused.status == 409 and "reveal" in (await refused.json())["error"]


async def test_chromium_joins_from_the_lobby_url_taps_and_the_projector_counts_it(make_app, chromium: str) -> None:
    from playwright.async_api import async_playwright, expect

    app = make_app(classroom=ClassroomOptions(HUB, phones=True, host="127.0.0.1", port=0))
    async with app.run_test(size=(100, 40)) as pilot, async_playwright() as playwright:
        voting = await room_serving(pilot, app)
        assert voting.url in widget_text(app, "#lobby-text")
        browser = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        phone = await browser.new_page(viewport={"width": 360, "height": 800})
        await phone.goto(voting.url)  # the URL the lobby shows, as the QR code holds it
        await press(pilot, "space", "space", "space")  # close the lobby, discuss, vote
        await expect(phone.locator("#status")).to_have_text(re.compile("^Vote: tap"))
        await phone.get_by_role("button", name=re.compile(r"^3\. ")).click()
        await expect(phone.locator("#result")).to_have_text("Your vote: 3")
        await pilot.pause()
        assert "1 vote in" in status(app)
        await press(pilot, "space")  # the reveal: the projector's bars and the phone's closed vote
        assert screen(app).session.reveal().counts == (0, 0, 1, 0)
        await expect(phone.locator("#status")).to_have_text("Vote closed: look at the screen.")
        await browser.close()


async def test_a_port_in_use_is_reported_and_the_class_votes_by_hands(make_app) -> None:
    import socket

    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    taken = holder.getsockname()[1]
    app = make_app(classroom=ClassroomOptions(HUB, phones=True, host="127.0.0.1", port=taken))
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            for _ in range(40):
                await pilot.pause(0.05)
                if app._notifications:
                    break
            (notice,) = [n.message for n in app._notifications]
            assert notice.startswith("Phones cannot join:") and "Hands-up votes work" in notice
            assert screen(app).voting is None and not app.screen.query_one("#lobby").display
            await press(pilot, "space", "space", "1")  # discuss, vote, a hand: the class goes on
            assert "1 vote in" in status(app)
    finally:
        holder.close()


async def test_leaving_classroom_play_stops_the_server(make_app) -> None:
    import aiohttp

    app = make_app(classroom=ClassroomOptions(HUB, phones=True, host="127.0.0.1", port=0))
    async with app.run_test(size=(100, 40)) as pilot:
        voting = await room_serving(pilot, app)
        await press(pilot, "escape")
        await pilot.pause(0.2)
        assert not isinstance(app.screen, ClassroomScreen)
        async with aiohttp.ClientSession() as phone:
            with pytest.raises(aiohttp.ClientConnectionError):
                await phone.get(voting.short_url)


async def test_the_saved_class_keeps_the_votes_and_neither_nicknames_nor_which_phone_voted(
    make_app, isolated: Path
) -> None:
    import aiohttp

    app = make_app(classroom=ClassroomOptions(HUB, phones=True, host="127.0.0.1", port=0))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        voting = screen(app).voting
        assert voting is not None
        await press(pilot, "space", "space", "space")  # close the lobby, discuss, vote
        origin = {"Origin": voting.short_url.rstrip("/")}
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
            code = {"code": voting.room.code, "nickname": "Zanzibar Quist"}
            assert (await phone.post(voting.short_url + "join", data=code, headers=origin)).status == 200
            state = await (await phone.get(voting.short_url + "state")).json()
            assert state["nickname"] == "Zanzibar Quist"  # shown back to its own phone while the class runs
            cast = {"option": 2, "token": state["token"]}
            assert (await phone.post(voting.short_url + "vote", json=cast, headers=origin)).status == 200
            device = next(iter(voting.room.phones))
        await pilot.pause()
        assert "1 vote in" in status(app)
    saved = "".join(path.read_text() for path in (isolated / "classroom").glob("*.json"))
    assert '"phones"' in saved and "Zanzibar" not in saved and device not in saved
    assert screen_votes(saved) == [["", 2, ""]]


def screen_votes(saved: str) -> list[list[object]]:
    return json.loads(saved)["session"]["rounds"][0]["phones"]


async def test_running_short_of_open_files_skips_one_save_and_the_next_step_saves_again(
    make_app, monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    """A room's phones can hold many connections; a save that finds no file handle left must not turn
    saving off for the rest of the class."""
    import errno

    from offscript.storage import files

    real_mkstemp = files.tempfile.mkstemp
    refusals = [OSError(errno.EMFILE, "Too many open files")]

    def short_of_files(*args, **kwargs):  # type: ignore[no-untyped-def]
        if refusals and Path(kwargs["dir"]).name == "classroom":
            raise refusals.pop()
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(files.tempfile, "mkstemp", short_of_files)
    app = classroom_app(make_app)
    async with app.run_test(size=PROJECTOR) as pilot:
        await pilot.pause()
        await press(pilot, "space", "space", "1")  # discuss (not saved: no file left), vote, a hand (saved)
        notices = [n.message for n in app._notifications]
        assert any("Could not save just now" in n and "Too many open files" in n for n in notices)
        assert not any("Saving is off" in n for n in notices)
    (saved,) = (isolated / "classroom").glob("*.json")
    session = json.loads(saved.read_text())["session"]
    assert session["phase"] == "vote" and session["rounds"][0]["hands"] == [1]  # the later step saved it all
