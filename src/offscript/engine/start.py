"""Where a run begins: the scenario's `start`, or a node and values a tester chose ("test from here").

A trainer checking the end of a long scenario should not have to play the
first twenty decisions again. `Start` names the node and the variables set
on the way in; `Playthrough.start(scenario, at=...)` and the walk's replay
use it, so `offscript run --from` and `offscript play --from` start a run
the same way. A `Start` is only ever built checked (`Start.at`), by the
format's rules: the node exists, each name is a declared variable (a score
cannot be set: scores are what the run earns, and start at 0), each value
has the variable's type and lies inside its `min`..`max`. A value outside
the range is refused, not clamped: a tester who asked for trust 9 on a
meter that stops at 5 should hear so, not test something else quietly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from offscript.engine.conditions import Value
from offscript.engine.diagnostics import did_you_mean
from offscript.engine.model import SCORES, Scenario, Variable

WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")  # ASCII digits only, short: `²` or 5,000 digits never reach int()


class StartError(ValueError):
    """A start the scenario does not allow, with a message fit for a person."""


@dataclass(frozen=True)
class Start:
    """A checked starting point: the node the run enters first and the variables set before it does."""

    node: str
    settings: tuple[tuple[str, Value], ...] = ()

    @classmethod
    def at(cls, scenario: Scenario, node: str | None = None, values: Mapping[str, Value] | None = None) -> Start:
        """The start at `node` (the scenario's own start by default) with `values`; StartError when not allowed."""
        node = scenario.start if node is None else node
        if node not in scenario.nodes:
            hint = did_you_mean(node, scenario.nodes)
            raise StartError(f"the scenario has no node '{_cut(node)}'{hint}")
        settings = tuple((values or {}).items())
        for name, value in settings:
            _check_value(scenario, name, value)
        return cls(node, settings)

    @property
    def values(self) -> dict[str, Value]:
        return dict(self.settings)

    def variables(self, scenario: Scenario) -> dict[str, Value]:
        """Every variable's value at the start: its `initial`, unless this start sets it."""
        return {name: v.initial for name, v in scenario.variables.items()} | self.values


def read_settings(scenario: Scenario, texts: Sequence[str]) -> dict[str, Value]:
    """`NAME=VALUE` texts (as `--set` takes them) as typed values; StartError for a name given twice or a bad one."""
    values: dict[str, Value] = {}
    for text in texts:
        name, value = read_setting(scenario, text)
        if name in values:
            raise StartError(f"'{name}' is set twice; give each variable once")
        values[name] = value
    return values


def read_setting(scenario: Scenario, text: str) -> tuple[str, Value]:
    """One `NAME=VALUE` as the variable's name and a value of its type; StartError otherwise."""
    name, equals, raw = text.partition("=")
    name, raw = name.strip(), raw.strip()
    if not equals or not name:
        raise StartError(f"'{_cut(text)}' is not NAME=VALUE (for example trust=3 or knows_why=true)")
    variable = _declared(scenario, name)
    if variable.kind == "bool":
        if raw not in ("true", "false"):
            raise StartError(f"'{name}' is true or false, not '{_cut(raw)}'")
        return name, raw == "true"
    if not WHOLE_NUMBER.fullmatch(raw):
        raise StartError(f"'{name}' is a whole number (like 3 or -1), not '{_cut(raw)}'")
    return name, int(raw)


def _declared(scenario: Scenario, name: str) -> Variable:
    """The variable called `name`; StartError for a score or an unknown name."""
    if name in SCORES:
        raise StartError(f"'{name}' is a score, and a score cannot be set: every run starts with scores of 0")
    variable = scenario.variables.get(name)
    if variable is None:
        known = ", ".join(scenario.variables) or "none"
        hint = did_you_mean(name, scenario.variables)
        raise StartError(f"the scenario has no variable '{_cut(name)}'{hint} (its variables: {known})")
    return variable


def _check_value(scenario: Scenario, name: str, value: Value) -> None:
    """StartError unless `value` has the variable's type and lies in its range."""
    variable = _declared(scenario, name)
    if isinstance(value, bool) != (variable.kind == "bool"):
        kind = "true or false" if variable.kind == "bool" else "a whole number"
        raise StartError(f"'{name}' is {kind}, not {value!r}")
    if isinstance(value, bool):
        return
    if variable.clamp(value) != value:
        low = "" if variable.min is None else str(variable.min)
        high = "" if variable.max is None else str(variable.max)
        raise StartError(f"'{name}' must lie in {low}..{high}; {value} is outside it")


def _cut(text: str) -> str:
    """A text as a message quotes it: cut short, so a 5,000-character value does not fill the screen."""
    return text if len(text) <= 24 else text[:24] + "..."
