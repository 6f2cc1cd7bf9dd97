"""Snapshots of every screen at 80x24 and 120x40 (SVGs in __snapshots__, made with --snapshot-update)."""

from __future__ import annotations

import pytest

from .conftest import BROKEN, DEAD_END, FIRST_CALL, LARGE, MARKUP, SMALL

SIZES = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])

# screen name -> (app arguments, keys to press)
SCREENS: dict[str, tuple[dict[str, object], list[str]]] = {
    "library": ({}, []),
    "briefing": ({"play_path": FIRST_CALL}, []),
    "play": ({"play_path": FIRST_CALL}, ["enter", "1"]),
    "play-assessment": ({"play_path": FIRST_CALL, "mode": "assessment"}, ["enter", "1"]),
    "play-dead-end": ({"play_path": DEAD_END}, ["enter", "1"]),
    "ending": ({"play_path": FIRST_CALL}, ["enter", "2", "space", "enter"]),
    "ending-markup": ({"play_path": MARKUP}, ["enter", "1", "enter"]),
    "diagnostics": ({"play_path": BROKEN}, []),
    "help": ({}, ["question_mark"]),
    "confirm": ({"play_path": FIRST_CALL}, ["enter", "escape"]),
}


@SIZES
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name: str, size: tuple[int, int], snap_compare, make_app) -> None:
    kwargs, keys = SCREENS[name]
    assert snap_compare(make_app(**kwargs), press=[*keys, "_"], terminal_size=size)


def test_too_small(snap_compare, make_app) -> None:
    assert snap_compare(make_app(play_path=FIRST_CALL), press=["_"], terminal_size=(70, 20))


@pytest.mark.parametrize("theme", ["offscript-light", "offscript-high-contrast"])
def test_themes(theme: str, snap_compare, make_app, tmp_path) -> None:
    (tmp_path / "settings.json").write_text(f'{{"theme": "{theme}"}}')
    assert snap_compare(make_app(play_path=FIRST_CALL), press=["enter", "1", "_"], terminal_size=SMALL)
