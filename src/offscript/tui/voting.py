"""Phones in classroom play: the voting server started in the game's own event loop, and where it listens.

The server is imported and started only when a class plays with phones, so
solo play never loads aiohttp. It listens on the machine's LAN address (the
interface a packet to the outside would leave by; no packet is sent) on
`DEFAULT_PORT`, or the next free port; with no LAN address, on loopback, and
the lobby says what to try. The socket is bound first, so the lobby shows the
room at once; the server answers on it a moment later. It stops with the class.
"""

from __future__ import annotations

import asyncio
import importlib
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
OPEN_FILES = 65536


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
    """The room for phones: its socket, bound before aiohttp is even imported, so the lobby shows the URL at
    once (phones that connect meanwhile wait in the socket's queue); then the server that answers on it."""

    room: Room
    sock: socket.socket
    host: str
    port: int
    note: str = ""  # what the lobby should say about reaching it (no LAN address, another port)
    server: VotingServer | None = None

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

    async def serve(
        self,
        session: Callable[[], ClassSession],
        vote: Callable[[str, int, str], None],
        joined: Callable[[], None],
        control: Callable[[str], str],
    ) -> VotingServer:
        """Answer on the socket. aiohttp is imported in a thread, so the lobby is drawn while it loads."""
        await asyncio.to_thread(importlib.import_module, "offscript.web.server")
        from offscript.web.server import VotingServer

        server = VotingServer(self.room, session, vote, joined, control)
        server.port = self.port
        await server.serve(self.sock)
        self.server = server
        return server

    async def stop(self) -> None:
        """Nothing listens from here on."""
        if self.server is not None:
            await self.server.stop()
        self.sock.close()


def open_room(teams: tuple[str, ...], host: str | None = None, port: int | None = None) -> Voting:
    """A room and its listening socket, on `host:port` or else the LAN address and the first free port from
    `DEFAULT_PORT`. OSError when no port can be had (the port asked for is taken, say)."""
    from offscript.web.listening import listening_socket
    from offscript.web.room import Room

    allow_more_open_files()
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
            sock = listening_socket(host, candidate)
        except OSError as exc:
            error = exc
            continue
        listening = int(sock.getsockname()[1])
        if candidate != wanted:
            note = note or f"Port {wanted} was taken; the room listens on {listening}."
        return Voting(Room(teams=teams), sock, host, listening, note)
    raise error or OSError("no port to listen on")


def allow_more_open_files() -> None:
    """Raise this process's soft limit on open files to its hard limit (at most `OPEN_FILES`): a room of
    phones, each with its connections, must not leave the game unable to open its own save file."""
    try:
        import resource
    except ImportError:  # not on this system (Windows): its limits are per handle, and high
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = OPEN_FILES if hard == resource.RLIM_INFINITY else min(hard, OPEN_FILES)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError):
            pass  # kept as it was: the game still runs, with the limit it had
