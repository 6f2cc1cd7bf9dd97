"""`offscript new PATH [--title TITLE]`: write a small scenario to start from, never over an existing file.

The starter uses every part of the format once and validates with no warning,
so a trainer begins from something that plays and changes it step by step.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
from importlib import resources
from pathlib import Path

from offscript.cli.common import EXIT_OK, SCENARIO_SUFFIXES, UsageError

MAX_ID = 64
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # and the line separators YAML would break at


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="the new file, ending in .yaml (its name gives the id)")
    parser.add_argument("--title", help="the scenario's title (default: from the file name)")


def run(args: argparse.Namespace) -> int:
    path = Path(args.path)
    _check_path(path)
    scenario_id = slug(path.stem)
    title = _title(args.title, path.stem)
    text = starter(scenario_id, title)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never over a file, even one just made
            file.write(text)
    except FileExistsError:
        raise UsageError(_exists(path)) from None
    except OSError as exc:
        raise UsageError(f"cannot write '{path}': {exc.strerror or exc}") from None
    print(f"wrote {path} (id '{scenario_id}')")
    shown, schema = shlex.quote(str(path)), shlex.quote(str(path.parent / "offscript.schema.json"))
    print(f"next: offscript validate {shown}   then: offscript play {shown}")
    print(f"for completion in your editor: offscript schema > {schema}")
    return EXIT_OK


def slug(name: str) -> str:
    """A scenario id from a file name: lowercase letters, digits and single dashes, at most 64 characters."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:MAX_ID].rstrip("-")


def starter(scenario_id: str, title: str) -> str:
    """The starter scenario with its id and title; the title is quoted, so any words are safe in YAML."""
    template = resources.files("offscript.schema").joinpath("starter.yaml").read_text(encoding="utf-8")
    return template.replace("__ID__", scenario_id).replace("__TITLE__", json.dumps(title, ensure_ascii=False))


def _check_path(path: Path) -> None:
    """Every reason the file cannot be written, said before anything is written."""
    if path.suffix not in SCENARIO_SUFFIXES:
        raise UsageError(f"'{path}' must end in .yaml or .yml, so that the library and validate find it")
    if path.exists() or path.is_symlink():
        raise UsageError(_exists(path))
    if not path.parent.is_dir():
        raise UsageError(f"the folder '{path.parent}' does not exist; create it first, or choose another path")
    if not slug(path.stem):
        raise UsageError(f"the file name '{path.name}' gives no id; use letters or digits, like 'price-talk.yaml'")


def _title(given: str | None, stem: str) -> str:
    if given is None:
        return stem.replace("-", " ").replace("_", " ").strip().capitalize() or "A new scenario"
    if not given.strip() or CONTROL.search(given):
        raise UsageError("--title must be words on one line, without control characters")
    return given.strip()


def _exists(path: Path) -> str:
    return f"'{path}' already exists; offscript new never overwrites a file. Choose another name"
