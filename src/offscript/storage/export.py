"""Writing exported transcripts: new files in the exports folder, never over an earlier one.

The documents are rendered elsewhere (`offscript.render`); this only writes them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

from offscript.storage.files import write_text_atomic


def write_exports(folder: Path, scenario_id: str, documents: Mapping[str, str]) -> list[Path]:
    """Write each document as `<scenario id>-<time>.<suffix>` in `folder`, all with one new stem.

    Raises StorageError when the folder cannot be written.
    """
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
