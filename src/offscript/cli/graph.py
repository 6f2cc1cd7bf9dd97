"""`offscript graph PATH [--format dot|mermaid] [-o FILE]`: the scenario's map, for Graphviz or Mermaid."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from offscript.cli.common import EXIT_INVALID, EXIT_OK, UsageError, load_valid, write_document
from offscript.engine.analysis import analyse
from offscript.engine.safe_text import safe
from offscript.render.graph import to_dot, to_mermaid

MERMAID_SUFFIXES = (".mmd", ".mermaid")
IMAGE_SUFFIXES = (".svg", ".png", ".pdf")  # drawn by Graphviz's dot, not written as text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a scenario file")
    parser.add_argument(
        "--format",
        choices=("dot", "mermaid"),
        default=None,
        help="dot (Graphviz; the default) or mermaid (GitHub, VS Code); -o FILE.mmd chooses mermaid",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the map to FILE instead of printing it (.svg, .png or .pdf: drawn by Graphviz)",
    )


def run(args: argparse.Namespace) -> int:
    loaded = load_valid(args.path)
    if loaded is None:
        return EXIT_INVALID
    scenario, result = loaded
    analysis = result.analysis or analyse(scenario)
    output = args.output or ""
    image = Path(output).suffix.lower().lstrip(".") if output.lower().endswith(IMAGE_SUFFIXES) else ""
    if image and args.format == "mermaid":
        raise UsageError(f"a Mermaid map is text: write it to a .mmd file, not .{image}")
    chosen = args.format or ("mermaid" if output.lower().endswith(MERMAID_SUFFIXES) else "dot")
    text = (to_mermaid if chosen == "mermaid" else to_dot)(scenario, set(analysis.unreachable))
    if image:
        return draw_image(text, output, image, f"the map of {scenario.id}")
    return write_document(text, args.output, f"the map of {scenario.id} ({chosen})")


def draw_image(dot_text: str, output: str, image: str, what: str) -> int:
    """A picture drawn by Graphviz's `dot`, which trainers install for this; said in one line when it is missing."""
    dot = shutil.which("dot")
    if dot is None:
        raise UsageError(f"drawing a .{image} needs Graphviz's 'dot' (install graphviz), or write the map to .dot")
    try:
        drawn = subprocess.run(
            [dot, f"-T{image}", "-o", output], input=dot_text, text=True, capture_output=True, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"dot could not draw {output}: {exc}") from None
    if drawn.returncode != 0:
        reason = (drawn.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise UsageError(f"dot could not draw {output}: {safe(reason)}")
    print(f"wrote {safe(what)} to {safe(output)} (drawn by Graphviz)", file=sys.stderr)
    return EXIT_OK
