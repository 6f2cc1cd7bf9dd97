"""`offscript export ID|PATH`: a finished run from the history as Markdown or HTML, or with `--classroom` the
class's record (votes, choices, teams) as Markdown, HTML or CSV."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from offscript.cli.common import (
    EXIT_INVALID,
    UsageError,
    add_scenarios_option,
    library_path,
    load_valid,
    scenario_dirs,
    write_document,
)

if TYPE_CHECKING:
    from offscript.engine.model import Scenario


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", metavar="ID|PATH", help="the scenario (its id in the library, or its file)")
    parser.add_argument(
        "--run", type=int, default=1, metavar="N", help="the Nth most recent finished run (default 1, the latest)"
    )
    parser.add_argument(
        "--classroom", action="store_true", help="the class's record of the scenario's last classroom session"
    )
    parser.add_argument(
        "--format", choices=("md", "html", "csv"), default="md", help="md (default), html, csv (classroom)"
    )
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
    if args.classroom:
        return _write(_class_record(scenario, fmt), output)
    if fmt == "csv":
        raise UsageError("--format csv is for the class's record: add --classroom")
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
    return _write(render(transcript, entry.scores, result.analysis, meta), output)


def _class_record(scenario: Scenario, fmt: str) -> str:
    """The class's record from the scenario's saved class session; UsageError when there is none to read."""
    from offscript.classroom.debrief import class_debrief
    from offscript.classroom.session import ClassError, ClassSession
    from offscript.render.class_record import to_csv, to_html, to_markdown
    from offscript.storage.class_sessions import ClassSessionStore
    from offscript.storage.paths import data_dir

    data, problem = ClassSessionStore(data_dir()).read(scenario.id)
    if data is None:
        raise UsageError(problem or f"no classroom session of '{scenario.id}' is saved (play one: offscript classroom)")
    try:
        session = ClassSession.from_json(scenario, data)
    except ClassError as exc:
        raise UsageError(str(exc)) from None
    render = {"md": to_markdown, "html": to_html, "csv": to_csv}[fmt]
    return render(session, class_debrief(session))


def _write(document: str, output: str | None) -> int:
    return write_document(document, output, "the document")
