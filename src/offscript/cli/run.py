"""`offscript run PATH --choices N,N,... [--from NODE --set NAME=VALUE]`: play without the game, print what is read."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import deque
from collections.abc import Iterator

from offscript.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNFINISHED,
    UsageError,
    add_json_option,
    add_start_options,
    chosen_start,
    load_valid,
)
from offscript.engine import walk
from offscript.engine.playthrough import PlayError, Playthrough
from offscript.engine.start import Start
from offscript.render.text import TextTranscript


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a scenario file")
    parser.add_argument("--choices", default="", metavar="N,N,...", help="choice numbers, e.g. 2,1,3")
    add_start_options(parser)
    add_json_option(parser, "print one JSON object instead of the transcript")


CHOICE_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only; no scenario offers a billion choices


def parse_choices(text: str) -> list[int]:
    """The 1-based choice numbers; a UsageError (exit 2) for anything but ASCII numbers between commas.

    Every item must be a number: `1,,2` is a slip of the finger, not `1,2`, and
    `²` or `١` (which Python's isdigit accepts) or a 5,000-digit number are not
    choice numbers, so none of them is read as something else or reaches int().
    """
    if not text.strip():
        return []
    items = [item.strip() for item in text.split(",")]
    for position, item in enumerate(items, 1):
        if not CHOICE_NUMBER.fullmatch(item):
            what = "is empty" if not item else f"is '{_quoted(item)}'"
            raise UsageError(f"--choices takes whole numbers separated by commas, like 2,1,3; item {position} {what}")
    return [int(item) for item in items]


def _quoted(item: str) -> str:
    """An item as the message quotes it: cut short, so a 5,000-digit number does not fill the screen."""
    return item if len(item) <= 12 else item[:12] + "..."


def run(args: argparse.Namespace) -> int:
    numbers = parse_choices(args.choices)
    loaded = load_valid(args.path)
    if loaded is None:
        return EXIT_INVALID
    scenario, _ = loaded
    chosen = chosen_start(args, scenario)
    start = chosen or Start.at(scenario)
    printer = TextTranscript(print if not args.json else lambda line: None)
    run = Playthrough.start(scenario, start)
    printer.opening(run)
    if chosen is not None:
        printer.write(f"(Test from '{start.node}'{_with(start)}.)")
    run = _shown(printer, walk.arrive(run), run)
    status, run, problem = _take(printer, run, numbers)
    printer.result(run)
    if args.json:
        print(json.dumps(_result_json(run, start), indent=2))
    if problem:
        print(f"offscript: {problem}", file=sys.stderr)
    return status


def _shown(printer: TextTranscript, events: Iterator[walk.Event], run: Playthrough) -> Playthrough:
    """Show each event; the run where they leave it."""
    for event in events:
        printer.show(event)
        run = event.run
    return run


def _take(printer: TextTranscript, run: Playthrough, numbers: list[int]) -> tuple[int, Playthrough, str]:
    """Take the numbered choices in turn: the exit status, the run where it stopped, and what went wrong."""
    remaining = deque(numbers)  # popped from the left: a list's pop(0) made long runs quadratic
    while True:
        run = _shown(printer, walk.read_on(run), run)
        if run.node.kind == "ending":
            if remaining:
                left = ",".join(map(str, remaining))
                return (
                    EXIT_INVALID,
                    run,
                    (f"{len(remaining)} choice number(s) left over after the ending '{run.state.node}': {left}"),
                )
            return EXIT_OK, run, ""
        if run.is_dead_end or run.node.kind == "next":
            return (
                EXIT_INVALID,
                run,
                (
                    f"dead end at node '{run.state.node}': none of its choices is offered, "
                    "so the playthrough cannot go on"
                ),
            )
        if not remaining:
            printer.offered(run)
            return (
                EXIT_UNFINISHED,
                run,
                (
                    f"the choice numbers ran out at node '{run.state.node}' "
                    f"after {run.decisions} decision(s), before an ending"
                ),
            )
        try:
            run = _shown(printer, walk.choose(run, run.index_of(remaining.popleft())), run)
        except PlayError as exc:
            return EXIT_INVALID, run, str(exc)


def _with(start: Start) -> str:
    """' with trust=5, knows_why=true': the values a test run was started with, as `--set` takes them."""
    if not start.settings:
        return ""
    return " with " + ", ".join(f"{name}={str(value).lower()}" for name, value in start.settings)


def _result_json(run: Playthrough, start: Start) -> dict[str, object]:
    ending = run.state.node if run.node.kind == "ending" else None
    return {
        "scenario": run.scenario.id,
        "from": start.node,
        "start_variables": start.variables(run.scenario),
        "ending": ending,
        "outcome": run.ending.outcome if ending and run.ending else None,
        "path": list(run.state.path),
        "scores": run.state.scores,
        "variables": run.state.variables,
    }
