"""Where the voting server listens: a port in use is reported and the next one tried; it stops with the class."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from offscript.classroom.session import ClassSession
from offscript.engine.loader import load_file
from offscript.tui import voting
from offscript.tui.voting import open_room

HUB = Path(__file__).resolve().parents[1] / "fixtures" / "review" / "hub.yaml"


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port another program holds on loopback."""
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    try:
        yield holder.getsockname()[1]
    finally:
        holder.close()


def session() -> ClassSession:
    result = load_file(HUB)
    assert result.scenario is not None
    return ClassSession.start(result.scenario)


async def start(host: str | None = "127.0.0.1", port: int | None = None) -> voting.Voting:
    current = session()
    room = open_room((), host, port)
    await room.serve(lambda: current, lambda *vote: None, lambda: None, lambda action: "")
    return room


async def test_the_default_port_taken_the_next_free_one_is_used_and_the_lobby_says_so(
    taken_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(voting, "DEFAULT_PORT", taken_port)
    room = await start()
    try:
        assert room.port != taken_port and room.note == f"Port {taken_port} was taken; the room listens on {room.port}."
        async with aiohttp.ClientSession() as phone:
            assert (await phone.get(room.short_url)).status == 200
    finally:
        await room.stop()


async def test_a_port_asked_for_and_taken_is_an_error_with_the_reason(taken_port: int) -> None:
    with pytest.raises(OSError) as refused:
        await start(port=taken_port)
    assert "in use" in (refused.value.strerror or "")


async def test_with_no_network_it_listens_on_loopback_and_the_lobby_says_phones_cannot_reach_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(voting, "lan_address", lambda: None)
    room = await start(host=None, port=0)
    try:
        assert room.host == "127.0.0.1" and "Hands-up votes still work" in room.note
    finally:
        await room.stop()


async def test_once_stopped_nothing_listens() -> None:
    room = await start(port=0)
    await room.stop()
    async with aiohttp.ClientSession() as phone:
        with pytest.raises(aiohttp.ClientConnectionError):
            await phone.get(room.short_url)


async def test_a_phone_that_connects_before_the_server_answers_waits_and_is_answered() -> None:
    room = open_room((), "127.0.0.1", 0)  # bound: the lobby shows this URL before aiohttp is imported
    try:
        async with aiohttp.ClientSession() as phone:
            early = asyncio.ensure_future(phone.get(room.short_url))
            await asyncio.sleep(0.2)
            assert not early.done()  # queued by the socket, not refused
            current = session()
            await room.serve(lambda: current, lambda *vote: None, lambda: None, lambda action: "")
            response = await asyncio.wait_for(early, 5)
            assert response.status == 200 and "Join the class" in await response.text()
    finally:
        await room.stop()
