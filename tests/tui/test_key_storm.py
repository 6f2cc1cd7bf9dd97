"""Key storms: random keys and clicks, faster than the screen, on every screen (issue #13, point 1).

Each storm is drawn from a seeded random generator and sent in one of four
ways: queued all at once before the app handles any of it, posted to the
app, pressed through Pilot, or clicked (single, double, and two clicks with
no pause between them). After each storm the game must still be running on
a screen it knows, and what it holds must be consistent: every run on screen
replays exactly from its steps, the screen offers what the run offers, the
autosave is the run, the history has one entry per ending reached, and no
key or click took more than one decision. A failure names the start, the
seed and every storm so far, so it can be replayed.
"""

from __future__ import annotations

import os
import random
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen

from offscript.engine import walk
from offscript.engine.active_run import ActiveRun
from offscript.tui.app import OffscriptApp
from offscript.tui.screens.base import RunScreen
from offscript.tui.screens.briefing import BriefingScreen
from offscript.tui.screens.confirm import ConfirmDialog
from offscript.tui.screens.diagnostics import DiagnosticsScreen
from offscript.tui.screens.ending import EndingScreen
from offscript.tui.screens.help import HelpScreen
from offscript.tui.screens.library import LibraryScreen
from offscript.tui.screens.play import PlayScreen
from offscript.tui.screens.progress import ProgressScreen
from offscript.tui.screens.resume import ResumeDialog
from offscript.tui.widgets.choices import ChoiceList

from .conftest import BROKEN, DEAD_END, FOLLOW_UP, SMALL
from .fast_input import post_keys, queue_keys, raw_click

# Every key some screen binds, and the brief's storm alphabet; ctrl+q (quit) is left out on purpose,
# ctrl+c only copies or hints at ctrl+q in Textual 8, so it stays in.
KEYS = (
    *("enter", "space", "escape", "backspace", "tab", "shift+tab"),
    *("up", "down", "left", "right", "pageup", "pagedown", "home", "end"),
    *"1234567890",
    *("q", "r", "p", "question_mark", "b", "u", "ctrl+z", "c", "s", "m", "x", "y", "n", "l"),
    *("ctrl+c", "ctrl+t", "ctrl+p"),
)
SELECTING = {"enter", "space", *"123456789"}  # keys that may take a decision (at most one each)
KNOWN_SCREENS = (
    LibraryScreen,
    BriefingScreen,
    PlayScreen,
    EndingScreen,
    ProgressScreen,
    HelpScreen,
    DiagnosticsScreen,
    ConfirmDialog,
    ResumeDialog,
    CommandPalette,
)
WIDTH, HEIGHT = SMALL


@dataclass
class Tally:
    """What the play screens really did, counted as it happens: decisions taken and endings reached."""

    decisions: int = 0
    endings: int = 0
    quits: int = 0  # quits asked for (the footer's ctrl+q, the palette's Quit): not crashes
    log: list[str] = field(default_factory=list)

    def quit(self, *args: object, **kwargs: object) -> None:
        """Stands in for `App.exit`, so a quit the storm asked for is counted and the storm goes on."""
        self.quits += 1


@pytest.fixture
def tally(monkeypatch: pytest.MonkeyPatch) -> Tally:
    """Count every live move a play screen shows (a replay for a redraw is not a move)."""
    counted = Tally()
    real = PlayScreen.play

    def play(self: PlayScreen, moves: Iterable[walk.Event]) -> None:
        def counting() -> Iterable[walk.Event]:
            for event in moves:
                counted.decisions += isinstance(event, walk.Chose)
                counted.endings += isinstance(event, walk.Ended)
                yield event

        real(self, counting())

    monkeypatch.setattr(PlayScreen, "play", play)
    return counted


# --- sending input ---------------------------------------------------------------------------------


def a_target(app: OffscriptApp, rng: random.Random) -> tuple[int, int]:
    """Somewhere worth clicking: inside an option list or a button half the time, anywhere otherwise."""
    widgets = [w for w in app.screen.query("OptionList, Button") if w.region.area]
    if widgets and rng.random() < 0.5:
        region = rng.choice(widgets).region
        return rng.randrange(region.x, region.right), rng.randrange(region.y, region.bottom)
    return rng.randrange(WIDTH), rng.randrange(HEIGHT)


