"""End to end: `offscript play` in a real terminal (tmux, 80x24): played to its ending with keys, and killed
with kill -9 mid-game and resumed where it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from offscript.storage.saves import SaveStore

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "first-call.yaml"
FOLLOW_UP = ROOT / "tests" / "fixtures" / "tui" / "follow-up.yaml"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)")


@pytest.fixture(autouse=True)
def tmux_server_kept() -> Iterator[None]:
    """A quiet session for the length of each test. When a test kills its game's session and it was the only
    one, the tmux server exits, and a `new-session` racing that exit fails; this keeps the server up."""
    keeper = f"offscript-keeper-{uuid.uuid4().hex[:8]}"
    tmux("new-session", "-d", "-s", keeper, "sleep 3600")
    yield
    subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def capture(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, *texts: str, timeout: float = 15.0) -> str:
    """The screen once every text is on it (a capture can catch tmux half-way through drawing a frame)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if all(text in screen for text in texts):
            return screen
        time.sleep(0.1)
    missing = [text for text in texts if text not in screen]
    raise AssertionError(f"{missing!r} did not appear within {timeout}s; the screen shows:\n{screen}")


def test_play_first_call_to_its_ending(tmp_path: Path) -> None:
    session = f"offscript-e2e-{uuid.uuid4().hex[:8]}"
    offscript = Path(sys.executable).with_name("offscript")
    command = f"{offscript} play {FIXTURE}" if offscript.exists() else f"{sys.executable} -m offscript play {FIXTURE}"
    env = f"OFFSCRIPT_DATA_DIR={tmp_path} TERM=xterm-256color"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", f"cd {ROOT} && env {env} {command}")
    try:
        wait_for(session, "The First Call", "You sell industrial fasteners.", "Mara Jensen, Purchase manager")
        tmux("send-keys", "-t", session, "Enter")  # start
        wait_for(session, "Jensen. You have two minutes.", "impatient")
        tmux("send-keys", "-t", session, "1")  # ask why
        wait_for(session, "A real question lets the", "Trust: 3 of 5.", "Empathy +2")
        tmux("send-keys", "-t", session, "Space")  # continue: the branch leads to the ending
        wait_for(session, "Mara books a visit to the plant.")
        tmux("send-keys", "-t", session, "Enter")  # the debrief
        screen = wait_for(session, "A second meeting", "SUCCESS", "You earned it by asking.", "100%")
        assert "Traceback" not in screen
        tmux("send-keys", "-t", session, "C-q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and session in tmux("list-sessions", "-F", "#{session_name}"):
            time.sleep(0.1)
    except subprocess.CalledProcessError:
        pass  # the session ended with the app: that is the quit we asked for
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def offscript_command(scenario: Path) -> str:
    offscript = Path(sys.executable).with_name("offscript")
    return f"{offscript} play {scenario}" if offscript.exists() else f"{sys.executable} -m offscript play {scenario}"


def start_game(session: str, data: Path, scenario: Path) -> int:
    """Start the game in a new 80x24 tmux session; return the game's process id (exec: the pane's own pid)."""
    env = f"OFFSCRIPT_DATA_DIR={data} TERM=xterm-256color"
    command = f"cd {ROOT} && exec env {env} {offscript_command(scenario)}"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    return int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())


