"""Checked scenarios kept between runs, so that the game opens a scenario it has seen before at once.

Reading a scenario's YAML, checking it and analysing every playthrough takes
10 to 45 ms for the built-in scenarios, and importing the YAML parser ~10 ms
more, on every start of the game and for every file in the library. A learner
replays the same scenarios for weeks, so the game keeps each checked scenario
as JSON, one file per scenario path, in the data folder's `cache/scenarios/`.

An entry is used only when the file's bytes, its path as given, the entry's
format version and the engine's own files (their names, sizes and times) are all
unchanged, so an edited scenario, or an edited or upgraded Offscript, is
checked afresh. Only scenarios without errors are kept: a trainer fixing a
file always gets a fresh check. The cache is never worth a message: an entry
that cannot be read is a miss, and one that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

from offscript import __version__
from offscript.engine.result import LoadResult
from offscript.storage.files import StorageError, write_text_atomic
from offscript.storage.paths import data_dir

CACHE_FORMAT, CACHE_VERSION = "offscript-scenario-cache", 1
CACHED_BYTES = 2 * 1024 * 1024  # larger files go straight to the loader, which reports its own size limit


def scenario_cache_dir() -> Path:
    return data_dir() / "cache" / "scenarios"


def load_scenario(path: str | os.PathLike[str], *, analyse: bool = True) -> LoadResult:
    """`load_file`, answered from the cache when this exact file was checked before."""
    shown = os.fspath(path)
    data = _read_small_file(shown)
    if data is None:
        return _load_fresh(shown, analyse)
    entry_path = scenario_cache_dir() / f"{hashlib.sha256(os.fsencode(os.path.abspath(shown))).hexdigest()[:32]}.json"
    stamp = {
        "format": CACHE_FORMAT,
        "version": CACHE_VERSION,
        "engine": _engine_stamp(),
        "path": shown,
        "content": hashlib.sha256(data).hexdigest(),
    }
    cached = _read_entry(entry_path, stamp, analyse)
    if cached is not None:
        return cached
    from offscript.engine.loader import load_bytes

    result = load_bytes(data, shown, analyse=analyse)
    if result.ok and result.scenario is not None:
        _write_entry(entry_path, stamp, analyse, result)
    return result


def _read_small_file(path: str) -> bytes | None:
    """The file's bytes, read by the loader's one reader (regular files only: never a pipe or a device);
    None when it is unreadable or large (the loader then says why, or copes)."""
    from offscript.engine.reading import read_scenario_file

    data = read_scenario_file(path)
    return data if isinstance(data, bytes) and len(data) <= CACHED_BYTES else None


def _load_fresh(path: str, analyse: bool) -> LoadResult:
    from offscript.engine.loader import load_file

    return load_file(path, analyse=analyse)


def _read_entry(entry_path: Path, stamp: dict[str, object], analyse: bool) -> LoadResult | None:
    try:
        entry = json.loads(entry_path.read_bytes())
    except (OSError, ValueError, RecursionError):  # missing, unreadable, cut short
        return None
    if not isinstance(entry, dict) or any(entry.get(key) != value for key, value in stamp.items()):
        return None
    if analyse and not entry.get("analysed"):
        return None
    from offscript.engine.serialise import result_from_data

    try:
        return result_from_data(entry.get("result"))
    except ValueError:
        return None


def _write_entry(entry_path: Path, stamp: dict[str, object], analysed: bool, result: LoadResult) -> None:
    from offscript.engine.serialise import result_to_data

    try:
        entry = {**stamp, "analysed": analysed, "result": result_to_data(result)}
        write_text_atomic(entry_path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    except (StorageError, TypeError, ValueError):
        pass  # a read-only or full data folder, or a value JSON cannot hold: the game works without its cache


@cache
def _engine_stamp() -> str:
    """Changes whenever the code that checks and analyses scenarios may have changed."""
    engine = Path(__file__).resolve().parents[1] / "engine"
    try:
        files = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(engine) if e.is_file())
    except OSError:
        files = []
    return hashlib.sha256(repr((__version__, files)).encode()).hexdigest()[:16]
