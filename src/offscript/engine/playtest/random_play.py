"""Random play: N seeded playthroughs choosing uniformly among the choices on offer.

It walks the state space's moves, so a step is picking an index, not
evaluating rules: the rules were applied once, when the state was found.
When the search stopped at its limit, the walk expands the states it meets
(`StateSpace.expanded`), which is the same rules applied on demand. The same
seed gives the same playthroughs on any machine (`random.Random`).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from offscript.engine.reading_time import WORDS_PER_MINUTE, choice_words, minutes, node_words
from offscript.engine.state_space import StateSpace

MAX_STEPS = 10_000  # a playthrough still going after this many moves is counted as unfinished (a loop)
# A move's gain is one int: the words it reads shifted left, plus 1 for a decision; MAX_STEPS < 2**14,
# so a run's decisions never spill into its words. One addition per step instead of two.
_WORDS_SHIFT = 14
_DECISIONS = (1 << _WORDS_SHIFT) - 1


@dataclass
class RandomPlay:
    runs: int
    seed: int
    endings: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    unfinished: int = 0  # dead ends and playthroughs that went round a loop past MAX_STEPS
    decisions: list[int] = field(default_factory=list)  # per finished playthrough
    words: list[int] = field(default_factory=list)

    def record(self, space: StateSpace, state: int, decisions: int, words: int) -> None:
        """One playthrough's end: its ending, or unfinished (a dead end, or the step limit)."""
        node_id = space.keys[state][0]
        ending = space.scenario.nodes[node_id].ending
        if ending is None:
            self.unfinished += 1
            return
        self.endings[node_id] += 1
        self.outcomes[ending.outcome] += 1
        self.decisions.append(decisions)
        self.words.append(words)

    def spread(self, values: list[int]) -> tuple[int, int, int] | None:
        """Shortest, typical (the median) and longest, over the finished playthroughs."""
        if not values:
            return None
        ordered = sorted(values)
        return ordered[0], ordered[(len(ordered) - 1) // 2], ordered[-1]  # the median (the lower of two)

    def to_json(self) -> dict[str, object]:
        finished = self.runs - self.unfinished

        def share(count: int) -> float:
            return round(count / self.runs, 4) if self.runs else 0.0

        decisions, words = self.spread(self.decisions), self.spread(self.words)
        names = ("shortest", "typical", "longest")
        return {
            "runs": self.runs,
            "seed": self.seed,
            "finished": finished,
            "unfinished": self.unfinished,
            "endings": {k: share(v) for k, v in self.endings.most_common()},
            "outcomes": {k: share(v) for k, v in self.outcomes.most_common()},
            "decisions": dict(zip(names, decisions, strict=True)) if decisions else None,
            "minutes": dict(zip(names, (round(minutes(w), 1) for w in words), strict=True)) if words else None,
            "words_per_minute": WORDS_PER_MINUTE,
        }


def random_play(space: StateSpace, runs: int, seed: int) -> RandomPlay:
    """Play `runs` playthroughs from the start, each choice drawn uniformly from those on offer."""
    result = RandomPlay(runs, seed)
    rand = random.Random(seed).random
    table = _MoveTable(space)
    targets_of, gains_of = table.targets, table.gains
    ends: list[tuple[int, int]] = []
    for _ in range(runs):
        state, gained = 0, 0
        for _ in range(MAX_STEPS):
            if state >= len(targets_of):  # only when the search stopped at its limit
                table.extend(state)
            targets = targets_of[state]
            if not targets:
                break
            pick = int(rand() * len(targets))
            gained += gains_of[state][pick]
            state = targets[pick]
        ends.append((state, gained))
    for state, gained in ends:
        result.record(space, state, gained & _DECISIONS, table.start_words + (gained >> _WORDS_SHIFT))
    return result


class _MoveTable:
    """Each state's moves as two flat rows (targets, and gains: words read and 1 for a decision), built once per state.

    The walk reads only lists of ints. When the search stopped at its limit,
    a state beyond the table is expanded on first visit (`extend`).
    """

    def __init__(self, space: StateSpace) -> None:
        self.space = space
        self.node_words = {node_id: node_words(node) for node_id, node in space.scenario.nodes.items()}
        self.start_words = self.node_words[space.keys[0][0]]
        self.targets: list[list[int]] = []
        self.gains: list[list[int]] = []  # per move: words << _WORDS_SHIFT, plus 1 for a decision
        self.extend(len(space.keys) - 1)

    def extend(self, last: int) -> None:
        """Rows for every state up to `last` (new states found meanwhile get rows when first visited)."""
        space = self.space
        while len(self.targets) <= last:
            state = len(self.targets)
            moves = space.expanded(state)
            choices = space.node_of(state).choices
            keys = space.keys
            self.targets.append([target for target, _, _ in moves])
            self.gains.append(
                [
                    ((choice_words(choices[c]) if c >= 0 else 0) + self.node_words[keys[target][0]]) << _WORDS_SHIFT
                    | (1 if number else 0)
                    for target, c, number in moves
                ]
            )
