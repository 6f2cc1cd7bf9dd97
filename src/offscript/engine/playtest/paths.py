"""The extreme playthroughs to a set of endings, exactly, with the `--choices` that play them.

The teaching audit asks questions such as "how low can empathy be on a road
to a success ending?". The answer is a best path in the state graph from the
start to those ending states, through the states that can still reach them.
Without loops in the state graph (once-only choices and changing values make
most scenarios loop-free) one pass in topological order gives it for the
three scores at once; with loops a label-correcting search does, and a loop
that keeps moving a score makes that extreme unbounded, reported as such.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from offscript.engine.model import SCORES
from offscript.engine.state_space import StateSpace

Scores = tuple[int, int, int]
Best = tuple[dict[int, int | None], dict[int, tuple[int, int]]]  # totals, and the move that gave each


@dataclass(frozen=True)
class Extreme:
    """The lowest or highest total of one score reaching one target state, and the way to get it."""

    state: int
    dimension: str
    total: int | None  # None: a loop makes it unbounded
    paths: Paths = field(repr=False, compare=False)
    via: dict[int, tuple[int, int]] = field(repr=False, compare=False)

    @property
    def choices(self) -> list[int]:
        """The `--choices` of the way found (worked out only for the extremes a finding shows)."""
        return self.paths.choices_along(self.via, self.state)


class Paths:
    """The state graph read backwards and in order, and each move's scores, worked out once for every question."""

    def __init__(self, space: StateSpace) -> None:
        self.space = space
        self.reverse: list[list[int]] = [[] for _ in space.keys]
        self.scores: list[list[Scores]] = []
        scored = {
            node_id: [(*(c.score.get(d, 0) for d in SCORES),) for c in node.choices] + [(0, 0, 0)]
            for node_id, node in space.scenario.nodes.items()
        }  # index -1 (a `next` move) reads the last entry: nothing scored
        for state, moves in enumerate(space.moves):
            choice_scores = scored[space.keys[state][0]]
            for target, _, _ in moves:
                self.reverse[target].append(state)
            self.scores.append([choice_scores[choice] for _, choice, _ in moves])  # type: ignore[misc]
        self.order = self._topological()

    def coreachable(self, targets: Iterable[int]) -> set[int]:
        """The states from which some target state can be reached (the targets included)."""
        seen = set(targets)
        stack = list(seen)
        reverse = self.reverse
        while stack:
            for source in reverse[stack.pop()]:
                if source not in seen:
                    seen.add(source)
                    stack.append(source)
        return seen

    def _topological(self) -> list[int] | None:
        """The states in an order where every move goes forward; None when the state graph has a loop."""
        moves = self.space.moves
        indegree = [len(sources) for sources in self.reverse]
        ready = [s for s, d in enumerate(indegree) if d == 0]
        order: list[int] = []
        while ready:
            state = ready.pop()
            order.append(state)
            for target, _, _ in moves[state]:
                indegree[target] -= 1
                if indegree[target] == 0:
                    ready.append(target)
        return order if len(order) == len(moves) else None

    def extremes(self, targets: list[int], highest: bool) -> list[Extreme]:
        """For each reachable target state and score, the lowest (or highest) total from the start to it."""
        alive = self.coreachable(targets)
        if 0 not in alive:
            return []
        sign = 1 if highest else -1
        if self.order is not None:
            per_dimension = self._forward(alive, sign)
        else:
            per_dimension = [self._correcting(alive, dim, sign) for dim in range(len(SCORES))]
        found = []
        for name, (best, via) in zip(SCORES, per_dimension, strict=True):
            for target in targets:
                if target in best:
                    total = best[target]
                    shown = None if total is None else sign * total
                    found.append(Extreme(target, name, shown, self, via))
        return found

    def _forward(self, alive: set[int], sign: int) -> list[Best]:
        """One pass in topological order: each score's best total to every state that can reach a target."""
        dims = range(len(SCORES))
        best: dict[int, list[int]] = {0: [0] * len(SCORES)}
        via: list[dict[int, tuple[int, int]]] = [{} for _ in dims]
        moves, scores = self.space.moves, self.scores
        for state in self.order or ():
            here = best.get(state)
            if here is None:
                continue
            row = scores[state]
            for index, (target, _, _) in enumerate(moves[state]):
                if target not in alive:
                    continue
                known = best.get(target)
                gain = row[index]
                if known is None:
                    best[target] = [here[d] + sign * gain[d] for d in dims]
                    for d in dims:
                        via[d][target] = (state, index)
                    continue
                for d in dims:
                    value = here[d] + sign * gain[d]
                    if value > known[d]:
                        known[d] = value
                        via[d][target] = (state, index)
        totals: list[dict[int, int | None]] = [{s: v[d] for s, v in best.items()} for d in dims]
        return list(zip(totals, via, strict=True))

    def _correcting(self, alive: set[int], dim: int, sign: int) -> Best:
        """Longest paths by repeated relaxing; a state relaxed more often than there are states is on a gaining loop."""
        best: dict[int, int | None] = {0: 0}
        via: dict[int, tuple[int, int]] = {}
        relaxed = dict.fromkeys(alive, 0)
        queue, queued, limit = deque([0]), {0}, len(alive) + 1
        unbounded: set[int] = set()
        while queue:
            state = queue.popleft()
            queued.discard(state)
            here = best[state]
            if here is None:
                continue
            for index, (target, _, _) in enumerate(self.space.moves[state]):
                if target not in alive or target in unbounded:
                    continue
                value = here + sign * self.scores[state][index][dim]
                known = best.get(target)
                if known is None or value > known:
                    best[target], via[target] = value, (state, index)
                    relaxed[target] += 1
                    if relaxed[target] > limit:
                        unbounded.add(target)
                    if target not in queued:
                        queued.add(target)
                        queue.append(target)
        for state in self._downstream(alive, unbounded):
            best[state] = None
        return best, via

    def _downstream(self, alive: set[int], sources: set[int]) -> set[int]:
        seen, stack = set(sources), list(sources)
        while stack:
            for target, _, _ in self.space.moves[stack.pop()]:
                if target in alive and target not in seen:
                    seen.add(target)
                    stack.append(target)
        return seen

    def choices_along(self, via: dict[int, tuple[int, int]], target: int) -> list[int]:
        """The choice numbers along the recorded way to `target` (empty when a loop makes it unbounded)."""
        numbers: list[int] = []
        state, seen = target, set()
        while state in via:
            if state in seen:
                return []
            seen.add(state)
            source, index = via[state]
            number = self.space.moves[source][index][2]
            if number:
                numbers.append(number)
            state = source
        numbers.reverse()
        return numbers
