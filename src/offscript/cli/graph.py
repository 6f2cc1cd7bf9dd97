"""`offscript graph PATH [--format dot|mermaid] [-o FILE]`: the scenario's map, for Graphviz or Mermaid."""

from __future__ import annotations

import argparse
import os
import sys

from offscript.cli.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, load_valid
from offscript.engine.analysis import analyse
from offscript.engine.safe_text import safe
from offscript.render.graph import to_dot, to_mermaid

MERMAID_SUFFIXES = (".mmd", ".mermaid")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a scenario file")
    parser.add_argument(
        "--format",
        choices=("dot", "mermaid"),
        default=None,
        help="dot (Graphviz; the default) or mermaid (GitHub, VS Code); -o FILE.mmd chooses mermaid",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the map to FILE instead of printing it")


def run(args: argparse.Namespace) -> int:
    loaded = load_valid(args.path)
    if loaded is None:
        return EXIT_INVALID
    scenario, result = loaded
    analysis = result.analysis or analyse(scenario)
    chosen = args.format or ("mermaid" if (args.output or "").lower().endswith(MERMAID_SUFFIXES) else "dot")
    text = (to_mermaid if chosen == "mermaid" else to_dot)(scenario, set(analysis.unreachable))
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        with open(args.output, "x" if not os.path.exists(args.output) else "w", encoding="utf-8") as file:
            file.write(text)
    except OSError as exc:
        print(f"offscript graph: cannot write {safe(args.output)}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote the map of {safe(scenario.id)} to {safe(args.output)} ({chosen})", file=sys.stderr)
    return EXIT_OK
