"""Reading the data folder off the UI thread, for screens that show what it holds.

The library reads every scenario folder and the whole history; a classroom
machine after a year holds thousands of runs. A `BackgroundRead` does that
in a thread worker, so the screen is drawn and the app answers keys (help,
the palette, quit) meanwhile, then hands the result to its screen on the UI
thread. Once mounted (so the screen is drawn), its own message queue waits
for the worker, so anything that waits for the screen to settle, such as a
test's Pilot, sees the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from textual.message import Message
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

    class Pending(Message):
        """Handled after the widget is mounted, so the screen is drawn while the read goes on."""

    def on_mount(self) -> None:
        self.post_message(self.Pending())

    async def on_background_read_pending(self, message: Pending) -> None:
        message.stop()
        worker = self.run_worker(self._read, thread=True, exit_on_error=False, group="read")
        try:
            result = await worker.wait()
        except WorkerCancelled:  # the screen closed first: nobody is waiting for the result
            return
        except Exception as exc:  # a reader that failed: say so, never crash the game
            self.notify(f"Could not read the data folder: {exc}", severity="error", markup=False)
            return
        if self.is_attached and self.screen in self.app.screen_stack:  # its screen may have closed meanwhile
            self._done(result)
        self.remove()
