"""What the commands share: exit statuses, usage errors, finding and loading scenario files, shared options."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from offscript.engine.model import Scenario
    from offscript.engine.result import LoadResult
    from offscript.engine.start import Start

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_UNFINISHED = 0, 1, 2, 3
SCENARIO_SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """A mistake in how the command was called (exit status 2)."""


def write_document(document: str, output: str | None, what: str) -> int:
    """Print the document, or write it to `output` and say "wrote WHAT to OUTPUT"; a file that cannot be written
    is a usage error, said in one line."""
    if output is None:
        sys.stdout.write(document)
        return EXIT_OK
    try:
        Path(output).write_text(document, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    from offscript.engine.safe_text import safe

    print(f"wrote {safe(what)} to {safe(output)}", file=sys.stderr)
    return EXIT_OK


def add_scenarios_option(parser: argparse.ArgumentParser, help: str, *, dest: str = "sub_scenarios") -> None:
    """`--scenarios DIR`, repeatable: declared once, for the top level and for each command that reads the library."""
    parser.add_argument("--scenarios", action="append", dest=dest, default=[], metavar="DIR", help=help)


def add_json_option(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--json", action="store_true", help=help)


def add_start_options(parser: argparse.ArgumentParser, note: str = "") -> None:
    """`--from NODE` and `--set NAME=VALUE`: start anywhere, as `run` and `play` both offer ("test from here")."""
    parser.add_argument(
        "--from", dest="from_node", metavar="NODE", help=f"start at this node instead of the start{note}"
    )
    parser.add_argument(
        "--set",
        action="append",
        dest="settings",
        default=[],
        metavar="NAME=VALUE",
        help="start with this variable set (repeatable; true/false or a whole number inside its min..max)",
    )


def chosen_start(args: argparse.Namespace, scenario: Scenario) -> Start | None:
    """The start `--from`/`--set` ask for, checked by the engine; None without them; a UsageError (exit 2) if bad."""
    if args.from_node is None and not args.settings:
        return None
    from offscript.engine.start import Start, StartError, read_settings

    try:
        return Start.at(scenario, args.from_node, read_settings(scenario, args.settings))
    except StartError as exc:
        option = "--set" if args.from_node is None or args.from_node in scenario.nodes else "--from"
        raise UsageError(f"{option}: {exc}") from None


def scenario_dirs(args: argparse.Namespace) -> list[str]:
    """Every --scenarios folder, given before the command or after it."""
    return [*args.scenarios, *getattr(args, "sub_scenarios", [])]


def check_folders(folders: Sequence[str]) -> None:
    for folder in folders:
        if not Path(folder).is_dir():
            raise UsageError(f"'{folder}' is not a folder")


def scenario_files(paths: Sequence[str]) -> list[str]:
    """Expand files and folders into scenario files, each once; a missing path is a usage error.

    A file named twice (or given and inside a folder given too) is checked once:
    read twice, it would clash with itself over its own id.
    """
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SCENARIO_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                raise UsageError(f"no scenario files (.yaml, .yml) in folder '{raw}'")
            found.extend(os.fspath(p) for p in files)
        elif path.exists():
            found.append(raw)
        else:
            raise UsageError(f"'{raw}' does not exist")
    return _each_once(found)


def _each_once(paths: list[str]) -> list[str]:
    """The paths in order, less any that names a file already listed."""
    seen: set[Path] = set()
    kept: list[str] = []
    for path in paths:
        try:
            real = Path(path).resolve()
        except (OSError, RuntimeError):  # a symlink loop: keep it, the reader reports it
            kept.append(path)
            continue
        if real not in seen:
            seen.add(real)
            kept.append(path)
    return kept


def load_valid(path: str) -> tuple[Scenario, LoadResult] | None:
    """Load one scenario for a command; print its errors and return None if it is invalid."""
    from offscript.engine.loader import load_file

    scenario_files([path])
    result = load_file(path)
    if not result.ok or result.scenario is None:
        for diagnostic in result.errors:
            print(diagnostic.format(), file=sys.stderr)
        print(f"offscript: '{path}' has errors; fix them first (offscript validate {path})", file=sys.stderr)
        return None
    return result.scenario, result


def library_path(target: str, extra_dirs: Sequence[str], hint: str = "") -> str:
    """A scenario file, or the file of the library scenario with that id; a usage error otherwise."""
    from offscript.library import resolve_target

    path = resolve_target(target, extra_dirs)
    if path is None:
        raise UsageError(f"'{target}' is neither a scenario file nor the id of a scenario in the library{hint}")
    return path
