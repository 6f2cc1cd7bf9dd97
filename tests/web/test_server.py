"""The voting server with aiohttp's test client: the flow a phone follows, and every attack it stops."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offscript.classroom.session import ClassSession, Phase
from offscript.engine.loader import load_bytes, load_file
from offscript.engine.model import Scenario
from offscript.web.room import REQUESTS_PER_WINDOW, WRONG_CODES, Room, RoomError
from offscript.web.server import COOKIE, MAX_BODY, VotingServer

HUB_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "review" / "hub.yaml"


def hub(text: str | None = None) -> Scenario:
    result = load_bytes(text.encode(), "hub.yaml") if text else load_file(HUB_PATH)
    assert result.scenario is not None
    return result.scenario


@dataclass
class Class:
    session: ClassSession
    server: VotingServer | None = None

    def vote(self, device: str, option: int, team: str) -> None:
        self.session = self.session.phone_vote(device, option, team)
        assert self.server is not None
        self.server.changed()


def at_vote(scenario: Scenario, teams: tuple[str, ...] = ()) -> ClassSession:
    return ClassSession.start(scenario, teams=teams).advance().advance()


@pytest.fixture
async def room() -> AsyncIterator[tuple[Class, Room, TestClient]]:
    the_class = Class(at_vote(hub()))
    room = Room()
    server = VotingServer(room, lambda: the_class.session, the_class.vote)
    the_class.server = server
    client = TestClient(TestServer(server.application()))
    await client.start_server()
    try:
        yield the_class, room, client
    finally:
        await client.close()


@asynccontextmanager
async def serving(room: Room, the_class: Class) -> AsyncIterator[TestClient]:
    """A client of the room's server, which reads and votes into `the_class`."""
    the_class.server = VotingServer(room, lambda: the_class.session, the_class.vote)
    async with TestClient(TestServer(the_class.server.application())) as client:
        yield client


def origin(client: TestClient) -> dict[str, str]:
    return {"Origin": f"http://{client.host}:{client.port}"}


async def join(client: TestClient, room: Room) -> None:
    response = await client.get(f"/j/{room.secret}")
    assert response.status == 200 and 'content="0;url=/play"' in await response.text()  # on to the voting page


async def test_a_phone_joins_by_the_qr_link_sees_the_options_votes_and_changes_its_vote(room) -> None:
    the_class, the_room, client = room
    response = await client.get(f"/j/{the_room.secret}", allow_redirects=False)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    state = await (await client.get("/state")).json()
    assert state["phase"] == "vote" and [o["number"] for o in state["options"]] == [1, 2, 3, 4]
    assert "counts" not in state  # no tally before the reveal
    for option in (2, 1):
        vote = await client.post("/vote", json={"option": option, "token": state["token"]}, headers=origin(client))
        assert vote.status == 200
    assert the_class.session.reveal().counts == (1, 0, 0, 0)  # one phone, one vote: its last
    assert (await (await client.get("/state")).json())["mine"] == 1


async def test_joining_by_the_typed_code_and_a_wrong_code_reveals_nothing(room) -> None:
    _, the_room, client = room
    page = await client.get("/")
    assert page.status == 200 and "Walk-in" not in await page.text()  # the join form says nothing of the scenario
    wrong = await client.post(
        "/join", data={"code": "000000" if the_room.code != "000000" else "111111"}, headers=origin(client)
    )
    assert wrong.status == 403 and "Walk-in" not in await wrong.text()
    assert (await client.get("/state")).status == 401 and (await client.get("/play")).status == 401
    right = await client.post(
        "/join", data={"code": the_room.code, "nickname": " Sam  "}, headers=origin(client), allow_redirects=False
    )
    assert right.status == 303
    assert (await client.get("/state")).status == 200


async def test_a_vote_from_another_site_or_without_an_origin_is_refused(room) -> None:
    the_class, the_room, client = room
    await join(client, the_room)
    token = the_room.round_token
    for headers in ({"Origin": "http://evil.example"}, {}):
        refused = await client.post("/vote", json={"option": 1, "token": token}, headers=headers)
        assert refused.status == 403
    assert the_class.session.votes_in == 0


