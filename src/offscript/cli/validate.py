"""`offscript validate PATH...`: every problem in scenario files, as file:line:col.

On a terminal each problem also shows the line it points at, with a caret
under the column (as rustc and ruff do); piped into a file, an editor or CI,
the output stays one line per problem unless `--source` asks for the lines.
`--format json` is for tools: one object per problem, its source line included.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from offscript.cli.common import EXIT_INVALID, EXIT_OK, scenario_files
from offscript.engine.diagnostics import Diagnostic
from offscript.engine.result import LoadResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default): one line per problem; json: a list of objects, each with its source line",
    )
    parser.add_argument("--json", action="store_const", dest="format", const="json", help="the same as --format json")
    parser.add_argument(
        "--source",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show each problem's line with a caret under the column (default: only on a terminal)",
    )


def run(args: argparse.Namespace, *, terminal: bool | None = None) -> int:
    """Check every file, then the files together; `terminal` overrides the detection of a terminal (tests)."""
    from offscript.engine.duplicates import duplicate_ids
    from offscript.engine.loader import load_file

    results = [load_file(p) for p in scenario_files(args.paths)]
    diagnostics = with_clashes(results, duplicate_ids(results))
    if args.format == "json":
        print(json.dumps([as_json(d, SourceLines()) for d in diagnostics], indent=2))
    else:
        show_source = args.source if args.source is not None else _is_terminal(terminal)
        print_text(diagnostics, SourceLines() if show_source else None)
        errors = sum(d.severity == "error" for d in diagnostics)
        print(summary(len(results), errors, len(diagnostics)), file=sys.stderr)
    return EXIT_INVALID if any(d.severity == "error" for d in diagnostics) else EXIT_OK


def _is_terminal(forced: bool | None) -> bool:
    if forced is not None:
        return forced
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream is no terminal
        return False


def with_clashes(results: Sequence[LoadResult], clashes: list[Diagnostic]) -> list[Diagnostic]:
    """Each file's own diagnostics, then its clashes with other files, file by file."""
    return [d for r in results for d in (*r.diagnostics, *(c for c in clashes if c.path == r.path))]


class SourceLines:
    """Each file's lines, read once, when a diagnostic first needs them."""

    def __init__(self) -> None:
        self.files: dict[str, list[str]] = {}

    def __call__(self, path: str) -> list[str]:
        if path not in self.files:
            from offscript.engine.reading import read_scenario_file
            from offscript.render.excerpt import decode_source

            data = read_scenario_file(path)  # the careful reader: no device, nothing over the size limit
            self.files[path] = [] if isinstance(data, Diagnostic) else decode_source(data)
        return self.files[path]


def print_text(diagnostics: list[Diagnostic], sources: SourceLines | None) -> None:
    """One line per diagnostic; with `sources`, its line and a caret below it, and a blank line."""
    from offscript.render.excerpt import excerpt

    for diagnostic in diagnostics:
        print(diagnostic.format())
        shown = excerpt(sources(diagnostic.path), diagnostic.line, diagnostic.col) if sources else None
        if shown is not None:
            print(f"{shown.source_line}\n{shown.caret_line}\n")


def as_json(diagnostic: Diagnostic, sources: SourceLines) -> dict[str, object]:
    """The diagnostic for tools: `file` (and `path`, as before), position, severity, code, message, `source`.

    `source` is the line as written in the file (JSON escapes what needs it), or
    null when the file cannot be read or has no such line.
    """
    lines = sources(diagnostic.path)
    source = lines[diagnostic.line - 1] if 1 <= diagnostic.line <= len(lines) else None
    return {"file": diagnostic.path, **diagnostic.to_json(), "source": source}


def summary(files: int, errors: int, problems: int) -> str:
    """'3 files checked: 1 error, 2 warnings', or '... no problems'."""
    warnings = problems - errors
    checked = f"{files} file{'s' * (files != 1)} checked: "
    if not problems:
        return checked + "no problems"
    return checked + f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
