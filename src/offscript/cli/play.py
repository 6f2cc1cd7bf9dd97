"""`offscript play PATH|ID`: open one scenario in the game straight away."""

from __future__ import annotations

import argparse

from offscript.cli.common import add_scenarios_option, library_path, scenario_dirs
from offscript.cli.game import run_game


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="PATH|ID", help="a scenario file, or the id of a scenario in the library")
    parser.add_argument(
        "--mode",
        choices=("coach", "assessment"),
        default="coach",
        help="coach (default) shows feedback as you play; assessment keeps it for the debrief",
    )
    add_scenarios_option(parser, "also look in this folder")


def run(args: argparse.Namespace) -> int:
    folders = scenario_dirs(args)
    path = library_path(args.target, folders, " (see 'offscript list')")
    return run_game(folders, play_path=path, mode=args.mode)
