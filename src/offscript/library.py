"""Finds scenarios: the built-in ones, the user's own folder, and folders given on the command line.

A broken file never breaks the library: it is listed with its first error,
so the trainer sees which file needs fixing and the rest still play.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from offscript.engine.diagnostics import Diagnostic
from offscript.engine.result import LoadResult
from offscript.storage.paths import data_dir, user_scenarios_dir
from offscript.storage.scenario_cache import load_scenario

Origin = Literal["opened", "built-in", "yours", "folder"]
SCENARIO_SUFFIXES = (".yaml", ".yml")
__all__ = ["data_dir", "user_scenarios_dir", "build_library", "resolve_target", "LibraryEntry"]


def builtin_scenarios_dir() -> Path:
    """The scenarios shipped in the wheel, or the repository's folder in a development install."""
    packaged = Path(__file__).resolve().parent / "scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios"


@dataclass(frozen=True)
class LibraryEntry:
    id: str
    title: str
    summary: str
    path: str
    origin: Origin
    difficulty: str = ""
    minutes: int | None = None
    tags: tuple[str, ...] = ()
    first_error: str = ""
    error_count: int = 0
    opened: bool = False  # opened from the command line (`offscript play FILE`): "this file"
    note: str = ""  # why this file is offered although another file has its id
    problems: tuple[Diagnostic, ...] = ()  # the library's own (OS600), beyond what the file alone shows

    @property
    def valid(self) -> bool:
        return not self.first_error

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "path": self.path,
            "valid": self.valid,
            "origin": self.origin,
            "summary": self.summary,
            "difficulty": self.difficulty,
            "minutes": self.minutes,
            "tags": list(self.tags),
            "first_error": self.first_error or None,
            "note": self.note or None,
        }


