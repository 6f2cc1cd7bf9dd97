"""Reading a scenario file's bytes: the one reader every path takes (the loader and the game's cache).

Kept apart from the loader so that a scenario answered from the cache is read
the same careful way without importing the YAML parser.
"""

from __future__ import annotations

import os
import stat

from offscript.engine.diagnostics import Diagnostic

MAX_BYTES = 20 * 1024 * 1024


def read_scenario_file(path: str) -> bytes | Diagnostic:
    """A scenario file's bytes, or the diagnostic that says why it cannot be read (the one reader of files).

    Only a regular file is read: a folder gets its own message, and a device
    or a pipe (`/dev/zero`, a FIFO) is refused before it is opened, since
    reading it would never end or never start. It is opened without blocking
    and read no further than the size limit, in case it changed in between.
    """
    try:
        kind = os.stat(path).st_mode
        if stat.S_ISDIR(kind):
            return _unreadable(path, "it is a folder; give a scenario file, or the folder to 'offscript validate'")
        if not stat.S_ISREG(kind):
            return _unreadable(path, "it is not a regular file (a device, a pipe or a socket); a scenario is a file")
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced since the check
                return _unreadable(path, "it is not a regular file; a scenario is a file")
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return _unreadable(path, exc.strerror or str(exc))
    if len(data) > MAX_BYTES:  # do not read a huge file into memory, nor parse it
        size = max(len(data), os.path.getsize(path) if os.path.exists(path) else 0)
        return Diagnostic(
            path,
            1,
            1,
            "error",
            "OS103",
            f"the file is {size / 1_048_576:.1f} MB; a scenario may be at most {MAX_BYTES // 1_048_576} MB",
        )
    return data


def _unreadable(path: str, why: str) -> Diagnostic:
    return Diagnostic(path, 1, 1, "error", "OS100", f"cannot read the file: {why}")
