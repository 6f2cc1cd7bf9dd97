"""The library's first frame with 20,000 past runs, against an empty history (not part of the test run).

    .venv/bin/python tests/benchmarks/bench_library.py [--runs N] [--history N]

A classroom machine after a year holds tens of thousands of finished runs. The
library shows each scenario's best and last result and its count, so its first
complete frame waits for the history to be read. "First frame" is the moment
"Your results:" appears (the details of the highlighted scenario, which need
the history) in a pseudo-terminal of 120x40, wide enough to show them. The two data folders, one with no
history and one with `--history` runs spread over the built-in scenarios,
alternate run by run, so the machine's speed cancels out of the ratio (goal:
1.05 or less). The first start over a version 1 `history.json` of the same
size, which imports it into the database once, is printed on its own line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench_startup import Terminal

from offscript.engine.active_run import Mode
from offscript.library import build_library
from offscript.storage.database import Database
from offscript.storage.history import HistoryEntry, insert_entry

WANTED = "Your results:"
SIZE = (120, 40)  # wide enough for the details beside the list


def history_entries(count: int) -> list[HistoryEntry]:
    """`count` finished runs spread over the built-in scenarios, with varied scores."""
    ids = [entry.id for entry in build_library(()) if entry.valid and entry.origin == "built-in"]
    entries = []
    for number in range(count):
        day = f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}T10:{number % 60:02d}:00+0000"
        scores = {"empathy": number % 7 - 3, "ownership": number % 5 - 2, "customer_first": number % 3 - 1}
        entries.append(
            HistoryEntry(
                ids[number % len(ids)],
                "A scenario",
                "",
                day,
                day,
                Mode.COACH,
                (("start", 0),) * 8,
                scores,
                "end",
                "An ending",
                ("success", "partial", "failure")[number % 3],
                0,
            )
        )
    return entries


def fill_database(folder: Path, entries: list[HistoryEntry]) -> None:
    with Database(folder).writing() as connection:
        for entry in entries:
            insert_entry(connection, entry)


def write_version_1(folder: Path, entries: list[HistoryEntry]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    runs = [entry.to_json() for entry in entries]
    (folder / "history.json").write_text(json.dumps({"format": "offscript-history", "version": 1, "runs": runs}))


def first_frame(argv: list[str], env: dict[str, str], data: Path) -> float:
    terminal = Terminal(argv, {**env, "OFFSCRIPT_DATA_DIR": str(data)}, SIZE)
    try:
        return terminal.wait_for(WANTED, timeout=60) - terminal.started
    finally:
        terminal.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--history", type=int, default=20_000)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="offscript-bench-library-"))
    empty, full, imported = root / "empty", root / "full", root / "version-1"
    entries = history_entries(args.history)
    fill_database(full, entries)
    write_version_1(imported, entries)
    empty.mkdir()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(SIZE[0]), "LINES": str(SIZE[1])}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    offscript = Path(sys.executable).with_name("offscript")
    argv = [str(offscript)] if offscript.exists() else [sys.executable, "-m", "offscript"]
    for data in (empty, full):  # compile bytecode and fill each folder's scenario cache, untimed
        first_frame(argv, env, data)
    import_time = first_frame(argv, env, imported)
    empty_times, full_times = [], []
    for _ in range(args.runs):
        empty_times.append(first_frame(argv, env, empty))
        full_times.append(first_frame(argv, env, full))

    def ms(values: list[float]) -> str:
        return f"median {1000 * statistics.median(values):6.1f} ms (min {1000 * min(values):.1f})"

    paired = statistics.median(f / e for f, e in zip(full_times, empty_times, strict=True))
    print(f"runs: {args.runs}, terminal {SIZE[0]}x{SIZE[1]}, history of {args.history:,} runs")
    print(f"library, empty history:          {ms(empty_times)}")
    print(f"library, {args.history:,} runs:          {ms(full_times)}")
    print(
        f"ratio (goal <= 1.05):            {statistics.median(full_times) / statistics.median(empty_times):.3f}"
        f" (run by run: {paired:.3f})"
    )
    print(f"first start importing a version 1 history.json of that size: {1000 * import_time:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
