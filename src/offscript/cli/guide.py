"""`offscript guide PATH|ID [--format md|html] [-o FILE]`: the facilitator's printable guide to a scenario."""

from __future__ import annotations

import argparse
import sys

from offscript.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    add_scenarios_option,
    library_path,
    load_valid,
    scenario_dirs,
)
from offscript.engine.safe_text import safe


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
    if args.output is None:
        sys.stdout.write(document)
        return EXIT_OK
    try:
        with open(args.output, "w", encoding="utf-8") as file:
            file.write(document)
    except OSError as exc:
        raise UsageError(f"cannot write {safe(args.output)}: {exc.strerror or exc}") from None
    print(f"wrote the facilitator's guide to {safe(scenario.id)} in {safe(args.output)} ({chosen})", file=sys.stderr)
    return EXIT_OK
