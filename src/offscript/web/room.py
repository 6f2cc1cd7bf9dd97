"""Who may vote from a phone, and how often: the room's secrets, its phones and their limits. No network here.

A phone joins with the room's secret (in the QR code's URL) or its six-digit
code (typed), and gets a device cookie: a random token only the server and
that phone know. The room keeps a hash of it, never the token, and nothing
personal: a nickname while the class runs, a team. One cookie is one vote
per round (changeable until the vote closes, by the session's rules). Joins
and votes are rate-limited per phone and per address, and the room holds at
most `cap` phones. Every refusal is a `RoomError` with the HTTP status the
server answers with.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import deque
from dataclasses import dataclass, field

CAP = 200
WINDOW = 10.0  # seconds
JOINS_PER_WINDOW = 5  # per address: a phone that reloads its page joins again, a script that tries codes does not
REQUESTS_PER_WINDOW = 40  # per phone: its page, state, events and votes; a clicker storm stays under it
MAX_NICKNAME = 24


class RoomError(Exception):
    """A request the room refuses: `status` is what the server answers."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def key_of(token: str) -> str:
    """What the room keeps of a device token: a hash, so a leaked class file cannot vote for anyone."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


@dataclass
class Phone:
    key: str
    nickname: str = ""
    team: str = ""
    hits: deque[float] = field(default_factory=deque)


@dataclass
class Room:
    """One class's room: its secrets, the phones that joined, the current round's token."""

    teams: tuple[str, ...] = ()
    cap: int = CAP
    code: str = field(default_factory=lambda: f"{secrets.randbelow(10**6):06d}")
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    host_secret: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    round_token: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    phones: dict[str, Phone] = field(default_factory=dict)
    joins: dict[str, deque[float]] = field(default_factory=dict)  # per address

    def admits(self, secret: str = "", code: str = "") -> bool:
        """The room's secret, or its code, in constant time."""
        by_secret = bool(secret) and hmac.compare_digest(secret.encode(), self.secret.encode())
        by_code = bool(code) and hmac.compare_digest(code.strip().encode(), self.code.encode())
        return by_secret or by_code

    def join(self, address: str, secret: str, code: str, token: str | None, nickname: str = "", team: str = "") -> str:
        """Admit a phone (again, if its token is known): the device token it keeps. RoomError otherwise."""
        _limit(self.joins.setdefault(address, deque()), JOINS_PER_WINDOW, "too many tries to join: wait a moment")
        if not self.admits(secret, code):
            raise RoomError(403, "that is not this room's code")
        if team and team not in self.teams:
            raise RoomError(400, "no such team")
        nickname = " ".join(nickname.split())[:MAX_NICKNAME]
        known = self.phones.get(key_of(token)) if token else None
        if known is not None:
            known.nickname, known.team = nickname or known.nickname, team or known.team
            return token or ""
        if len(self.phones) >= self.cap:
            raise RoomError(503, "the room is full: vote by a show of hands")
        token = secrets.token_urlsafe(24)
        self.phones[key_of(token)] = Phone(key_of(token), nickname, team)
        return token

    def phone(self, token: str | None) -> Phone:
        """The phone this token belongs to, its request counted; RoomError when unknown or too busy."""
        phone = self.phones.get(key_of(token)) if token else None
        if phone is None:
            raise RoomError(401, "join the room first")
        _limit(phone.hits, REQUESTS_PER_WINDOW, "too many requests: wait a moment")
        return phone

    def new_round(self) -> str:
        """A fresh token for a new vote: a vote sent for an earlier round is refused."""
        self.round_token = secrets.token_urlsafe(12)
        return self.round_token


def _limit(hits: deque[float], most: int, message: str) -> None:
    now = time.monotonic()
    while hits and now - hits[0] > WINDOW:
        hits.popleft()
    if len(hits) >= most:
        raise RoomError(429, message)
    hits.append(now)
