"""Every playthrough state of a scenario, with each move and what it did: the ground of `playtest`.

The analysis answers "what can happen"; a playtest must also say *why*
something cannot, and show a path that proves what can. So this search keeps,
beside the states and moves, what was evaluated on the way: which choices
were ever offered, which branch entries ever held and were ever taken, which
`set`/`add` ever changed a value and which `add` ran into its variable's
bound. States are found breadth first, so the first way to each state (kept
in `parent`) is a shortest one, and every finding can print the `--choices`
that reproduce it.

Moves are plain tuples (target state, choice index or -1 for `next`, the
choice's number among those offered or 0), because random play walks them
hundreds of thousands of times: taking a move is then an index, not a rule.
Every rule still comes from `Rules`, the one place the format's rules live.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

from offscript.engine.conditions import Value, names_in
from offscript.engine.model import SCORES, Node, Scenario
from offscript.engine.rules import OnceUsed, Rules, Values
from offscript.engine.start import Start

MAX_STATES = 200_000  # past this a search is not exact: the analysis falls back to the node graph, playtest to
# random play, the review to the immediate score

StateKey = tuple[str, Values, OnceUsed]
Forget = Literal["nothing", "untouched", "unread"]  # which values a state may forget (see `dead_slots`)
Slot = tuple[int, Value]  # a value's place in `Values`, and the stand-in it takes once forgotten
Move = tuple[int, int, int]  # (target state, choice index or -1 for `next`, number among the offered or 0)
ChoiceRef = tuple[str, int]  # (node id, choice index)
ChangeRef = tuple[str, int, str, str]  # (node id, choice index, "set" or "add", variable)


@dataclass
class Coverage:
    """What the search saw evaluated, as sets of references into the scenario."""

    offered: set[ChoiceRef] = field(default_factory=set)
    entry_held: set[ChoiceRef] = field(default_factory=set)  # (branch node, entry index) whose `if` held
    entry_taken: set[ChoiceRef] = field(default_factory=set)
    entered: set[str] = field(default_factory=set)  # every node entered, branch nodes included
    changed: set[ChangeRef] = field(default_factory=set)  # a set/add that changed its variable at least once
    blocked: dict[ChangeRef, int] = field(default_factory=dict)  # an add stopped by a bound: the first state


class StateSpace:
    """The explicit graph of playthrough states from the scenario's start, explored once."""

    def __init__(
        self,
        scenario: Scenario,
        max_states: int = MAX_STATES,
        at: Start | None = None,
        *,
        forget: Forget = "untouched",
    ) -> None:
        self.scenario = scenario
        self.at = at  # a tester's start ("test from here"), or None for the scenario's own
        self.rules = Rules(scenario, track_scores=_conditions_read_scores(scenario))
        # A value nothing reads or changes again is forgotten: states that differ only there have the same future
        # and the same records. Searches that only ask what can still happen (the review's outlook, the guide's
        # endings) may also forget a value no condition reads again before a `set` replaces it ("unread").
        observe = forget == "untouched"
        self._dead = {} if forget == "nothing" else dead_slots(scenario, self.rules.names, observe=observe)
        self.max_states = max_states
        self.keys: list[StateKey] = []
        self.moves: list[list[Move]] = []
        self.parent: list[tuple[int, int]] = []  # (state, move index) that first reached each state
        self.coverage = Coverage()
        self._index: dict[StateKey, int] = {}
        self._routes: dict[tuple[str, Values], str] = {}
        self.routed: dict[str, set[Values]] = {}  # branch node -> the values it was entered with
        self._pending: set[int] = set()  # states found but not expanded (only when the search stopped)
        self._spare: deque[int] = deque()  # new states found by `expanded`: left pending, never queued
        self._noted: set[tuple[str, int, Values]] = set()  # (node, choice, variables) whose changes are noted
        self._variables = len(scenario.variables)  # values start with the variables (then the scores, if tracked)
        self.exact = self._explore()

    # --- exploring ------------------------------------------------------------

    def _explore(self) -> bool:
        """Breadth first over every state; False when there are more than `max_states`.

        When the limit is reached the states still queued stay unexpanded:
        random play expands them as it walks (`expanded`), so a scenario too
        large to search is still played, through the same rules and records.
        """
        initial = self.rules.initial()
        start = self.scenario.start
        if self.at is not None:
            start, settings = self.at.node, self.at.values
            initial = tuple(settings.get(name, value) for name, value in zip(self.rules.names, initial, strict=True))
        queue: deque[int] = deque()
        self._add(self.key(self._settle(start, initial), initial, frozenset()), (-1, -1), queue)
        while queue:
            if len(self.keys) > self.max_states:
                self._pending = set(queue)
                return False
            self._expand(queue.popleft(), queue)
        return True

    def expanded(self, state: int) -> list[Move]:
        """The moves from `state`, expanding it first if the search stopped before it."""
        if state in self._pending:
            self._pending.discard(state)
            self._expand(state, self._spare)
        return self.moves[state]

    def _expand(self, state: int, queue: deque[int]) -> None:
        node_id, values, used = self.keys[state]
        node = self.scenario.nodes[node_id]
        if node.kind == "next":
            target = self.key(self._settle(node.next, values), values, used)
            self._move(state, self._add(target, (state, 0), queue), -1, 0)
        elif node.kind == "choices":
            for number, index in enumerate(self.rules.offered(node, values, used), 1):
                self.coverage.offered.add((node_id, index))
                self._note_changes(node, index, values, state)
                after, now_used = self.rules.take(node, index, values, used)
                target = self.key(self._settle(node.choices[index].goto, after), after, now_used)
                self._move(state, self._add(target, (state, len(self.moves[state])), queue), index, number)

    def _move(self, state: int, target: int, choice: int, number: int) -> None:
        self.moves[state].append((target, choice, number))

    def _add(self, key: StateKey, parent: tuple[int, int], queue: deque[int]) -> int:
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = len(self.keys)
            self.keys.append(key)
            self.moves.append([])
            self.parent.append(parent)
            queue.append(found)
            if queue is self._spare:
                self._pending.add(found)
                queue.clear()
        return found

    def _settle(self, node_id: str, values: Values) -> str:
        """Where entering `node_id` leads (branch nodes followed), noting each entry that held or was taken."""
        settled = self._routes.get((node_id, values))
        if settled is None:
            settled = self._routes[node_id, values] = self._route(node_id, values)
        return settled

    def _route(self, node_id: str, values: Values) -> str:
        nodes, coverage = self.scenario.nodes, self.coverage
        node = nodes[node_id]
        passed: set[str] = set()
        while True:
            coverage.entered.add(node.id)
            if node.kind != "branch" or node.id in passed:
                return node.id
            passed.add(node.id)
            self.routed.setdefault(node.id, set()).add(values)
            taken = None
            for index, entry in enumerate(node.branch):
                if self.rules.holds(entry.condition, values):
                    coverage.entry_held.add((node.id, index))
                    if taken is None:
                        taken = index
            if taken is None:
                return node.id
            coverage.entry_taken.add((node.id, taken))
            node = nodes[node.branch[taken].goto]

    def _note_changes(self, node: Node, index: int, values: Values, state: int) -> None:
        """Which of the choice's `set`/`add` change their variable from these values, and which hit a bound."""
        choice = node.choices[index]
        if not (choice.set or choice.add):
            return
        seen = (node.id, index, values[: self._variables])
        if seen in self._noted:  # states that differ only in scores or `once` choices used change the same way
            return
        self._noted.add(seen)
        for kind, name, before, after, meant in self.rules.changes(choice, values):
            ref = (node.id, index, kind, name)
            if after != before:
                self.coverage.changed.add(ref)
            elif kind == "add" and meant != before:
                self.coverage.blocked.setdefault(ref, state)

    # --- reading the result -----------------------------------------------------

    def key(self, node_id: str, values: Values, used: OnceUsed) -> StateKey:
        """The state key of a playthrough at `node_id`, with the values it can no longer read forgotten."""
        return (node_id, forgetting(values, self._dead.get(node_id)), used)

    def state_of(self, key: StateKey) -> int | None:
        """The state with this key, or None when no playthrough from the start reaches it."""
        return self._index.get(self.key(*key))

    def node_of(self, state: int) -> Node:
        return self.scenario.nodes[self.keys[state][0]]

    def choices_to(self, state: int) -> list[int]:
        """The `--choices` numbers of the shortest way from the start to `state`."""
        numbers: list[int] = []
        while self.parent[state][0] >= 0:
            source, move = self.parent[state]
            number = self.moves[source][move][2]
            if number:
                numbers.append(number)
            state = source
        numbers.reverse()
        return numbers


