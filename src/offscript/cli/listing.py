"""`offscript list`: the scenario library, as the game shows it, with each file's id, path and validity."""

from __future__ import annotations

import argparse
import json

from offscript.cli.common import EXIT_OK, add_json_option, add_scenarios_option, check_folders, scenario_dirs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_json_option(parser, "print a JSON list")
    add_scenarios_option(parser, "also list this folder")


def run(args: argparse.Namespace) -> int:
    from offscript.library import build_library

    folders = scenario_dirs(args)
    check_folders(folders)
    entries = build_library(folders)
    if args.json:
        print(json.dumps([e.to_json() for e in entries], indent=2))
        return EXIT_OK
    for entry in entries:
        state = "ok" if entry.valid else f"ERROR {entry.first_error}"
        print(f"{entry.id:<28} {entry.title[:40]:<40} {state}\n{'':<28} {entry.path}")
        if entry.note:  # another file has its id: which, and why this one is offered
            print(f"{'':<28} offered: {entry.note}")
    return EXIT_OK
