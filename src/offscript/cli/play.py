"""`offscript play PATH|ID [--from NODE --set NAME=VALUE] [--watch]`: open one scenario in the game straight away."""

from __future__ import annotations

import argparse

from offscript.cli.common import (
    EXIT_INVALID,
    add_scenarios_option,
    add_start_options,
    chosen_start,
    library_path,
    load_valid,
    scenario_dirs,
)
from offscript.cli.game import run_game


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="PATH|ID", help="a scenario file, or the id of a scenario in the library")
    parser.add_argument(
        "--mode",
        choices=("coach", "assessment"),
        default="coach",
        help="coach (default) shows feedback as you play; assessment keeps it for the debrief",
    )
    add_start_options(parser, " (a test run: never saved nor recorded in the history)")
    parser.add_argument(
        "--watch",
        action="store_true",
        help="reload the file each time it is saved, taking your decisions again on the new version "
        "(a test run: never saved nor recorded in the history)",
    )
    add_scenarios_option(parser, "also look in this folder")


def run(args: argparse.Namespace) -> int:
    folders = scenario_dirs(args)
    path = library_path(args.target, folders, " (see 'offscript list')")
    if args.from_node is None and not args.settings:  # with --watch, a broken file opens on its problems
        return run_game(folders, play_path=path, mode=args.mode, watch=args.watch)
    loaded = load_valid(path)  # a test run: its start is checked here, so a bad one is a usage error, not a screen
    if loaded is None:
        return EXIT_INVALID
    start = chosen_start(args, loaded[0])
    return run_game(folders, play_path=path, mode=args.mode, test_from=start, watch=args.watch)
