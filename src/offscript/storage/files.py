"""Atomic JSON files, and moving aside the ones that cannot be read.

Why so careful: a learner's history is weeks of practice. A kill -9 or a
power cut mid-write must leave either the old file or the new one, never half
of each (temporary file, flush, fsync, rename, fsync the folder). A file we
cannot read is never deleted or overwritten: it is renamed to
`NAME.unreadable-TIMESTAMP` with its content untouched, so nothing is lost.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from offscript.storage.shapes import Check, ShapeError, parse_json

MAX_FILE_BYTES = 256 * 2**20  # far beyond any history a person can play; reading more would only fill memory


class StorageError(Exception):
    """A folder or file that cannot be written; the message is fit for a person.

    `transient`: the system ran short of something that comes back (open files, say, while a room's phones
    hold connections), so the next write may well work."""

    def __init__(self, message: str, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


TRANSIENT = {errno.EMFILE, errno.ENFILE, errno.EAGAIN, errno.EINTR}


def write_json_atomic(path: Path, data: Any, durable: bool = True) -> None:
    """Write JSON so that a crash at any moment leaves the old or the new file, whole."""
    write_text_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n", durable)


def write_text_atomic(path: Path, text: str, durable: bool = True) -> None:
    """Write UTF-8 text so that a crash at any moment leaves the old or the new file, whole.

    `durable=False` skips the two fsyncs: a killed process still leaves the old or the new file (the kernel
    holds what was written), only a power cut may lose the last write. For writes too frequent to wait on
    the disk each time, such as a room's votes arriving together."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                if durable:
                    os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            _remove_quietly(temporary)
            raise
        if durable:
            _fsync_folder(path.parent)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}", exc.errno in TRANSIENT) from None


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class ReadResult:
    """What reading a JSON file gave: its data, or None with a one-line problem (already moved aside)."""

    data: Any = None
    problem: str = ""


def read_json(
    path: Path, expected_format: str, supported_versions: tuple[int, ...], shape: Check | None = None
) -> ReadResult:
    """Read one of our JSON files; move aside (never delete) a file that is corrupt, foreign or misshapen.

    The data is strict JSON (`shapes.parse_json`) with the expected `format` and a
    known `version`, then passes `shape` if one is given; the result holds what the
    shape returned. A missing file is not a problem: it gives `ReadResult(None, "")`.
    """
    try:
        raw = _read_regular_file(path)
    except FileNotFoundError:
        return ReadResult()
    except OSError as exc:
        return ReadResult(problem=f"cannot read {path}: {exc.strerror or exc}")
    reason = ""
    data: Any = None
    if len(raw) > MAX_FILE_BYTES:
        reason = f"it is larger than {MAX_FILE_BYTES // 2**20} MB"
    elif not raw.strip():
        reason = "it is empty"
    else:
        try:
            data = parse_json(raw)
        except ShapeError as exc:
            reason = str(exc)
    if not reason:
        if not isinstance(data, dict) or data.get("format") != expected_format:
            reason = f"it is not an Offscript {expected_format.removeprefix('offscript-')} file"
        elif isinstance(data.get("version"), bool) or data.get("version") not in supported_versions:
            reason = f"its format version {str(data.get('version'))[:20]} is not one this Offscript reads"
    if not reason and shape is not None:
        try:
            data = shape(data)
        except ShapeError as exc:
            reason = str(exc)
    if not reason:
        return ReadResult(data)
    return ReadResult(problem=move_aside(path, reason))


def _read_regular_file(path: Path) -> bytes:
    """A regular file's bytes, at most one more than MAX_FILE_BYTES; a FIFO or device is an OSError."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        return handle.read(MAX_FILE_BYTES + 1)


def move_aside(path: Path, reason: str) -> str:
    """Rename an unreadable file next to itself, content untouched; return the one-line report."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.unreadable-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.unreadable-{stamp}-{counter}")
    try:
        os.replace(path, target)
    except OSError as exc:
        return f"{path} could not be read ({reason}) and could not be moved aside: {exc.strerror or exc}"
    return f"{path.name} could not be read ({reason}); it was kept as {target.name}"
