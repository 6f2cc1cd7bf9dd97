"""A real phone's browser: headless Chromium from the system's packages opens the join link and taps an option.

Chromium is Debian's (`.ci/run` installs it when missing); playwright drives it
without downloading a browser. The test fails, never skips, when it is missing.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offscript.classroom.session import ClassSession
from offscript.engine.loader import load_file
from offscript.web.room import Room
from offscript.web.server import VotingServer

HUB = Path(__file__).resolve().parents[1] / "fixtures" / "review" / "hub.yaml"


@dataclass
class LiveClass:
    """A class at its first vote with its voting server on loopback: what the game holds, without the screen."""

    session: ClassSession
    room: Room
    port: int = 0
    server: VotingServer | None = None

    def vote(self, device: str, option: int, team: str) -> None:
        self.session = self.session.phone_vote(device, option, team)
        assert self.server is not None
        self.server.changed()

    async def serve(self, port: int = 0) -> None:
        self.server = VotingServer(self.room, lambda: self.session, self.vote)
        self.port = await self.server.start("127.0.0.1", port)

    @property
    def join_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/j/{self.room.secret}"


@asynccontextmanager
async def phone_at_vote(chromium: str, teams: tuple[str, ...] = ()) -> AsyncIterator[tuple[LiveClass, Any]]:
    """The class, and a 360x800 phone page in Debian's Chromium, driven by playwright."""
    from playwright.async_api import async_playwright

    result = load_file(HUB)
    assert result.scenario is not None
    live = LiveClass(ClassSession.start(result.scenario, teams=teams).advance().advance(), Room(teams=teams))
    await live.serve()
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            yield live, await browser.new_page(viewport={"width": 360, "height": 800})
            await browser.close()
    finally:
        assert live.server is not None
        await live.server.stop()


async def test_a_phone_opens_the_join_link_taps_an_option_and_the_tally_has_it(tmp_path: Path, chromium: str) -> None:
    from playwright.async_api import expect

    async with phone_at_vote(chromium) as (live, page):
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        await page.goto(live.join_url)
        await page.wait_for_url("**/play")  # the join page takes the phone on to the voting page
        button = page.get_by_role("button", name="2. Ask whether anything else is on that circuit.")
        await button.click()
        await expect(page.locator("#result")).to_have_text("Your vote: 2")  # no eval: the page's policy forbids it
        assert live.session.reveal().counts == (0, 1, 0, 0)
        assert await button.get_attribute("aria-pressed") == "true"
        await page.screenshot(path=str(tmp_path / "phone-360x800.png"), full_page=True)  # to look at by eye
        assert errors == []  # no script refused by the policy, nothing failed


async def test_with_teams_a_phone_that_joined_by_the_qr_code_picks_its_team_on_the_page(chromium: str) -> None:
    from playwright.async_api import expect

    async with phone_at_vote(chromium, teams=("Red", "Blue")) as (live, page):
        await page.goto(live.join_url)
        await page.get_by_role("button", name="Blue").click()
        await expect(page.locator("#teams")).to_be_hidden()
        await page.get_by_role("button", name="4. Move on to what you can do today.").click()
        await expect(page.locator("#result")).to_have_text("Your vote: 4")
        assert live.session.round.picks() == {"Blue": 4}


async def test_a_phone_that_loses_the_room_reconnects_to_the_phase_it_missed(chromium: str) -> None:
    from playwright.async_api import expect

    async with phone_at_vote(chromium) as (live, page):
        await page.goto(live.join_url)
        status = page.locator("#status")
        await expect(status).to_have_text(re.compile("^Vote: tap"))
        assert live.server is not None
        await live.server.stop()  # the Wi-Fi drops: nothing answers the phone any more
        await expect(status).to_have_text("Reconnecting…")
        live.session = live.session.advance()  # meanwhile the facilitator closes the vote
        await live.serve(live.port)  # the room is back
        await expect(status).to_have_text("Vote closed: look at the screen.", timeout=15_000)
        results = page.get_by_role("list", name="The votes").get_by_role("listitem")
        await expect(results).to_have_count(4)
        await expect(results.nth(1)).to_have_text("Ask whether anything else is on that circuit. (0 votes, 0%)")
        assert await page.get_by_role("button").count() == 0  # no option to tap once the vote is closed
