"""The `offscript` command line: a parser, a registry of commands, and the dispatch.

Each command lives in a module of its own (`add_arguments` and `run`), imported
only when that command runs or its help is asked for, so `validate`, `run`
and `analyze` never load Textual and start quickly. Exit statuses follow the
format contract: 0 fine, 1 a problem in a scenario, 2 a usage problem, 3 when
`run` ran out of choices before an ending.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TextIO

from offscript import __version__
from offscript.cli.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, add_scenarios_option
from offscript.engine.safe_text import safe


@dataclass(frozen=True)
class Command:
    name: str
    module: str  # in offscript.cli
    help: str
    description: str | None = None
    aliases: tuple[str, ...] = ()
    loads_scenarios: bool = True  # its work is loading scenarios: the cycle collector is paused meanwhile
    prints: bool = True  # its output is printed (through SafeStream); False for the game, which Textual draws


COMMANDS = (
    Command(
        "validate",
        "validate",
        "check scenario files and folders; report file:line:col problems",
        "Check scenario files (and every .yaml/.yml in folders, and the ids of all "
        "of them together). Prints one line per problem, and on a terminal the "
        "line it is about with a caret under the column. Exit status 0 with no "
        "errors, 1 with errors, 2 for a bad path.",
    ),
    Command(
        "run",
        "run",
        "play a scenario without the game, taking the given choices",
        "Play a scenario non-interactively. At each decision take the Nth "
        "(1-based) choice on offer. Exit 0 at an ending, 3 when the numbers run out first, "
        "1 for a number that is not offered or an invalid scenario.",
    ),
    Command(
        "analyze",
        "analyze",
        "reachability, endings and score ranges",
        "Explore every playthrough: reachable and unreachable nodes, "
        "endings, nodes with no way to an ending, and each score's range.",
        aliases=("analyse",),
    ),
    Command(
        "playtest",
        "playtest",
        "test scenarios without playing them: checks, coverage, random play, teaching audit",
        "Play scenario files (and every .yaml/.yml in folders) without a person: the file's own checks, "
        "an exact search of every playthrough for choices and branch entries no one can take, random "
        "play with the share of each ending and the reading time, and an audit of whether the scores "
        "teach what the coaching says. Findings are file:line:col warnings with the --choices that show "
        "them. Exit status 0 when every check passes, 1 on a failed check or an invalid scenario (and on "
        "any warning with --strict), 2 for a usage problem.",
    ),
    Command(
        "graph",
        "graph",
        "the scenario's map for Graphviz (DOT) or Mermaid",
        "Write the scenario's map: every node (its kind by shape; endings coloured and labelled by outcome; "
        "unreachable nodes dashed and labelled), every choice as an edge labelled with its number or id, its "
        "score and its condition, and branch entries with their conditions. DOT by default (render it with "
        "Graphviz: offscript graph FILE | dot -Tsvg -o map.svg); --format mermaid for GitHub and VS Code. "
        "Exit status 0, 1 for an invalid scenario, 2 for a usage problem (such as a file that cannot be written).",
    ),
    Command(
        "classroom",
        "classroom",
        "play a scenario with a class on a projector: the room discusses and votes",
        "Classroom play for a projector: at each decision the facilitator moves the class through read, discuss, "
        "vote (hands counted with the number keys, tallies hidden), reveal, decide and consequence, with a "
        "presenter's clicker (page down, page up) or the keyboard; ? lists every key. The class is saved after "
        "every step and resumes where it stopped.",
        loads_scenarios=False,
        prints=False,
    ),
    Command(
        "guide",
        "guide",
        "the facilitator's printable guide to a scenario (Markdown or HTML)",
        "Write the facilitator's guide: the goals, principles and timing, then each decision in the order a class "
        "meets it, with every option's scores and feedback, the discuss question, the notes, and the endings each "
        "option can lead to (worked out over every playthrough). Markdown by default; --format html (or -o "
        "FILE.html) for a page to print. Exit status 0, 1 for an invalid scenario, 2 for a usage problem.",
    ),
    Command("list", "listing", "list the scenario library (built-in, your folder, --scenarios)"),
    Command("play", "play", "open one scenario in the game straight away", loads_scenarios=False, prints=False),
    Command("history", "history", "your finished playthroughs, oldest first", loads_scenarios=False),
    Command(
        "export",
        "export",
        "write a finished playthrough as Markdown or HTML",
        "Export a finished playthrough from your history: the whole conversation, each choice with "
        "its feedback and score changes, and the debrief.",
    ),
    Command(
        "new",
        "new",
        "write a small scenario to start from (never over a file)",
        "Write a small scenario that uses every part of the format once and validates with no warning. "
        "The id comes from the file name. Never overwrites a file (exit status 2).",
        loads_scenarios=False,
    ),
    Command(
        "schema",
        "schema",
        "print the scenario format's JSON Schema, for your editor",
        "Print the JSON Schema of the scenario format (draft 2020-12). Save it with "
        "'offscript schema > offscript.schema.json' and point your editor at it; see the trainers' quick start.",
        loads_scenarios=False,
    ),
)
BY_NAME = {name: command for command in COMMANDS for name in (command.name, *command.aliases)}
TOP_OPTIONS_WITH_VALUES = ("--scenarios", "--data-dir")


def command_module(command: Command) -> ModuleType:
    return importlib.import_module(f"offscript.cli.{command.module}")


def chosen_command(argv: Sequence[str]) -> Command | None:
    """The command named in argv (its first word that is not a top-level option), if any."""
    words = iter(argv)
    for word in words:
        if word in TOP_OPTIONS_WITH_VALUES:
            next(words, None)
        elif not word.startswith("-"):
            return BY_NAME.get(word)
    return None


def build_parser(chosen: Command | None = None) -> argparse.ArgumentParser:
    """The whole parser; only the chosen command's own arguments are declared (its module imported)."""
    parser = argparse.ArgumentParser(
        prog="offscript",
        description="Practise real customer conversations. Run without a command to open the game.",
        epilog=_data_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"offscript {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.name, aliases=list(command.aliases), help=command.help, description=command.description
        )
        if command is chosen:
            command_module(command).add_arguments(sub)
    add_scenarios_option(parser, "also list the scenarios in this folder (repeatable)", dest="scenarios")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep saves, history and settings here (or set OFFSCRIPT_DATA_DIR)"
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


