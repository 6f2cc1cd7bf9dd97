"""What can happen in a scenario: reachability, traps, endings and exact score ranges.

The analysis explores every state a playthrough can be in (node, variable
values, once-only choices used, and the running scores when a condition reads
them), so conditions and `once` are taken into account exactly. The score
range of each dimension is then the lowest and highest total over all paths
from the start to an ending. When the state space is larger than
`MAX_STATES`, it says so and falls back to the node graph alone instead of
running for ever.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from offscript.engine.conditions import Value, compile_condition, names_in
from offscript.engine.diagnostics import Diagnostic
from offscript.engine.model import SCORES, Scenario

MAX_STATES = 200_000
DIMENSIONS = (*SCORES, "decisions")  # "decisions" counts choices taken: how long a playthrough is
Range = tuple[int | None, int | None]


@dataclass
class Analysis:
    node_count: int
    reachable: list[str]
    unreachable: list[str]
    endings: list[str]  # reachable ending node ids
    no_ending: list[str]  # reachable nodes from which, on some playthrough, no ending can be reached
    dead_ends: list[str]  # choice nodes whose choices can all be unavailable at once
    # lowest and highest total; a side is None when a scoring loop makes it unbounded,
    # the whole range is None when it was not computed
    score_range: dict[str, Range | None]
    decisions: Range | None  # fewest and most decisions to an ending
    exact: bool = True
    states: int = 0
    static_no_ending: list[str] = field(default_factory=list)
    # the --choices of a playthrough with the highest / lowest total of the three scores
    best_path: list[int] | None = None
    worst_path: list[int] | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "node_count": self.node_count,
            "reachable": self.reachable,
            "unreachable": self.unreachable,
            "endings": self.endings,
            "no_ending": self.no_ending,
            "dead_ends": self.dead_ends,
            "score_range": {k: list(v) if v else None for k, v in self.score_range.items()},
            "decisions": list(self.decisions) if self.decisions else None,
            "exact": self.exact,
            "states": self.states,
            "best_path": self.best_path,
            "worst_path": self.worst_path,
        }

    def percent(self, dimension: str, total: int) -> int | None:
        """A score total as a percentage of the achievable range (None when there is no range)."""
        span = self.score_range.get(dimension)
        if not span or span[0] is None or span[1] is None or span[1] == span[0]:
            return None
        return round(100 * (total - span[0]) / (span[1] - span[0]))


def analyse(scenario: Scenario, max_states: int = MAX_STATES) -> Analysis:
    static_no_ending = _static_no_ending(scenario)
    graph = _StateGraph(scenario, max_states)
    if not graph.explore():
        return _static_analysis(scenario, static_no_ending, len(graph.keys))
    ending_states = [i for i, key in enumerate(graph.keys) if scenario.nodes[key[0]].kind == "ending"]
    alive = _coreachable(graph, ending_states)
    state_nodes = [key[0] for key in graph.keys]
    reachable = set(graph.passed) | set(state_nodes)
    stuck: dict[str, list[bool]] = {}
    for index, node_id in enumerate(state_nodes):
        stuck.setdefault(node_id, []).append(index not in alive)
    dead_ends = sorted({state_nodes[i] for i in graph.dead})
    no_ending = sorted(n for n, flags in stuck.items() if any(flags) and n not in dead_ends)
    order = _topological(graph, alive) if 0 in alive else None
    ranges = _ranges(graph, alive, ending_states, order)
    best_path, worst_path = _extreme_paths(graph, alive, order) if order is not None else (None, None)
    return Analysis(
        node_count=len(scenario.nodes),
        reachable=[n for n in scenario.nodes if n in reachable],
        unreachable=[n for n in scenario.nodes if n not in reachable],
        endings=[n for n in scenario.nodes if n in reachable and scenario.nodes[n].kind == "ending"],
        no_ending=no_ending,
        dead_ends=dead_ends,
        score_range={d: ranges[d] for d in SCORES},
        decisions=ranges["decisions"],
        states=len(graph.keys),
        static_no_ending=static_no_ending,
        best_path=best_path,
        worst_path=worst_path,
    )


class _StateGraph:
    """Explicit graph of playthrough states; edges carry (empathy, ownership, customer_first, 1 per decision)."""

    def __init__(self, scenario: Scenario, max_states: int) -> None:
        self.scenario = scenario
        self.max_states = max_states
        read = {
            n.name
            for node in scenario.nodes.values()
            for c in node.choices
            if c.condition
            for n in names_in(c.condition)
        }
        read |= {
            n.name
            for node in scenario.nodes.values()
            for b in node.branch
            if b.condition
            for n in names_in(b.condition)
        }
        self.track_scores = bool(read & set(SCORES))
        self.names = list(scenario.variables) + (list(SCORES) if self.track_scores else [])
        self.slot = {name: i for i, name in enumerate(self.names)}
        self.keys: list[tuple[str, tuple[Value, ...], frozenset[tuple[str, int]]]] = []
        self.index: dict[tuple[str, tuple[Value, ...], frozenset[tuple[str, int]]], int] = {}
        self.edges: list[list[tuple[int, tuple[int, int, int, int]]]] = []
        self.labels: list[list[int]] = []  # per edge: its number among the offered choices, 0 for `next`
        self.dead: list[int] = []
        self.passed: set[str] = set()  # branch nodes routed through
        self._conditions: dict[int, Callable[[tuple[Value, ...]], Value]] = {}

    def _test(self, condition: object, values: tuple[Value, ...]) -> bool:
        compiled = self._conditions.get(id(condition))
        if compiled is None:
            compiled = self._conditions[id(condition)] = compile_condition(condition, self.slot)  # type: ignore
        return bool(compiled(values))

    def _settle(self, node_id: str, values: tuple[Value, ...]) -> str:
        """Follow branch nodes from `node_id` to the node the player would see."""
        for _ in range(len(self.scenario.nodes) + 1):
            node = self.scenario.nodes[node_id]
            if node.kind != "branch":
                return node_id
            self.passed.add(node_id)
            node_id = next(b.goto for b in node.branch if b.condition is None or self._test(b.condition, values))
        return node_id

    def _add(self, key: tuple[str, tuple[Value, ...], frozenset[tuple[str, int]]], queue: deque[int]) -> int:
        found = self.index.get(key)
        if found is None:
            found = self.index[key] = len(self.keys)
            self.keys.append(key)
            self.edges.append([])
            self.labels.append([])
            queue.append(found)
        return found

    def explore(self) -> bool:
        """Breadth-first over every state; False when there are more than max_states."""
        scenario = self.scenario
        initial = tuple(v.initial for v in scenario.variables.values()) + ((0, 0, 0) if self.track_scores else ())
        queue: deque[int] = deque()
        self._add((self._settle(scenario.start, initial), initial, frozenset()), queue)
        bounds = [(v.min, v.max) for v in scenario.variables.values()]
        while queue:
            if len(self.keys) > self.max_states:
                return False
            state = queue.popleft()
            node_id, values, used = self.keys[state]
            node = scenario.nodes[node_id]
            if node.kind == "next":
                target = self._settle(node.next, values)
                self.edges[state].append((self._add((target, values, used), queue), (0, 0, 0, 0)))
                self.labels[state].append(0)
            elif node.kind == "choices":
                offered = 0
                for index, choice in enumerate(node.choices):
                    if choice.once and (node_id, index) in used:
                        continue
                    if choice.condition is not None and not self._test(choice.condition, values):
                        continue
                    offered += 1
                    after = self._apply(values, choice, bounds)
                    now_used = used | {(node_id, index)} if choice.once else used
                    target = self._settle(choice.goto, after)
                    weight = (
                        choice.score.get("empathy", 0),
                        choice.score.get("ownership", 0),
                        choice.score.get("customer_first", 0),
                        1,
                    )
                    self.edges[state].append((self._add((target, after, now_used), queue), weight))
                    self.labels[state].append(offered)
                if not offered:
                    self.dead.append(state)
        return True

    def _apply(
        self, values: tuple[Value, ...], choice: object, bounds: list[tuple[int | None, int | None]]
    ) -> tuple[Value, ...]:
        slot = self.slot
        result = list(values)
        for name, value in choice.set.items():  # type: ignore[attr-defined]
            i = slot[name]
            low, high = bounds[i]
            if not isinstance(value, bool):
                value = low if low is not None and value < low else high if high is not None and value > high else value
            result[i] = value
        for name, amount in choice.add.items():  # type: ignore[attr-defined]
            i = slot[name]
            low, high = bounds[i]
            new = int(result[i]) + amount
            result[i] = low if low is not None and new < low else high if high is not None and new > high else new
        if self.track_scores:
            base = len(self.scenario.variables)
            for offset, name in enumerate(SCORES):
                result[base + offset] = int(result[base + offset]) + choice.score.get(name, 0)  # type: ignore
        return tuple(result)


def _coreachable(graph: _StateGraph, targets: list[int]) -> set[int]:
    reverse: list[list[int]] = [[] for _ in graph.keys]
    for source, edges in enumerate(graph.edges):
        for target, _ in edges:
            reverse[target].append(source)
    seen = set(targets)
    stack = list(targets)
    while stack:
        for source in reverse[stack.pop()]:
            if source not in seen:
                seen.add(source)
                stack.append(source)
    return seen


def _ranges(
    graph: _StateGraph, alive: set[int], endings: list[int], order: list[int] | None
) -> dict[str, Range | None]:
    """Lowest and highest total per dimension over all start-to-ending paths (order: topological, or None)."""
    if 0 not in alive:
        return {d: None for d in DIMENSIONS}
    if order is not None:
        return dict(zip(DIMENSIONS, _dag_extremes(graph, alive, order), strict=True))
    result: dict[str, Range | None] = {}
    for dim, name in enumerate(DIMENSIONS):
        low = _cyclic_extreme(graph, alive, endings, dim, sign=-1)
        high = _cyclic_extreme(graph, alive, endings, dim, sign=1)
        result[name] = (None if low is None else -low, high)
    return result


def _topological(graph: _StateGraph, alive: set[int]) -> list[int] | None:
    indegree = dict.fromkeys(alive, 0)
    for source in alive:
        for target, _ in graph.edges[source]:
            if target in alive:
                indegree[target] += 1
    ready = [s for s, d in indegree.items() if d == 0]
    order: list[int] = []
    while ready:
        state = ready.pop()
        order.append(state)
        for target, _ in graph.edges[state]:
            if target in alive:
                indegree[target] -= 1
                if indegree[target] == 0:
                    ready.append(target)
    return order if len(order) == len(alive) else None


def _dag_extremes(graph: _StateGraph, alive: set[int], order: list[int]) -> list[Range]:
    """Every dimension's range in one pass over the states in reverse topological order."""
    width = len(DIMENSIONS)
    low: dict[int, list[int]] = {}
    high: dict[int, list[int]] = {}
    for state in reversed(order):
        state_low: list[int] | None = None
        state_high: list[int] = []
        for target, weight in graph.edges[state]:
            if target not in alive:
                continue
            target_low, target_high = low[target], high[target]
            if state_low is None:
                state_low = [weight[d] + target_low[d] for d in range(width)]
                state_high = [weight[d] + target_high[d] for d in range(width)]
                continue
            for d in range(width):
                value = weight[d] + target_low[d]
                if value < state_low[d]:
                    state_low[d] = value
                value = weight[d] + target_high[d]
                if value > state_high[d]:
                    state_high[d] = value
        if state_low is None:  # an ending state
            state_low, state_high = [0] * width, [0] * width
        low[state], high[state] = state_low, state_high
    return [(low[0][d], high[0][d]) for d in range(width)]


