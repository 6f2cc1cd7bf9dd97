"""Benchmark: what checking a cache entry costs, against trusting it and against a fresh load.

Run:  python tests/benchmarks/bench_cache.py [--repeat N]

Loads every shipped scenario (with its analysis, as opening one in the game
does) three ways in one run, in a temporary data folder with a warm cache:

- trusted: the entry is rebuilt without any check, as the cache did before
  entries were checked (`scenario_cache._load(..., checked=False)`);
- checked: `load_scenario` as the game calls it, types and invariants checked;
- fresh:   `load_file`, reading the YAML, checking it and analysing it.

Machines here are shared and noisy, so the three are interleaved round by round
and each figure is the median over the rounds; what matters are the ratios.
Goal: checked/trusted small, and checked/fresh well under 1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from offscript.engine.loader import load_file
from offscript.library import builtin_scenarios_dir
from offscript.storage import scenario_cache


def timed(load: Callable[[str], object], paths: list[str]) -> float:
    start = time.perf_counter()
    for path in paths:
        load(path)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    paths = [str(path) for path in sorted(builtin_scenarios_dir().glob("*.yaml"))]
    ways: dict[str, Callable[[str], object]] = {
        "trusted": lambda path: scenario_cache._load(path, True, checked=False),
        "checked": scenario_cache.load_scenario,
        "fresh": load_file,
    }
    with tempfile.TemporaryDirectory() as folder:
        os.environ["OFFSCRIPT_DATA_DIR"] = folder
        for path in paths:  # warm the cache, and check that every entry is used
            assert scenario_cache.load_scenario(path) == load_file(path)
        assert len(list(Path(folder, "cache", "scenarios").glob("*.json"))) == len(paths)
        times: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(args.repeat):
            for name, load in ways.items():
                times[name].append(timed(load, paths))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"{len(paths)} shipped scenarios, median of {args.repeat} rounds (Python {sys.version.split()[0]})")
    for name, seconds in median.items():
        print(f"  {name:<8} {seconds * 1000:8.2f} ms")
    print(f"checked / trusted: {median['checked'] / median['trusted']:.2f}")
    print(f"checked / fresh:   {median['checked'] / median['fresh']:.3f}")


if __name__ == "__main__":
    main()
