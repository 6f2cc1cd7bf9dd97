"""Benchmark: classroom play with 200 phones voting at once (not part of the test run).

    python tests/benchmarks/bench_voting.py [--phones N] [--rounds R] [--workers W]

The game itself runs in a child process: `OffscriptApp` in classroom play with
phones, headless (Textual's test driver paints every frame as a terminal
would), its voting server on loopback. The phones run in another process (W
with --workers), each joined by the QR link and holding its event stream open
as a sleeping phone does, and each voting over its own kept-alive socket with
the request the page's script sends, written by hand: so the phones' own cost
stays small. Real phones are other devices; here they share the game's CPU, so
more phone processes than cores measure the competition, not the game. In each
round the game opens the vote with its clicker keys; the phones vote spread
over two seconds in one round (a room voting) and all in one instant in the
next (the worst case). Printed, for each kind of round:

- vote to the projector's tally: from a phone sending its vote to the first
  paint of the projector's status line whose count includes it, p50 and p95
  over every vote (goal: p95 100 ms or less);
- vote to its answer: the same to the phone's "counted" answer;
- memory: the game's resident size with N phones connected, against the same
  game idle in its lobby with none (goal: 50 MB or less more).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from yarl import URL

ROOT = Path(__file__).resolve().parents[2]
SPREADS = (2.0, 0.0)  # seconds over which a round's votes come: a room voting, then every phone in one instant
GAME = """
import asyncio, json, re, sys, time
from pathlib import Path

import offscript.web.room as room_rules
from offscript.tui.app import ClassroomOptions, OffscriptApp
from offscript.web import server as web_server

room_rules.JOINS_PER_WINDOW = 10**6  # one address plays every phone here; a classroom has one per phone
counted = []  # (sent, round, votes in once counted): every vote, as the game's server answered it
shown = []  # (time, round, votes in): every time the projector's status line was painted

answer_vote = web_server.VotingServer.cast


async def cast(self, request):
    response = await answer_vote(self, request)
    session = self.session()
    counted.append((float(request.headers["X-Sent"]), len(session.rounds), session.votes_in))
    return response


web_server.VotingServer.cast = cast


async def main():
    options = ClassroomOptions(sys.argv[1], phones=True, host="127.0.0.1", port=0)
    app = OffscriptApp(classroom=options, settings_path=Path(sys.argv[2]))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = app.screen
        while screen.voting is None or screen.voting.server is None:
            await pilot.pause(0.02)
        screen.voting.room.phones_per_address = 10**6  # as above
        status = screen.query_one("#class-status")
        paint = status.render

        def render():
            drawn = paint()
            found = re.search(r"(\\d+) votes? in(?: · round (\\d+))?", str(drawn))
            if found:
                shown.append((time.time(), int(found.group(2) or 1), int(found.group(1))))
            return drawn

        status.render = render
        print(json.dumps({"port": screen.voting.port, "secret": screen.voting.room.secret}), flush=True)
        while True:
            command = (await asyncio.to_thread(sys.stdin.readline)).strip()
            if command == "vote":  # the first round: close the lobby, discuss, vote; later: reveal, revote
                keys = ("space", "space", "space") if screen.lobby_open else ("space", "r")
                for key in keys:
                    await pilot.press(key)
                    await pilot.pause()
                print("open" if screen.session.phase.value == "vote" else screen.session.phase.value, flush=True)
            elif command == "wait":
                await pilot.pause(0.5)
                print("waited", flush=True)
            elif command in ("end", ""):
                break
        print(json.dumps({"counted": counted, "shown": shown}), flush=True)


asyncio.run(main())
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def phone_join(url: str) -> aiohttp.ClientSession:
    phone = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    response = await phone.get(url, allow_redirects=False)
    assert response.status == 200, response.status
    return phone


async def hold_events(phone: aiohttp.ClientSession, base: str) -> None:
    async with phone.get(base + "events") as response:
        async for _ in response.content:
            pass


async def phones_worker(base: str, secret: str, count: int, rounds: int, offset: int) -> None:
    """One group of phones (a process of its own, as phones are separate devices): join, listen, then vote
    at each start time read from stdin; print every vote's latency."""
    phones = [await phone_join(f"{base}j/{secret}") for _ in range(count)]
    streams = [asyncio.create_task(hold_events(phone, base)) for phone in phones]
    print("ready", flush=True)
    latencies: list[tuple[int, float]] = []

    host, port = base.removeprefix("http://").rstrip("/").split(":")
    cookies = [phone.cookie_jar.filter_cookies(URL(base))["offscript_device"].value for phone in phones]
    lines = [await asyncio.open_connection(host, int(port)) for _ in phones]  # a phone's kept-alive connection

    async def vote(
        line: tuple[asyncio.StreamReader, asyncio.StreamWriter], cookie: str, option: int, token: str
    ) -> None:
        """The vote as the page's script sends it, over a plain socket: the phones' own cost kept out of it."""
        reader, writer = line
        body = json.dumps({"option": option, "token": token}).encode()
        started = time.perf_counter()
        head = (
            f"POST /vote HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {base.rstrip('/')}\r\n"
            f"Cookie: offscript_device={cookie}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nX-Sent: {time.time()!r}\r\n\r\n"
        )
        writer.write(head.encode() + body)
        answer = await reader.readuntil(b"\r\n\r\n")
        length = int(next(h for h in answer.split(b"\r\n") if h.lower().startswith(b"content-length:")).split(b":")[1])
        await reader.readexactly(length)
        assert answer.startswith(b"HTTP/1.1 200"), answer
        latencies.append((round_number, time.perf_counter() - started))

    for round_number in range(rounds):
        start_at, spread = map(float, (await asyncio.to_thread(sys.stdin.readline)).split())
        token = (await (await phones[0].get(base + "state")).json())["token"]

        async def vote_at(moment: float, *args: Any) -> None:
            await asyncio.sleep(max(0.0, moment - time.time()))
            await vote(*args)

        moments = [start_at + spread * ((n * 7919) % count) / count for n in range(count)]  # shuffled over the spread
        votes = (
            vote_at(moments[n], line, cookie, (n + offset + round_number) % 4 + 1, token)
            for n, (line, cookie) in enumerate(zip(lines, cookies, strict=True))
        )
        await asyncio.gather(*votes)
        print("done", flush=True)
    print(json.dumps(latencies), flush=True)
    for task in streams:
        task.cancel()
    for _, writer in lines:
        writer.close()
    for phone in phones:
        await phone.close()