def forgetting(values: Values, forgotten: list[Slot] | None) -> Values:
    """`values` with each forgotten slot set to its stand-in (see `dead_slots`)."""
    if not forgotten:
        return values
    kept = list(values)
    for slot, stand_in in forgotten:
        kept[slot] = stand_in
    return tuple(kept)


def dead_slots(scenario: Scenario, names: tuple[str, ...], *, observe: bool = False) -> dict[str, list[Slot]]:
    """For each node, the values (slot, a fixed stand-in) that no condition can read from there on.

    A value is live at a node when a condition there reads it, or when it is
    live where a move leads and that move does not `set` it first (an `add`
    reads its old value). Found by the usual backward fixpoint over the nodes.
    With `observe`, a `set` or `add` also reads the value (playtest notes
    whether each one changed anything), so only values nothing touches again
    are forgotten.
    """
    reads: dict[str, set[str]] = {}
    moves: dict[str, list[tuple[str, set[str]]]] = {}
    for node in scenario.nodes.values():
        conditions = [c.condition for c in node.choices] + [b.condition for b in node.branch]
        reads[node.id] = {n.name for condition in conditions if condition is not None for n in names_in(condition)}
        if observe:
            reads[node.id].update(name for c in node.choices for name in (*c.set, *c.add))
        moves[node.id] = [(c.goto, set() if observe else set(c.set)) for c in node.choices]
        moves[node.id] += [(b.goto, set()) for b in node.branch]
        if node.next:
            moves[node.id].append((node.next, set()))
    live = {node_id: set(read) for node_id, read in reads.items()}
    changed = True
    while changed:
        changed = False
        for node_id, leads in moves.items():
            now = live[node_id].union(*(live[target] - written for target, written in leads if target in live))
            if now != live[node_id]:
                live[node_id], changed = now, True
    stand_in = [*(v.initial for v in scenario.variables.values()), *(0 for _ in names[len(scenario.variables) :])]
    return {
        node_id: [(slot, stand_in[slot]) for slot, name in enumerate(names) if name not in alive]
        for node_id, alive in live.items()
    }


def _conditions_read_scores(scenario: Scenario) -> bool:
    """Whether any `if` reads a running score: only then are scores part of a state."""
    for node in scenario.nodes.values():
        conditions = [c.condition for c in node.choices] + [b.condition for b in node.branch]
        for condition in conditions:
            if condition is not None and any(n.name in SCORES for n in names_in(condition)):
                return True
    return False
