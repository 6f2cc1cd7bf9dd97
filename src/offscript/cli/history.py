"""`offscript history`: every finished run, oldest first, with the number `export --run` takes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from offscript.cli.common import EXIT_OK, add_json_option

if TYPE_CHECKING:
    from offscript.storage.history import HistoryEntry


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_json_option(parser, "print a JSON list")
    parser.add_argument("--scenario", metavar="ID", help="only this scenario")


def run(args: argparse.Namespace) -> int:
    scenario_id, as_json = args.scenario, args.json
    from offscript.storage.history import HistoryStore
    from offscript.storage.paths import data_dir

    entries, problem = HistoryStore(data_dir()).load()
    if problem:
        print(f"offscript: {problem}", file=sys.stderr)
    if scenario_id:
        entries = [e for e in entries if e.scenario_id == scenario_id]
    if as_json:
        print(json.dumps([e.to_json() for e in entries], indent=2))
        return EXIT_OK
    if not entries:
        print("No finished playthroughs yet." + (f" (scenario '{scenario_id}')" if scenario_id else ""))
        return EXIT_OK
    for line in history_table(entries):
        print(line)
    print("\nTo export a run: offscript export ID --run N (N from the run column)")
    return EXIT_OK


def history_table(entries: Sequence[HistoryEntry]) -> list[str]:
    """The history as aligned text, oldest first, newest at the prompt.

    The run column counts back from each scenario's newest run, so it is the number
    `offscript export ID --run N` takes.
    """
    from offscript.engine.model import SCORE_LABELS, SCORES

    remaining: dict[str, int] = {}
    for entry in entries:
        remaining[entry.scenario_id] = remaining.get(entry.scenario_id, 0) + 1
    id_width = max(len("Scenario"), *(len(e.scenario_id) for e in entries))
    score_widths = [len(SCORE_LABELS[name]) for name in SCORES]
    lines = [
        f"{'Finished':<16}  {'Scenario':<{id_width}}  Run  {'Outcome':<8}  "
        + "  ".join(SCORE_LABELS[name] for name in SCORES)
        + f"  {'Mode':<14}  Ending"
    ]
    for entry in entries:
        run_number = remaining[entry.scenario_id]
        remaining[entry.scenario_id] -= 1
        scores = "  ".join(
            f"{entry.scores.get(name, 0):>+{width}d}" for name, width in zip(SCORES, score_widths, strict=True)
        )
        mode = entry.mode + (", rewound" if entry.rewinds else "")
        lines.append(
            f"{entry.finished[:16].replace('T', ' '):<16}  {entry.scenario_id:<{id_width}}  {run_number:>3}  "
            f"{entry.outcome:<8}  {scores}  {mode:<14}  {entry.ending_title}"
        )
    return lines
