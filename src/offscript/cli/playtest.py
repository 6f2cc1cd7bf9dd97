"""`offscript playtest PATH...`: checks, exact coverage, random play and the teaching audit, as diagnostics.

Each finding is one `file:line:col: warning: ... [OS5NN]` line (so editors
and CI read it as they read `validate`), then, indented, the `--choices`
that replay it with `offscript run` and why it matters to a learner.
"""

from __future__ import annotations

import argparse
import json
import sys

from offscript.cli.common import EXIT_INVALID, EXIT_OK, add_json_option, scenario_files
from offscript.engine.diagnostics import Diagnostic
from offscript.engine.playtest import DEFAULT_RUNS, DEFAULT_SEED, Report, playtest
from offscript.engine.playtest.findings import Finding, choices_text
from offscript.engine.reading_time import WORDS_PER_MINUTE, minutes

MAX_RUNS = 10_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    parser.add_argument(
        "--random",
        type=_runs,
        default=DEFAULT_RUNS,
        metavar="N",
        help=f"random playthroughs to play (default {DEFAULT_RUNS:,}; 0 for none)",
    )
    parser.add_argument(
        "--seed", type=_seed, default=DEFAULT_SEED, metavar="S", help=f"the random seed (default {DEFAULT_SEED})"
    )
    add_json_option(parser, "print one JSON object with everything")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any warning too")


def _runs(text: str) -> int:
    if not text.isascii() or not text.isdigit() or len(text) > 8 or int(text) > MAX_RUNS:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number from 0 to {MAX_RUNS:,}")
    return int(text)


def _seed(text: str) -> int:
    if not text.isascii() or not text.lstrip("-").isdigit() or len(text) > 19:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
    return int(text)


def run(args: argparse.Namespace) -> int:
    from offscript.engine.loader import load_file

    reports: list[Report] = []
    invalid: list[tuple[str, list[Diagnostic]]] = []
    warnings: list[Diagnostic] = []
    for path in scenario_files(args.paths):
        result = load_file(path, analyse=False)  # the playtest searches every state itself, once
        if not result.ok or result.scenario is None:
            invalid.append((path, result.errors))
            continue
        report = playtest(result.scenario, args.random, args.seed)
        warnings += sorted(result.warnings + report.warnings)
        reports.append(report)
    if args.json:
        print(json.dumps(_as_json(reports, invalid, warnings), indent=2))
    else:
        _print_text(reports, invalid, warnings)
    failed = invalid or any(r.failed_checks for r in reports)
    warned = warnings or any(f.diagnostic.severity == "warning" for r in reports for f in r.findings)
    return EXIT_INVALID if failed or (args.strict and warned) else EXIT_OK


def _as_json(reports: list[Report], invalid: list[tuple[str, list[Diagnostic]]], warnings: list[Diagnostic]) -> object:
    return {
        "files": [
            *({"path": path, "valid": False, "errors": [d.to_json() for d in errors]} for path, errors in invalid),
            *(
                {
                    "valid": True,
                    **report.to_json(),
                    "warnings": [d.to_json() for d in warnings if d.path == report.scenario.path],
                }
                for report in reports
            ),
        ],
        "failed_checks": sum(len(r.failed_checks) for r in reports),
        "invalid": len(invalid),
    }


def _print_text(reports: list[Report], invalid: list[tuple[str, list[Diagnostic]]], warnings: list[Diagnostic]) -> None:
    for path, errors in invalid:
        for diagnostic in errors:
            print(diagnostic.format(), file=sys.stderr)
        print(f"offscript: '{path}' has errors; fix them first (offscript validate {path})", file=sys.stderr)
    for report in reports:
        for diagnostic in warnings:
            if diagnostic.path == report.scenario.path:
                print(diagnostic.format())
        for found in report.findings:
            print("\n".join(finding_lines(found)))
        print("\n".join(summary_lines(report)))


def finding_lines(found: Finding) -> list[str]:
    """A finding's diagnostic line, then its path and why it matters, indented."""
    lines = [found.diagnostic.format()]
    if found.choices is not None:
        lines.append(f"  {choices_text(found.choices)}")
    if found.why:
        lines.append(f"  why: {found.why}")
    return lines


def summary_lines(report: Report) -> list[str]:
    """What was played: the checks, the search, and random play's spread."""
    scenario = report.scenario
    passed = len(report.checks) - len(report.failed_checks)
    search = f"every playthrough searched ({report.states:,} states)" if report.exact else "too large to search"
    checks = f"{passed} of {len(report.checks)} checks passed" if report.checks else "no checks"
    lines = [f"{scenario.path}: {checks}; {search}"]
    for check in report.checks:
        if check.passed:
            lines.append(f"  check '{check.check.name}' passed: {choices_text(check.choices)} -> {check.ending}")
    played = report.random
    if played is None or not played.runs:
        return lines
    share = ", ".join(f"{o} {c / played.runs:.0%}" for o, c in played.outcomes.most_common())
    lines.append(f"  random play: {played.runs:,} playthroughs (seed {played.seed}): {share or 'no ending'}")
    endings = ", ".join(f"{e} {c / played.runs:.0%}" for e, c in played.endings.most_common())
    lines.append(f"    endings: {endings or 'none reached'}")
    if played.unfinished:
        lines.append(f"    unfinished: {played.unfinished:,} (a dead end, or a loop past the step limit)")
    decisions, words = played.spread(played.decisions), played.spread(played.words)
    if decisions and words:
        lines.append("    decisions: {} shortest, {} typical, {} longest".format(*decisions))
        shown = (f"{minutes(w):.1f}" for w in words)
        lines.append(
            "    minutes:   {} shortest, {} typical, {} longest".format(*shown)
            + f" (reading at {WORDS_PER_MINUTE} words a minute)"
        )
    return lines
