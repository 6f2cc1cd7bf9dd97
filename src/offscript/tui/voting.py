"""Phones in classroom play: the voting server started in the game's own event loop, and where it listens.

The server is imported and started only when a class plays with phones, so
solo play never loads aiohttp. It listens on the machine's LAN address (the
interface a packet to the outside would leave by; no packet is sent) on
`DEFAULT_PORT`, or the next free port; with no LAN address, on loopback, and
the lobby says what to try. It stops with the class.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from offscript.classroom.session import ClassSession
    from offscript.web.room import Room
    from offscript.web.server import VotingServer

DEFAULT_PORT = 8765
PORTS_TRIED = 10


def lan_address() -> str | None:
    """The address other machines on the network reach this one at; None when there is no network."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # a UDP "connection" sends nothing; it only picks the interface
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


@dataclass
class Voting:
    """A running voting server: the room, where it listens, and the URL phones join by."""

    room: Room
    server: VotingServer
    host: str
    port: int
    note: str = ""  # what the lobby should say about reaching it (no LAN address, another port)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/j/{self.room.secret}"

    @property
    def remote_url(self) -> str:
        """The facilitator's remote: shown only on the facilitator's panel."""
        return f"http://{self.host}:{self.port}/host/{self.room.host_secret}"

    @property
    def short_url(self) -> str:
        return f"http://{self.host}:{self.port}/"


async def start_voting(
    teams: tuple[str, ...],
    session: Callable[[], ClassSession],
    vote: Callable[[str, int, str], None],
    joined: Callable[[], None],
    control: Callable[[str], str],
    host: str | None = None,
    port: int | None = None,
) -> Voting:
    """Start the server; OSError when no port can be had."""
    from offscript.web.room import Room
    from offscript.web.server import VotingServer

    room = Room(teams=teams)
    server = VotingServer(room, session, vote, joined, control)
    note = ""
    if host is None:
        host = lan_address()
        if host is None:
            host, note = "127.0.0.1", "No network found: phones cannot reach this laptop. Hands-up votes still work."
    wanted = DEFAULT_PORT if port is None else port
    candidates = [wanted] if port is not None else [wanted + n for n in range(PORTS_TRIED)] + [0]
    error: OSError | None = None
    for candidate in candidates:
        try:
            listening = await server.start(host, candidate)
        except OSError as exc:
            error = exc
            await server.stop()
            continue
        if candidate != wanted:
            note = note or f"Port {wanted} was taken; the room listens on {listening}."
        return Voting(room, server, host, listening, note)
    raise error or OSError("no port to listen on")
