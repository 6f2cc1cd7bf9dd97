"""`offscript graph PATH [--format dot|mermaid] [-o FILE]`: the scenario's map, for Graphviz or Mermaid."""

from __future__ import annotations

import argparse

from offscript.cli.common import EXIT_INVALID, load_valid, write_document
from offscript.engine.analysis import analyse
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
    return write_document(text, args.output, f"the map of {scenario.id} ({chosen})")
