"""The game itself: the library (no command) or one scenario (`offscript play`), with start-up kept quick."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Sequence
from typing import TYPE_CHECKING

from offscript.cli.common import check_folders, scenario_dirs

if TYPE_CHECKING:
    from offscript.engine.start import Start


def run(args: argparse.Namespace) -> int:
    """No command: open the library."""
    folders = scenario_dirs(args)
    check_folders(folders)
    return run_game(folders)


def run_game(
    extra_dirs: Sequence[str],
    *,
    play_path: str | None = None,
    mode: str = "coach",
    test_from: Start | None = None,
    watch: bool = False,
) -> int:
    """Import and run the game with Python's cycle collector off until its first frame is drawn.

    Start-up (Textual, the engine, the stylesheet, the first screen) builds objects
    that live as long as the game; a hundred collector passes over them cost about
    20 ms of a 300 ms start. The app freezes what start-up built and turns the
    collector back on once the first frame is on screen.
    """
    gc.disable()
    from offscript.tui.app import run_app

    return run_app(
        extra_dirs=list(extra_dirs),
        play_path=play_path,
        mode=mode,
        collector_paused=True,
        test_from=test_from,
        watch=watch,
    )