class SafeStream:
    """A text stream that neutralises control characters (and lone surrogates) in everything written to it.

    Commands print file names, data files and scenario text; wrapping stdout and
    stderr once means none of them can send an escape sequence to the terminal,
    whatever the command forgot (the game draws through Textual instead).
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(safe(text))

    def __getattr__(self, name: str) -> object:
        return getattr(self.stream, name)


@contextlib.contextmanager
def safe_output() -> Iterator[None]:
    """stdout and stderr through `SafeStream` meanwhile (usage errors and --help included)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(saved[0]), SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _apply_data_dir(argv)
    chosen = chosen_command(argv)
    with safe_output():
        args = build_parser(chosen).parse_args(argv)
    command = BY_NAME.get(args.command or "")
    if command is None or not command.prints:
        return _guarded(command, args)
    with safe_output():
        return _guarded(command, args)


def _guarded(command: Command | None, args: argparse.Namespace) -> int:
    """Run the command; a usage error or a bug becomes a message and an exit status, never a traceback."""
    try:
        return dispatch(command, args)
    except UsageError as exc:
        print(f"offscript: {safe(str(exc))}", file=sys.stderr)  # it may quote a path (the game's commands too)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last guard: a bug must not greet a user with a traceback
        if os.environ.get("OFFSCRIPT_DEBUG"):
            raise
        print(
            f"offscript: internal error ({type(exc).__name__}: {safe(str(exc))}). Please report it; "
            "set OFFSCRIPT_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return EXIT_INVALID


def dispatch(command: Command | None, args: argparse.Namespace) -> int:
    """Run the command (the game when there is none), pausing the cycle collector where it loads scenarios."""
    if command is None:
        from offscript.cli import game

        return game.run(args)
    module = command_module(command)
    if not command.loads_scenarios:
        return int(module.run(args))
    from offscript.collector import paused

    with paused():
        return int(module.run(args))
