"""Benchmark: `offscript validate` against a bare C YAML parse of the same file, and the analysis.

Run:  python tests/benchmarks/bench_validate.py [--repeat N]

Machines here are shared and noisy, so every figure is a ratio against a
baseline measured in the same run: a bare `yaml.load(text, Loader=CSafeLoader)`
of the same file. Goal: validate within 1.5x of the bare parse from 1,000
nodes up, growing linearly with size.

The baseline runs as anyone would call it, with Python's cycle collector on.
`offscript validate` pauses the collector while it works (see `offscript.collector`),
so the loader and the analysis columns are measured that way too; with the collector off the bare
parse itself takes about 40% of its time here.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

import yaml

from offscript.collector import paused as collector_paused
from offscript.engine.analysis import analyse
from offscript.engine.loader import load_file

SIZES = (100, 1_000, 10_000)


def generate(nodes: int) -> str:
    """A scenario shaped like the real ones: decisions with three options, a trust meter, conditions."""
    lines = [
        "offscript: 1",
        f"id: bench-{nodes}",
        "title: Benchmark",
        "summary: A generated scenario for timing.",
        "briefing: |",
        "  You sell fasteners. The buyer is busy.",
        "characters:",
        "  mara: {name: Mara Jensen, role: Purchase manager}",
        "variables:",
        "  trust: {initial: 2, min: 0, max: 5, label: Trust, show: true}",
        "  asked: false",
        "start: n0",
        "nodes:",
    ]
    decisions = nodes - 2
    for i in range(decisions):
        nxt = f"n{i + 1}" if i + 1 < decisions else "gate"
        lines += [
            f"  n{i}:",
            "    speaker: mara",
            "    mood: impatient",
            "    text: |",
            f'      "We have {{trust}} reasons to talk. Question {i}: what do you want from us?"',
            "    choices:",
            "      - text: Ask why the last supplier let her down.",
            f"        goto: {nxt}",
            "        score: {empathy: 2, customer_first: 1}",
            "        add: {trust: 1}",
            "        set: {asked: true}",
            "        feedback: A real question lets the customer teach you.",
            "      - text: Read out the product overview.",
            f"        goto: {nxt}",
            "        score: {empathy: -1, customer_first: -2}",
            "        add: {trust: -1}",
            "        feedback: A script sounds like everyone else.",
            "      - text: Propose a trial order now.",
            "        if: trust >= 3 and asked",
            f"        goto: {nxt}",
            "        score: {ownership: 1}",
            "        feedback: Owning the next step once you have earned it.",
        ]
    lines += [
        "  gate:",
        "    branch:",
        "      - if: trust >= 4",
        "        goto: won",
        "      - goto: lost",
        "  won: {speaker: mara, text: Trial order., ending: {title: Won, outcome: success, debrief: Well done.}}",
        "  lost: {text: She leaves., ending: {title: Lost, outcome: failure}}",
    ]
    return "\n".join(lines) + "\n"


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(size: int, folder: Path, repeat: int) -> str:
    """One row of the table: every timing for one generated scenario."""
    path = folder / f"bench-{size}.yaml"
    text = generate(size)
    path.write_text(text)
    bare = best_of(repeat, lambda: yaml.load(path.read_text(), Loader=yaml.CSafeLoader))
    result = load_file(path)
    assert result.ok and result.scenario is not None, result.diagnostics[:3]
    scenario = result.scenario

    def validated(analyse: bool) -> None:
        with collector_paused():  # as `offscript validate` runs it
            load_file(path, analyse=analyse)

    full = best_of(repeat, lambda: validated(True))
    check = best_of(repeat, lambda: validated(False))

    def paused_analysis() -> None:
        with collector_paused():
            analyse(scenario)

    analysis = best_of(repeat, paused_analysis)
    return (
        f"{size:>7} {len(text) / 1024:>8.0f} {bare * 1000:>9.1f}ms {full * 1000:>8.1f}ms {full / bare:>5.2f}x "
        f"{check * 1000:>9.1f}ms {check / bare:>5.2f}x {analysis * 1000:>8.1f}ms {result.analysis.states:>8,}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{'nodes':>7} {'file KB':>8} {'bare parse':>11} {'validate':>10} {'ratio':>6} "
        f"{'check only':>11} {'ratio':>6} {'analysis':>10} {'states':>8}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            print(measure(size, Path(folder), args.repeat))
    print("validate = load + check + analysis warnings; check only = load + check; ratios vs bare parse, same run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