async def test_a_stale_or_missing_token_and_a_malformed_body_change_nothing(room) -> None:
    the_class, the_room, client = room
    await join(client, the_room)
    stale = the_room.round_token
    the_room.new_round()
    for body in ({"option": 1, "token": stale}, {"option": 1}, {"option": "1", "token": the_room.round_token}, [1]):
        refused = await client.post("/vote", json=body, headers=origin(client))
        assert 400 <= refused.status < 500
    garbage = await client.post(
        "/vote", data=b"{not json", headers={**origin(client), "Content-Type": "application/json"}
    )
    assert garbage.status == 400
    json_type = {**origin(client), "Content-Type": "application/json"}
    huge = await client.post("/vote", data=b"x" * (MAX_BODY + 1), headers=json_type)
    assert huge.status == 413
    out_of_range = await client.post("/vote", json={"option": 9, "token": the_room.round_token}, headers=origin(client))
    assert out_of_range.status == 409
    assert the_class.session.votes_in == 0


async def test_votes_are_refused_once_the_vote_closes(room) -> None:
    the_class, the_room, client = room
    await join(client, the_room)
    the_class.session = the_class.session.advance()  # the reveal
    assert the_class.session.phase is Phase.REVEAL
    refused = await client.post("/vote", json={"option": 1, "token": the_room.round_token}, headers=origin(client))
    assert refused.status == 409
    state = await (await client.get("/state")).json()
    assert state["phase"] == "closed" and "options" not in state and state["counts"] == [0, 0, 0, 0]


async def test_joins_and_requests_are_rate_limited_and_the_room_is_capped() -> None:
    the_class = Class(at_vote(hub()))
    small = Room(cap=2)
    async with serving(small, the_class) as client:
        statuses = [(await client.post("/join", data={"code": "bad"}, headers=origin(client))).status for _ in range(8)]
        assert statuses[:5] == [403] * 5 and set(statuses[5:]) == {429}
    async with serving(small, the_class) as first, serving(small, the_class) as second:
        small.joins.clear()
        await join(first, small)
        await join(second, small)
        third_phone = await first.get(f"/j/{small.secret}", allow_redirects=False, cookies={COOKIE: "unknown"})
        assert third_phone.status == 503
        codes = [(await second.get("/state")).status for _ in range(REQUESTS_PER_WINDOW + 5)]
        assert 429 in codes and codes[0] == 200


async def test_every_response_has_a_strict_policy_and_scenario_text_is_never_html(room) -> None:
    _, the_room, client = room
    await join(client, the_room)
    for path in ("/", "/play", "/state"):
        response = await client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    play = await client.get("/play")
    page = await play.text()
    nonces = set(re.findall(r'<(?:script|style) nonce="([^"]+)"', page))
    assert len(nonces) == 1 and f"script-src 'nonce-{nonces.pop()}'" in play.headers["Content-Security-Policy"]
    assert "innerHTML" not in page and "http://" not in page and "https://" not in page  # nothing from elsewhere


async def test_hostile_scenario_text_reaches_the_page_only_as_json_text() -> None:
    text = HUB_PATH.read_text().replace("Move on to what you can do today.", "'</script><script>alert(1)</script>'")
    the_class = Class(at_vote(hub(text)))
    room = Room()
    async with serving(room, the_class) as client:
        await join(client, room)
        state = await (await client.get("/state")).json()
        assert state["options"][3]["text"] == "</script><script>alert(1)</script>"
        assert "alert" not in await (await client.get("/play")).text()


async def test_a_phone_hears_of_every_change_on_its_event_stream(room) -> None:
    the_class, the_room, client = room
    await join(client, the_room)
    response = await client.get("/events")
    assert response.headers["Content-Type"].startswith("text/event-stream")
    first = await asyncio.wait_for(response.content.readuntil(b"\n\n"), 2)
    assert b"data: 0" in first
    the_class.server.changed()
    second = await asyncio.wait_for(response.content.readuntil(b"\n\n"), 2)
    assert second == b"data: 1\n\n"
    response.close()


async def test_two_hundred_phones_vote_within_the_same_moment_and_each_is_counted_once() -> None:
    the_class = Class(at_vote(hub()))
    room = Room(phones_per_address=200)  # one address plays every phone here; a classroom has one per phone
    server = VotingServer(room, lambda: the_class.session, the_class.vote)
    the_class.server = server
    test_server = TestServer(server.application())
    await test_server.start_server()
    clients = [TestClient(test_server) for _ in range(200)]
    try:
        room.joins.clear()
        for index, client in enumerate(clients):
            await client.start_server()
            if index % 4 == 0:
                room.joins.clear()  # one address in this test; a classroom has one per phone
            await join(client, room)

        async def vote(client: TestClient, option: int) -> int:
            response = await client.post(
                "/vote", json={"option": option, "token": room.round_token}, headers=origin(client)
            )
            return response.status

        statuses = await asyncio.gather(*(vote(c, n % 4 + 1) for n, c in enumerate(clients)))
        assert statuses == [200] * 200
        assert the_class.session.votes_in == 200 and the_class.session.reveal().counts == (50, 50, 50, 50)
    finally:
        for client in clients:
            await client.close()
        await test_server.close()


