"""Benchmark: `offscript run` on a chain of N `next` nodes against a chain of 4N, in one run.

Run:  python tests/benchmarks/bench_run_chain.py [--nodes N] [--repeat R]

A linear `run` takes about 4 times as long on the longer chain; a quadratic one
(each move copying the whole path so far, as the run's path once did) about 16
times. Both chains are timed in the same process, so the ratio holds on a noisy
machine. Two columns: the whole command (read, check, analyse, play, print) and
the play alone (the walk and the printed transcript, from a scenario already
loaded), which is where the path grows. Best of R repeats.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from offscript.cli import main
from offscript.cli.run import _shown, _take
from offscript.collector import paused as collector_paused
from offscript.engine import walk
from offscript.engine.loader import load_file
from offscript.engine.playthrough import Playthrough
from offscript.render.text import TextTranscript


def generate(nodes: int) -> str:
    """A scenario that is one chain of `nodes` nodes joined by `next`, then an ending."""
    lines = ["offscript: 1", f"id: chain-{nodes}", "title: Chain", "summary: A long chain of next nodes.", "start: n0"]
    lines.append("nodes:")
    for i in range(nodes):
        lines += [f"  n{i}:", f"    text: Step {i}, and the customer is still listening.", f"    next: n{i + 1}"]
    lines += [f"  n{nodes}:", "    text: Done.", "    ending: {title: End, outcome: success}"]
    return "\n".join(lines) + "\n"


def best_of(repeat: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def whole_command(path: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        status = main(["run", str(path)])
    assert status == 0, status


def play_only(path: Path) -> Callable[[], None]:
    scenario = load_file(path, analyse=False).scenario
    assert scenario is not None

    def play() -> None:
        printer = TextTranscript(io.StringIO().write)
        run = Playthrough.start(scenario)
        printer.opening(run)
        run = _shown(printer, walk.arrive(run), run)
        status, run, _ = _take(printer, run, [])
        assert status == 0 and len(run.state.path) == len(scenario.nodes)

    return play


def main_bench() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5_000, help="N, the shorter chain (default 5000)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = (args.nodes, 4 * args.nodes)
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / f"chain-{n}.yaml" for n in sizes]
        for path, n in zip(paths, sizes, strict=True):
            path.write_text(generate(n))
        whole = [best_of(args.repeat, lambda p=path: whole_command(p)) for path in paths]
        with collector_paused():  # as the command itself plays
            play = [best_of(args.repeat, play_only(path)) for path in paths]
    print(f"{'nodes':>8} {'offscript run':>14} {'play alone':>11}")
    for n, a, b in zip(sizes, whole, play, strict=True):
        print(f"{n:>8,} {a:>12.3f} s {b:>9.3f} s")
    print(f"{'4N / N':>8} {whole[1] / whole[0]:>13.2f}x {play[1] / play[0]:>10.2f}x   (linear: ~4, quadratic: ~16)")
    return 0


if __name__ == "__main__":
    sys.exit(main_bench())
