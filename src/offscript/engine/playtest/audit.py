"""The teaching audit: does the scenario reward what its coaching says?

Exact, over the state space: every question is a best path or a set of
states, never a pattern in the text. A scenario "teaches the wrong thing"
when behaviour the coaching scores as poor still reaches success, when good
behaviour ends in failure, when the option the scores call best makes
success impossible, or when the best option can be found without judgement
(it is always the longest, or always the only one without a minus), or when
no decision ever asks the learner to trade one score for another.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from offscript.engine.model import SCORE_LABELS, SCORES, Choice, Node, Scenario
from offscript.engine.playtest.findings import Finding, finding
from offscript.engine.playtest.paths import Extreme, Paths
from offscript.engine.state_space import StateSpace

LENGTH_SHARE = 0.4  # the best option the longest in more decisions than this gives it away
NO_LOSS_SHARE = 0.5  # the best option the only one without a minus in more than this gives it away
TOP_TENTH = 0.1


def audit_findings(space: StateSpace, paths: Paths | None) -> list[Finding]:
    """The exact audit (success with a negative score, failure at the top, best leading away) and the give-aways.

    `paths` is None when the search stopped at its limit: then only the
    give-aways, over the decisions seen, can be judged.
    """
    found: list[Finding] = []
    if paths is not None:
        endings = _ending_states(space)
        found += _success_with_negative(paths, endings["success"])
        found += _failure_at_the_top(paths, endings["failure"], _score_range(paths, endings[""]))
        found += list(_best_leads_away(paths, endings["success"]))
    found += giveaway_findings(space.scenario, decisions(space))
    return found


def _ending_states(space: StateSpace) -> dict[str, list[int]]:
    """The states at an ending, by outcome, and all of them under ""."""
    found: dict[str, list[int]] = {"": [], "success": [], "partial": [], "failure": []}
    nodes = space.scenario.nodes
    for state, (node_id, _, _) in enumerate(space.keys):
        ending = nodes[node_id].ending
        if ending is not None:
            found[ending.outcome].append(state)
            found[""].append(state)
    return found


def _score_range(paths: Paths, every: list[int]) -> dict[str, tuple[int, int]]:
    """Each score's lowest and highest total over every complete playthrough (as the analysis gives it)."""
    span: dict[str, tuple[int, int]] = {}
    for extreme in [*paths.extremes(every, False), *paths.extremes(every, True)]:
        if extreme.total is not None:
            low, high = span.get(extreme.dimension, (extreme.total, extreme.total))
            span[extreme.dimension] = (min(low, extreme.total), max(high, extreme.total))
    return span


def _success_with_negative(paths: Paths, successes: list[int]) -> list[Finding]:
    found: dict[tuple[str, str], Finding] = {}
    for extreme in sorted(paths.extremes(successes, False), key=_lowest_first):
        node = paths.space.node_of(extreme.state)
        key = (node.id, extreme.dimension)
        if key in found or extreme.total is None or extreme.total >= 0:
            continue
        found[key] = finding(
            paths.space.scenario,
            (node.line, node.col),
            "OS520",
            f"success ending '{node.id}' can be reached with {SCORE_LABELS[extreme.dimension]} at {extreme.total}",
            extreme.choices,
        )
    return list(found.values())


def _lowest_first(extreme: Extreme) -> int:
    return extreme.total if extreme.total is not None else 0


def _failure_at_the_top(paths: Paths, failures: list[int], score_range: dict[str, tuple[int, int]]) -> list[Finding]:
    found: dict[tuple[str, str], Finding] = {}
    highest = sorted(paths.extremes(failures, True), key=_lowest_first, reverse=True)
    for extreme in highest:
        node = paths.space.node_of(extreme.state)
        span = score_range.get(extreme.dimension)
        if span is None or span[0] == span[1] or extreme.total is None or (node.id, extreme.dimension) in found:
            continue
        low, high = span
        if extreme.total < high - TOP_TENTH * (high - low):
            continue
        found[node.id, extreme.dimension] = finding(
            paths.space.scenario,
            (node.line, node.col),
            "OS521",
            f"failure ending '{node.id}' can be reached with {SCORE_LABELS[extreme.dimension]} at {extreme.total}, "
            f"in the top tenth of its range ({low} to {high})",
            extreme.choices,
        )
    return list(found.values())


