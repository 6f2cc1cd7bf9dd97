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
# per state: the best signed total (None: a loop makes it unbounded), and the (state, move) that gave it
Best = tuple[list[int | None], list[tuple[int, int] | None]]


@dataclass(frozen=True)
class Extreme:
    """The lowest or highest total of one score reaching one target state, and the way to get it."""

    state: int
    dimension: str
    total: int | None  # None: a loop makes it unbounded
    paths: Paths = field(repr=False, compare=False)
    via: list[tuple[int, int] | None] = field(repr=False, compare=False)

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
        self._tables: dict[int, list[Best]] = {}  # per sign: each score's best totals from the start, worked out once

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
        """For each node among the target states and each score, the lowest (or highest) total from the start.

        One extreme per node and score (the best of that node's states; an
        unbounded one only when no state of the node has a bound), since every
        question asked is about a node. The best total from the start to a
        state does not depend on which other states are asked about (every way
        to it passes only states that reach it), so the totals to every state
        are worked out once per direction and read here.
        """
        sign = 1 if highest else -1
        if sign not in self._tables:
            if self.order is not None:
                self._both_ways()
            else:
                self._tables[sign] = [self._correcting(dim, sign) for dim in range(len(SCORES))]
        per_dimension = self._tables[sign]
        keys = self.space.keys
        found = []
        for name, (best, via) in zip(SCORES, per_dimension, strict=True):
            bounded: dict[str, tuple[int, int]] = {}  # node -> (best signed total, its state)
            unbounded: dict[str, int] = {}
            for target in targets:
                total, node_id = best[target], keys[target][0]
                if total is None:
                    unbounded.setdefault(node_id, target)
                elif node_id not in bounded or total > bounded[node_id][0]:
                    bounded[node_id] = (total, target)
            found += [Extreme(state, name, sign * total, self, via) for total, state in bounded.values()]
            found += [Extreme(state, name, None, self, via) for n, state in unbounded.items() if n not in bounded]
        return found

    def _both_ways(self) -> None:
        """One pass in topological order: each score's lowest and highest total to every state, and the move to it.

        Every state is reached from the start (the search found it so), and in
        topological order every way into a state is weighed before the state is.
        """
        moves, scores, count = self.space.moves, self.scores, len(self.space.moves)
        dims = range(len(SCORES))
        low = [[0] * count for _ in dims]
        high = [[0] * count for _ in dims]
        low_via: list[list[tuple[int, int] | None]] = [[None] * count for _ in dims]
        high_via: list[list[tuple[int, int] | None]] = [[None] * count for _ in dims]
        reached = [False] * count
        reached[0] = True
        for state in self.order or ():
            row = scores[state]
            for index, (target, _, _) in enumerate(moves[state]):
                gain, first = row[index], not reached[target]
                reached[target] = True
                for d in dims:
                    lowest, highest = low[d], high[d]
                    value = lowest[state] + gain[d]
                    if first or value < lowest[target]:
                        lowest[target], low_via[d][target] = value, (state, index)
                    value = highest[state] + gain[d]
                    if first or value > highest[target]:
                        highest[target], high_via[d][target] = value, (state, index)
        self._tables[1] = [(list[int | None](high[d]), high_via[d]) for d in dims]
        self._tables[-1] = [([-v for v in low[d]], low_via[d]) for d in dims]

    def _correcting(self, dim: int, sign: int) -> Best:
        """Longest paths by repeated relaxing; a state relaxed more often than there are states is on a gaining loop."""
        best: dict[int, int | None] = {0: 0}
        via: dict[int, tuple[int, int]] = {}
        relaxed = [0] * len(self.space.keys)
        queue, queued, limit = deque([0]), {0}, len(relaxed) + 1
        unbounded: set[int] = set()
        while queue:
            state = queue.popleft()
            queued.discard(state)
            here = best[state]
            if here is None:
                continue
            for index, (target, _, _) in enumerate(self.space.moves[state]):
                if target in unbounded:
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
        for state in self._downstream(unbounded):
            best[state] = None
        count = len(self.space.moves)
        return [best.get(state) for state in range(count)], [via.get(state) for state in range(count)]

    def _downstream(self, sources: set[int]) -> set[int]:
        seen, stack = set(sources), list(sources)
        while stack:
            for target, _, _ in self.space.moves[stack.pop()]:
                if target not in seen:
                    seen.add(target)
                    stack.append(target)
        return seen

    def choices_along(self, via: list[tuple[int, int] | None], target: int) -> list[int]:
        """The choice numbers along the recorded way to `target` (empty when a loop makes it unbounded)."""
        numbers: list[int] = []
        state, seen = target, set()
        while (step := via[state]) is not None:
            if state in seen:
                return []
            seen.add(state)
            source, index = step
            number = self.space.moves[source][index][2]
            if number:
                numbers.append(number)
            state = source
        numbers.reverse()
        return numbers
