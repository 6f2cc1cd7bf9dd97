"""The `offscript` command line: argparse subcommands, thin over the engine.

Each command imports only what it needs, so `validate`, `run` and `analyze`
never load Textual and start quickly. Exit statuses follow the format
contract: 0 fine, 1 a problem in a scenario, 2 a usage problem, 3 when
`run` ran out of choices before an ending.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from offscript import __version__

if TYPE_CHECKING:
    from offscript.engine.playthrough import Playthrough
    from offscript.engine.result import LoadResult
    from offscript.storage.history import HistoryEntry

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_UNFINISHED = 0, 1, 2, 3
SCENARIO_SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """A mistake in how the command was called (exit status 2)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="offscript",
        description="Practise real customer conversations. Run without a command to open the game.",
        epilog=_data_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"offscript {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check scenario files and folders; report file:line:col problems",
        description="Check scenario files (and every .yaml/.yml in folders). Prints one "
        "line per problem. Exit status 0 with no errors, 1 with errors, 2 for a bad path.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders")
    validate.add_argument("--json", action="store_true", help="print the diagnostics as a JSON list")

    run = commands.add_parser(
        "run",
        help="play a scenario without the game, taking the given choices",
        description="Play a scenario non-interactively. At each decision take the Nth "
        "(1-based) choice on offer. Exit 0 at an ending, 3 when the numbers run out first, "
        "1 for a number that is not offered or an invalid scenario.",
    )
    run.add_argument("path", metavar="PATH", help="a scenario file")
    run.add_argument("--choices", default="", metavar="N,N,...", help="choice numbers, e.g. 2,1,3")
    run.add_argument("--json", action="store_true", help="print one JSON object instead of the transcript")

    analyze = commands.add_parser(
        "analyze",
        aliases=["analyse"],
        help="reachability, endings and score ranges",
        description="Explore every playthrough: reachable and unreachable nodes, "
        "endings, nodes with no way to an ending, and each score's range.",
    )
    analyze.add_argument("path", metavar="PATH", help="a scenario file")
    analyze.add_argument("--json", action="store_true", help="print one JSON object")

    listing = commands.add_parser("list", help="list the scenario library (built-in, your folder, --scenarios)")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.add_argument(
        "--scenarios", action="append", dest="sub_scenarios", default=[], metavar="DIR", help="also list this folder"
    )

    play = commands.add_parser("play", help="open one scenario in the game straight away")
    play.add_argument("target", metavar="PATH|ID", help="a scenario file, or the id of a scenario in the library")
    play.add_argument(
        "--mode",
        choices=("coach", "assessment"),
        default="coach",
        help="coach (default) shows feedback as you play; assessment keeps it for the debrief",
    )
    play.add_argument(
        "--scenarios", action="append", dest="sub_scenarios", default=[], metavar="DIR", help="also look in this folder"
    )

    parser.add_argument(
        "--scenarios",
        action="append",
        default=[],
        metavar="DIR",
        help="also list the scenarios in this folder (repeatable)",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep saves, history and settings here (or set OFFSCRIPT_DATA_DIR)"
    )

    history = commands.add_parser("history", help="your finished playthroughs, oldest first")
    history.add_argument("--json", action="store_true", help="print a JSON list")
    history.add_argument("--scenario", metavar="ID", help="only this scenario")

    export = commands.add_parser(
        "export",
        help="write a finished playthrough as Markdown or HTML",
        description="Export a finished playthrough from your history: the whole conversation, each choice with "
        "its feedback and score changes, and the debrief.",
    )
    export.add_argument("target", metavar="ID|PATH", help="the scenario (its id in the library, or its file)")
    export.add_argument(
        "--run", type=int, default=1, metavar="N", help="the Nth most recent finished run (default 1, the latest)"
    )
    export.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")
    export.add_argument(
        "--scenarios", action="append", dest="sub_scenarios", default=[], metavar="DIR", help="also look in this folder"
    )
    return parser


def _data_epilog() -> str:
    from offscript.storage.paths import data_dir, user_scenarios_dir

    return (
        f"Your data (saves, history, settings): {data_dir()}\n"
        f"Your own scenarios folder: {user_scenarios_dir()}\n"
        "Run 'offscript COMMAND --help' for details of each command."
    )


