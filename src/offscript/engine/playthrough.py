"""One run through a scenario, as plain data plus the rules that move it on.

`PlayState` is pure data (it round-trips through JSON exactly), so saving a
run is serialising it, and replaying its steps rebuilds it (`walk.replay`).
`Playthrough` pairs a state with its scenario and moves it on by the
scenario's `Rules` (offered choices, `set`/`add`/clamp, scores, `once`,
branch routing); it adds what a player meets: `next` nodes that wait for the
reader, endings, and dead ends reported plainly instead of hanging. Every
move returns a new Playthrough, so undo is just keeping the old one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from offscript.engine.conditions import Value, interpolate
from offscript.engine.model import SCORES, Choice, Ending, Node, Scenario
from offscript.engine.rules import Rules, Values
from offscript.engine.start import Start
from offscript.engine.trail import Trail


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
    steps: Trail[Step] = field(default_factory=Trail)  # a Trail: a move adds to it without copying it
    once_used: frozenset[tuple[str, int]] = field(default_factory=frozenset)
    path: Trail[str] = field(default_factory=Trail)

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
                steps=Trail(
                    Step(str(s["node"]), int(s["choice"]), tuple(int(i) for i in s["offered"])) for s in data["steps"]
                ),
                once_used=frozenset((str(n), int(i)) for n, i in data["once_used"]),
                path=Trail(str(p) for p in data["path"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"not a playthrough state: {exc}") from None


class Playthrough:
    """A scenario and the state of one run through it, moved on by the scenario's `Rules`."""

    def __init__(self, scenario: Scenario, state: PlayState, rules: Rules | None = None) -> None:
        self.scenario = scenario
        self.state = state
        self.rules = rules if rules is not None else Rules(scenario)
        self._offered: list[tuple[int, Choice]] | None = None

    @classmethod
    def start(cls, scenario: Scenario, at: Start | None = None) -> Playthrough:
        """A new run at the scenario's start, or at a checked `Start` (a tester's node and values).

        The first node is entered as any other: a branch node there routes by
        the starting values, an ending ends the run at once. Scores start at 0.
        """
        node = scenario.start if at is None else at.node
        variables = {name: v.initial for name, v in scenario.variables.items()}
        state = PlayState(
            scenario_id=scenario.id,
            content_hash=scenario.content_hash,
            node=node,
            variables=variables if at is None else at.variables(scenario),
            scores={name: 0 for name in SCORES},
        )
        return cls(scenario, state)._enter(node)

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
        """The choices on offer now, with their 0-based index in the node (worked out once: a run never changes)."""
        if self._offered is None:
            node = self.node
            indexes = self.rules.offered(node, self._values(), self.state.once_used) if node.kind == "choices" else []
            self._offered = [(index, node.choices[index]) for index in indexes]
        return list(self._offered)

    def _values(self) -> Values:
        values = self.values()
        return tuple(values[name] for name in self.rules.names)

    # --- moving on -------------------------------------------------------------

    def choose(self, index: int) -> Playthrough:
        """Take the choice at 0-based `index` in the current node."""
        offered_indexes = tuple(i for i, _ in self.offered())
        if index not in offered_indexes:
            raise PlayError(self._not_offered_message(f"choice {index + 1}"))
        node = self.node
        values, once_used = self.rules.take(node, index, self._values(), self.state.once_used)
        named = dict(zip(self.rules.names, values, strict=True))
        state = replace(
            self.state,
            variables={name: named[name] for name in self.state.variables},
            scores={name: int(named[name]) for name in self.state.scores},
            once_used=once_used,
            steps=self.state.steps.plus((Step(node.id, index, offered_indexes),)),
        )
        return Playthrough(self.scenario, state, self.rules)._enter(node.choices[index].goto)

    def pick(self, number: int) -> Playthrough:
        """Take the `number`th (1-based) of the choices on offer, as `run --choices` does."""
        return self.choose(self.index_of(number))

    def index_of(self, number: int) -> int:
        """The index in the node of the `number`th (1-based) choice on offer; PlayError when there is none."""
        offered = self.offered()
        if not 1 <= number <= len(offered):
            raise PlayError(self._not_offered_message(f"choice {number}"))
        return offered[number - 1][0]

    def advance(self) -> Playthrough:
        """Continue past a `next` node the player has read."""
        if self.node.kind != "next":
            raise PlayError(f"node '{self.node.id}' does not continue on its own")
        return self._enter(self.node.next)

    def _enter(self, node_id: str) -> Playthrough:
        """Enter a node, following branch nodes at once (the rules' routing), and record the path."""
        route = self.rules.route(node_id, self._values())
        state = replace(self.state, node=route[-1], path=self.state.path.plus(route))
        return Playthrough(self.scenario, state, self.rules)

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
    def replay(cls, scenario: Scenario, steps: Iterable[tuple[str, int]], at: Start | None = None) -> Playthrough:
        """Rebuild a run from its (node, choice index) steps: the walk's replay, without its events.

        Raises PlayError naming the first step that no longer fits the scenario.
        """
        from offscript.engine.walk import replayed

        return replayed(scenario, steps, at=at)

    def read_on(self) -> Playthrough:
        """Continue through `next` nodes to a decision, an ending or a dead end (the walk's `read_on`)."""
        from offscript.engine.walk import read_on

        run = self
        for event in read_on(self):
            run = event.run
        return run
