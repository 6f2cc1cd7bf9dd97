"""Atomic JSON files, and moving aside the ones that cannot be read.

Why so careful: a learner's history is weeks of practice. A kill -9 or a
power cut mid-write must leave either the old file or the new one, never half
of each (temporary file, flush, fsync, rename, fsync the folder). A file we
cannot read is never deleted or overwritten: it is renamed to
`NAME.unreadable-TIMESTAMP` with its content untouched, so nothing is lost.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class StorageError(Exception):
    """A folder or file that cannot be written; the message is fit for a person."""


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON so that a crash at any moment leaves the old or the new file, whole."""
    write_text_atomic(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text so that a crash at any moment leaves the old or the new file, whole."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            _remove_quietly(temporary)
            raise
        _fsync_folder(path.parent)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from None


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


def read_json(path: Path, expected_format: str, supported_versions: tuple[int, ...]) -> ReadResult:
    """Read one of our JSON files; move aside (never delete) a file that is corrupt or foreign.

    A missing file is not a problem: it gives `ReadResult(None, "")`.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ReadResult()
    except OSError as exc:
        return ReadResult(problem=f"cannot read {path}: {exc.strerror or exc}")
    reason = ""
    data: Any = None
    if not raw.strip():
        reason = "it is empty"
    else:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            reason = "it is not valid JSON (perhaps cut short)"
    if not reason:
        if not isinstance(data, dict) or data.get("format") != expected_format:
            reason = f"it is not an Offscript {expected_format.removeprefix('offscript-')} file"
        elif data.get("version") not in supported_versions:
            reason = f"its format version {data.get('version')!r} is not one this Offscript reads"
    if not reason:
        return ReadResult(data)
    return ReadResult(problem=move_aside(path, reason))


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
