"""Reading the data folder off the UI thread, for screens that show what it holds.

The library reads every scenario folder and the whole history; a classroom
machine after a year holds thousands of runs. A `BackgroundRead` does that
in a thread worker, so the screen is drawn and the app answers keys (help,
the palette, quit) meanwhile, then hands the result to its screen on the UI
thread. Its own message queue waits for the worker, so anything that waits
for the screen to settle, such as a test's Pilot, sees the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual.widget import Widget
from textual.worker import WorkerCancelled

T = TypeVar("T")


class BackgroundRead(Widget, Generic[T]):
    """Runs `read` in a thread once mounted, then calls `done` with what it returned (on the UI thread)."""

    DEFAULT_CSS = """
    BackgroundRead { display: none; }
    """

    def __init__(self, read: Callable[[], T], done: Callable[[T], None]) -> None:
        super().__init__()
        self._read = read
        self._done = done

    async def on_mount(self) -> None:
        worker = self.run_worker(self._read, thread=True, exit_on_error=False, group="read")
        try:
            result = await worker.wait()
        except WorkerCancelled:  # the screen closed first: nobody is waiting for the result
            return
        except Exception as exc:  # a reader that failed: say so, never crash the game
            self.notify(f"Could not read the data folder: {exc}", severity="error", markup=False)
            return
        self._done(result)
        self.remove()
