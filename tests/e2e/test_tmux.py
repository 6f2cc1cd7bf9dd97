"""End to end: `offscript play` in a real terminal (tmux, 80x24), played to its ending with keys."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "first-call.yaml"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (CI installs it)")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def capture(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, text: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} did not appear within {timeout}s; the screen shows:\n{screen}")


def test_play_first_call_to_its_ending(tmp_path: Path) -> None:
    session = f"offscript-e2e-{uuid.uuid4().hex[:8]}"
    offscript = Path(sys.executable).with_name("offscript")
    command = f"{offscript} play {FIXTURE}" if offscript.exists() else f"{sys.executable} -m offscript play {FIXTURE}"
    env = f"OFFSCRIPT_DATA_DIR={tmp_path} TERM=xterm-256color"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", f"cd {ROOT} && env {env} {command}")
    try:
        screen = wait_for(session, "The First Call")
        assert "You sell industrial fasteners." in screen
        assert "Mara Jensen, Purchase manager" in screen
        tmux("send-keys", "-t", session, "Enter")  # start
        screen = wait_for(session, "Jensen. You have two minutes.")
        assert "impatient" in screen
        tmux("send-keys", "-t", session, "1")  # ask why
        screen = wait_for(session, "A real question lets the")
        assert "Trust: 3 of 5." in screen
        assert "Empathy +2" in screen
        tmux("send-keys", "-t", session, "Space")  # continue: the branch leads to the ending
        wait_for(session, "Mara books a visit to the plant.")
        tmux("send-keys", "-t", session, "Enter")  # the debrief
        screen = wait_for(session, "A second meeting")
        assert "SUCCESS" in screen
        assert "You earned it by asking." in screen
        assert "100%" in screen
        assert "Traceback" not in screen
        tmux("send-keys", "-t", session, "C-q")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and session in tmux("list-sessions", "-F", "#{session_name}"):
            time.sleep(0.1)
    except subprocess.CalledProcessError:
        pass  # the session ended with the app: that is the quit we asked for
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
