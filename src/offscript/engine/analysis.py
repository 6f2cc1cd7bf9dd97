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

import math
from collections import deque
from dataclasses import dataclass, field

from offscript.engine.conditions import names_in
from offscript.engine.diagnostics import Diagnostic
from offscript.engine.model import SCORES, Scenario
from offscript.engine.reading_time import WORDS_PER_MINUTE, choice_words, minutes, node_words
from offscript.engine.rules import OnceUsed, Rules, Values
from offscript.engine.state_space import MAX_STATES, dead_slots, forgetting

# "decisions" counts choices taken and "words" the words read (see `reading_time`): how long a playthrough is
DIMENSIONS = (*SCORES, "decisions", "words")
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
    words: Range | None = None  # fewest and most words read on the way to an ending
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
            "words": list(self.words) if self.words else None,
            "minutes": [round(minutes(w), 1) if w is not None else None for w in self.words] if self.words else None,
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


def analyse(scenario: Scenario, max_states: int = MAX_STATES, *, forget: bool = True) -> Analysis:
    """Search every playthrough state; `forget` drops values nothing reads again: the same answers, fewer states."""
    static_no_ending = _static_no_ending(scenario)
    graph = _StateGraph(scenario, max_states, forget)
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
        words=_plus(ranges["words"], node_words(scenario.nodes[graph.keys[0][0]])),
        states=len(graph.keys),
        static_no_ending=static_no_ending,
        best_path=best_path,
        worst_path=worst_path,
    )


class _StateGraph:
    """Explicit graph of playthrough states; edges carry (empathy, ownership, customer_first, 1, words read).

    Moves follow the scenario's `Rules`, the same the game plays by. The running
    scores are part of a state only when a condition reads them: otherwise two
    paths to the same node and values are the same state, which keeps the
    search small.
    """

    def __init__(self, scenario: Scenario, max_states: int, forget: bool = True) -> None:
        self.scenario = scenario
        self.max_states = max_states
        read = {
            n.name
            for node in scenario.nodes.values()
            for condition in [*(c.condition for c in node.choices), *(b.condition for b in node.branch)]
            if condition is not None
            for n in names_in(condition)
        }
        self.rules = Rules(scenario, track_scores=bool(read & set(SCORES)))
        self.keys: list[tuple[str, Values, OnceUsed]] = []
        self.index: dict[tuple[str, Values, OnceUsed], int] = {}
        self.edges: list[list[tuple[int, tuple[int, int, int, int, int]]]] = []
        self.labels: list[list[int]] = []  # per edge: its number among the offered choices, 0 for `next`
        self.dead: list[int] = []
        self.passed: set[str] = set()  # branch nodes routed through
        self.words = {node_id: node_words(node) for node_id, node in scenario.nodes.items()}
        # a value nothing reads or changes again is forgotten: the states it told apart share every path on. (The
        # playtest forgets the same, so both count the same states.)
        self.forgotten = dead_slots(scenario, self.rules.names, observe=True) if forget else {}

    def _settle(self, node_id: str, values: Values) -> str:
        """Follow branch nodes from `node_id` to the node the player would see."""
        route = self.rules.route(node_id, values)
        if len(route) > 1:
            self.passed.update(route[:-1])
        return route[-1]

    def _add(self, key: tuple[str, Values, OnceUsed], queue: deque[int]) -> int:
        key = (key[0], forgetting(key[1], self.forgotten.get(key[0])), key[2])
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
        scenario, rules = self.scenario, self.rules
        initial = rules.initial()
        queue: deque[int] = deque()
        self._add((self._settle(scenario.start, initial), initial, frozenset()), queue)
        while queue:
            if len(self.keys) > self.max_states:
                return False
            state = queue.popleft()
            node_id, values, used = self.keys[state]
            node = scenario.nodes[node_id]
            if node.kind == "next":
                target = self._settle(node.next, values)
                weight = (0, 0, 0, 0, self.words[target])
                self.edges[state].append((self._add((target, values, used), queue), weight))
                self.labels[state].append(0)
            elif node.kind == "choices":
                offered = rules.offered(node, values, used)
                for number, index in enumerate(offered, 1):
                    after, now_used = rules.take(node, index, values, used)
                    choice = node.choices[index]
                    target = self._settle(choice.goto, after)
                    weight = (
                        choice.score.get("empathy", 0),
                        choice.score.get("ownership", 0),
                        choice.score.get("customer_first", 0),
                        1,
                        choice_words(choice) + self.words[target],
                    )
                    self.edges[state].append((self._add((target, after, now_used), queue), weight))
                    self.labels[state].append(number)
                if not offered:
                    self.dead.append(state)
        return True


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


def _plus(span: Range | None, start: int) -> Range | None:
    """A range of words read after the start, with the start node's own words added."""
    if span is None:
        return None
    return (None if span[0] is None else span[0] + start, None if span[1] is None else span[1] + start)


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


# `minutes` under half the shortest playthrough's reading time, or over three times the longest and two more,
# is far from them: a player also settles in and pauses to think at each decision, which on short scenarios
# takes longer than the reading
MINUTES_BELOW, MINUTES_ABOVE, MINUTES_GRACE = 2, 3, 2


def _minutes_warning(scenario: Scenario, analysis: Analysis) -> list[Diagnostic]:
    """A `minutes` that no playthrough comes near: players and trainers plan their time by it.

    Reading is only part of playing (a player thinks at each decision, a
    class discusses), so only a value far outside the reading times is
    reported, with the range that would not be.
    """
    if scenario.minutes is None or analysis.words is None or analysis.words[0] is None:
        return []
    shortest = minutes(analysis.words[0])
    longest = None if analysis.words[1] is None else minutes(analysis.words[1])
    low = max(1, math.floor(shortest / MINUTES_BELOW))
    high = None if longest is None else max(low, math.ceil(longest * MINUTES_ABOVE) + MINUTES_GRACE)
    if low <= scenario.minutes and (high is None or scenario.minutes <= high):
        return []
    line, col = scenario.places.get("minutes", (1, 1))
    reading = f"{shortest:.1f}" + ("" if longest is None or longest == shortest else f" to {longest:.1f}")
    advice = f"to {low} or more" if high is None else f"to {low}" if high == low else f"between {low} and {high}"
    return [
        Diagnostic(
            scenario.path,
            line,
            col,
            "warning",
            "OS406",
            f"minutes: {scenario.minutes} is far from how long its playthroughs take to read ({reading} minutes at "
            f"{WORDS_PER_MINUTE} words a minute); set minutes {advice}",
        )
    ]


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
    found += _minutes_warning(scenario, analysis)
    for node_id in analysis.dead_ends:
        warn(
            node_id,
            "OS403",
            f"node '{node_id}' can be a dead end: on some playthroughs none of its choices "
            "is offered; add a choice without 'if' or loosen a condition",
        )
    return found