def _extreme_paths(graph: _StateGraph, alive: set[int], order: list[int]) -> tuple[list[int], list[int]]:
    """The choice numbers of the playthroughs with the highest and the lowest total score."""
    best: dict[int, tuple[int, int]] = {}  # state -> (total to the end, edge index to take; -1 at an ending)
    worst: dict[int, tuple[int, int]] = {}
    for state in reversed(order):
        high = low = (0, -1)
        for index, (target, weight) in enumerate(graph.edges[state]):
            if target not in alive:
                continue
            total = weight[0] + weight[1] + weight[2]
            if high[1] < 0 or total + best[target][0] > high[0]:
                high = (total + best[target][0], index)
            if low[1] < 0 or total + worst[target][0] < low[0]:
                low = (total + worst[target][0], index)
        best[state], worst[state] = high, low
    return _follow(graph, best), _follow(graph, worst)


def _follow(graph: _StateGraph, table: dict[int, tuple[int, int]]) -> list[int]:
    numbers: list[int] = []
    state = 0
    while table[state][1] >= 0:
        index = table[state][1]
        if graph.labels[state][index]:
            numbers.append(graph.labels[state][index])
        state = graph.edges[state][index][0]
    return numbers


def _cyclic_extreme(graph: _StateGraph, alive: set[int], endings: list[int], dim: int, sign: int) -> int | None:
    """Longest path (of sign*weight) from the start to an ending; None when a loop makes it unbounded."""
    best = {0: 0}
    relaxed = dict.fromkeys(alive, 0)
    queue = deque([0])
    queued = {0}
    limit = len(alive) + 1
    while queue:
        state = queue.popleft()
        queued.discard(state)
        for target, weight in graph.edges[state]:
            if target not in alive:
                continue
            value = best[state] + sign * weight[dim]
            if target not in best or value > best[target]:
                best[target] = value
                relaxed[target] += 1
                if relaxed[target] > limit:
                    return None  # a loop that keeps adding points can be repeated for ever
                if target not in queued:
                    queued.add(target)
                    queue.append(target)
    return max(best[e] for e in endings if e in best)


