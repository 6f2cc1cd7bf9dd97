"""Finds scenarios: the built-in ones, the user's own folder, and folders given on the command line.

A broken file never breaks the library: it is listed with its first error,
so the trainer sees which file needs fixing and the rest still play.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from offscript.engine.result import LoadResult
from offscript.storage.paths import data_dir, user_scenarios_dir
from offscript.storage.scenario_cache import load_scenario

Origin = Literal["built-in", "yours", "folder"]
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


def build_library(extra_dirs: Iterable[str | os.PathLike[str]] = ()) -> list[LibraryEntry]:
    """Every scenario in the built-in folder, the user's folder and the extra folders, in that order."""
    sources: list[tuple[Path, Origin]] = [(builtin_scenarios_dir(), "built-in"), (user_scenarios_dir(), "yours")]
    sources += [(Path(d), "folder") for d in extra_dirs]
    entries: list[LibraryEntry] = []
    seen_ids: dict[str, str] = {}
    seen_paths: set[Path] = set()
    for folder, origin in sources:
        for path in scenario_paths(folder):
            if path.resolve() in seen_paths:
                continue
            seen_paths.add(path.resolve())
            entry = _entry(load_scenario(path, analyse=False), origin)
            if entry.valid and entry.id in seen_ids:
                entry = LibraryEntry(
                    **{
                        **entry.__dict__,
                        "first_error": f"{entry.path}:1:1: error: id '{entry.id}' is also used by "
                        f"{seen_ids[entry.id]}; give each scenario its own id",
                        "error_count": 1,
                    }
                )
            seen_ids.setdefault(entry.id, entry.path)
            entries.append(entry)
    return entries


def resolve_target(target: str, extra_dirs: Sequence[str] = ()) -> str | None:
    """A scenario file path, or the path of the library scenario with that id."""
    if Path(target).is_file():
        return target
    for entry in build_library(extra_dirs):
        if entry.id == target:
            return entry.path
    return None