def _apply_data_dir(argv: Sequence[str]) -> None:
    """Honour --data-dir before anything (even --help) reads the data folder."""
    from offscript.storage.paths import DATA_DIR_VARIABLE

    for index, arg in enumerate(argv):
        if arg == "--data-dir" and index + 1 < len(argv):
            os.environ[DATA_DIR_VARIABLE] = argv[index + 1]
        elif arg.startswith("--data-dir="):
            os.environ[DATA_DIR_VARIABLE] = arg.split("=", 1)[1]


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _apply_data_dir(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    scenario_dirs = [*args.scenarios, *getattr(args, "sub_scenarios", [])]
    try:
        if args.command == "validate":
            return cmd_validate(args.paths, as_json=args.json)
        if args.command == "run":
            return cmd_run(args.path, args.choices, as_json=args.json)
        if args.command in ("analyze", "analyse"):
            return cmd_analyze(args.path, as_json=args.json)
        if args.command == "history":
            return cmd_history(args.scenario, as_json=args.json)
        if args.command == "export":
            return cmd_export(args.target, args.run, args.format, args.output, scenario_dirs)
        if args.command == "list":
            return cmd_list(scenario_dirs, as_json=args.json)
        if args.command == "play":
            return cmd_play(args.target, args.mode, scenario_dirs)
        return cmd_library(scenario_dirs)
    except UsageError as exc:
        print(f"offscript: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last guard: a bug must not greet a user with a traceback
        if os.environ.get("OFFSCRIPT_DEBUG"):
            raise
        print(
            f"offscript: internal error ({type(exc).__name__}: {exc}). Please report it; "
            "set OFFSCRIPT_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return EXIT_INVALID


def scenario_files(paths: Sequence[str]) -> list[str]:
    """Expand files and folders into scenario files; a missing path is a usage error."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SCENARIO_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not files:
                raise UsageError(f"no scenario files (.yaml, .yml) in folder '{raw}'")
            found.extend(os.fspath(p) for p in files)
        elif path.exists():
            found.append(raw)
        else:
            raise UsageError(f"'{raw}' does not exist")
    return found


def cmd_validate(paths: Sequence[str], *, as_json: bool = False) -> int:
    from offscript.engine.loader import load_file

    results = [load_file(p) for p in scenario_files(paths)]
    diagnostics = [d for r in results for d in r.diagnostics]
    if as_json:
        print(json.dumps([d.to_json() for d in diagnostics], indent=2))
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format())
        errors = sum(d.severity == "error" for d in diagnostics)
        warnings = len(diagnostics) - errors
        summary = f"{len(results)} file{'s' * (len(results) != 1)} checked: "
        summary += (
            "no problems"
            if not diagnostics
            else f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        )
        print(summary, file=sys.stderr)
    return EXIT_INVALID if any(not r.ok for r in results) else EXIT_OK


def _load_valid(path: str) -> LoadResult | None:
    """Load one scenario for run/analyze; print its errors and return None if it is invalid."""
    from offscript.engine.loader import load_file

    scenario_files([path])
    result = load_file(path)
    if not result.ok:
        for diagnostic in result.errors:
            print(diagnostic.format(), file=sys.stderr)
        print(f"offscript: '{path}' has errors; fix them first (offscript validate {path})", file=sys.stderr)
        return None
    return result


def parse_choices(text: str) -> list[int]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not all(p.isdigit() for p in parts):
        raise UsageError(f"--choices takes whole numbers separated by commas, like 2,1,3 (got '{text}')")
    return [int(p) for p in parts]


def cmd_run(path: str, choices_text: str, *, as_json: bool = False) -> int:
    from offscript.engine.playthrough import PlayError, Playthrough

    numbers = parse_choices(choices_text)
    result = _load_valid(path)
    if result is None:
        return EXIT_INVALID
    scenario = result.scenario
    assert scenario is not None
    printer = TranscriptPrinter(scenario, enabled=not as_json)
    run = Playthrough.start(scenario)
    printer.opening(run)
    status, problem = EXIT_OK, ""
    remaining = list(numbers)
    while True:
        run = printer.read_on(run)
        if run.node.kind == "ending":
            if remaining:
                status, problem = (
                    EXIT_INVALID,
                    (
                        f"{len(remaining)} choice number(s) left over after the ending "
                        f"'{run.state.node}': {','.join(map(str, remaining))}"
                    ),
                )
            break
        if run.is_dead_end or run.node.kind == "next":
            status, problem = (
                EXIT_INVALID,
                (
                    f"dead end at node '{run.state.node}': none of its choices is "
                    "offered, so the playthrough cannot go on"
                ),
            )
            break
        if not remaining:
            printer.offered(run)
            status, problem = (
                EXIT_UNFINISHED,
                (
                    f"the choice numbers ran out at node '{run.state.node}' "
                    f"after {run.decisions} decision(s), before an ending"
                ),
            )
            break
        number = remaining.pop(0)
        try:
            before = run
            run = run.pick(number)
        except PlayError as exc:
            status, problem = EXIT_INVALID, str(exc)
            break
        printer.decision(before, run)
    printer.result(run)
    if as_json:
        ending = run.state.node if run.node.kind == "ending" else None
        print(
            json.dumps(
                {
                    "scenario": scenario.id,
                    "ending": ending,
                    "outcome": run.ending.outcome if ending and run.ending else None,
                    "path": list(run.state.path),
                    "scores": run.state.scores,
                    "variables": run.state.variables,
                },
                indent=2,
            )
        )
    if problem:
        print(f"offscript: {problem}", file=sys.stderr)
    return status


def cmd_analyze(path: str, *, as_json: bool = False) -> int:
    from offscript.engine.analysis import analyse

    result = _load_valid(path)
    if result is None:
        return EXIT_INVALID
    scenario = result.scenario
    assert scenario is not None
    analysis = result.analysis or analyse(scenario)
    if as_json:
        print(json.dumps({"scenario": scenario.id, **analysis.to_json()}, indent=2))
        return EXIT_OK
    from offscript.engine.model import SCORE_LABELS

    def listed(names: list[str]) -> str:
        return ", ".join(names) if names else "none"

    print(f"{scenario.title} ({scenario.id})")
    print(f"nodes:          {analysis.node_count} ({len(analysis.reachable)} reachable)")
    print(f"unreachable:    {listed(analysis.unreachable)}")
    print(f"endings:        {listed(analysis.endings)}")
    print(f"no ending from: {listed(analysis.no_ending)}")
    print(f"dead ends:      {listed(analysis.dead_ends)}")
    if analysis.decisions:
        most = "no limit (a loop can repeat)" if analysis.decisions[1] is None else analysis.decisions[1]
        print(f"decisions:      {analysis.decisions[0]} to {most} per playthrough")
    print("score range:" + ("" if analysis.exact else " not computed (too many playthrough states)"))
    for dimension, span in analysis.score_range.items():
        if span and analysis.exact:
            low, high = ("no limit (a scoring loop can repeat)" if v is None else v for v in span)
            print(f"  {SCORE_LABELS[dimension]:<16}{low} to {high}")
    for label, path, note in (
        ("best path: ", analysis.best_path, "highest"),
        ("worst path:", analysis.worst_path, "lowest"),
    ):
        if path is not None:
            print(f"{label}     --choices {','.join(map(str, path))}  ({note} total score)")
    print(f"states explored: {analysis.states:,}" + ("" if analysis.exact else " (limit reached)"))
    return EXIT_OK


class TranscriptPrinter:
    """Prints a run as a player would read it (for `offscript run` without --json)."""

    def __init__(self, scenario: object, *, enabled: bool) -> None:
        self.scenario = scenario
        self.enabled = enabled

    def say(self, text: str = "") -> None:
        if self.enabled:
            print(text)

    def opening(self, run: Playthrough) -> None:
        scenario = run.scenario
        self.say(scenario.title)
        self.say("=" * len(scenario.title))
        if scenario.briefing:
            self.say(scenario.briefing.rstrip())

    def node(self, run: Playthrough) -> None:
        node = run.node
        character = run.scenario.character(node.speaker)
        self.say()
        if node.speaker != "narrator":
            role = f", {character.role}" if character.role else ""
            mood = f" [{node.mood}]" if node.mood else ""
            self.say(f"{character.name or node.speaker}{role}{mood}:")
        self.say(_indent(run.text()))

    def read_on(self, run: Playthrough) -> Playthrough:
        """Show the current node and continue through `next` nodes."""
        seen: set[str] = set()
        while True:
            self.node(run)
            if run.node.kind != "next" or run.state.node in seen:
                return run
            seen.add(run.state.node)
            run = run.advance()

    def offered(self, run: Playthrough) -> None:
        """The choices on offer where the numbers ran out, so the next number is easy to pick."""
        self.say()
        for number, (_, choice) in enumerate(run.offered(), 1):
            self.say(f"  {number}. {run.text(choice.text).strip()}")

    def decision(self, before: Playthrough, after: Playthrough) -> None:
        step = after.state.steps[-1]
        choice = before.node.choices[step.choice]
        number = step.offered.index(step.choice) + 1
        self.say()
        self.say(f"> {number}. {before.text(choice.text).strip()}")
        changes = format_score_changes(choice.score)
        if changes:
            self.say(f"  ({changes})")
        if choice.feedback:
            self.say(_indent(f"Coach: {after.text(choice.feedback).strip()}"))

    def result(self, run: Playthrough) -> None:
        from offscript.engine.model import SCORE_LABELS

        ending = run.ending
        self.say()
        if ending is not None:
            self.say(f"ENDING ({ending.outcome}): {ending.title}")
            if ending.debrief:
                self.say(_indent(run.text(ending.debrief).rstrip()))
        totals = ", ".join(f"{SCORE_LABELS[k]} {v:+d}" for k, v in run.state.scores.items())
        self.say(f"Scores after {run.decisions} decision(s): {totals}")


def format_score_changes(score: dict[str, int] | object) -> str:
    """'Empathy +2, Customer first -1' for the non-zero parts of a choice's score."""
    from offscript.engine.model import SCORE_LABELS

    return ", ".join(f"{SCORE_LABELS[k]} {v:+d}" for k, v in score.items() if v)  # type: ignore[attr-defined]


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else "" for line in text.rstrip().splitlines())


def cmd_list(extra_dirs: Sequence[str], *, as_json: bool = False) -> int:
    from offscript.library import build_library

    for folder in extra_dirs:
        if not Path(folder).is_dir():
            raise UsageError(f"'{folder}' is not a folder")
    entries = build_library(extra_dirs)
    if as_json:
        print(json.dumps([e.to_json() for e in entries], indent=2))
        return EXIT_OK
    for entry in entries:
        state = "ok" if entry.valid else f"ERROR {entry.first_error}"
        print(f"{entry.id:<28} {entry.title[:40]:<40} {state}\n{'':<28} {entry.path}")
    return EXIT_OK


def cmd_play(target: str, mode: str, extra_dirs: Sequence[str]) -> int:
    from offscript.library import resolve_target

    path = resolve_target(target, extra_dirs)
    if path is None:
        raise UsageError(
            f"'{target}' is neither a scenario file nor the id of a scenario in the library (see 'offscript list')"
        )
    return _run_game(extra_dirs, play_path=path, mode=mode)


def cmd_library(extra_dirs: Sequence[str]) -> int:
    for folder in extra_dirs:
        if not Path(folder).is_dir():
            raise UsageError(f"'{folder}' is not a folder")
    return _run_game(extra_dirs)


def _run_game(extra_dirs: Sequence[str], *, play_path: str | None = None, mode: str = "coach") -> int:
    """Import and run the game with Python's cycle collector off until its first frame is drawn.

    Start-up (Textual, the engine, the stylesheet, the first screen) builds objects
    that live as long as the game; a hundred collector passes over them cost about
    20 ms of a 300 ms start. The app freezes what start-up built and turns the
    collector back on once the first frame is on screen.
    """
    gc.disable()
    from offscript.tui.app import run_app

    return run_app(extra_dirs=list(extra_dirs), play_path=play_path, mode=mode, collector_paused=True)


def cmd_history(scenario_id: str | None, *, as_json: bool = False) -> int:
    from offscript.storage.history import HistoryStore
    from offscript.storage.paths import history_path

    entries, problem = HistoryStore(history_path()).load()
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


def cmd_export(target: str, run_number: int, fmt: str, output: str | None, extra_dirs: Sequence[str]) -> int:
    from offscript.engine.playthrough import PlayError
    from offscript.engine.transcript import build_transcript
    from offscript.library import resolve_target
    from offscript.storage.export import to_html, to_markdown
    from offscript.storage.history import HistoryStore
    from offscript.storage.paths import history_path

    path = resolve_target(target, extra_dirs)
    if path is None:
        raise UsageError(f"'{target}' is neither a scenario file nor the id of a scenario in the library")
    result = _load_valid(path)
    if result is None:
        return EXIT_INVALID
    scenario = result.scenario
    assert scenario is not None
    runs = HistoryStore(history_path()).for_scenario(scenario.id)
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
