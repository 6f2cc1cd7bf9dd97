"""One run through a scenario, as plain data plus the rules that move it on.

`PlayState` is pure data (it round-trips through JSON exactly), so saving a
run is serialising it, and replaying its steps rebuilds it. `Playthrough`
pairs a state with its scenario and applies the format's rules: offered
choices, `set` then `add` (clamped) then scores, `once`, automatic `branch`,
`next` nodes that wait for the reader, endings, and dead ends reported
plainly instead of hanging. Every move returns a new Playthrough, so undo is
just keeping the old one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from offscript.engine.conditions import Value, evaluate, interpolate
from offscript.engine.model import SCORES, Choice, Ending, Node, Scenario


class PlayError(Exception):
    """A move the rules do not allow, with a message fit for a person."""


@dataclass(frozen=True)
class Step:
    """A decision taken: at `node`, the choice at `choice` (0-based in the file), among `offered`."""

    node: str
    choice: int
    offered: tuple[int, ...]


@dataclass(frozen=True)
class PlayState:
    scenario_id: str
    content_hash: str
    node: str
    variables: dict[str, Value]
    scores: dict[str, int]
    steps: tuple[Step, ...] = ()
    once_used: frozenset[tuple[str, int]] = field(default_factory=frozenset)
    path: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario_id,
            "content_hash": self.content_hash,
            "node": self.node,
            "variables": dict(self.variables),
            "scores": dict(self.scores),
            "steps": [{"node": s.node, "choice": s.choice, "offered": list(s.offered)} for s in self.steps],
            "once_used": sorted([node, index] for node, index in self.once_used),
            "path": list(self.path),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlayState:
        """Rebuild a state; raise ValueError (not KeyError/TypeError) on bad data."""
        try:
            return cls(
                scenario_id=str(data["scenario"]),
                content_hash=str(data["content_hash"]),
                node=str(data["node"]),
                variables={str(k): v for k, v in dict(data["variables"]).items()},
                scores={str(k): int(v) for k, v in dict(data["scores"]).items()},
                steps=tuple(
                    Step(str(s["node"]), int(s["choice"]), tuple(int(i) for i in s["offered"])) for s in data["steps"]
                ),
                once_used=frozenset((str(n), int(i)) for n, i in data["once_used"]),
                path=tuple(str(p) for p in data["path"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a playthrough state: {exc}") from None


MAX_BRANCH_HOPS = 10_000


class Playthrough:
    """A scenario and the state of one run through it."""

    def __init__(self, scenario: Scenario, state: PlayState) -> None:
        self.scenario = scenario
        self.state = state

    @classmethod
    def start(cls, scenario: Scenario) -> Playthrough:
        state = PlayState(
            scenario_id=scenario.id,
            content_hash=scenario.content_hash,
            node=scenario.start,
            variables={name: v.initial for name, v in scenario.variables.items()},
            scores={name: 0 for name in SCORES},
        )
        return cls(scenario, state)._enter(scenario.start)

    # --- reading the state ----------------------------------------------------

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.state.node]

    @property
    def ending(self) -> Ending | None:
        return self.node.ending

    @property
    def is_over(self) -> bool:
        return self.node.kind == "ending" or self.is_dead_end

    @property
    def is_dead_end(self) -> bool:
        """A choice node none of whose choices can be taken now, or a branch that cannot settle."""
        node = self.node
        return (node.kind == "choices" and not self.offered()) or node.kind == "branch"

    @property
    def decisions(self) -> int:
        return len(self.state.steps)

    def values(self) -> dict[str, Value]:
        """Variables and running scores, as conditions and `{name}` see them."""
        return {**self.state.variables, **self.state.scores}

    def text(self, text: str | None = None) -> str:
        """A text (the current node's by default) with `{name}` filled in."""
        return interpolate(self.node.text if text is None else text, self.values())

    def offered(self) -> list[tuple[int, Choice]]:
        """The choices on offer now, with their 0-based index in the node."""
        node = self.node
        if node.kind != "choices":
            return []
        values = self.values()
        return [
            (index, choice)
            for index, choice in enumerate(node.choices)
            if not (choice.once and (node.id, index) in self.state.once_used)
            and (choice.condition is None or evaluate(choice.condition, values))
        ]

    # --- moving on -------------------------------------------------------------

    def choose(self, index: int) -> Playthrough:
        """Take the choice at 0-based `index` in the current node."""
        offered = self.offered()
        offered_indexes = tuple(i for i, _ in offered)
        if index not in offered_indexes:
            raise PlayError(self._not_offered_message(f"choice {index + 1}"))
        node = self.node
        choice = node.choices[index]
        variables = dict(self.state.variables)
        for name, value in choice.set.items():  # min and max clamp every change, `set` included
            variable = self.scenario.variables[name]
            variables[name] = value if isinstance(value, bool) else variable.clamp(value)
        for name, amount in choice.add.items():
            variables[name] = self.scenario.variables[name].clamp(int(variables[name]) + amount)
        scores = {name: total + choice.score.get(name, 0) for name, total in self.state.scores.items()}
        once_used = self.state.once_used | {(node.id, index)} if choice.once else self.state.once_used
        state = replace(
            self.state,
            variables=variables,
            scores=scores,
            once_used=once_used,
            steps=self.state.steps + (Step(node.id, index, offered_indexes),),
        )
        return Playthrough(self.scenario, state)._enter(choice.goto)

    def pick(self, number: int) -> Playthrough:
        """Take the `number`th (1-based) of the choices on offer, as `run --choices` does."""
        offered = self.offered()
        if not 1 <= number <= len(offered):
            raise PlayError(self._not_offered_message(f"choice {number}"))
        return self.choose(offered[number - 1][0])

    def advance(self) -> Playthrough:
        """Continue past a `next` node the player has read."""
        if self.node.kind != "next":
            raise PlayError(f"node '{self.node.id}' does not continue on its own")
        return self._enter(self.node.next)

    def _enter(self, node_id: str) -> Playthrough:
        """Enter a node and follow branch nodes at once, recording the path."""
        path = list(self.state.path)
        values = self.values()
        hops = 0
        while True:
            path.append(node_id)
            node = self.scenario.nodes[node_id]
            if node.kind != "branch" or hops >= MAX_BRANCH_HOPS:
                break
            hops += 1
            node_id = next(b.goto for b in node.branch if b.condition is None or evaluate(b.condition, values))
        return Playthrough(self.scenario, replace(self.state, node=node_id, path=tuple(path)))

    def _not_offered_message(self, what: str) -> str:
        node = self.node
        if node.kind == "ending":
            return f"{what} was given, but the scenario already ended at '{node.id}'"
        if node.kind != "choices":
            return f"{what} was given at '{node.id}', which is not a choice node"
        offered = self.offered()
        listed = "; ".join(f"{n}: {self.text(c.text).strip()}" for n, (_, c) in enumerate(offered, 1))
        return f"{what} is not offered at node '{node.id}'; it offers {len(offered)}: {listed}"

    # --- replay ------------------------------------------------------------------

    @classmethod
    def replay(cls, scenario: Scenario, steps: Iterable[tuple[str, int]]) -> Playthrough:
        """Rebuild a run from its (node, choice index) steps, reading `next` nodes on the way.

        Raises PlayError naming the first step that no longer fits the scenario.
        """
        run = cls.start(scenario)
        for number, (node_id, index) in enumerate(steps, 1):
            run = cls.replay_step(run.read_on(), number, node_id, index)
        return run

    @staticmethod
    def replay_step(run: Playthrough, number: int, node_id: str, index: int) -> Playthrough:
        """Take decision `number` again (choice `index` at `node_id`) if it still fits the scenario."""
        if run.state.node != node_id:
            raise PlayError(
                f"decision {number} was made at '{node_id}', but the scenario now reaches '{run.state.node}' there"
            )
        if index >= len(run.node.choices):
            raise PlayError(f"decision {number} at '{node_id}' took choice {index + 1}, which no longer exists")
        if index not in [i for i, _ in run.offered()]:
            raise PlayError(f"decision {number} at '{node_id}' took choice {index + 1}, which is no longer offered")
        return run.choose(index)

    def read_on(self) -> Playthrough:
        """Continue through `next` nodes until a decision, an ending or a dead end."""
        run = self
        seen: set[str] = set()
        while run.node.kind == "next" and run.state.node not in seen:
            seen.add(run.state.node)
            run = run.advance()
        return run