def _best_leads_away(paths: Paths, successes: list[int]) -> Iterator[Finding]:
    """Decisions where success is still possible but every best-scoring option makes it impossible."""
    space = paths.space
    alive = paths.coreachable(successes)
    reported: set[str] = set()
    for state, moves in enumerate(space.moves):
        node = space.node_of(state)
        if len(moves) < 2 or state not in alive or node.id in reported:
            continue
        top = max(total(node.choices[c]) for _, c, _ in moves)
        best = [(target, c, n) for target, c, n in moves if total(node.choices[c]) == top]
        if len(best) == len(moves) or any(target in alive for target, _, _ in best):
            continue
        reported.add(node.id)
        choice = node.choices[best[0][1]]
        others = [n for target, _, n in moves if target in alive]
        yield finding(
            space.scenario,
            (choice.line, choice.col),
            "OS522",
            f"at '{node.id}' the best-scoring option (choice {best[0][2]}, {_signed(choice)}) leads away from every "
            f"success ending; choice {' or '.join(map(str, others))} keeps success possible",
            [*space.choices_to(state), best[0][2]],
        )


@dataclass(frozen=True)
class Decision:
    """A decision as the audit weighs it: a node and the options that can be on offer there."""

    node: Node
    options: tuple[Choice, ...]

    @property
    def best(self) -> Choice | None:
        """The one highest-scoring option, or None on a tie (nothing to give away)."""
        top = max(total(c) for c in self.options)
        best = [c for c in self.options if total(c) == top]
        return best[0] if len(best) == 1 else None


def decisions(space: StateSpace) -> list[Decision]:
    """Every reached choice node with two or more options that some playthrough is offered."""
    found = []
    for node in space.scenario.nodes.values():
        if node.kind != "choices" or node.id not in space.coverage.entered:
            continue
        options = tuple(c for i, c in enumerate(node.choices) if (node.id, i) in space.coverage.offered)
        if len(options) >= 2:
            found.append(Decision(node, options))
    return found


def giveaway_findings(scenario: Scenario, found: list[Decision]) -> list[Finding]:
    """The best option spotted by its length or by being the only one without a minus; no trade-off anywhere."""
    if not found:
        return []
    longest = [d.node.id for d in found if d.best is not None and _is_longest(d.best, d.options)]
    no_loss = [d.node.id for d in found if d.best is not None and _only_without_loss(d.best, d.options)]
    trades = [d.node.id for d in found if d.best is not None and min(d.best.score.values(), default=0) < 0]
    count = len(found)
    results = []
    if len(longest) > LENGTH_SHARE * count:
        results.append(
            finding(
                scenario,
                (1, 1),
                "OS523",
                f"the best-scoring option is the longest in {len(longest)} of {count} decisions "
                f"(more than {LENGTH_SHARE:.0%}): {', '.join(longest)}",
            )
        )
    if len(no_loss) > NO_LOSS_SHARE * count:
        results.append(
            finding(
                scenario,
                (1, 1),
                "OS524",
                f"the best-scoring option is the only one without a minus in {len(no_loss)} of {count} decisions "
                f"(more than {NO_LOSS_SHARE:.0%}): {', '.join(no_loss)}",
            )
        )
    if not trades:
        results.append(
            finding(
                scenario,
                (1, 1),
                "OS525",
                f"in none of its {count} decision{'s' if count != 1 else ''} does the best-scoring option cost "
                "something in one score "
                "to gain in another",
            )
        )
    return results


def total(choice: Choice) -> int:
    return sum(choice.score.values())


def _signed(choice: Choice) -> str:
    parts = [f"{SCORE_LABELS[d]} {choice.score[d]:+d}" for d in SCORES if choice.score.get(d)]
    return ", ".join(parts) if parts else "no score"


def _is_longest(best: Choice, options: tuple[Choice, ...]) -> bool:
    length = len(best.text.strip())
    return all(len(c.text.strip()) < length for c in options if c is not best)


def _only_without_loss(best: Choice, options: tuple[Choice, ...]) -> bool:
    def loses(choice: Choice) -> bool:
        return any(v < 0 for v in choice.score.values())

    return not loses(best) and all(loses(c) for c in options if c is not best)
