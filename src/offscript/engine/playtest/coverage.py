"""Coverage findings: what no playthrough can do, read off the state space's records.

Each finding says why, from the values the search actually met at that
node (`trust is 0 to 6 here`), so a trainer sees the cause, not only the
symptom. Nodes no playthrough reaches are left to `validate` (OS400): their
choices are untakeable for that one reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from offscript.engine.conditions import Expr, names_in
from offscript.engine.model import Choice, Node
from offscript.engine.playtest.findings import Finding, finding
from offscript.engine.state_space import StateSpace


def coverage_findings(space: StateSpace) -> list[Finding]:
    """Every untakeable choice and branch entry, every idle set/add, every add a bound stopped."""
    scenario, coverage = space.scenario, space.coverage
    found: list[Finding] = []
    for node in scenario.nodes.values():
        if node.id not in coverage.entered:
            continue
        if node.kind == "choices":
            found.extend(_choice_findings(space, node))
        elif node.kind == "branch":
            found.extend(_entry_findings(space, node))
    return found


def _choice_findings(space: StateSpace, node: Node) -> Iterator[Finding]:
    scenario, coverage = space.scenario, space.coverage
    for index, choice in enumerate(node.choices):
        label = _label(node, index, choice)
        if (node.id, index) not in coverage.offered:
            condition = f" its condition '{choice.condition_text}' never holds there" if choice.condition else ""
            yield finding(
                scenario,
                choice.places.get("if", (choice.line, choice.col)),
                "OS501",
                f"{label} is never offered:{condition}{_ranges(space, node.id, choice.condition)}",
            )
            continue
        yield from _change_findings(space, node, index, choice, label)


def _change_findings(space: StateSpace, node: Node, index: int, choice: Choice, label: str) -> Iterator[Finding]:
    scenario, coverage = space.scenario, space.coverage
    for kind, steps in (("set", choice.set), ("add", choice.add)):
        for name, value in steps.items():
            ref = (node.id, index, kind, name)
            at = choice.places.get(kind, (choice.line, choice.col))
            written = f"{kind} {name}: {str(value).lower() if isinstance(value, bool) else value}"
            if ref not in coverage.changed:
                yield finding(
                    scenario,
                    at,
                    "OS503",
                    f"'{written}' on {label} never changes anything: {_never_changes(space, node.id, name)}",
                )
            elif ref in coverage.blocked:
                state = coverage.blocked[ref]
                number = next(n for _, c, n in space.moves[state] if c == index)
                variable = scenario.variables[name]
                bound = f"max {variable.max}" if int(value) > 0 else f"min {variable.min}"
                yield finding(
                    scenario,
                    at,
                    "OS504",
                    f"'{written}' on {label} does nothing on some playthroughs: {name} is already at its {bound} "
                    "there, so this change and any later one in that direction are lost",
                    [*space.choices_to(state), number],
                )


def _entry_findings(space: StateSpace, node: Node) -> Iterator[Finding]:
    coverage = space.coverage
    for index, entry in enumerate(node.branch):
        if (node.id, index) in coverage.entry_taken:
            continue
        label = f"entry {index + 1} of branch '{node.id}' (goto '{entry.goto}')"
        if entry.condition is not None and (node.id, index) not in coverage.entry_held:
            reason = (
                f"its condition '{entry.condition_text}' never holds there{_ranges(space, node.id, entry.condition)}"
            )
        else:
            reason = "an entry above it always holds first"
        at = entry.places.get("if", (entry.line, entry.col))
        yield finding(space.scenario, at, "OS502", f"{label} is never taken: {reason}")


def _label(node: Node, index: int, choice: Choice) -> str:
    return f"choice {index + 1}{f' ({choice.id})' if choice.id else ''} of '{node.id}'"


def _values_at(space: StateSpace, node_id: str, name: str) -> list[object]:
    """Every value `name` has in the states at a node (branch nodes: the states routed through them)."""
    slot = space.rules.slot.get(name)
    if slot is None:
        return []
    values = {key[1][slot] for key in space.keys if key[0] == node_id}
    if not values:  # a branch node is passed through, not stood at: read its entering values
        values = {v[slot] for v in space.routed.get(node_id, ())}
    return sorted(values, key=lambda v: (isinstance(v, bool), v))


def _ranges(space: StateSpace, node_id: str, condition: Expr | None) -> str:
    """' (trust is 0 to 6 here)': the values the condition's names take where it is evaluated."""
    if condition is None:
        return ""
    parts = []
    for name in dict.fromkeys(n.name for n in names_in(condition)):
        values = _values_at(space, node_id, name)
        if not values:
            continue
        if isinstance(values[0], bool):
            shown = " or ".join(str(v).lower() for v in values)
        else:
            shown = str(values[0]) if len(values) == 1 else f"{values[0]} to {values[-1]}"
        parts.append(f"{name} is {shown}")
    return f" ({', '.join(parts)} here)" if parts else ""


def _never_changes(space: StateSpace, node_id: str, name: str) -> str:
    values = _values_at(space, node_id, name)
    variable = space.scenario.variables[name]
    if len(values) == 1:
        return f"{name} is always {str(values[0]).lower()} when it is taken"
    return f"{name} is always at its bound when it is taken (min {variable.min}, max {variable.max})"
