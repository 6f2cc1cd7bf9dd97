"""`offscript export ID|PATH`: a finished run from the history, as Markdown or HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from offscript.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    add_scenarios_option,
    library_path,
    load_valid,
    scenario_dirs,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="ID|PATH", help="the scenario (its id in the library, or its file)")
    parser.add_argument(
        "--run", type=int, default=1, metavar="N", help="the Nth most recent finished run (default 1, the latest)"
    )
    parser.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")
    add_scenarios_option(parser, "also look in this folder")


def run(args: argparse.Namespace) -> int:
    from offscript.engine.playthrough import PlayError
    from offscript.engine.transcript import build_transcript
    from offscript.render.html import to_html
    from offscript.render.markdown import to_markdown
    from offscript.storage.history import HistoryStore
    from offscript.storage.paths import data_dir

    run_number, fmt, output = args.run, args.format, args.output
    loaded = load_valid(library_path(args.target, scenario_dirs(args)))
    if loaded is None:
        return EXIT_INVALID
    scenario, result = loaded
    runs = HistoryStore(data_dir()).for_scenario(scenario.id)
    if not 1 <= run_number <= len(runs):
        raise UsageError(
            f"no finished run number {run_number} of '{scenario.id}' in the history "
            f"({len(runs)} finished; see 'offscript history --scenario {scenario.id}')"
        )
    entry = runs[-run_number]
    try:
        transcript = build_transcript(scenario, entry.steps)
    except PlayError as exc:
        print(f"offscript: the scenario has changed since that run and it cannot be replayed: {exc}", file=sys.stderr)
        return EXIT_INVALID
    meta = f"Played {entry.finished[:16].replace('T', ' ')} in {entry.mode} mode" + (
        ", with rewinds" if entry.rewinds else ""
    )
    render = to_html if fmt == "html" else to_markdown
    document = render(transcript, entry.scores, result.analysis, meta)
    if output:
        try:
            Path(output).write_text(document, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write '{output}': {exc.strerror or exc}") from None
        print(f"wrote {output}", file=sys.stderr)
    else:
        print(document, end="")
    return EXIT_OK
