"""Tell the game when a scenario file changes on disk, without polling: `play --watch`.

A trainer edits the file in their editor and the game reloads it. Waking up
every so often to look at the file would cost a little all day long, so the
watcher waits on the operating system instead: on Linux, inotify, read by
the event loop only when the kernel says there is something to read (idle,
it costs nothing at all); elsewhere, `watchfiles` (FSEvents on macOS,
ReadDirectoryChangesW on Windows), imported only then.

The directory is watched, not the file: most editors save by writing a new
file and renaming it over the old one, which a watch on the file itself would
lose after the first save. Events for other files in the directory are
ignored. A save is often several events (truncate, write, close, rename), so
the watcher waits until the file has been quiet for `QUIET` seconds and then
calls back once.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import os
import struct
import sys
from collections.abc import Callable
from pathlib import Path

QUIET = 0.2  # seconds without a new event before a save counts as finished

# inotify(7)
_IN_MODIFY, _IN_ATTRIB, _IN_CLOSE_WRITE = 0x2, 0x4, 0x8
_IN_MOVED_FROM, _IN_MOVED_TO, _IN_CREATE, _IN_DELETE = 0x40, 0x80, 0x100, 0x200
_IN_Q_OVERFLOW = 0x4000
_IN_NONBLOCK, _IN_CLOEXEC = os.O_NONBLOCK, 0o2000000
_MASK = _IN_MODIFY | _IN_ATTRIB | _IN_CLOSE_WRITE | _IN_MOVED_FROM | _IN_MOVED_TO | _IN_CREATE | _IN_DELETE
_EVENT = struct.Struct("iIII")  # wd, mask, cookie, length of the name that follows


class WatchError(OSError):
    """The file cannot be watched (no such folder, too many watches): said once, and play goes on unwatched."""


class FileWatcher:
    """Calls `changed()` in the event loop once after each save of `path`; `stop()` ends the watch."""

    def __init__(self, path: str | os.PathLike[str], changed: Callable[[], None], *, backend: str = "") -> None:
        self.path = Path(os.path.realpath(path))
        # "inotify" or "watchfiles"; by default inotify on Linux, where it is the kernel's own
        self.backend = backend or ("inotify" if sys.platform.startswith("linux") else "watchfiles")
        self.changed = changed
        self._loop: asyncio.AbstractEventLoop | None = None
        self._quiet: asyncio.TimerHandle | None = None
        self._stop: Callable[[], None] | None = None

    def start(self) -> None:
        """Begin watching; WatchError when the system refuses."""
        self._loop = asyncio.get_running_loop()
        if self.backend == "inotify":
            self._stop = self._start_inotify()
        else:
            self._stop = self._start_watchfiles()

    def stop(self) -> None:
        if self._quiet is not None:
            self._quiet.cancel()
            self._quiet = None
        if self._stop is not None:
            self._stop()
            self._stop = None

    @property
    def watching(self) -> bool:
        return self._stop is not None

    def _noticed(self) -> None:
        """An event for the file: (re)start the quiet period after which the save counts as done."""
        if self._quiet is not None:
            self._quiet.cancel()
        assert self._loop is not None
        self._quiet = self._loop.call_later(QUIET, self._settled)

    def _settled(self) -> None:
        self._quiet = None
        self.changed()

    # --- Linux: inotify, read when the kernel has events -------------------------

    def _start_inotify(self) -> Callable[[], None]:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        fd = libc.inotify_init1(_IN_NONBLOCK | _IN_CLOEXEC)
        if fd < 0:
            raise WatchError(ctypes.get_errno(), f"cannot watch files: {os.strerror(ctypes.get_errno())}")
        folder = os.fsencode(self.path.parent)
        if libc.inotify_add_watch(fd, folder, _MASK) < 0:
            errno = ctypes.get_errno()
            os.close(fd)
            raise WatchError(errno, f"cannot watch {self.path.parent}: {os.strerror(errno)}")
        name = os.fsencode(self.path.name)
        assert self._loop is not None
        loop = self._loop
        loop.add_reader(fd, self._read_inotify, fd, name)

        def stop() -> None:
            loop.remove_reader(fd)
            os.close(fd)

        return stop

    def _read_inotify(self, fd: int, name: bytes) -> None:
        """Read every pending event; note those about the watched file (or an overflow, which may hide one)."""
        try:
            data = os.read(fd, 64 * 1024)
        except BlockingIOError:
            return
        except OSError:  # the descriptor went away: nothing more will come
            return
        offset, relevant = 0, False
        while offset + _EVENT.size <= len(data):
            _, mask, _, length = _EVENT.unpack_from(data, offset)
            offset += _EVENT.size
            event_name = data[offset : offset + length].rstrip(b"\0")
            offset += length
            if event_name == name or mask & _IN_Q_OVERFLOW:
                relevant = True
        if relevant:
            self._noticed()

    # --- elsewhere: watchfiles ---------------------------------------------------

    def _start_watchfiles(self) -> Callable[[], None]:
        try:
            from watchfiles import awatch
        except ImportError as exc:
            raise WatchError(0, "cannot watch files: the 'watchfiles' package is not installed") from exc
        if not self.path.parent.is_dir():
            raise WatchError(0, f"cannot watch {self.path.parent}: no such folder")
        stop_event = asyncio.Event()
        target = str(self.path)

        async def watch() -> None:
            with contextlib.suppress(Exception):  # a watch that fails ends quietly; play goes on
                async for changes in awatch(self.path.parent, stop_event=stop_event, debounce=200, step=250):
                    if any(os.path.realpath(changed) == target for _, changed in changes):
                        self._noticed()

        assert self._loop is not None
        task = self._loop.create_task(watch())

        def stop() -> None:
            stop_event.set()
            task.cancel()

        return stop
