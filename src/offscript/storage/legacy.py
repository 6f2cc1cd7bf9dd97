"""The JSON files of Offscript before the records database: `history.json` and `saves/<id>.json`.

They are imported into the database once, when it is created, and then left in
place untouched (a learner going back to an older Offscript still has them,
and nothing is ever deleted on the way). A folder that cannot hold a database
(read-only) is read from these files directly.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from offscript.storage import shapes
from offscript.storage.files import read_json
from offscript.storage.history import HistoryEntry, insert_entry
from offscript.storage.saves import read_save_file, write_row

HISTORY_FILE = "history.json"
HISTORY_FORMAT = "offscript-history"
HISTORY_VERSION = 1
SAVES_FOLDER = "saves"
MAX_SAVE_FILES = 10_000

HISTORY_SHAPE = shapes.record({"runs": shapes.list_of(shapes.anything, max_items=10_000_000)})


def read_history_file(folder: Path) -> tuple[list[HistoryEntry], str]:
    """Every readable run in `history.json`, oldest first, and a one-line problem.

    Entries this version cannot read are skipped and counted; a file that is not a
    history at all is moved aside.
    """
    path = folder / HISTORY_FILE
    result = read_json(path, HISTORY_FORMAT, (HISTORY_VERSION,), HISTORY_SHAPE)
    if result.data is None:
        return [], result.problem
    entries: list[HistoryEntry] = []
    skipped = 0
    for index, item in enumerate(result.data["runs"]):
        try:
            entry = HistoryEntry.from_json(item)
        except shapes.ShapeError:
            skipped += 1
            continue
        entries.append(_with_legacy_id(entry, index))
    problem = f"{skipped} unreadable entr{'y' if skipped == 1 else 'ies'} in {path.name} skipped" if skipped else ""
    return entries, problem


def _with_legacy_id(entry: HistoryEntry, index: int) -> HistoryEntry:
    """Entries of version 1 files have no run id; their place in the file is one (imported once)."""
    return replace(entry, run_id=f"v1-{index}")


def import_json_files(connection: sqlite3.Connection, folder: Path) -> list[str]:
    """Copy the old files' runs and saves into a new database (inside its creating transaction)."""
    entries, problem = read_history_file(folder)
    for entry in entries:
        insert_entry(connection, entry)
    problems = [problem] if problem else []
    saves_folder = folder / SAVES_FOLDER
    try:
        paths = sorted(saves_folder.glob("*.json"))[:MAX_SAVE_FILES] if saves_folder.is_dir() else []
    except OSError:
        paths = []
    for path in paths:
        save, save_problem = read_save_file(path)
        if save is not None:
            write_row(connection, save)
        elif save_problem:
            problems.append(save_problem)
    return problems
