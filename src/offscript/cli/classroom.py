"""`offscript classroom [PATH|ID] [--teams N] [--timer SECONDS] [--no-phones]`: play a scenario with a class."""

from __future__ import annotations

import argparse
import gc

from offscript.cli.common import UsageError, add_scenarios_option, check_folders, library_path, scenario_dirs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "target",
        metavar="PATH|ID",
        nargs="?",
        help="a scenario file, or the id of a scenario in the library (none: choose it in the library with c)",
    )
    parser.add_argument(
        "--teams", type=int, default=0, metavar="N", help="play in 2 to 6 teams, each team's pick counted"
    )
    parser.add_argument(
        "--timer", type=int, default=None, metavar="SECONDS", help="a countdown for each discussion (1 to 3600)"
    )
    parser.add_argument("--no-phones", action="store_true", help="votes by a show of hands only: no voting server")
    parser.add_argument(
        "--host", default=None, help="the address phones reach the game at (default: this machine's LAN address)"
    )
    parser.add_argument(
        "--port", type=int, default=None, help="the voting server's port (default 8765, or the next free one)"
    )
    add_scenarios_option(parser, "also look in this folder")


def run(args: argparse.Namespace) -> int:
    if args.teams and not 2 <= args.teams <= 6:
        raise UsageError(f"--teams: 2 to 6 teams, not {args.teams}")
    if args.port is not None and not 0 <= args.port <= 65535:
        raise UsageError(f"--port: 0 to 65535, not {args.port}")
    if args.timer is not None and not 1 <= args.timer <= 3600:
        raise UsageError(f"--timer: 1 to 3600 seconds, not {args.timer}")
    folders = scenario_dirs(args)
    check_folders(folders)
    path = None if args.target is None else library_path(args.target, folders, " (see 'offscript list')")
    gc.disable()  # as the game: start-up builds what lives as long as the game (see cli.game.run_game)
    from offscript.tui.app import ClassroomOptions, run_app

    options = ClassroomOptions(path, args.teams, args.timer, not args.no_phones, args.host, args.port)
    return run_app(extra_dirs=list(folders), classroom=options, collector_paused=True)
