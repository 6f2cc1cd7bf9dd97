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

The entry is a file anyone can edit, and a forged one with the right stamp once
put scores of 999 into the history and an id of `../../..` into a save's file
name. So an entry is used only when every value has its annotated type
(`serialise`) and the result keeps every promise the loader makes
(`invariants`: ids, references, score ranges, ...); anything else is a miss.
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
from offscript.storage.shapes import ShapeError, parse_json

CACHE_FORMAT, CACHE_VERSION = "offscript-scenario-cache", 1
CACHED_BYTES = 2 * 1024 * 1024  # larger files go straight to the loader, which reports its own size limit
ENTRY_BYTES = 16 * CACHED_BYTES  # an entry is a few times its file's size; a larger one is not ours


def scenario_cache_dir() -> Path:
    return data_dir() / "cache" / "scenarios"


def load_scenario(path: str | os.PathLike[str], *, analyse: bool = True) -> LoadResult:
    """`load_file`, answered from the cache when this exact file was checked before."""
    return _load(os.fspath(path), analyse, checked=True)


def _load(shown: str, analyse: bool, *, checked: bool) -> LoadResult:
    """`load_scenario`; `checked=False` trusts the entry as the cache once did (for the benchmark only)."""
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
    cached = _read_entry(entry_path, stamp, analyse, checked)
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


def _read_entry(entry_path: Path, stamp: dict[str, object], analyse: bool, checked: bool = True) -> LoadResult | None:
    """The entry's result when its stamp matches and it can be trusted; None (a miss) otherwise."""
    try:
        if entry_path.stat().st_size > ENTRY_BYTES:
            return None
        entry = parse_json(entry_path.read_bytes())  # the one strict reader of the data folder
    except (OSError, ShapeError):  # missing, unreadable, cut short, NaN, nested too deep
        return None
    if not isinstance(entry, dict) or any(entry.get(key) != value for key, value in stamp.items()):
        return None
    if analyse and not entry.get("analysed"):
        return None
    from offscript.engine.serialise import result_from_data

    try:
        result = result_from_data(entry.get("result"), checked=checked)
        return result if not checked or _trusted(result, stamp, analyse) else None
    except (ValueError, RecursionError):
        return None


def _trusted(result: LoadResult, stamp: dict[str, object], analyse: bool) -> bool:
    """The result is of this very file, complete, and keeps every promise the loader makes."""
    from offscript.engine.invariants import result_problems

    scenario = result.scenario
    if scenario is None or result.path != stamp["path"] or scenario.content_hash != stamp["content"]:
        return False
    if analyse and result.analysis is None:
        return False
    return not result_problems(result)


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