def _static_no_ending(scenario: Scenario) -> list[str]:
    """Nodes from which no ending node can be reached, ignoring conditions."""
    reverse: dict[str, list[str]] = {n: [] for n in scenario.nodes}
    for node in scenario.nodes.values():
        for target in node.targets():
            if target in reverse:
                reverse[target].append(node.id)
    seen = {n for n, node in scenario.nodes.items() if node.kind == "ending"}
    stack = list(seen)
    while stack:
        for source in reverse[stack.pop()]:
            if source not in seen:
                seen.add(source)
                stack.append(source)
    return [n for n in scenario.nodes if n not in seen]


def _static_analysis(scenario: Scenario, static_no_ending: list[str], states: int) -> Analysis:
    """The node graph alone: used when the state space is too large to search."""
    seen = {scenario.start}
    stack = [scenario.start]
    while stack:
        for target in scenario.nodes[stack.pop()].targets():
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return Analysis(
        node_count=len(scenario.nodes),
        reachable=[n for n in scenario.nodes if n in seen],
        unreachable=[n for n in scenario.nodes if n not in seen],
        endings=[n for n in scenario.nodes if n in seen and scenario.nodes[n].kind == "ending"],
        no_ending=[n for n in static_no_ending if n in seen],
        dead_ends=[],
        score_range={d: None for d in SCORES},
        decisions=None,
        exact=False,
        states=states,
        static_no_ending=static_no_ending,
    )


