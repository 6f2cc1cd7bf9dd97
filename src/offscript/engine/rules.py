"""The rules of a move, in one place: what is offered, what a choice changes, where a branch leads.

Everything that plays or explores a scenario goes through `Rules`: a
playthrough (the game, `offscript run`, saves, transcripts) and the analysis
that searches every playthrough state. So the game and the analysis can
never disagree about what a choice does.

Values are a tuple in the order of `Rules.names` (the scenario's variables,
then the three scores when they are tracked), because the analysis keeps
them as part of a hashable state and reads them millions of times; a
playthrough turns its variables and scores into that tuple and back.

The rules, as the format defines them:
- a choice is offered when its `if` holds and, for a `once` choice, it has
  not been taken at this node before;
- taking it applies `set`, then `add`, each clamped by the variable's own
  `min` and `max` (`Variable.clamp`), then adds its `score`;
- entering a `branch` node follows its first entry whose `if` holds, at once.
  Values cannot change while routing, so a route that comes back to a branch
  node it has already passed would go round for ever: routing stops there,
  and the run is at a dead end. That is the one hop limit: each branch node
  at most once per route.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from offscript.engine.conditions import Expr, Value, compile_condition
from offscript.engine.model import SCORES, Choice, Node, Scenario

Values = tuple[Value, ...]
OnceUsed = frozenset[tuple[str, int]]


class Rules:
    """The format's rules for one scenario, over values laid out as `names`."""

    def __init__(self, scenario: Scenario, *, track_scores: bool = True) -> None:
        self.scenario = scenario
        self.track_scores = track_scores
        self.names: tuple[str, ...] = (*scenario.variables, *(SCORES if track_scores else ()))
        self.slot = {name: index for index, name in enumerate(self.names)}
        self._score_slots = [(self.slot[name], name) for name in SCORES] if track_scores else []
        self._compiled: dict[int, Callable[[Values], Value]] = {}

    def initial(self) -> Values:
        """The values at the start: each variable's `initial`, and scores of zero."""
        return tuple(v.initial for v in self.scenario.variables.values()) + ((0,) * len(self._score_slots))

    def holds(self, condition: Expr | None, values: Values) -> bool:
        """Whether an `if` holds (no condition always holds)."""
        if condition is None:
            return True
        compiled = self._compiled.get(id(condition))
        if compiled is None:
            compiled = self._compiled[id(condition)] = compile_condition(condition, self.slot)
        return bool(compiled(values))

    def offered(self, node: Node, values: Values, once_used: Collection[tuple[str, int]]) -> list[int]:
        """The 0-based indexes of the choices on offer at `node`."""
        return [
            index
            for index, choice in enumerate(node.choices)
            if not (choice.once and (node.id, index) in once_used)
            and (choice.condition is None or self.holds(choice.condition, values))
        ]

    def take(self, node: Node, index: int, values: Values, once_used: OnceUsed) -> tuple[Values, OnceUsed]:
        """The values and once-used set after taking choice `index` at `node` (whether it is offered is not checked)."""
        choice = node.choices[index]
        return self.apply(choice, values), (once_used | {(node.id, index)} if choice.once else once_used)

    def apply(self, choice: Choice, values: Values) -> Values:
        """`set`, then `add`, each clamped by the variable, then the choice's score."""
        if not (choice.set or choice.add or self._score_slots):
            return values
        result = list(values)
        variables = self.scenario.variables
        for name, value in choice.set.items():
            result[self.slot[name]] = value if isinstance(value, bool) else variables[name].clamp(value)
        for name, amount in choice.add.items():
            at = self.slot[name]
            result[at] = variables[name].clamp(int(result[at]) + amount)
        for at, name in self._score_slots:
            result[at] = int(result[at]) + choice.score.get(name, 0)
        return tuple(result)

    def changes(self, choice: Choice, values: Values) -> list[tuple[str, str, Value, Value, Value]]:
        """Each `set` and `add` of a choice from these values: (kind, variable, before, after, meant).

        `meant` is the value the step would give without the variable's bounds,
        so a caller can tell a change that did nothing from one a bound stopped.
        The steps run in `apply`'s order: every `set`, then every `add`.
        """
        current = dict(zip(self.names, values, strict=True))
        steps: list[tuple[str, str, Value, Value, Value]] = []
        variables = self.scenario.variables
        for name, value in choice.set.items():
            after = value if isinstance(value, bool) else variables[name].clamp(value)
            steps.append(("set", name, current[name], after, value))
            current[name] = after
        for name, amount in choice.add.items():
            meant = int(current[name]) + amount
            after = variables[name].clamp(meant)
            steps.append(("add", name, current[name], after, meant))
            current[name] = after
        return steps

    def route(self, node_id: str, values: Values) -> list[str]:
        """The nodes entered from `node_id`: branch nodes followed at once, up to the node the player is at.

        The last node is a branch only when routing cannot settle: no entry
        holds, or the route came back to a branch node it had passed.
        """
        nodes = self.scenario.nodes
        node = nodes[node_id]
        if node.kind != "branch":  # most moves: nothing to route
            return [node_id]
        path = [node_id]
        passed: set[str] = set()
        while node.kind == "branch" and node.id not in passed:
            passed.add(node.id)
            target = next((b.goto for b in node.branch if self.holds(b.condition, values)), None)
            if target is None:
                break
            path.append(target)
            node = nodes[target]
        return path
