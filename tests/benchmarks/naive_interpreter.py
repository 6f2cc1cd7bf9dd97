"""A naive interpreter of the scenario format: the baseline `bench_playtest.py` measures against.

What a first version of random play would be: the YAML read into plain dicts,
and a loop that walks them, parsing each `if` from its text every time it is
evaluated (with Offscript's own condition parser, so the baseline is not slow
for want of a good parser). It keeps the format's rules (once-only choices,
clamped set/add, branches), records the ending of each run and prints the
share of each. Not used by Offscript itself.

Run:  python tests/benchmarks/naive_interpreter.py FILE [--runs N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from typing import Any

import yaml

from offscript.engine.conditions import evaluate, parse_condition


def holds(condition: Any, values: dict[str, Any]) -> bool:
    if condition is None:
        return True
    text = "true" if condition is True else "false" if condition is False else str(condition)
    return bool(evaluate(parse_condition(text), values))


def clamp(variable: dict[str, Any], value: int) -> int:
    low, high = variable.get("min"), variable.get("max")
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def play_once(data: dict[str, Any], rng: random.Random) -> str | None:
    nodes = data["nodes"]
    variables = {  # a variable may be written as its initial value alone
        name: v if isinstance(v, dict) else {"initial": v} for name, v in (data.get("variables") or {}).items()
    }
    values: dict[str, Any] = {name: v["initial"] for name, v in variables.items()}
    values.update(empathy=0, ownership=0, customer_first=0)
    used: set[tuple[str, int]] = set()
    node_id = data["start"]
    for _ in range(10_000):
        node = nodes[node_id]
        if "ending" in node:
            return str(node_id)
        if "next" in node:
            node_id = node["next"]
        elif "branch" in node:
            node_id = next(entry["goto"] for entry in node["branch"] if holds(entry.get("if"), values))
        else:
            offered = [
                (i, c)
                for i, c in enumerate(node["choices"])
                if not (c.get("once") and (node_id, i) in used) and holds(c.get("if"), values)
            ]
            if not offered:
                return None
            index, choice = rng.choice(offered)
            if choice.get("once"):
                used.add((node_id, index))
            for name, value in (choice.get("set") or {}).items():
                values[name] = value if isinstance(value, bool) else clamp(variables[name], value)
            for name, amount in (choice.get("add") or {}).items():
                values[name] = clamp(variables[name], values[name] + amount)
            for name, amount in (choice.get("score") or {}).items():
                values[name] += amount
            node_id = choice["goto"]
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with open(args.file, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    rng = random.Random(args.seed)
    endings = Counter(play_once(data, rng) for _ in range(args.runs))
    for ending, count in endings.most_common():
        print(f"{ending}: {count / args.runs:.1%}")


if __name__ == "__main__":
    sys.exit(main())
