"""`offscript analyze PATH`: every playthrough explored: reachability, endings, score ranges, best and worst paths."""

from __future__ import annotations

import argparse
import json

from offscript.cli.common import EXIT_INVALID, EXIT_OK, add_json_option, load_valid
from offscript.engine.analysis import Analysis, Range, analyse
from offscript.engine.model import SCORE_LABELS, Scenario
from offscript.engine.reading_time import WORDS_PER_MINUTE, minutes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a scenario file")
    add_json_option(parser, "print one JSON object")


def run(args: argparse.Namespace) -> int:
    loaded = load_valid(args.path)
    if loaded is None:
        return EXIT_INVALID
    scenario, result = loaded
    analysis = result.analysis or analyse(scenario)
    if args.json:
        print(json.dumps({"scenario": scenario.id, **analysis.to_json()}, indent=2))
    else:
        print("\n".join(report(scenario, analysis)))
    return EXIT_OK


def _reading(words: Range) -> str:
    """'310 to 780 words, about 1.6 to 3.9 minutes at 200 words a minute' (a loop can leave no upper limit)."""
    low, high = words
    if low is None:
        return "no limit (a loop can repeat)"
    if high is None:
        return f"{low:,} words or more, about {minutes(low):.1f} minutes or more at {WORDS_PER_MINUTE} words a minute"
    count = f"{low:,}" if low == high else f"{low:,} to {high:,}"
    time = f"{minutes(low):.1f}" if low == high else f"{minutes(low):.1f} to {minutes(high):.1f}"
    return f"{count} words, about {time} minutes at {WORDS_PER_MINUTE} words a minute"


def report(scenario: Scenario, analysis: Analysis) -> list[str]:
    """The analysis as aligned lines of text."""

    def listed(names: list[str]) -> str:
        return ", ".join(names) if names else "none"

    lines = [
        f"{scenario.title} ({scenario.id})",
        f"nodes:          {analysis.node_count} ({len(analysis.reachable)} reachable)",
        f"unreachable:    {listed(analysis.unreachable)}",
        f"endings:        {listed(analysis.endings)}",
        f"no ending from: {listed(analysis.no_ending)}",
        f"dead ends:      {listed(analysis.dead_ends)}",
    ]
    if analysis.decisions:
        most = "no limit (a loop can repeat)" if analysis.decisions[1] is None else analysis.decisions[1]
        lines.append(f"decisions:      {analysis.decisions[0]} to {most} per playthrough")
    if analysis.words:
        lines.append(f"reading:        {_reading(analysis.words)}")
    lines.append("score range:" + ("" if analysis.exact else " not computed (too many playthrough states)"))
    for dimension, span in analysis.score_range.items():
        if span and analysis.exact:
            low, high = ("no limit (a scoring loop can repeat)" if v is None else v for v in span)
            lines.append(f"  {SCORE_LABELS[dimension]:<16}{low} to {high}")
    for label, path, note in (
        ("best path: ", analysis.best_path, "highest"),
        ("worst path:", analysis.worst_path, "lowest"),
    ):
        if path is not None:
            lines.append(f"{label}     --choices {','.join(map(str, path))}  ({note} total score)")
    lines.append(f"states explored: {analysis.states:,}" + ("" if analysis.exact else " (limit reached)"))
    return lines