async def storm(pilot: Pilot[int], rng: random.Random, tally: Tally) -> int:
    """One storm of 1 to 25 inputs, sent one of five ways; waits until the app is quiet again.

    Returns how many of its inputs may take a decision (a key such as 1 or enter, a click, a double click).
    """
    app = pilot.app
    assert isinstance(app, OffscriptApp)
    how = rng.choice(["queue", "post", "press", "click", "raw-clicks"])
    if how in ("queue", "post", "press"):
        keys = [rng.choice(KEYS) for _ in range(rng.randint(1, 25))]
        allowed = sum(key in SELECTING for key in keys)
        tally.log.append(f"{how} {' '.join(keys)}")
        if how == "queue":
            queue_keys(app, *keys)
        elif how == "post":
            post_keys(app, *keys)
        else:
            await pilot.press(*keys)
    else:
        clicks = [(*a_target(app, rng), rng.choice([1, 2])) for _ in range(rng.randint(1, 4))]
        allowed = len(clicks)  # a double click is one input: it may take one decision
        tally.log.append(f"{how} {clicks}")
        for x, y, times in clicks:
            if how == "click":
                await pilot.click(offset=(x, y), times=times)
            else:
                for chain in range(1, times + 1):
                    raw_click(app, x, y, chain)
    await settle(pilot)
    return allowed


async def settle(pilot: Pilot[int]) -> None:
    """Until every queued key, message and background read has been handled."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# --- what must hold after every storm --------------------------------------------------------------


def check_alive(app: OffscriptApp) -> None:
    assert app._exception is None, f"the app raised {app._exception!r}"
    assert app.is_running and app.return_code is None, "the app stopped"
    assert isinstance(app.screen, KNOWN_SCREENS), f"unknown screen {app.screen!r}"


def check_stack(app: OffscriptApp) -> None:
    """Above the library, one scenario screen at most, and no screen twice (a request applied twice pushes two).

    Started on a scenario, the game keeps that first screen at the bottom (Textual cannot switch it away).
    """
    stack = app.screen_stack
    libraries = [n for n, screen in enumerate(stack) if isinstance(screen, LibraryScreen)]
    above = stack[libraries[-1] + 1 :] if libraries else stack[1:]
    kinds = [type(screen) for screen in above]
    assert len(kinds) == len(set(kinds)), f"a screen is open twice: {kinds}"
    scenario_screens = (BriefingScreen, DiagnosticsScreen, PlayScreen, EndingScreen)
    assert sum(issubclass(kind, scenario_screens) for kind in kinds) <= 1, f"two scenarios open: {kinds}"


def check_replays(active: ActiveRun) -> None:
    """The run is exactly what replaying its steps gives: each choice was on offer where it was taken."""
    state = active.run.state
    steps = [(step.node, step.choice) for step in state.steps]
    replayed = walk.replayed(active.scenario, steps, reading_on=True, until=state.node)
    assert replayed.state == state


def check_offers(play: PlayScreen) -> None:
    """The options on screen are this run's, stamped with the latest showing."""
    run = play.run
    options = play.query_one(ChoiceList)
    ids = [options.get_option_at_index(i).id or "" for i in range(options.option_count)]
    assert {option.partition(":")[0] for option in ids} == {str(play.shown)}
    actions = [option.partition(":")[2] for option in ids]
    if run.is_dead_end:
        assert actions == ["again", "library", "review"]
    elif run.node.kind == "choices":
        assert actions == [f"choice-{i}" for i, _ in run.offered()]
    else:
        assert actions == (["continue"] if run.node.kind == "next" else ["debrief"])


def check_saved(app: OffscriptApp, screen: RunScreen) -> None:
    """The autosave on disk is the run on screen; a finished or stuck run leaves none."""
    active = screen.active
    save = app.game_store().load_save(active.scenario.id)
    if isinstance(screen, EndingScreen) or active.run.is_over:
        assert save is None, "a finished run left its save behind"
    elif save is not None or active.run.state.steps:
        assert save is not None, "a run with decisions was not saved"
        assert list(save.steps) == [(s.node, s.choice) for s in active.run.state.steps]
        assert (save.node, save.mode, save.rewinds) == (active.run.state.node, active.mode, active.rewinds)


