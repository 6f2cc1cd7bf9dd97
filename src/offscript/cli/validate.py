"""`offscript validate PATH...`: every problem in scenario files, as file:line:col."""

from __future__ import annotations

import argparse
import json
import sys

from offscript.cli.common import EXIT_INVALID, EXIT_OK, add_json_option, scenario_files


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    add_json_option(parser, "print the diagnostics as a JSON list")


def run(args: argparse.Namespace) -> int:
    from offscript.engine.loader import load_file

    results = [load_file(p) for p in scenario_files(args.paths)]
    diagnostics = [d for r in results for d in r.diagnostics]
    if args.json:
        print(json.dumps([d.to_json() for d in diagnostics], indent=2))
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format())
        print(summary(len(results), sum(d.severity == "error" for d in diagnostics), len(diagnostics)), file=sys.stderr)
    return EXIT_INVALID if any(not r.ok for r in results) else EXIT_OK


def summary(files: int, errors: int, problems: int) -> str:
    """'3 files checked: 1 error, 2 warnings', or '... no problems'."""
    warnings = problems - errors
    checked = f"{files} file{'s' * (files != 1)} checked: "
    if not problems:
        return checked + "no problems"
    return checked + f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