async def test_a_team_is_chosen_once_joined_and_only_a_team_of_the_room() -> None:
    the_class = Class(at_vote(hub(), ("Red", "Blue")))
    room = Room(teams=("Red", "Blue"))
    async with serving(room, the_class) as client:
        assert (await client.post("/team", json={"team": "Red"}, headers=origin(client))).status == 401
        await join(client, room)
        token = room.round_token
        early = await client.post("/vote", json={"option": 1, "token": token}, headers=origin(client))
        assert early.status == 409 and "team" in (await early.json())["error"]
        assert (await client.post("/team", json={"team": "Green"}, headers=origin(client))).status == 400
        assert (await client.post("/team", json={"team": "Red"}, headers=origin(client))).status == 200
        assert (await client.post("/vote", json={"option": 1, "token": token}, headers=origin(client))).status == 200
        assert the_class.session.round.picks() == {"Red": 1}


async def test_the_facilitators_remote_needs_its_own_secret_and_moves_the_class() -> None:
    the_class = Class(at_vote(hub()))
    room = Room()
    actions: list[str] = []

    def control(action: str) -> str:
        actions.append(action)
        if action == "back":
            return "nothing to go back to here"
        the_class.session = the_class.session.advance()
        return ""

    server = VotingServer(room, lambda: the_class.session, the_class.vote, control=control)
    the_class.server = server
    async with TestClient(TestServer(server.application())) as client:
        assert (await client.get(f"/host/{room.secret}")).status == 403  # the phones' secret is not the host's
        assert (await client.post(f"/host/{room.host_secret}/advance")).status == 403  # no Origin: refused
        page = await client.get(f"/host/{room.host_secret}")
        assert page.status == 200 and "Next" in await page.text()
        moved = await client.post(f"/host/{room.host_secret}/advance", headers=origin(client))
        assert moved.status == 200 and (await moved.json())["phase"] == "reveal"
        refused = await client.post(f"/host/{room.host_secret}/back", headers=origin(client))
        assert refused.status == 409 and (await refused.json())["error"] == "nothing to go back to here"
        assert (await client.post(f"/host/{room.host_secret}/delete", headers=origin(client))).status == 404
        assert actions == ["advance", "back"]


async def test_the_notes_reach_the_remote_and_never_a_phone(room) -> None:
    text = HUB_PATH.read_text().replace(
        "    text: '\"It stopped overnight. I lost the whole delivery.\"'\n",
        "    text: '\"It stopped overnight. I lost the whole delivery.\"'\n    notes: Listen for blame.\n",
    )
    the_class = Class(at_vote(hub(text)))
    the_room = Room()
    async with serving(the_room, the_class) as client:
        await join(client, the_room)
        phone = await (await client.get("/state")).text()
        host = await (await client.get(f"/host/{the_room.host_secret}/state")).json()
        assert host["notes"] == "Listen for blame." and "Listen for blame" not in phone


async def test_a_phone_that_joins_late_joins_the_round_under_way(room) -> None:
    the_class, the_room, client = room
    the_class.vote("early-phone", 2, "")
    the_class.session = the_class.session.advance().revote()  # a reveal, then a second round
    the_room.new_round()
    await join(client, the_room)
    state = await (await client.get("/state")).json()
    assert state["phase"] == "vote" and state["token"] == the_room.round_token and state["mine"] is None
    vote = await client.post("/vote", json={"option": 3, "token": state["token"]}, headers=origin(client))
    assert vote.status == 200 and the_class.session.reveal().counts == (0, 0, 1, 0)


async def test_a_dropped_phone_reconnects_to_the_current_phase(room) -> None:
    the_class, the_room, client = room
    await join(client, the_room)
    stream = await client.get("/events")
    await asyncio.wait_for(stream.content.readuntil(b"\n\n"), 2)
    stream.close()  # the phone sleeps, or the Wi-Fi drops
    await asyncio.sleep(0.05)
    assert the_class.server is not None and not the_class.server.listeners  # nothing is kept for a dropped phone
    the_class.session = the_class.session.advance()  # the vote closes while it is away
    the_class.server.changed()
    again = await client.get("/events")  # the browser reconnects by itself, with its cookie
    first = await asyncio.wait_for(again.content.readuntil(b"\n\n"), 2)
    assert first.endswith(f"data: {the_class.server.version}\n\n".encode())  # at once: fetch the state now
    state = await (await client.get("/state")).json()
    assert state["phase"] == "closed" and state["counts"] == [0, 0, 0, 0]
    again.close()


