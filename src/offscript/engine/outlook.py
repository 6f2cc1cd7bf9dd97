"""What each option on offer can still lead to: the ground of the decision review's "best on offer".

Judging a choice by its own points teaches the wrong thing wherever points and
outcome part ways: an option worth +2 now may close every road to a good
ending, and in a question hub the way on scores nothing while each question
scores a point, so moving on would always look like a mistake. So the review
judges an option by the best outcome still reachable after it (success, then
partial, then failure), and among playthroughs reaching that outcome by the
highest total score still to earn, from the exact search of every playthrough
state. Its immediate score is still shown, as the coach's.

A question hub is a decision the player comes back to: an option that can
return to the same decision (a question, answered, and back) is an aside, not
the way on. Leaving the hub is judged against the other ways on, so "move on"
is not called a mistake for the questions left unasked, as long as it keeps
the best outcome reachable.

When the scenario has too many states to search, or the run is at a state the
search never met, the review falls back to the immediate score, as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Sequence
from dataclasses import dataclass

from offscript.engine.model import SCORES, Scenario
from offscript.engine.playtest.paths import Paths
from offscript.engine.playthrough import PlayState
from offscript.engine.rules import Values
from offscript.engine.start import Start
from offscript.engine.state_space import MAX_STATES, Forget, StateSpace

OUTCOME_RANK = {"failure": 0, "partial": 1, "success": 2}
OUTCOME_NAMES = {rank: outcome for outcome, rank in OUTCOME_RANK.items()}
KEPT = 4  # searches kept by `outlook_for`: the scenarios of this session's last runs
UNBOUNDED = 10**12  # a loop that keeps earning points: higher than any total a path can earn


@dataclass(frozen=True)
class Prospect:
    """The best an option can still lead to: an outcome, and the highest total on the way to it."""

    outcome: str  # "" when no ending can be reached after it
    total: int | None  # the points still to earn, this option's own included; None when a loop makes it unbounded
    returns: bool  # the option can lead back to this same decision (a question in a hub)

    @property
    def rank(self) -> tuple[int, int]:
        return (OUTCOME_RANK.get(self.outcome, -1), UNBOUNDED if self.total is None else self.total)


class Outlook:
    """Every playthrough state of one scenario (from one start), with the best outcome and total reachable from each."""

    def __init__(
        self, scenario: Scenario, at: Start | None = None, max_states: int = MAX_STATES, *, forget: Forget = "unread"
    ) -> None:
        self.scenario = scenario
        self.space = StateSpace(scenario, max_states, at, forget=forget)  # what is past can be forgotten
        self.exact = self.space.exact
        self._paths = Paths(self.space) if self.exact else None
        self._outcome: list[int] = []
        self._total: dict[int, int | None] = {}
        self._returning: dict[str, set[int]] = {}
        if self._paths is not None:
            self._outcome = self._best_outcomes(self._paths)
            self._total = self._best_totals(self._paths)

    def prospects(self, play: PlayState) -> dict[int, Prospect] | None:
        """Each choice offered at a run's decision (by index in the node) and its prospect; None when unknown."""
        state = self._state(play)
        if state is None:
            return None
        found: dict[int, Prospect] = {}
        gains = self._paths.scores[state] if self._paths is not None else []
        for (target, choice, _), gain in zip(self.space.moves[state], gains, strict=True):
            if choice < 0:
                continue
            outcome = self._outcome[target]
            rest = self._total.get(target) if outcome >= 0 else 0
            total = None if rest is None else sum(gain) + rest
            found[choice] = Prospect(OUTCOME_NAMES.get(outcome, ""), total, target in self._returning_to(play.node))
        return found

    def _state(self, play: PlayState) -> int | None:
        if not self.exact:
            return None
        try:
            values: Values = tuple(play.variables[name] for name in self.scenario.variables)
            if self.space.rules.track_scores:
                values += tuple(play.scores[name] for name in SCORES)
        except KeyError:  # a state from another version of the file
            return None
        return self.space.state_of((play.node, values, play.once_used))

    def _returning_to(self, node: str) -> set[int]:
        """The states from which a playthrough can come back to a decision at `node`."""
        found = self._returning.get(node)
        if found is None and self._paths is not None:
            here = [s for s, key in enumerate(self.space.keys) if key[0] == node]
            found = self._returning[node] = self._paths.coreachable(here)
        return found or set()

    def _best_outcomes(self, paths: Paths) -> list[int]:
        """For every state, the rank of the best outcome some playthrough from it reaches (-1: none)."""
        best = [-1] * len(self.space.keys)
        for rank in sorted(OUTCOME_RANK.values(), reverse=True):
            endings = [s for s in range(len(best)) if self._ending_rank(s) == rank]
            for state in paths.coreachable(endings):
                if best[state] < 0:
                    best[state] = rank
        return best

    def _ending_rank(self, state: int) -> int:
        ending = self.space.node_of(state).ending
        return -1 if ending is None else OUTCOME_RANK[ending.outcome]

    def _best_totals(self, paths: Paths) -> dict[int, int | None]:
        """For every state that reaches an ending, the highest total still to earn on the way to its best outcome.

        A playthrough to the best outcome from a state only passes states with
        that same best outcome, so each state looks only at such moves.
        """
        moves, outcome = self.space.moves, self._outcome
        gains = [[sum(g) for g in row] for row in paths.scores]
        best: dict[int, int | None] = {s: 0 for s in range(len(moves)) if self._ending_rank(s) >= 0}
        if paths.order is not None:
            for state in reversed(paths.order):
                if state not in best and outcome[state] >= 0:
                    best[state] = _best_move(state, moves[state], gains[state], best, outcome)
            return best
        return _correcting(moves, gains, paths.reverse, best, outcome)


