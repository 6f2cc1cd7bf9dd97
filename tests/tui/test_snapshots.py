"""Snapshots of every screen at 80x24 and 120x40 (SVGs in __snapshots__, made with --snapshot-update)."""

from __future__ import annotations

import pytest

from offscript.engine.active_run import Mode
from offscript.tui.app import ClassroomOptions

from .conftest import BROKEN, DEAD_END, FIRST_CALL, FOLLOW_UP, LARGE, MARKUP, SMALL

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
    "confirm": ({"play_path": FIRST_CALL}, ["enter", "1", "escape"]),
}

# classroom play on a projector, one snapshot per phase (the review fixture: a question hub, then an offer)
CLASS = {"classroom": ClassroomOptions("tests/fixtures/review/hub.yaml", 0, None)}
CLASS_PHASES: dict[str, list[str]] = {
    "read": [],
    "discuss": ["space"],
    "vote": ["space", "space", "1", "1", "2"],
    "reveal": ["space", "space", "1", "1", "2", "4", "3", "space"],
    "decide": ["space", "space", "1", "4", "space", "space"],
    "consequence": ["space", "space", "1", "1", "2", "space", "space", "space", "o"],
    "debrief": [
        *(["space", "space", "1", "space", "space", "space", "space"]),
        *(["space", "space", "3"] + ["space"] * 4),
    ]
    + ["space", "space", "1", "space", "space", "space", "space"],
}


@SIZES
@pytest.mark.parametrize("phase", list(CLASS_PHASES))
def test_classroom(phase: str, size: tuple[int, int], snap_compare, make_app) -> None:
    assert snap_compare(make_app(**CLASS), press=[*CLASS_PHASES[phase], "_"], terminal_size=size)


@SIZES
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name: str, size: tuple[int, int], snap_compare, make_app) -> None:
    kwargs, keys = SCREENS[name]
    assert snap_compare(make_app(**kwargs), press=[*keys, "_"], terminal_size=size)


def test_too_small(snap_compare, make_app) -> None:
    assert snap_compare(make_app(play_path=FIRST_CALL), press=["_"], terminal_size=(70, 20))


@pytest.mark.parametrize("theme", ["offscript-light", "offscript-high-contrast"])
def test_themes(theme: str, snap_compare, make_app, tmp_path) -> None:
    (tmp_path / "settings.json").write_text(f'{{"format": "offscript-settings", "version": 1, "theme": "{theme}"}}')
    assert snap_compare(make_app(play_path=FIRST_CALL), press=["enter", "1", "_"], terminal_size=SMALL)


def _seed_save(data) -> None:
    from offscript.engine.loader import load_file
    from offscript.storage.saves import Save, SaveStore

    scenario = load_file(FOLLOW_UP).scenario
    assert scenario is not None
    steps = (("open", 0), ("when", 0))
    save = Save("follow-up", scenario.content_hash, Mode.COACH, "2025-03-04T14:00:00+0000", steps, "price")
    SaveStore(data).write(Save(**{**save.__dict__, "updated": "2025-03-04T14:02:09+0000"}))


def _seed_history(data) -> None:
    from offscript.storage.history import HistoryEntry, HistoryStore

    store = HistoryStore(data)
    for day, scores, outcome, rewinds in [
        (2, {"empathy": -1, "ownership": 0, "customer_first": -2}, "failure", 0),
        (5, {"empathy": 2, "ownership": 0, "customer_first": 1}, "success", 1),
        (9, {"empathy": 1, "ownership": 0, "customer_first": 0}, "success", 0),
        (16, {"empathy": 2, "ownership": 0, "customer_first": 1}, "success", 0),
    ]:
        finished = f"2025-01-{day:02d}T10:00:00+0000"
        store.record(
            HistoryEntry(
                "first-call",
                "The First Call",
                "",
                finished,
                finished,
                Mode.COACH,
                (("hello", 0),),
                scores,
                "won",
                "A second meeting",
                outcome,
                rewinds,
            )
        )


@SIZES
def test_resume_dialog(size: tuple[int, int], snap_compare, make_app, isolated) -> None:
    _seed_save(isolated)
    assert snap_compare(make_app(play_path=FOLLOW_UP), press=["_"], terminal_size=size)


@SIZES
def test_resumed_play(size: tuple[int, int], snap_compare, make_app, isolated) -> None:
    _seed_save(isolated)
    assert snap_compare(make_app(play_path=FOLLOW_UP), press=["enter", "_"], terminal_size=size)


@SIZES
def test_library_with_results(size: tuple[int, int], snap_compare, make_app, isolated) -> None:
    _seed_history(isolated)
    assert snap_compare(make_app(), press=["down", "_"], terminal_size=size)


@SIZES
def test_progress(size: tuple[int, int], snap_compare, make_app, isolated) -> None:
    _seed_history(isolated)
    assert snap_compare(make_app(), press=["p", "_"], terminal_size=size)