def run(phones_count: int, rounds: int, workers: int) -> None:
    settings = Path(tempfile.mkdtemp(prefix="offscript-bench-")) / "settings.json"
    env = {**os.environ, "OFFSCRIPT_DATA_DIR": str(settings.parent / "data")}
    game = subprocess.Popen(
        [sys.executable, "-c", GAME, str(ROOT / "tests" / "fixtures" / "review" / "hub.yaml"), str(settings)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    groups: list[subprocess.Popen[str]] = []

    def tell(process: subprocess.Popen[str], line: str) -> None:
        assert process.stdin is not None
        process.stdin.write(line + "\n")
        process.stdin.flush()

    def hear(process: subprocess.Popen[str]) -> str:
        assert process.stdout is not None
        return process.stdout.readline().strip()

    try:
        info = json.loads(hear(game))
        base = f"http://127.0.0.1:{info['port']}/"
        time.sleep(1.0)
        idle = rss_mb(game.pid)
        share = phones_count // workers
        for index in range(workers):
            argv = [sys.executable, __file__, "--worker", base, info["secret"], str(share), str(rounds)]
            groups.append(
                subprocess.Popen([*argv, str(index * share)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            )
        for group in groups:
            assert hear(group) == "ready"
        time.sleep(1.0)
        connected = rss_mb(game.pid)
        for round_index in range(rounds):
            tell(game, "vote")
            opened = hear(game)
            assert opened == "open", opened
            start_at = time.time() + 0.3
            for group in groups:
                tell(group, f"{start_at!r} {SPREADS[round_index % 2]}")
            for group in groups:
                assert hear(group) == "done"
            tell(game, "wait")  # the last frame painted
            assert hear(game) == "waited"
        answered = [x for group in groups for x in json.loads(hear(group))]
        tell(game, "end")
        record = json.loads(hear(game))
        on_screen = shown_after(record["counted"], record["shown"])
        phones = share * workers
        print(
            f"{phones} phones in {workers} process(es), {rounds} rounds, {len(answered)} votes, {os.cpu_count()} CPUs"
        )
        for kind, spread in (("votes over 2 s", 0), ("all at once", 1)):
            painted = sorted(latency for number, latency in on_screen if (number - 1) % 2 == spread)
            counted = sorted(latency for number, latency in answered if number % 2 == spread)
            print(f"{kind}: vote to the projector's tally p50 {ms(painted, 0.5)}, p95 {ms(painted, 0.95)}", end="")
            print(f" (goal: p95 <= 100); to its answer p50 {ms(counted, 0.5)}, p95 {ms(counted, 0.95)}")
        grown = connected - idle
        print(f"game memory: idle {idle:.1f} MB, with the phones {connected:.1f} MB, +{grown:.1f} MB (goal: <= 50)")
    finally:
        for process in [*groups, game]:
            process.kill()
            process.wait()


def shown_after(counted: list[list[float]], shown: list[list[float]]) -> list[tuple[int, float]]:
    """For each vote, its round and the time from its sending to the first paint of the status line with it
    in the count."""
    latencies = []
    for sent, round_number, votes_in in counted:
        painted = min(t for t, r, n in shown if r == round_number and n >= votes_in and t >= sent)
        latencies.append((int(round_number), painted - sent))
    return latencies


def ms(ordered: list[float], share: float) -> str:
    return f"{1000 * ordered[int(share * (len(ordered) - 1))]:.1f} ms"


def main() -> None:
    if sys.argv[1:2] == ["--worker"]:
        base, secret, count, rounds, offset = sys.argv[2:7]
        asyncio.run(phones_worker(base, secret, int(count), int(rounds), int(offset)))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4, help="alternately spread over 2 s and all at once (<= 5)")
    parser.add_argument(
        "--workers", type=int, default=1, help="processes the phones are spread over (each takes CPU from the game)"
    )
    args = parser.parse_args()
    run(args.phones, args.rounds, args.workers)


if __name__ == "__main__":
    main()
