"""Input sent faster than the screen: every key or click queued before the app has handled the first."""

from __future__ import annotations

from textual import events

from offscript.tui.app import OffscriptApp

CHARACTERS = {"enter": "\r", "space": " ", "escape": "\x1b", "tab": "\t", "backspace": "\x7f", "question_mark": "?"}


def key_event(key: str) -> events.Key:
    return events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))


def queue_keys(app: OffscriptApp, *keys: str) -> None:
    """Every key queued at once, as a terminal delivers them while the game is busy."""
    assert app._driver is not None
    for key in keys:
        app._driver.send_message(key_event(key))


def post_keys(app: OffscriptApp, *keys: str) -> None:
    """Every key posted straight to the app's queue (what `App.simulate_key` does), none awaited."""
    for key in keys:
        app.post_message(key_event(key))


def raw_click(app: OffscriptApp, x: int, y: int, chain: int = 1) -> None:
    """A mouse down, up and click at (x, y) handed to the screen at once (Pilot pauses between them).

    `chain` 2 is the second click of a double click, as the app numbers it.
    """
    screen = app.screen
    where = {"x": x, "y": y, "delta_x": 0, "delta_y": 0, "button": 1, "shift": False, "meta": False, "ctrl": False}
    for kind in (events.MouseDown, events.MouseUp):
        screen._forward_event(kind(screen, **where, screen_x=x, screen_y=y))
    screen._forward_event(events.Click(screen, **where, screen_x=x, screen_y=y, chain=chain))
