"""Who may vote from a phone, and how often: the room's secrets, its phones and their limits. No network here.

A phone joins with the room's secret (in the QR code's URL) or its six-digit
code (typed), and gets a device cookie: a random token only the server and
that phone know. The room keeps a hash of it, never the token, and nothing
personal: a nickname while the class runs, a team. One cookie is one vote
per round (changeable until the vote closes, by the session's rules); an
address holds at most `phones_per_address` cookies, so a private tab buys one
more vote at most, not a room's worth. Joins and votes are rate-limited per
phone and per address, wrong codes room-wide, and the room holds at most
`cap` phones. Every refusal is a `RoomError` with the HTTP status the
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
PHONES_PER_ADDRESS = 2  # a phone, and the same phone again from a private tab; not a room's worth of cookies
WRONG_CODES = 30  # wrong room codes from anywhere in a minute before typed codes wait: guessing takes weeks
WRONG_CODES_WINDOW = 60.0
ADDRESSES_KEPT = 1000  # join counts kept per address; the oldest idle ones go first
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
    address: str = ""
    voted: bool = False  # once it has voted, its team is fixed: one person cannot steer every team's pick
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
    phones_per_address: int = PHONES_PER_ADDRESS
    phones: dict[str, Phone] = field(default_factory=dict)
    joins: dict[str, deque[float]] = field(default_factory=dict)  # per address
    wrong_codes: deque[float] = field(default_factory=deque)  # from every address: the room-wide guessing limit

    def admits(self, secret: str = "", code: str = "") -> bool:
        """The room's secret, or its code, in constant time."""
        by_secret = bool(secret) and hmac.compare_digest(secret.encode(), self.secret.encode())
        by_code = bool(code) and hmac.compare_digest(code.strip().encode(), self.code.encode())
        return by_secret or by_code

    def join(self, address: str, secret: str, code: str, token: str | None, nickname: str = "", team: str = "") -> str:
        """Admit a phone (again, if its token is known): the device token it keeps. RoomError otherwise."""
        self._forget_idle_addresses()
        _limit(self.joins.setdefault(address, deque()), JOINS_PER_WINDOW, "too many tries to join: wait a moment")
        if not secret and code:
            _expire(self.wrong_codes, WRONG_CODES_WINDOW)
            if len(self.wrong_codes) >= WRONG_CODES:
                raise RoomError(429, "too many wrong codes in this room: scan the QR code instead")
        if not self.admits(secret, code):
            if not secret:
                self.wrong_codes.append(time.monotonic())
            raise RoomError(403, "that is not this room's code")
        if team and team not in self.teams:
            raise RoomError(400, "no such team")
        nickname = " ".join(nickname.split())[:MAX_NICKNAME]
        known = self.phones.get(key_of(token)) if token else None
        if known is not None:
            known.nickname = nickname or known.nickname
            known.team = known.team if known.voted else team or known.team
            return token or ""
        if len(self.phones) >= self.cap:
            raise RoomError(503, "the room is full: vote by a show of hands")
        if sum(phone.address == address for phone in self.phones.values()) >= self.phones_per_address:
            raise RoomError(429, "this device has joined already: go back to its page")
        token = secrets.token_urlsafe(24)
        self.phones[key_of(token)] = Phone(key_of(token), nickname, team, address)
        return token

    def _forget_idle_addresses(self) -> None:
        """Keep the join counts of at most `ADDRESSES_KEPT` addresses: a scan of many addresses cannot grow it."""
        if len(self.joins) < ADDRESSES_KEPT:
            return
        for address in [a for a, hits in self.joins.items() if not _expire(hits, WINDOW)]:
            del self.joins[address]
        while len(self.joins) >= ADDRESSES_KEPT:
            del self.joins[next(iter(self.joins))]

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
    if _expire(hits, WINDOW) >= most:
        raise RoomError(429, message)
    hits.append(time.monotonic())


def _expire(hits: deque[float], window: float) -> int:
    """Drop the moments older than `window` seconds; how many are left."""
    now = time.monotonic()
    while hits and now - hits[0] > window:
        hits.popleft()
    return len(hits)
