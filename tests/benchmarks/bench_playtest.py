"""Benchmark: `offscript playtest --random 10000` against a naive interpreter doing the same 10,000 runs.

Run:  python tests/benchmarks/bench_playtest.py [--repeat R] [SCENARIO...]

For each scenario (default: every shipped one), two whole processes are
timed in alternation, best of R: `offscript playtest FILE --random 10000`
(load, check, exact coverage and audit, then 10,000 random playthroughs) and
`naive_interpreter.py FILE --runs 10000` (plain dicts, each `if` parsed from
its text whenever it is evaluated). The goal is a ratio of 0.5 or less.

A second table times, in this process, the exact part of a playtest against
`analyse()` of the same scenario, which is the search every `validate` and
`analyze` already pays: the state search alone (`StateSpace`, the issue's "exact
search", to be no slower), and with the reachability warnings, coverage and audit.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from offscript.engine.analysis import analyse
from offscript.engine.loader import load_file
from offscript.engine.playtest.audit import audit_findings
from offscript.engine.playtest.coverage import coverage_findings
from offscript.engine.playtest.paths import Paths
from offscript.engine.playtest.reach import reach_warnings
from offscript.engine.state_space import StateSpace

HERE = Path(__file__).parent
SHIPPED = sorted((HERE.parents[1] / "scenarios").glob("*.yaml"))
RUNS = "10000"


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def process(argv: list[str]) -> Callable[[], None]:
    def work() -> None:
        subprocess.run(argv, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return work


def whole_processes(path: Path, repeat: int) -> tuple[float, float]:
    """Best times of the two commands, measured in alternation so both see the same machine."""
    ours = process([sys.executable, "-m", "offscript", "playtest", str(path), "--random", RUNS])
    naive = process([sys.executable, str(HERE / "naive_interpreter.py"), str(path), "--runs", RUNS])
    best_ours = best_naive = float("inf")
    for _ in range(repeat):
        best_ours = min(best_ours, timed(ours))
        best_naive = min(best_naive, timed(naive))
    return best_ours, best_naive


def exact_parts(path: Path, repeat: int) -> tuple[float, float, float]:
    result = load_file(path)
    scenario = result.scenario
    assert scenario is not None and result.analysis is not None

    def search() -> None:
        space = StateSpace(scenario)
        paths = Paths(space)
        reach_warnings(space, paths)
        coverage_findings(space)
        audit_findings(space, paths)

    best_space = best_search = best_analysis = float("inf")
    for _ in range(repeat):
        best_space = min(best_space, timed(lambda: StateSpace(scenario)))
        best_search = min(best_search, timed(search))
        best_analysis = min(best_analysis, timed(lambda: analyse(scenario)))
    return best_space, best_search, best_analysis


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenarios", nargs="*", type=Path, default=SHIPPED)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"whole process, {RUNS} random playthroughs, best of {args.repeat} (goal: ratio <= 0.50)")
    print(f"{'scenario':<24}{'playtest':>10}{'naive':>10}{'ratio':>8}")
    for path in args.scenarios:
        ours, naive = whole_processes(path, args.repeat)
        print(f"{path.stem:<24}{ours:>9.3f}s{naive:>9.3f}s{ours / naive:>8.2f}")
    print(f"\nthe state search alone, and with coverage and audit, against analyse(), best of {args.repeat}")
    print(f"{'scenario':<24}{'search':>10}{'+audit':>10}{'analysis':>10}{'search':>8}{'+audit':>8}")
    for path in args.scenarios:
        space, search, analysis = exact_parts(path, args.repeat)
        print(
            f"{path.stem:<24}{space * 1000:>8.1f}ms{search * 1000:>8.1f}ms{analysis * 1000:>8.1f}ms"
            f"{space / analysis:>8.2f}{search / analysis:>8.2f}"
        )


if __name__ == "__main__":
    main()
