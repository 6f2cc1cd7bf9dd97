"""What the class debrief shows, worked out from a session: the road taken against the best, the votes, the teams.

"Best" is judged as the solo decision review judges it (`engine.outlook`), at
the state the class was in: the best on offer is the option leading to the best
outcome still within reach (then the most points on the way), and a pick is
credited when it keeps that best outcome within reach. So a team is credited for
the judgement the scenario rewards, not for picking the option with the most
points, and asking one good question before another is not held against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from offscript.classroom.session import SPLIT_SHARE, ClassSession, DecisionTaken
from offscript.engine.model import SCORES, Scenario
from offscript.engine.outlook import Outlook, best_on_offer, outlook_for
from offscript.engine.playthrough import Playthrough


@dataclass(frozen=True)
class DecisionSummary:
    """One decision of the class's road: the votes of each round, what was chosen, and the best on offer."""

    decision: DecisionTaken
    first_counts: tuple[int, ...]
    last_counts: tuple[int, ...]
    split: bool  # the first round's top option had less than SPLIT_SHARE of the votes
    best: int | None  # the option number that was best on offer there (None: not searched)
    keeping: tuple[int, ...]  # the option numbers that keep the best outcome within reach

    @property
    def overridden(self) -> bool:
        return self.decision.how == "override"

    @property
    def took_best(self) -> bool:
        return self.decision.chosen in self.keeping


@dataclass(frozen=True)
class TeamRecord:
    team: str
    picks: int  # decisions where the team picked
    best_picks: int  # of them, the best on offer
    scores: dict[str, int]  # what its own picks would have earned, score by score


@dataclass(frozen=True)
class ClassDebrief:
    decisions: tuple[DecisionSummary, ...]
    teams: tuple[TeamRecord, ...]
    best_road: tuple[str, ...] = ()  # the options' texts along the best road from the start
    best_ending: str = ""  # the ending node it reaches ("" when not searched)

    @property
    def splits(self) -> list[int]:
        return [d.decision.number for d in self.decisions if d.split]

    @property
    def overrides(self) -> list[int]:
        return [d.decision.number for d in self.decisions if d.overridden]


def class_debrief(session: ClassSession, outlook: Outlook | None = None) -> ClassDebrief:
    """The debrief of the decisions taken so far (the outlook is searched here unless given)."""
    scenario = session.scenario
    outlook = outlook or outlook_for(scenario)
    summaries: list[DecisionSummary] = []
    tallies: dict[str, list[int]] = {team: [0, 0, 0, 0, 0] for team in session.teams}  # picks, best, E, O, C
    run = Playthrough.start(scenario)
    for decision in session.taken:
        run = run.read_on()
        best, keeping = _judged(scenario, run, decision, outlook)
        first, last = decision.rounds[0], decision.rounds[-1]
        first_counts = tuple(first.tally(len(decision.offered)))
        total = sum(first_counts)
        split = total > 0 and max(first_counts) / total < SPLIT_SHARE
        last_counts = tuple(last.tally(len(decision.offered)))
        summaries.append(DecisionSummary(decision, first_counts, last_counts, split, best, keeping))
        for team, option in last.picks().items():
            if team in tallies:
                _credit(tallies[team], scenario, decision, option, option in keeping)
        run = run.choose(decision.offered[decision.chosen - 1])
    teams = tuple(TeamRecord(team, t[0], t[1], dict(zip(SCORES, t[2:], strict=True))) for team, t in tallies.items())
    road, ending = best_road(scenario, outlook)
    return ClassDebrief(tuple(summaries), teams, road, ending)


def best_road(scenario: Scenario, outlook: Outlook, limit: int = 200) -> tuple[tuple[str, ...], str]:
    """The road that takes the best on offer at every decision from the start, and the ending it reaches."""
    run = Playthrough.start(scenario).read_on()
    said: list[str] = []
    while not (run.is_over or run.is_dead_end) and len(said) < limit:
        prospects = outlook.prospects(run.state)
        if not prospects:
            return (), ""
        node = run.node
        best = best_on_offer(prospects, {i: sum(node.choices[i].score.values()) for i in prospects})
        said.append(" ".join(run.text(node.choices[best].text).split()))
        run = run.choose(best).read_on()
    return tuple(said), run.state.node if run.ending is not None else ""


def _judged(
    scenario: Scenario, run: Playthrough, decision: DecisionTaken, outlook: Outlook
) -> tuple[int | None, tuple[int, ...]]:
    """The best on offer (an option number) and every option that keeps the best outcome within reach."""
    prospects = outlook.prospects(run.state)
    if prospects is None or set(prospects) != set(decision.offered):
        return None, ()
    node = scenario.nodes[decision.node]
    immediate = {i: sum(node.choices[i].score.values()) for i in prospects}
    best = best_on_offer(prospects, immediate)
    top = prospects[best].rank[0]
    keeping = tuple(n for n, i in enumerate(decision.offered, 1) if prospects[i].rank[0] == top)
    return decision.offered.index(best) + 1, keeping


def _credit(tally: list[int], scenario: Scenario, decision: DecisionTaken, option: int, kept_best: bool) -> None:
    choice = scenario.nodes[decision.node].choices[decision.offered[option - 1]]
    tally[0] += 1
    tally[1] += kept_best
    for slot, name in enumerate(SCORES, 2):
        tally[slot] += choice.score.get(name, 0)