def test_kill_9_mid_game_then_resume_at_the_last_choice(tmp_path: Path) -> None:
    first, second = (f"offscript-e2e-{uuid.uuid4().hex[:8]}" for _ in range(2))
    try:
        pid = start_game(first, tmp_path, FOLLOW_UP)
        wait_for(first, "The Follow-up Call")
        tmux("send-keys", "-t", first, "Enter")  # start
        wait_for(first, "You said Friday.")
        tmux("send-keys", "-t", first, "1")  # first choice
        wait_for(first, "Sam sighs and takes a moment.")
        tmux("send-keys", "-t", first, "Space")
        wait_for(first, "When can I have it?")
        tmux("send-keys", "-t", first, "1")  # second choice
        wait_for(first, "Last time it went up.")
        os.kill(pid, signal.SIGKILL)  # no chance to clean up or save on the way out
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        assert SaveStore(tmp_path).unfinished(["follow-up", "first-call"]) == {"follow-up"}

        start_game(second, tmp_path, FOLLOW_UP)
        wait_for(second, "You have an unfinished run", "2 decisions made", "Continue", "Start over")
        tmux("send-keys", "-t", second, "Enter")  # Continue is the default
        screen = wait_for(  # the third decision is on offer
            second,
            "Last time it went up.",
            "Explain the price and what it includes.",
            "Offer a discount before he asks for one.",
        )
        assert "Traceback" not in screen
        tmux("send-keys", "-t", second, "1")
        wait_for(second, "I will read it tonight.")
    finally:
        for session in (first, second):
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_play_watch_follows_the_file_through_an_editor_s_saves(tmp_path: Path) -> None:
    """`play --watch` in a real terminal: sed -i saves as editors do (a new file renamed over the old)."""
    scenario = tmp_path / "hub.yaml"
    scenario.write_text((ROOT / "tests" / "fixtures" / "review" / "hub.yaml").read_text())
    session = f"offscript-e2e-{uuid.uuid4().hex[:8]}"
    env = f"OFFSCRIPT_DATA_DIR={tmp_path / 'data'} TERM=xterm-256color"
    command = f"cd {ROOT} && exec env {env} {offscript_command(scenario)} --watch"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    try:
        wait_for(session, "I lost the whole", "Watching")
        tmux("send-keys", "-t", session, "1")  # ask about the display
        wait_for(session, "A real question about her")
        subprocess.run(
            ["sed", "-i", "s/I lost the whole delivery./The whole delivery is gone./", str(scenario)], check=True
        )
        screen = wait_for(session, "is gone.", "Reloaded: 1 decision")
        assert "Ask what the display said" in screen  # the decision, taken again
        subprocess.run(["sed", "-i", "s/goto: offer/goto: offfer/", str(scenario)], check=True)
        wait_for(session, "This scenario cannot be played", "goto 'offfer' is not")
        subprocess.run(["sed", "-i", "s/goto: offfer/goto: offer/", str(scenario)], check=True)
        screen = wait_for(session, "Reloaded: 1 decision", "Move on to what you can")
        assert "Ask what the display said" in screen
        assert not (tmp_path / "data" / "history.jsonl").exists()  # a watched run is a test: nothing recorded
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_a_class_votes_by_hands_in_a_real_terminal_and_comes_back_after_a_kill(tmp_path: Path) -> None:
    """`offscript classroom` at 80x24: a clicker's keys, hands counted, the reveal; kill -9, and the class goes on."""
    hub = ROOT / "tests" / "fixtures" / "review" / "hub.yaml"
    offscript = Path(sys.executable).with_name("offscript")
    program = str(offscript) if offscript.exists() else f"{sys.executable} -m offscript"
    env = f"OFFSCRIPT_DATA_DIR={tmp_path / 'data'} TERM=xterm-256color"
    command = f"cd {ROOT} && exec env {env} {program} classroom {hub} --no-phones"
    first, second = (f"offscript-e2e-{uuid.uuid4().hex[:8]}" for _ in range(2))
    try:
        tmux("new-session", "-d", "-s", first, "-x", "80", "-y", "24", command)
        pid = int(tmux("display-message", "-p", "-t", first, "#{pane_pid}").strip())
        wait_for(first, "I lost the whole delivery.", "READ")
        for key in ("PageDown", "Right"):  # a presenter's clicker sends these
            tmux("send-keys", "-t", first, key)
        wait_for(first, "Vote: which would you say?", "0 votes in")
        for key in ("1", "1", "1", "4", "BSpace"):
            tmux("send-keys", "-t", first, key)
        screen = wait_for(first, "3 votes in")
        assert "%" not in screen  # hidden until the reveal
        tmux("send-keys", "-t", first, "Space")
        wait_for(first, "3 (100%) ◀ most votes")
        for key in ("Space", "Space"):
            tmux("send-keys", "-t", first, key)
        wait_for(first, "Coach: A real question about her morning.")
        for key in ("Space", "Space", "Space", "2", "2"):
            tmux("send-keys", "-t", first, key)
        wait_for(first, "2 votes in")
        os.kill(pid, signal.SIGKILL)
        tmux("new-session", "-d", "-s", second, "-x", "80", "-y", "24", command)
        screen = wait_for(second, "The class goes on where it stopped", "2 votes in")
        assert "Vote: which would you say?" in screen
    finally:
        for session in (first, second):
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_garbage_sent_to_the_voting_server_never_reaches_the_projector(tmp_path: Path) -> None:
    """Malformed HTTP, a huge header, a lying length and a TLS hello to the room's port: 4xx answers, and the
    terminal shows the lobby untouched (aiohttp's logs never write over the screen)."""
    import socket

    hub = ROOT / "tests" / "fixtures" / "review" / "hub.yaml"
    offscript = Path(sys.executable).with_name("offscript")
    program = str(offscript) if offscript.exists() else f"{sys.executable} -m offscript"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = f"OFFSCRIPT_DATA_DIR={tmp_path / 'data'} TERM=xterm-256color"
    command = f"cd {ROOT} && exec env {env} {program} classroom {hub} --host 127.0.0.1 --port {port}"
    session = f"offscript-e2e-{uuid.uuid4().hex[:8]}"
    attacks = [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 20_000 + b"\r\n\r\n",
        f"POST /vote HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 99999999\r\n\r\nxx".encode(),
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 100,
    ]
    try:
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
        wait_for(session, "0 phones joined", "READ", "Leave")
        time.sleep(0.5)
        before = capture(session)  # the whole first screen, settled
        for attack in attacks:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as phone:
                phone.sendall(attack)
                answer = phone.recv(64)
            assert answer.startswith((b"HTTP/1.0 4", b"HTTP/1.1 4")), answer
        time.sleep(0.5)
        after = capture(session)
        assert after == before and "Error" not in after and "Traceback" not in after
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