def warnings_for(scenario: Scenario, analysis: Analysis) -> list[Diagnostic]:
    """The analysis's findings as validator warnings, pointing at each node's id."""
    found: list[Diagnostic] = []

    def warn(node_id: str, code: str, message: str) -> None:
        node = scenario.nodes[node_id]
        found.append(Diagnostic(scenario.path, node.line, node.col, "warning", code, message))

    if not analysis.exact:
        start = scenario.nodes[scenario.start]
        found.append(
            Diagnostic(
                scenario.path,
                start.line,
                start.col,
                "warning",
                "OS404",
                f"more than {MAX_STATES:,} playthrough states; reachability was checked on the "
                "node graph only and score ranges were not computed",
            )
        )
    for node_id in analysis.unreachable:
        warn(node_id, "OS400", f"node '{node_id}' cannot be reached from the start")
        if node_id in analysis.static_no_ending:
            warn(node_id, "OS401", f"no ending can be reached from node '{node_id}'")
    for node_id in analysis.no_ending:
        warn(
            node_id,
            "OS401",
            f"no ending can be reached from node '{node_id}'"
            if node_id in analysis.static_no_ending
            else f"on some playthroughs no ending can be reached from node '{node_id}'",
        )
    for node_id in analysis.dead_ends:
        warn(
            node_id,
            "OS403",
            f"node '{node_id}' can be a dead end: on some playthroughs none of its choices "
            "is offered; add a choice without 'if' or loosen a condition",
        )
    return found