def _best_move(
    state: int, moves: Sequence[tuple[int, int, int]], gains: list[int], best: dict[int, int | None], outcome: list[int]
) -> int | None:
    found: int | None = -UNBOUNDED
    for (target, _, _), gain in zip(moves, gains, strict=True):
        if outcome[target] != outcome[state] or target not in best:
            continue
        rest = best[target]
        if rest is None:
            return None
        if found is not None and gain + rest > found:
            found = gain + rest
    return found


def _correcting(
    moves: list[list[tuple[int, int, int]]],
    gains: list[list[int]],
    reverse: list[list[int]],
    ends: dict[int, int | None],
    outcome: list[int],
) -> dict[int, int | None]:
    """Highest totals to the endings by relaxing backwards; a state relaxed more often than there are states
    is on a loop that keeps earning points, and so is every state that can reach it."""
    totals: dict[int, int] = dict.fromkeys(ends, 0)
    queue, queued = deque(ends), set(ends)
    relaxed: dict[int, int] = {}
    unbounded: set[int] = set()
    while queue:
        target = queue.popleft()
        queued.discard(target)
        for source in reverse[target]:
            if outcome[source] != outcome[target] or source in unbounded:
                continue
            for (to, _, _), gain in zip(moves[source], gains[source], strict=True):
                value = gain + totals[target]
                if to != target or value <= totals.get(source, -UNBOUNDED):
                    continue
                totals[source] = value
                relaxed[source] = relaxed.get(source, 0) + 1
                if relaxed[source] > len(moves):
                    unbounded.add(source)
                elif source not in queued:
                    queued.add(source)
                    queue.append(source)
    found: dict[int, int | None] = dict(totals)
    for state in _upstream(reverse, unbounded, outcome):
        found[state] = None
    return found


def _upstream(reverse: list[list[int]], sources: set[int], outcome: list[int]) -> set[int]:
    """The states that can reach a state on a gaining loop without losing their best outcome."""
    seen, stack = set(sources), list(sources)
    while stack:
        state = stack.pop()
        for source in reverse[state]:
            if source not in seen and outcome[source] == outcome[state]:
                seen.add(source)
                stack.append(source)
    return seen


def best_on_offer(prospects: dict[int, Prospect], immediate: dict[int, int]) -> int:
    """The option with the best prospect; on a tie, the higher immediate score, then the first in the file."""
    return max(prospects, key=lambda i: (prospects[i].rank, immediate[i], -i))


def fair_benchmark(prospects: dict[int, Prospect], immediate: dict[int, int], chosen: int) -> int:
    """The option a choice is measured against: the best, or for a way out of a question hub, the best way out.

    Leaving a hub is not a mistake for the questions left unasked, only for
    a worse way on or for losing the best outcome.
    """
    best = best_on_offer(prospects, immediate)
    mine = prospects[chosen]
    if prospects[best].returns and not mine.returns and mine.outcome == prospects[best].outcome:
        ways_on = {i: p for i, p in prospects.items() if not p.returns}
        return best_on_offer(ways_on, immediate)
    return best


_kept: OrderedDict[tuple[int, Start | None], Outlook] = OrderedDict()
_keeping = threading.Lock()


def outlook_for(scenario: Scenario, at: Start | None = None) -> Outlook:
    """The scenario's outlook, searched once per scenario and start however often a review asks for it.

    Safe from any thread: the game starts the search in the background when a run begins, so the review
    at its end finds it done. Keyed by the scenario object (a reload is a new object, so a new search)."""
    key = (id(scenario), at)
    with _keeping:
        found = _kept.get(key)
        if found is not None and found.scenario is scenario:
            _kept.move_to_end(key)
            return found
    searched = Outlook(scenario, at)  # outside the lock: another thread's review need not wait for this one
    with _keeping:
        _kept[key] = searched
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return searched
