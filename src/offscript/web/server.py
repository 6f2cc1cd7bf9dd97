"""The voting server: aiohttp, in the game's own event loop, serving one small page to the room's phones.

Routes: `/` (the join form: nothing of the scenario), `/j/SECRET` (the QR
code's link: joins at once), `POST /join` (the typed code), `/play` (the
voting page), `/state` (this phone's view), `/events` (server-sent events:
"something changed, fetch /state"), `POST /vote` (an option and the round's
token). Every response carries a strict Content-Security-Policy and no
resource comes from anywhere else, so the page works with no internet.

Attacks each have a wall: no secret or code, no scenario (403); a POST from
another origin, or with no Origin, is refused (403), and so is any request
naming this laptop by a domain name (421: DNS rebinding); a vote must carry
the current round's token (409 when stale) as JSON (415 otherwise); bodies
over `MAX_BODY` bytes are refused by aiohttp (413); joins per address, wrong
codes per room and requests per phone are rate-limited, and an address holds
two phones at most (429); the room is capped (503); a phone holds two event
streams at most. Nothing a phone sends can raise past a handler: every
failure is a 4xx with a one-line reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import secrets
import socket
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from offscript.classroom.session import ClassError, ClassSession
from offscript.web.listening import listening_socket
from offscript.web.page import JOIN_PAGE, JOINING_PAGE, PLAY_PAGE, REFUSED_PAGE, REMOTE_PAGE
from offscript.web.room import Room, RoomError
from offscript.web.view import host_view, phone_view

REMOTE_ACTIONS = ("advance", "back", "revote", "blank")

MAX_BODY = 4096
STREAMS_PER_PHONE = 2
COOKIE = "offscript_device"
KEEPALIVE = 20.0  # seconds between comments on an idle event stream, so proxies and sleeping phones notice
Vote = Callable[[str, int, str], None]  # (device key, option, team); raises ClassError when refused

NONCE = web.RequestKey("nonce", str)  # the page's script and style nonce, for the policy header
SessionGetter = Callable[[], ClassSession]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class VotingServer:
    """The room's web face: it reads the class session and hands votes to `vote`, never changing anything itself."""

    def __init__(
        self,
        room: Room,
        session: SessionGetter,
        vote: Vote,
        joined: Callable[[], None] = lambda: None,
        control: Callable[[str], str] = lambda action: "the remote is not connected",
    ) -> None:
        self.room = room
        self.session = session
        self.vote = vote
        self.joined = joined  # a phone joined: the lobby's count changes
        self.control = control  # the facilitator's remote: an action's name in, what was refused (or "") out
        self.version = 0
        self.listeners: dict[asyncio.Queue[int], str] = {}  # each open event stream, and whose it is
        self.port: int | None = None  # the port phones reach it at, once known; the Host header must name it
        self.runner: web.AppRunner | None = None

    # --- the application ------------------------------------------------------------------

    def application(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.router.add_get("/", self.join_form)
        app.router.add_get("/j/{secret}", self.join_link)
        app.router.add_post("/join", self.join_code)
        app.router.add_get("/play", self.play_page)
        app.router.add_get("/state", self.state)
        app.router.add_get("/events", self.events, allow_head=False)  # a stream has no head to show
        app.router.add_post("/vote", self.cast)
        app.router.add_post("/team", self.choose_team)
        app.router.add_get("/host/{secret}", self.remote_page)
        app.router.add_get("/host/{secret}/state", self.remote_state)
        app.router.add_get("/host/{secret}/events", self.remote_events, allow_head=False)
        app.router.add_post("/host/{secret}/{action}", self.remote_action)
        app.router.add_get("/favicon.ico", _no_icon)
        return app

    async def serve(self, sock: socket.socket) -> None:
        """Answer on a listening socket (bound by the caller, so the lobby could show its URL already)."""
        self.runner = web.AppRunner(self.application(), access_log=None)  # the game's screen is the terminal
        await self.runner.setup()
        await web.SockSite(self.runner, sock).start()

    async def start(self, host: str, port: int) -> int:
        """Listen on host:port (0: any free port): the port listened on. OSError when it cannot."""
        sock = listening_socket(host, port)
        await self.serve(sock)
        listening = int(sock.getsockname()[1])
        self.port = listening
        return listening

    async def stop(self) -> None:
        for queue in list(self.listeners):
            _close(queue)
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    def changed(self) -> None:
        """The class moved on: every connected phone is told to fetch its state again."""
        self.version += 1
        for queue in list(self.listeners):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(self.version)

    # --- the wall every request passes -------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.port is not None and not _addressed_directly(request.host, self.port):
            response: web.StreamResponse = _refusal(request, 421, "this room answers at its own address only")
        elif request.method == "POST" and not _same_origin(request):
            response = _refusal(request, 403, "requests from other sites are refused")
        else:
            try:
                response = await handler(request)
            except RoomError as exc:
                response = _refusal(request, exc.status, str(exc))
            except web.HTTPException as exc:
                response = _refusal(request, exc.status, exc.reason or "refused")
            except Exception:  # noqa: BLE001 - a phone's bytes never reach past here: an unknown charset, deep JSON...
                response = _refusal(request, 400, "a request the room cannot read")
        if not response.prepared:  # an event stream sent its headers already, hardened the same way
            _harden(response, request.get(NONCE, ""))
        return response

    # --- joining -----------------------------------------------------------------------------------

    async def join_form(self, request: web.Request) -> web.Response:
        return _page(request, JOIN_PAGE, teams=list(self.room.teams))

    async def join_link(self, request: web.Request) -> web.Response:
        """The QR code's link. A page, not a redirect, takes the phone on to /play: a camera app may open the
        link as if from another site, and a SameSite=Strict cookie set then is not sent on its redirect."""
        token = self.room.join(_address(request), request.match_info["secret"], "", request.cookies.get(COOKIE))
        self.joined()
        response = _page(request, JOINING_PAGE)
        _give_cookie(response, token)
        return response

    async def join_code(self, request: web.Request) -> web.Response:
        form = await request.post()
        code, nickname, team = (str(form.get(name, ""))[:64] for name in ("code", "nickname", "team"))
        token = self.room.join(_address(request), "", code, request.cookies.get(COOKIE), nickname, team)
        self.joined()
        return _joined(token)

    # --- playing -----------------------------------------------------------------------------------

    async def play_page(self, request: web.Request) -> web.Response:
        self.room.phone(request.cookies.get(COOKIE))
        return _page(request, PLAY_PAGE)

    async def state(self, request: web.Request) -> web.Response:
        phone = self.room.phone(request.cookies.get(COOKIE))
        return web.json_response(phone_view(self.session(), self.room, phone))

    async def cast(self, request: web.Request) -> web.Response:
        phone = self.room.phone(request.cookies.get(COOKIE))
        body = await _json_body(request)
        if not isinstance(body, dict):
            raise ValueError("not an object")
        option, token = body.get("option"), body.get("token")
        if type(option) is not int or not isinstance(token, str):
            raise ValueError("option and token")
        if not secrets.compare_digest(token.encode(), self.room.round_token.encode()):
            raise RoomError(409, "that vote is closed; the page will catch up")
        try:
            self.vote(phone.key, option, phone.team)
        except ClassError as exc:
            raise RoomError(409, str(exc)) from None
        phone.voted = True
        return web.json_response({"ok": True, "mine": option})

    async def choose_team(self, request: web.Request) -> web.Response:
        """A phone that joined by the QR link picks its team on the page (its later votes count for it)."""
        phone = self.room.phone(request.cookies.get(COOKIE))
        body = await _json_body(request)
        team = body.get("team") if isinstance(body, dict) else None
        if not isinstance(team, str) or team not in self.room.teams:
            raise RoomError(400, "no such team")
        if phone.voted and team != phone.team:
            raise RoomError(409, f"this phone votes for {phone.team}")
        phone.team = team
        return web.json_response({"ok": True, "team": team})

    # --- the facilitator's remote ---------------------------------------------------------------

    def _host(self, request: web.Request) -> None:
        if not secrets.compare_digest(request.match_info["secret"].encode(), self.room.host_secret.encode()):
            raise RoomError(403, "that is not the facilitator's link")

    async def remote_page(self, request: web.Request) -> web.Response:
        self._host(request)
        return _page(request, REMOTE_PAGE)

    async def remote_state(self, request: web.Request) -> web.Response:
        self._host(request)
        return web.json_response(host_view(self.session(), self.room))

    async def remote_action(self, request: web.Request) -> web.Response:
        self._host(request)
        action = request.match_info["action"]
        if action not in REMOTE_ACTIONS:
            raise RoomError(404, "no such control")
        refused = self.control(action)
        if refused:
            raise RoomError(409, refused)
        return web.json_response(host_view(self.session(), self.room))

    async def remote_events(self, request: web.Request) -> web.StreamResponse:
        self._host(request)
        return await self._stream(request, "the facilitator")

    async def events(self, request: web.Request) -> web.StreamResponse:
        phone = self.room.phone(request.cookies.get(COOKIE))
        return await self._stream(request, phone.key)

    async def _stream(self, request: web.Request, owner: str) -> web.StreamResponse:
        """Server-sent events: the version number whenever the class moves on, and a comment when idle.

        A phone keeps at most `STREAMS_PER_PHONE` open (a page and a reload of it): opening one more closes its
        oldest, so a joined phone cannot hold the laptop's connections open by the thousand."""
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        _harden(response, "")
        await response.prepare(request)
        queue: asyncio.Queue[int] = asyncio.Queue(maxsize=8)
        held = [q for q, whose in self.listeners.items() if whose == owner]
        for oldest in held[: max(0, len(held) - STREAMS_PER_PHONE + 1)]:
            _close(oldest)
        self.listeners[queue] = owner
        try:
            await response.write(f"retry: 2000\ndata: {self.version}\n\n".encode())
            while True:
                try:
                    version = await asyncio.wait_for(queue.get(), KEEPALIVE)
                except TimeoutError:
                    await response.write(b": still here\n\n")
                    continue
                if version < 0:
                    break
                await response.write(f"data: {version}\n\n".encode())
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self.listeners.pop(queue, None)
        return response


def _close(queue: asyncio.Queue[int]) -> None:
    """End an event stream: whatever it had not sent yet is dropped, so the end always fits."""
    while not queue.empty():
        queue.get_nowait()
    queue.put_nowait(-1)


async def _json_body(request: web.Request) -> Any:
    """The page's JSON; another content type (a form, plain text from another site's script) is refused."""
    if request.content_type != "application/json":
        raise RoomError(415, "send JSON")
    return await request.json()


async def _no_icon(request: web.Request) -> web.Response:
    return web.Response(status=204)  # browsers ask; an empty answer keeps their console clean


def _addressed_directly(host: str, port: int) -> bool:
    """The Host header names an address (or localhost) and this port, never a domain name: a site whose name
    someone pointed at this laptop (DNS rebinding) would pass the Origin check with its own name."""
    name, _, given = host.rpartition(":")
    if given != str(port):
        return False
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return True


def _same_origin(request: web.Request) -> bool:
    """A POST must say it comes from this page: its Origin is this host (every browser sends one on POST)."""
    origin = request.headers.get("Origin", "")
    return bool(origin) and origin in (f"http://{request.host}", f"https://{request.host}")


def _address(request: web.Request) -> str:
    return request.remote or "?"


def _refusal(request: web.Request, status: int, message: str) -> web.Response:
    """JSON for the page's own requests; a page with the reason for a browser that navigated here (a QR link
    scanned once the room is full, say), never a bare error."""
    if "text/html" not in request.headers.get("Accept", ""):
        return web.json_response({"error": message}, status=status)
    response = _page(request, REFUSED_PAGE, message=message[:1].upper() + message[1:] + ".")
    response.set_status(status)
    return response


def _harden(response: web.StreamResponse, nonce: str) -> None:
    """The headers every answer carries: the strict policy, no sniffing, no referrer, no caching."""
    response.headers["Content-Security-Policy"] = _policy(nonce)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"


def _policy(nonce: str) -> str:
    sources = f"'nonce-{nonce}'" if nonce else "'none'"
    return (
        f"default-src 'none'; script-src {sources}; style-src {sources}; connect-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def _page(request: web.Request, template: str, **data: Any) -> web.Response:
    nonce = secrets.token_urlsafe(12)
    request[NONCE] = nonce  # read by the guard for the policy header
    page = template.replace("{nonce}", nonce).replace("{data}", json.dumps(data).replace("<", "\\u003c"))
    return web.Response(text=page, content_type="text/html")


def _joined(token: str) -> web.Response:
    """On to the voting page, with the device cookie."""
    response = web.Response(status=303, headers={"Location": "/play"})
    _give_cookie(response, token)
    return response


def _give_cookie(response: web.Response, token: str) -> None:
    """The device cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's request carries it)."""
    response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", max_age=6 * 3600, path="/")