# --- anything at all a phone might send ------------------------------------------------------------------

PATHS = ["/", "/join", "/play", "/state", "/events", "/vote", "/team", "/j/", "/host/", "/favicon.ico", "/%00", "/.."]
PATHS += ["/j/{secret}", "/host/{host}", "/host/{host}/state", "/host/{host}/events", "/host/{host}/advance"]
BODIES = st.one_of(
    st.binary(max_size=MAX_BODY + 64),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.sampled_from(["option", "token", "team", "code"]), inner, max_size=4)
        ),
        max_leaves=12,
    ).map(lambda value: json.dumps(value).encode()),
)
REQUESTS = st.tuples(
    st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD"]),
    st.sampled_from(PATHS) | st.text(alphabet="/abcjhost%.?=&", max_size=20).map(lambda tail: "/" + tail.lstrip("/")),
    BODIES,
    st.sampled_from(["application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]),
    st.booleans(),  # with this page's Origin
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(REQUESTS, min_size=1, max_size=12))
def test_nothing_a_phone_sends_is_a_server_error_or_a_vote_that_should_not_count(requests) -> None:
    async def storm() -> None:
        the_class = Class(at_vote(hub()))
        room = Room()
        server = VotingServer(room, lambda: the_class.session, the_class.vote)
        the_class.server = server
        async with TestClient(TestServer(server.application())) as client:
            await join(client, room)
            for method, path, body, content_type, same_origin in requests:
                headers = {"Content-Type": content_type, **(origin(client) if same_origin else {})}
                path = path.replace("{secret}", room.secret).replace("{host}", room.host_secret)
                response = await client.request(method, path, data=body, headers=headers, allow_redirects=False)
                assert response.status < 500, (method, path, body, response.status)
                assert "Content-Security-Policy" in response.headers
                response.close()
        counts = the_class.session.reveal().counts
        assert sum(counts) <= 1  # one phone: one vote at most, whatever it sent
        assert the_class.session.phase is Phase.VOTE  # a phone never moves the class

    asyncio.run(storm())


async def test_a_browser_refused_on_a_page_gets_a_page_that_says_why_and_the_script_gets_json() -> None:
    the_class = Class(at_vote(hub()))
    full = Room(cap=0)
    server = VotingServer(full, lambda: the_class.session, the_class.vote)
    the_class.server = server
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    async with TestClient(TestServer(server.application())) as client:
        scanned = await client.get(f"/j/{full.secret}", headers=browser, allow_redirects=False)
        assert scanned.status == 503 and scanned.headers["Content-Type"].startswith("text/html")
        page = await scanned.text()
        assert '"The room is full: vote by a show of hands."' in page and 'href="/"' in page and "Walk-in" not in page
        assert "default-src 'none'" in scanned.headers["Content-Security-Policy"]
        not_joined = await client.get("/play", headers=browser)
        assert not_joined.status == 401 and '"Join the room first."' in await not_joined.text()
        by_script = await client.get("/state")
        assert by_script.status == 401 and (await by_script.json()) == {"error": "join the room first"}


async def test_a_replayed_vote_or_join_counts_once(room) -> None:
    the_class, the_room, client = room
    for _ in range(3):  # the QR link opened again, the page reloaded: the same phone
        await join(client, the_room)
    assert len(the_room.phones) == 1
    vote = {"option": 3, "token": the_room.round_token}
    for _ in range(5):  # the same request sent again and again
        assert (await client.post("/vote", json=vote, headers=origin(client))).status == 200
    assert the_class.session.votes_in == 1 and the_class.session.reveal().counts == (0, 0, 1, 0)
    the_room.new_round()
    replayed = await client.post("/vote", json=vote, headers=origin(client))  # captured, then sent next round
    assert replayed.status == 409 and the_class.session.votes_in == 1


async def test_an_address_holds_two_phones_so_fresh_cookies_do_not_buy_a_room_of_votes(room) -> None:
    the_class, the_room, client = room
    tokens = []
    for _ in range(2):  # a phone, then the same phone from a private tab: two cookies
        client.session.cookie_jar.clear()
        await join(client, the_room)
        tokens.append(client.session.cookie_jar.filter_cookies(client.make_url("/"))[COOKIE].value)
    client.session.cookie_jar.clear()
    third = await client.get(f"/j/{the_room.secret}")
    assert third.status == 429 and "joined already" in (await third.json())["error"]
    assert len(the_room.phones) == 2
    again = await client.get(f"/j/{the_room.secret}", cookies={COOKIE: tokens[0]})  # a known phone comes back
    assert again.status == 200 and len(the_room.phones) == 2


async def test_wrong_codes_from_many_addresses_soon_stop_every_typed_code_but_not_the_qr_link() -> None:
    room = Room()
    for attempt in range(WRONG_CODES):  # each from an address of its own, as a script with many aliases
        with pytest.raises(RoomError) as refused:
            room.join(
                f"10.0.{attempt // 250}.{attempt % 250}",
                "",
                f"{attempt:06d}" if f"{attempt:06d}" != room.code else "x",
                None,
            )
        assert refused.value.status == 403
    with pytest.raises(RoomError) as stopped:
        room.join("10.9.9.9", "", room.code, None)  # even the right code waits now: guessing costs weeks
    assert stopped.value.status == 429 and "scan the QR code" in str(stopped.value)
    assert room.join("10.9.9.9", room.secret, "", None)  # the QR link still joins


async def test_a_phone_s_team_is_fixed_once_it_has_voted() -> None:
    the_class = Class(at_vote(hub(), ("Red", "Blue")))
    room = Room(teams=("Red", "Blue"))
    async with serving(room, the_class) as client:
        await join(client, room)
        assert (await client.post("/team", json={"team": "Red"}, headers=origin(client))).status == 200
        assert (await client.post("/team", json={"team": "Blue"}, headers=origin(client))).status == 200
        vote = {"option": 1, "token": room.round_token}
        assert (await client.post("/vote", json=vote, headers=origin(client))).status == 200
        moved = await client.post("/team", json={"team": "Red"}, headers=origin(client))
        assert moved.status == 409 and (await moved.json())["error"] == "this phone votes for Blue"
        assert the_class.session.round.picks() == {"Blue": 1}


async def test_a_vote_must_be_json_and_a_domain_name_for_this_laptop_is_refused() -> None:
    the_class = Class(at_vote(hub()))
    room = Room()
    server = VotingServer(room, lambda: the_class.session, the_class.vote)
    the_class.server = server
    port = await server.start("127.0.0.1", 0)
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:
            assert (await phone.get(f"{base}/j/{room.secret}")).status == 200
            as_text = await phone.post(
                f"{base}/vote",
                data=json.dumps({"option": 1, "token": room.round_token}),
                headers={"Origin": base, "Content-Type": "text/plain"},
            )
            assert as_text.status == 415
            rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
            refused = await phone.post(f"{base}/vote", json={"option": 1, "token": room.round_token}, headers=rebound)
            assert refused.status == 421 and the_class.session.votes_in == 0
            assert (await phone.get(f"http://localhost:{port}/")).status == 200  # an address, or localhost, is fine
    finally:
        await server.stop()


async def test_a_phone_holds_two_event_streams_and_a_stop_ends_even_a_stalled_one(room) -> None:
    the_class, the_room, client = room
    await join(client, the_room)
    streams = [await client.get("/events") for _ in range(3)]
    await asyncio.sleep(0.05)
    assert the_class.server is not None and len(the_class.server.listeners) == 2  # the oldest was closed
    assert await asyncio.wait_for(streams[0].content.read(), 2) == b"retry: 2000\ndata: 0\n\n"
    for _ in range(20):  # more changes than a stream's queue holds, none of them read
        the_class.server.changed()
    await the_class.server.stop()
    await asyncio.sleep(0.05)  # each stream's handler sees its end and lets go
    assert not the_class.server.listeners
    for stream in streams:
        stream.close()


@pytest.mark.parametrize(
    "headers, body",
    [
        ({"Content-Type": "application/x-www-form-urlencoded; charset=nope-42"}, b"code=123456"),
        ({"Content-Type": "application/json"}, b"[" * 4000),
    ],
    ids=["unknown-charset", "json-nested-4000-deep"],
)
async def test_requests_that_trip_the_parsers_are_400s_not_server_errors(room, headers, body) -> None:
    _, the_room, client = room
    await join(client, the_room)
    for path in ("/join", "/vote", "/team"):
        response = await client.post(path, data=body, headers={**origin(client), **headers})
        assert 400 <= response.status < 500, (path, response.status)
        assert "Content-Security-Policy" in response.headers
