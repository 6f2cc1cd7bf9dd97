"""Writing exported transcripts: new files in the exports folder, never over an earlier one.

The documents are rendered elsewhere (`offscript.render`); this only writes them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from pathlib import Path

from offscript.engine.model import SCENARIO_ID_PATTERN
from offscript.storage.files import StorageError, write_text_atomic


def write_exports(folder: Path, scenario_id: str, documents: Mapping[str, str]) -> list[Path]:
    """Write each document as `<scenario id>-<time>.<suffix>` in `folder`, all with one new stem.

    Raises StorageError when the folder cannot be written, or when the id is not a
    scenario id (it names a file, so `../..` or a slash must never get this far).
    """
    if not re.fullmatch(SCENARIO_ID_PATTERN, scenario_id):
        raise StorageError(f"cannot export: {scenario_id[:40]!r} is not a scenario id")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    stem = f"{scenario_id}-{stamp}"
    counter = 1
    while any((folder / f"{stem}.{suffix}").exists() for suffix in documents):
        counter += 1
        stem = f"{scenario_id}-{stamp}-{counter}"
    written = []
    for suffix, text in documents.items():
        path = folder / f"{stem}.{suffix}"
        write_text_atomic(path, text)
        written.append(path)
    return written
