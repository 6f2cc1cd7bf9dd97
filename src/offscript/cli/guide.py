"""`offscript guide PATH|ID [--format md|html] [-o FILE]`: the facilitator's printable guide to a scenario."""

from __future__ import annotations

import argparse

from offscript.cli.common import (
    EXIT_INVALID,
    add_scenarios_option,
    library_path,
    load_valid,
    scenario_dirs,
    write_document,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="PATH|ID", help="a scenario file, or the id of a scenario in the library")
    parser.add_argument(
        "--format", choices=("md", "html"), default=None, help="md (the default) or html (-o FILE.html)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the guide to FILE instead of printing it")
    add_scenarios_option(parser, "also look in this folder")


def run(args: argparse.Namespace) -> int:
    from offscript.engine.option_endings import option_endings
    from offscript.render.facilitator_guide import WRITERS, build_guide

    loaded = load_valid(library_path(args.target, scenario_dirs(args), " (see 'offscript list')"))
    if loaded is None:
        return EXIT_INVALID
    scenario, _ = loaded
    chosen = args.format or ("html" if (args.output or "").lower().endswith((".html", ".htm")) else "md")
    document = WRITERS[chosen](build_guide(scenario, option_endings(scenario)))
    return write_document(document, args.output, f"the facilitator's guide to {scenario.id} ({chosen})")
