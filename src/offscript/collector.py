"""Pausing Python's cycle collector around heavy loading: an entry point's choice, never the engine's.

Loading a scenario allocates hundreds of thousands of small objects that
all stay alive, and every automatic collection rescans them: that was about
half the time of validating a large scenario. Nothing the engine builds
relies on the cycle collector. The collector is process-wide state, so the
engine (a library) never touches it: the command line pauses it around a
command's work, and the game around a load on its UI thread.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Pause the cycle collector for the block; it resumes afterwards only if it was on before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
