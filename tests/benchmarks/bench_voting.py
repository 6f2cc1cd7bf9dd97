"""Benchmark: the voting server with 200 phones (not part of the test run).

    python tests/benchmarks/bench_voting.py [--phones N] [--rounds R]

The server runs in a child process, as in the game (the class session, the
room, aiohttp on loopback); the phones are spread over a few more processes
(phones are separate devices: one Python process playing 200 of them would
measure its own queue), each joined by the QR link and holding its event
stream open, as a sleeping phone does. Printed:

- vote latency: from a phone sending its vote to the answer that it was counted
  (the answer is sent after the class session holds the vote, so the tally the
  projector draws on its next frame has it), p50 and p95 over every vote of R
  rounds in which all N phones vote at once (goal: p95 100 ms or less);
- memory: the server process's resident size with N phones connected, against
  the same process idle with none (goal: 50 MB or less more).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
SERVER = """
import asyncio, json, sys
import offscript.web.room as room_rules
from offscript.classroom.session import ClassSession
from offscript.engine.loader import load_file
from offscript.web.room import Room
from offscript.web.server import VotingServer

room_rules.JOINS_PER_WINDOW = 10**6  # one address plays every phone here; a classroom has one per phone

async def main():
    scenario = load_file(sys.argv[1]).scenario
    holder = {"session": ClassSession.start(scenario).advance().advance()}
    room = Room(cap=10_000)

    def vote(device, option, team):
        holder["session"] = holder["session"].phone_vote(device, option, team)

    server = VotingServer(room, lambda: holder["session"], vote)
    port = await server.start("127.0.0.1", 0)
    print(json.dumps({"port": port, "secret": room.secret}), flush=True)
    await asyncio.Event().wait()

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
    assert response.status == 303, response.status
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
    origin = {"Origin": base.rstrip("/")}
    latencies: list[float] = []

    async def vote(phone: aiohttp.ClientSession, option: int, token: str) -> None:
        started = time.perf_counter()
        response = await phone.post(base + "vote", json={"option": option, "token": token}, headers=origin)
        await response.read()
        assert response.status == 200, response.status
        latencies.append(time.perf_counter() - started)

    for round_number in range(rounds):
        start_at = float(await asyncio.to_thread(sys.stdin.readline))
        token = (await (await phones[0].get(base + "state")).json())["token"]
        await asyncio.sleep(max(0.0, start_at - time.time()))
        await asyncio.gather(*(vote(p, (n + offset + round_number) % 4 + 1, token) for n, p in enumerate(phones)))
        print("done", flush=True)
    print(json.dumps(latencies), flush=True)
    for task in streams:
        task.cancel()
    for phone in phones:
        await phone.close()


def run(phones_count: int, rounds: int, workers: int) -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(ROOT / "tests" / "fixtures" / "review" / "hub.yaml")],
        stdout=subprocess.PIPE,
        text=True,
    )
    groups: list[subprocess.Popen[str]] = []
    try:
        assert server.stdout is not None
        info = json.loads(server.stdout.readline())
        base = f"http://127.0.0.1:{info['port']}/"
        time.sleep(0.5)
        idle = rss_mb(server.pid)
        share = phones_count // workers
        for index in range(workers):
            argv = [
                sys.executable,
                __file__,
                "--worker",
                base,
                info["secret"],
                str(share),
                str(rounds),
                str(index * share),
            ]
            groups.append(subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
        for group in groups:
            assert group.stdout is not None and group.stdout.readline().strip() == "ready"
        time.sleep(1.0)
        connected = rss_mb(server.pid)
        for _ in range(rounds):
            start_at = time.time() + 0.3
            for group in groups:
                assert group.stdin is not None
                group.stdin.write(f"{start_at}\n")
                group.stdin.flush()
            for group in groups:
                assert group.stdout is not None and group.stdout.readline().strip() == "done"
        latencies = [x for group in groups for x in json.loads(group.stdout.readline())]  # type: ignore[union-attr]
        ordered = sorted(latencies)
        p50, p95 = statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
        phones = share * workers
        print(f"{phones} phones in {workers} processes, {rounds} rounds of votes all at once ({len(ordered)} votes)")
        print(f"vote to counted: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms (goal: p95 <= 100)")
        grown = connected - idle
        print(f"server memory: idle {idle:.1f} MB, with the phones {connected:.1f} MB, +{grown:.1f} MB (goal: <= 50)")
    finally:
        for process in [*groups, server]:
            process.kill()
            process.wait()


def main() -> None:
    if sys.argv[1:2] == ["--worker"]:
        base, secret, count, rounds, offset = sys.argv[2:7]
        asyncio.run(phones_worker(base, secret, int(count), int(rounds), int(offset)))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4, help="processes the phones are spread over")
    args = parser.parse_args()
    run(args.phones, args.rounds, args.workers)


if __name__ == "__main__":
    main()