def check_consistent(app: OffscriptApp, tally: Tally) -> None:
    """Runs replay, screens offer what runs offer, the save is the run, the history is one entry per ending."""
    check_stack(app)
    runs = [screen for screen in app.screen_stack if isinstance(screen, RunScreen)]
    for screen in runs:
        check_replays(screen.active)
        if isinstance(screen, PlayScreen) and screen.is_mounted:
            check_offers(screen)
    if runs:
        check_saved(app, runs[-1])
    history, problem = app.game_store().read_history()
    assert not problem
    assert len(history) == tally.endings, "an ending was recorded twice, or not at all"


# --- where each storm starts ----------------------------------------------------------------------


async def start_library(pilot: Pilot[int]) -> None:
    await settle(pilot)


async def start_keys(pilot: Pilot[int], *keys: str) -> None:
    """Press these keys, once the first screen is ready."""
    await settle(pilot)
    await pilot.press(*keys)
    await settle(pilot)


async def start_play(pilot: Pilot[int], *keys: str) -> None:
    """From the briefing: start, then play these keys."""
    await start_keys(pilot, "s", *keys)


async def to_resume(pilot: Pilot[int]) -> None:
    """A run left after one decision, then its scenario opened again: the resume dialog."""
    await start_play(pilot, "1", "escape", "y")
    await pilot.app.workers.wait_for_complete()
    app = pilot.app
    assert isinstance(app, OffscriptApp)
    app.open_scenario(FOLLOW_UP)
    await settle(pilot)


Start = Callable[[Pilot[int]], Awaitable[None]]
STARTS: dict[str, tuple[dict[str, object], Start, type[Screen]]] = {
    "library": ({}, start_library, LibraryScreen),
    "briefing": ({"play_path": FOLLOW_UP}, start_library, BriefingScreen),
    "play-coach": ({"play_path": FOLLOW_UP}, start_play, PlayScreen),
    "play-assessment": ({"play_path": FOLLOW_UP, "mode": "assessment"}, start_play, PlayScreen),
    "next-node": ({"play_path": FOLLOW_UP}, lambda p: start_play(p, "1"), PlayScreen),
    "dead-end": ({"play_path": DEAD_END}, lambda p: start_play(p, "1"), PlayScreen),
    "ending": ({"play_path": FOLLOW_UP}, lambda p: start_play(p, "1", "space", "1", "1", "enter"), EndingScreen),
    "rewind": ({"play_path": FOLLOW_UP}, lambda p: start_play(p, "1", "space", "1", "1", "enter", "u"), PlayScreen),
    "confirm": ({"play_path": FOLLOW_UP}, lambda p: start_play(p, "1", "escape"), ConfirmDialog),
    "resume": ({"play_path": FOLLOW_UP}, to_resume, ResumeDialog),
    "progress": ({}, lambda p: start_keys(p, "p"), ProgressScreen),
    "help": ({}, lambda p: start_keys(p, "question_mark"), HelpScreen),
    "palette": ({"play_path": FOLLOW_UP}, lambda p: start_play(p, "ctrl+p"), CommandPalette),
    "problems": ({"play_path": BROKEN}, start_library, DiagnosticsScreen),
}
# One seed per start keeps the whole storm near half a minute; OFFSCRIPT_STORM_SEEDS=50 runs a longer search.
SEEDS = range(1, 1 + int(os.environ.get("OFFSCRIPT_STORM_SEEDS", "1")))
STORMS = 5


@pytest.fixture(autouse=True)
def no_animation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scrolls jump rather than glide, so a storm waits for the game, not for its animations."""
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("start", STARTS)
async def test_a_key_storm_leaves_the_game_alive_and_consistent(
    make_app: Callable[..., OffscriptApp], tally: Tally, start: str, seed: int
) -> None:
    options, begin, first = STARTS[start]
    rng = random.Random(f"{start}-{seed}")
    app = make_app(extra_dirs=["tests/fixtures/tui"], **options)
    try:
        async with app.run_test(size=SMALL) as pilot:
            await begin(pilot)
            await settle(pilot)
            assert isinstance(app.screen, first), f"the storm should start on {first.__name__}, not {app.screen!r}"
            check_consistent(app, tally)
            app.exit = tally.quit  # type: ignore[method-assign]
            for _ in range(STORMS):
                before = tally.decisions
                allowed = await storm(pilot, rng, tally)
                check_alive(app)
                check_consistent(app, tally)
                assert tally.decisions - before <= allowed, "one key or click took more than one decision"
    except BaseException as exc:
        exc.add_note(f"key storm: start={start} seed={seed}\n" + "\n".join(tally.log))
        raise
