"""A real phone's browser: headless Chromium from the system's packages opens the join link and taps an option.

Chromium is Debian's (`.ci/run` installs it when missing); playwright drives it
without downloading a browser. The test fails, never skips, when it is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

from offscript.classroom.session import ClassSession
from offscript.engine.loader import load_file
from offscript.web.room import Room
from offscript.web.server import VotingServer

HUB = Path(__file__).resolve().parents[1] / "fixtures" / "review" / "hub.yaml"


async def test_a_phone_opens_the_join_link_taps_an_option_and_the_tally_has_it(tmp_path: Path, chromium: str) -> None:
    from playwright.async_api import async_playwright, expect

    result = load_file(HUB)
    assert result.scenario is not None
    holder = {"session": ClassSession.start(result.scenario).advance().advance()}
    room = Room()

    def vote(device: str, option: int, team: str) -> None:
        holder["session"] = holder["session"].phone_vote(device, option, team)
        server.changed()

    server = VotingServer(room, lambda: holder["session"], vote)
    port = await server.start("127.0.0.1", 0)
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = await browser.new_page(viewport={"width": 360, "height": 800})
            errors: list[str] = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            await page.goto(f"http://127.0.0.1:{port}/j/{room.secret}")
            assert page.url.endswith("/play")
            button = page.get_by_role("button", name="2. Ask whether anything else is on that circuit.")
            await button.click()
            await expect(page.locator("#result")).to_have_text("Your vote: 2")  # no eval: the page's policy forbids it
            assert holder["session"].reveal().counts == (0, 1, 0, 0)
            assert await button.get_attribute("aria-pressed") == "true"
            await page.screenshot(path=str(tmp_path / "phone-360x800.png"), full_page=True)  # to look at by eye
            assert errors == []  # no script refused by the policy, nothing failed
            await browser.close()
    finally:
        await server.stop()


async def test_with_teams_a_phone_that_joined_by_the_qr_code_picks_its_team_on_the_page(chromium: str) -> None:
    from playwright.async_api import async_playwright, expect

    result = load_file(HUB)
    assert result.scenario is not None
    holder = {"session": ClassSession.start(result.scenario, teams=("Red", "Blue")).advance().advance()}
    room = Room(teams=("Red", "Blue"))

    def vote(device: str, option: int, team: str) -> None:
        holder["session"] = holder["session"].phone_vote(device, option, team)

    server = VotingServer(room, lambda: holder["session"], vote)
    port = await server.start("127.0.0.1", 0)
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = await browser.new_page(viewport={"width": 360, "height": 800})
            await page.goto(f"http://127.0.0.1:{port}/j/{room.secret}")
            await page.get_by_role("button", name="Blue").click()
            await expect(page.locator("#teams")).to_be_hidden()
            await page.get_by_role("button", name="4. Move on to what you can do today.").click()
            await expect(page.locator("#result")).to_have_text("Your vote: 4")
            assert holder["session"].round.picks() == {"Blue": 4}
            await browser.close()
    finally:
        await server.stop()


async def test_a_phone_that_loses_the_room_reconnects_to_the_phase_it_missed(chromium: str) -> None:
    from playwright.async_api import async_playwright, expect

    result = load_file(HUB)
    assert result.scenario is not None
    holder = {"session": ClassSession.start(result.scenario).advance().advance()}
    room = Room()

    def vote(device: str, option: int, team: str) -> None:
        holder["session"] = holder["session"].phone_vote(device, option, team)

    server = VotingServer(room, lambda: holder["session"], vote)
    port = await server.start("127.0.0.1", 0)
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = await browser.new_page(viewport={"width": 360, "height": 800})
            await page.goto(f"http://127.0.0.1:{port}/j/{room.secret}")
            status = page.locator("#status")
            await expect(status).to_have_text(re.compile("^Vote: tap"))
            await server.stop()  # the Wi-Fi drops: nothing answers the phone any more
            await expect(status).to_have_text("Reconnecting…")
            holder["session"] = holder["session"].advance()  # meanwhile the facilitator closes the vote
            server = VotingServer(room, lambda: holder["session"], vote)
            await server.start("127.0.0.1", port)  # the room is back
            await expect(status).to_have_text("Vote closed: look at the screen.", timeout=15_000)
            results = page.get_by_role("list", name="The votes").get_by_role("listitem")
            await expect(results).to_have_count(4)
            await expect(results.nth(1)).to_have_text("Ask whether anything else is on that circuit. (0 votes, 0%)")
            assert await page.get_by_role("button").count() == 0  # no option to tap once the vote is closed
            await browser.close()
    finally:
        await server.stop()
