"""Start-up and key-to-frame benchmark for the game (not part of the test run).

    .venv/bin/python tests/benchmarks/bench_startup.py [--runs N]

Each program runs in a pseudo-terminal of 80x24. "First readable frame" is the
moment a known text appears in the terminal output: the scenario's title for
`offscript play tests/fixtures/first-call.yaml`, and "Ready" for a bare Textual
app (Header, Static, Footer) measured in the same run, alternating, so the
machine's speed cancels out of the ratio (goal: 1.3 or less). Key to frame: the
time from writing a key to the pty until the text it brings appears (goal: 50 ms
or less), for picking a choice ("1") and for continuing (space). Classroom play
with phones, to its lobby with the voting server listening, is measured against
the same bare app (goal: 1.5 or less).

Both programs start once, untimed, before the measured runs, with bytecode
writing allowed: `pip install` compiles an installed package's bytecode, so a
user never pays for compiling offscript's source at start-up, and neither should
the measurement (an editable install under PYTHONDONTWRITEBYTECODE=1 would).
That first start also puts the scenario in the game's cache, as a learner's
first play does; the first start of a scenario never seen before, with an empty
data folder, is measured too and printed on its own line.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "first-call.yaml"
BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Ready")
        yield Footer()

Bare().run()
"""


class Terminal:
    """A program in a pseudo-terminal; `wait_for` reads its output until a text appears."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True
        )
        os.close(slave)
        self.output = b""

    def wait_for(self, text: str, timeout: float = 20.0) -> float:
        """Seconds until `text` appears in the output (ANSI codes interleave, so also match it without them)."""
        wanted = text.encode()
        start = len(self.output)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                self.output += chunk
                if wanted in self.output[max(start - len(wanted), 0) :]:
                    return time.perf_counter()
        raise TimeoutError(f"{text!r} did not appear; output tail: {self.output[-400:]!r}")

    def press(self, key: bytes) -> float:
        now = time.perf_counter()
        os.write(self.master, key)
        return now

    def close(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        os.close(self.master)


def warm_up(bare_script: Path, play: list[str], classroom: list[str], env: dict[str, str]) -> None:
    """Start each program once so that its bytecode is cached and its files are in the disk cache."""
    for argv, text in (
        ([sys.executable, str(bare_script)], "Ready"),
        (play, "The First Call"),
        (classroom, "phones joined"),
    ):
        terminal = Terminal(argv, env)
        try:
            terminal.wait_for(text)
        finally:
            terminal.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="offscript-bench-")
    env = {**os.environ, "TERM": "xterm-256color", "OFFSCRIPT_DATA_DIR": data, "COLUMNS": "80", "LINES": "24"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    bare_script = Path(data) / "bare.py"
    bare_script.write_text(BARE_APP)
    offscript = Path(sys.executable).with_name("offscript")
    play = [str(offscript), "play", str(FIXTURE)] if offscript.exists() else [sys.executable, "-m", "offscript"]
    hub = ROOT / "tests" / "fixtures" / "review" / "hub.yaml"
    classroom = [str(offscript), "classroom", str(hub), "--host", "127.0.0.1", "--port", "0"]
    bare_times, play_times, cold_times, pick_times, continue_times, lobby_times = [], [], [], [], [], []
    warm_up(bare_script, play, classroom, env)
    for run in range(args.runs):
        bare = Terminal([sys.executable, str(bare_script)], env)
        try:
            bare_times.append(bare.wait_for("Ready") - bare.started)
        finally:
            bare.close()
        cold = Terminal(play, {**env, "OFFSCRIPT_DATA_DIR": str(Path(data) / f"empty-{run}")})
        try:
            cold_times.append(cold.wait_for("The First Call") - cold.started)
        finally:
            cold.close()
        shutil.rmtree(Path(data) / "classroom", ignore_errors=True)  # a new class, not the last one resumed
        lobby = Terminal(classroom, env)  # the scenario opened before, as `play` above: its analysis cached
        try:
            lobby_times.append(lobby.wait_for("phones joined") - lobby.started)  # the lobby, its socket listening
        finally:
            lobby.close()
        game = Terminal(play, env)
        try:
            play_times.append(game.wait_for("The First Call") - game.started)
            game.wait_for("Start")
            time.sleep(0.3)
            game.press(b"\r")
            game.wait_for("two minutes")
            time.sleep(0.3)
            pressed = game.press(b"1")
            pick_times.append(game.wait_for("teach you") - pressed)
            time.sleep(0.3)
            pressed = game.press(b" ")
            continue_times.append(game.wait_for("books a visit") - pressed)
        finally:
            game.close()

    def ms(values: list[float]) -> str:
        median, low, high = (1000 * f(values) for f in (statistics.median, min, max))
        return f"median {median:6.1f} ms (min {low:.1f}, max {high:.1f})"

    def ratio(times: list[float]) -> str:
        """Ratio of the medians, and the median of each run's own ratio (the bare app started just before)."""
        of_medians = statistics.median(times) / statistics.median(bare_times)
        paired = statistics.median(t / b for t, b in zip(times, bare_times, strict=True))
        return f"{of_medians:.2f} (run by run: {paired:.2f})"

    print(f"runs: {args.runs}, terminal 80x24")
    print(f"bare Textual app, first frame:   {ms(bare_times)}")
    print(f"offscript play, first frame:     {ms(play_times)}")
    print(f"start-up ratio (goal <= 1.3):    {ratio(play_times)}")
    print(f"... scenario not yet cached:     {ms(cold_times)}")
    print(f"    its ratio:                   {ratio(cold_times)}")
    print(f"key '1' (pick) to next frame:    {ms(pick_times)}  (goal <= 50 ms)")
    print(f"offscript classroom, the lobby:  {ms(lobby_times)}")
    print(f"    its ratio (goal <= 1.5):     {ratio(lobby_times)}")
    print(f"space (continue) to next frame:  {ms(continue_times)}  (goal <= 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