def scenario_paths(folder: Path) -> list[Path]:
    """Scenario files in a folder and its subfolders, skipping hidden ones; [] if it does not exist."""
    if not folder.is_dir():
        return []
    try:
        return sorted(
            p
            for p in folder.rglob("*")
            if p.suffix in SCENARIO_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
    except OSError:
        return []


def _entry(result: LoadResult, origin: Origin) -> LibraryEntry:
    scenario = result.scenario
    if scenario is None:
        errors = result.errors
        stem = Path(result.path).stem
        return LibraryEntry(
            id=stem,
            title=stem,
            summary="This file has errors and cannot be played.",
            path=result.path,
            origin=origin,
            first_error=errors[0].format() if errors else "",
            error_count=len(errors),
        )
    return LibraryEntry(
        id=scenario.id,
        title=scenario.title,
        summary=scenario.summary,
        path=result.path,
        origin=origin,
        difficulty=scenario.difficulty,
        minutes=scenario.minutes,
        tags=scenario.tags,
    )


# Where a scenario comes from, the most particular first: when two files share an id, the
# library offers the one whose place comes first (and `list` and `play ID` agree with it).
PLACE_NAMES: dict[Origin, str] = {
    "opened": "the file opened from the command line",
    "folder": "a --scenarios folder",
    "yours": "your folder",
    "built-in": "the built-in scenarios",
}


@dataclass(frozen=True)
class _Found:
    """A scenario file and its place: its rank (lower is offered first), its origin, whether it was opened."""

    path: Path
    origin: Origin
    rank: int
    opened: bool = False


def _found_files(extra_dirs: Sequence[str | os.PathLike[str]], opened: Sequence[str]) -> list[_Found]:
    """Every scenario file once, in the order listed: opened files from outside the folders, then the folders.

    A file opened from the command line that lies in one of the folders is
    listed there, marked as opened; either way it comes first when ids clash.
    """
    folders: list[tuple[Path, Origin, int]] = [(builtin_scenarios_dir(), "built-in", len(extra_dirs) + 2)]
    folders += [(user_scenarios_dir(), "yours", len(extra_dirs) + 1)]
    folders += [(Path(d), "folder", 1 + n) for n, d in enumerate(extra_dirs)]
    in_folders = [(path, origin, rank) for folder, origin, rank in folders for path in scenario_paths(folder)]
    in_a_folder = {_real(path) for path, _, _ in in_folders}
    opened_files = {_real(Path(p)): Path(p) for p in opened if Path(p).is_file()}
    found = [_Found(path, "opened", 0, True) for real, path in opened_files.items() if real not in in_a_folder]
    for path, origin, rank in in_folders:
        was_opened = _real(path) in opened_files
        found.append(_Found(path, origin, 0 if was_opened else rank, was_opened))
    seen: set[Path] = set()
    kept: list[_Found] = []
    for item in found:
        if _real(item.path) not in seen:  # a folder given twice, or inside another: each file once
            seen.add(_real(item.path))
            kept.append(item)
    return kept


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the path as given
        return path


def build_library(extra_dirs: Iterable[str | os.PathLike[str]] = (), opened: Sequence[str] = ()) -> list[LibraryEntry]:
    """Every scenario: `opened` files (from `offscript play FILE`), the built-in folder, yours, the extra folders.

    Each file appears once. When two valid files share an id, the one from the
    most particular place is offered (`PLACE_NAMES`, in order; within one
    folder the first by name) and the other is listed as not playable, with an
    OS600 error at its `id:` line that names the file offered and why.
    """
    found = _found_files(list(extra_dirs), opened)
    entries = [replace(_entry(load_scenario(f.path, analyse=False), f.origin), opened=f.opened) for f in found]
    return _resolve_clashes(entries, found)


def _resolve_clashes(entries: list[LibraryEntry], found: list[_Found]) -> list[LibraryEntry]:
    """Offer one file per id: the first by place; the others carry an OS600 error, the offered one a note."""
    by_id: dict[str, list[int]] = {}
    for index, entry in enumerate(entries):
        if entry.valid:
            by_id.setdefault(entry.id, []).append(index)
    resolved = list(entries)
    for indexes in by_id.values():
        if len(indexes) > 1:
            winner = min(indexes, key=lambda i: (found[i].rank, i))
            losers = [i for i in indexes if i != winner]
            for loser in losers:
                resolved[loser] = _not_offered(entries[loser], entries[winner], _why(found[winner], found[loser]))
            others = ", ".join(entries[i].path for i in losers)
            why = "; ".join(dict.fromkeys(_why(found[winner], found[i]) for i in losers))
            note = f"id '{entries[winner].id}' is also used by {others}, which is not offered ({why})"
            resolved[winner] = replace(entries[winner], note=note)
    return resolved


def _why(winner: _Found, loser: _Found) -> str:
    """Why the winner's place comes first, in the words of the trainers' guide."""
    if winner.opened:
        return "the file opened from the command line comes first"
    if winner.rank == loser.rank:
        return "in one folder, the first file by name comes first"
    if winner.origin == loser.origin == "folder":
        return "the --scenarios folder given first comes first"
    return f"{PLACE_NAMES[winner.origin]} comes before {PLACE_NAMES[loser.origin]}"


def _not_offered(entry: LibraryEntry, offered: LibraryEntry, why: str) -> LibraryEntry:
    """`entry`, not playable: an OS600 error at its `id:` line naming the file offered instead, and why."""
    from offscript.engine.duplicates import clash  # reads the file again: only for a clash, which is rare

    problem = clash(
        entry.path, entry.id, [offered.path], f"the library offers that file ({why}); give each scenario its own id"
    )
    return replace(entry, first_error=problem.format(), error_count=1, problems=(problem,))


def resolve_target(target: str, extra_dirs: Sequence[str] = ()) -> str | None:
    """A scenario file path, or the path of the library scenario with that id (the one the library offers)."""
    if Path(target).is_file():
        return target
    matching = [entry for entry in build_library(extra_dirs) if entry.id == target]
    matching.sort(key=lambda entry: not entry.valid)  # the file offered, else one with errors, to show them
    return matching[0].path if matching else None
