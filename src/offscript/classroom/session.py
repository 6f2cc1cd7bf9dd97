"""A class playing one scenario together: the phases of each decision, the votes, the teams, the road taken.

Plain data and pure rules, no Textual and no network: the projector screen
shows a `ClassSession`, the facilitator's keys call its methods, and each
call returns a new session (the old one is never changed, so going back a
phase or resuming after a crash is just holding an earlier value). The rules
of a class vote live here and nowhere else:

- At each decision the phases run read → discuss → vote → reveal → decide →
  consequence. A line the class only reads (`next`) has one phase, read.
- Votes are counted, never shown, until the reveal: live tallies sway later
  voters. A hand is counted by pressing its option's number; the last hand can
  be taken back. With teams, each team's pick is what is counted.
- The reveal marks a split vote (the top option under `SPLIT_SHARE` of the
  votes) with a suggestion to discuss and revote; a revote opens a new round,
  and its reveal shows the shift since the first round.
- The class follows the majority. A tie, or no votes at all, asks the
  facilitator, who may also call another option (an override, recorded).
- Every decision taken is kept with its rounds, so the debrief can show the
  spread, the splits and the overrides, and the facilitator can rewind to any
  decision to play the minority's road.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from offscript.engine.model import Scenario
from offscript.engine.playthrough import PlayError, Playthrough

SPLIT_SHARE = 0.6  # a top option with less than this share of the votes is a split vote
MAX_TEAMS = 6
MAX_ROUNDS = 5  # revotes at one decision; more than this is a stuck room, not a lesson


class ClassError(ValueError):
    """A step the session does not allow now, said in words the facilitator can act on."""


class Phase(StrEnum):
    READ = "read"
    DISCUSS = "discuss"
    VOTE = "vote"
    REVEAL = "reveal"
    DECIDE = "decide"
    CONSEQUENCE = "consequence"
    ENDED = "ended"


DECISION_PHASES = (Phase.READ, Phase.DISCUSS, Phase.VOTE, Phase.REVEAL, Phase.DECIDE, Phase.CONSEQUENCE)


@dataclass(frozen=True)
class Round:
    """One vote at a decision: hands in the order counted, each team's pick, and each phone's vote.

    Options are numbers from 1. A phone is an opaque device key (never a person)
    with its team, or "" without teams; a phone's later vote replaces its
    earlier one. Without teams, hands and phones add up. With teams, each team
    counts once: the pick entered for it, or else the option most of its phones
    chose (none on a tie).
    """

    hands: tuple[int, ...] = ()
    team_picks: tuple[tuple[str, int], ...] = ()
    phones: tuple[tuple[str, int, str], ...] = ()  # (device key, option, team)

    @property
    def by_team(self) -> bool:
        return bool(self.team_picks) or any(team for _, _, team in self.phones)

    def picks(self) -> dict[str, int]:
        """Each team's pick: entered, or its phones' plurality."""
        picks = dict(self.team_picks)
        phones_by_team: dict[str, Counter[int]] = {}
        for _, option, team in self.phones:
            if team:
                phones_by_team.setdefault(team, Counter())[option] += 1
        for team, counted in phones_by_team.items():
            ranked = counted.most_common(2)
            if team not in picks and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                picks[team] = ranked[0][0]
        return picks

    def tally(self, options: int) -> list[int]:
        """Votes per option (index 0 is option 1)."""
        if self.by_team:
            counted = Counter(self.picks().values())
        else:
            counted = Counter(self.hands) + Counter(option for _, option, _ in self.phones)
        return [counted.get(number, 0) for number in range(1, options + 1)]

    @property
    def count(self) -> int:
        return len(self.picks()) if self.by_team else len(self.hands) + len(self.phones)


@dataclass(frozen=True)
class Reveal:
    """What the reveal shows: counts and shares per option, the leaders, and the shift since the first round."""

    counts: tuple[int, ...]
    shares: tuple[float, ...]  # 0.0 to 1.0
    leaders: tuple[int, ...]  # option numbers with the most votes (several: a tie; none: no votes)
    split: bool  # the top share is under SPLIT_SHARE: worth discussing and revoting
    shift: tuple[float, ...] | None  # share change per option since the first round; None in the first round


@dataclass(frozen=True)
class DecisionTaken:
    """A decision as the class took it: what was on offer, every round, what was chosen and how."""

    number: int
    node: str
    offered: tuple[int, ...]  # choice indexes in the node, in the order shown (option n is offered[n - 1])
    rounds: tuple[Round, ...]
    chosen: int  # option number
    how: str  # "majority", "facilitator" (a tie or no votes) or "override" (the facilitator chose against the vote)


@dataclass(frozen=True)
class ClassSession:
    """Where the class is: the run, the phase, the rounds of the current decision, and every decision taken."""

    run: Playthrough
    phase: Phase
    teams: tuple[str, ...] = ()
    rounds: tuple[Round, ...] = (Round(),)
    chosen: int | None = None  # the option decided at this decision (from DECIDE on)
    how: str = ""
    taken: tuple[DecisionTaken, ...] = ()
    timer: int | None = None  # seconds for the discussion, or None
    reads: int = 0  # `next` lines read on since the last decision (or the start): replayed on resume
    run_id: str = ""  # the road's name in the history, where it is kept when it ends; new after a rewind
    started: str = ""  # when the class began (ISO time), for the history
    blanked: bool = False

    # --- starting -----------------------------------------------------------------

    @classmethod
    def start(
        cls, scenario: Scenario, teams: Sequence[str] = (), timer: int | None = None, started: str = ""
    ) -> ClassSession:
        names = tuple(name.strip() for name in teams)
        if len(names) == 1 or len(names) > MAX_TEAMS:
            raise ClassError(f"teams: 2 to {MAX_TEAMS}, or none")
        if any(not name for name in names) or len(set(names)) != len(names):
            raise ClassError("each team needs a name of its own")
        if timer is not None and not 0 < timer <= 3600:
            raise ClassError("the discussion timer is 1 to 3600 seconds")
        run = Playthrough.start(scenario)
        return cls(run, _first_phase(run), names, timer=timer, run_id=uuid.uuid4().hex, started=started)

    def renamed(self, teams: Sequence[str]) -> ClassSession:
        """The same class with its teams named (before any team has picked)."""
        names = tuple(" ".join(name.split()) for name in teams)
        if len(names) != len(self.teams) or any(r.team_picks for r in self.rounds) or self.taken:
            raise ClassError("the teams are named before the first vote")
        if any(not name for name in names) or len(set(names)) != len(names):
            raise ClassError("each team needs a name of its own")
        return replace(self, teams=names)

    # --- reading where the class is ----------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self.run.scenario

    @property
    def offered(self) -> tuple[int, ...]:
        """The choice indexes on offer at this decision, in the order shown (empty away from a decision)."""
        if self.run.node.kind != "choices":
            return ()
        return tuple(index for index, _ in self.run.offered())

    @property
    def options(self) -> int:
        return len(self.offered)

    @property
    def round(self) -> Round:
        return self.rounds[-1]

    @property
    def votes_in(self) -> int:
        """How many votes are in this round: all the status line shows before the reveal."""
        return self.round.count

    @property
    def at_decision(self) -> bool:
        return self.phase in DECISION_PHASES[1:] or (self.phase is Phase.READ and self.run.node.kind == "choices")

    def reveal(self) -> Reveal:
        """The tally of the current round, and the shift since the first."""
        counts = self.round.tally(self.options)
        shares = _shares(counts)
        top = max(counts, default=0)
        leaders = tuple(n for n, c in enumerate(counts, 1) if c == top and top > 0)
        split = bool(leaders) and max(shares) < SPLIT_SHARE
        shift = None
        if len(self.rounds) > 1:
            first = _shares(self.rounds[0].tally(self.options))
            shift = tuple(now - then for now, then in zip(shares, first, strict=True))
        return Reveal(tuple(counts), tuple(shares), leaders, split, shift)

    def majority(self) -> int | None:
        """The option the vote chose, or None when it is a tie or nobody voted (the facilitator decides)."""
        leaders = self.reveal().leaders
        return leaders[0] if len(leaders) == 1 else None

    # --- the facilitator's steps ---------------------------------------------------

    def advance(self) -> ClassSession:
        """The next phase (the clicker's 'next'): ClassError when this one needs something first."""
        if self.blanked:
            return replace(self, blanked=False)
        if self.phase is Phase.ENDED:
            raise ClassError("the scenario has ended: the debrief is on screen")
        if self.phase is Phase.READ and self.run.node.kind != "choices":
            return self._read_on()
        if self.phase is Phase.REVEAL:
            majority = self.majority()
            if majority is None:
                return replace(self, phase=Phase.DECIDE, chosen=None, how="")
            return replace(self, phase=Phase.DECIDE, chosen=majority, how="majority")
        if self.phase is Phase.DECIDE:
            if self.chosen is None:
                raise ClassError("the vote is tied or empty: choose the option the class will take (1-9)")
            return self._take()
        if self.phase is Phase.CONSEQUENCE:
            return self._after_consequence()
        return replace(self, phase=DECISION_PHASES[DECISION_PHASES.index(self.phase) + 1])

    def back(self) -> ClassSession:
        """The phase before, where going back makes sense: before the choice is taken. Votes are kept."""
        if self.blanked:
            return replace(self, blanked=False)
        if self.phase in (Phase.DISCUSS, Phase.VOTE, Phase.REVEAL, Phase.DECIDE):
            return replace(self, phase=DECISION_PHASES[DECISION_PHASES.index(self.phase) - 1], chosen=None, how="")
        raise ClassError("nothing to go back to here: the class's choice is taken (rewind from the debrief)")

    def hand(self, option: int) -> ClassSession:
        """One more counted hand for an option (1-based), during the vote."""
        self._check_voting(option)
        if self.teams:
            raise ClassError("teams vote by team: enter each team's pick")
        return self._with_round(replace(self.round, hands=(*self.round.hands, option)))

    def take_back_hand(self) -> ClassSession:
        """The last hand counted (or team pick entered), taken back (backspace)."""
        if self.phase is not Phase.VOTE or not (self.round.hands or self.round.team_picks):
            raise ClassError("no vote to take back")
        if self.round.team_picks:
            return self._with_round(replace(self.round, team_picks=self.round.team_picks[:-1]))
        return self._with_round(replace(self.round, hands=self.round.hands[:-1]))

    @property
    def team_up(self) -> str | None:
        """The team whose pick is entered next: the first without one this round."""
        picked = self.round.picks()
        return next((team for team in self.teams if team not in picked), None)

    def team_pick(self, team: str, option: int) -> ClassSession:
        """A team's pick (entered again, it replaces the team's earlier pick)."""
        self._check_voting(option)
        if team not in self.teams:
            raise ClassError(f"no team '{team}'")
        picks = tuple((t, o) for t, o in self.round.team_picks if t != team) + ((team, option),)
        return self._with_round(replace(self.round, team_picks=picks))

    def phone_vote(self, device: str, option: int, team: str = "") -> ClassSession:
        """A phone's vote (it replaces the same phone's earlier vote this round), during the vote."""
        self._check_voting(option)
        if not device or len(device) > 64:
            raise ClassError("a phone's key is 1 to 64 characters")
        if bool(team) != bool(self.teams) or (team and team not in self.teams):
            raise ClassError(f"no team '{team}'" if team else "choose a team first")
        phones = tuple(p for p in self.round.phones if p[0] != device) + ((device, option, team),)
        return self._with_round(replace(self.round, phones=phones))

    def revote(self) -> ClassSession:
        """A new round at this decision, after the reveal or the decision: the room votes again."""
        if self.phase not in (Phase.REVEAL, Phase.DECIDE):
            raise ClassError("a revote follows a reveal")
        if len(self.rounds) >= MAX_ROUNDS:
            raise ClassError(f"{MAX_ROUNDS} rounds at one decision: decide")
        return replace(self, phase=Phase.VOTE, rounds=(*self.rounds, Round()), chosen=None, how="")

    def choose(self, option: int) -> ClassSession:
        """The facilitator's call at the decide phase: the tie broken, or the vote overridden."""
        if self.phase is not Phase.DECIDE:
            raise ClassError("the facilitator chooses after the reveal")
        if not 1 <= option <= self.options:
            raise ClassError(f"option {option} is not on offer (1 to {self.options})")
        majority = self.majority()
        how = "majority" if option == majority else ("facilitator" if majority is None else "override")
        return replace(self, chosen=option, how=how)

    def blank(self) -> ClassSession:
        """The screen blanked (or shown again): the session itself does not move."""
        return replace(self, blanked=not self.blanked)

    def rewind(self, number: int) -> ClassSession:
        """Back to decision `number` (1-based) as it stood before it was taken, to play another road."""
        if not 1 <= number <= len(self.taken):
            raise ClassError(f"decision {number} has not been taken")
        kept = self.taken[: number - 1]
        run = _replayed(self.scenario, kept)
        reads = 0
        while (
            run.state.node != self.taken[number - 1].node
            and run.node.kind == "next"
            and reads < len(self.scenario.nodes)
        ):
            run, reads = run.advance(), reads + 1
        return replace(
            self,
            run=run,
            phase=Phase.READ,
            rounds=(Round(),),
            chosen=None,
            how="",
            taken=kept,
            reads=reads,
            run_id=uuid.uuid4().hex,  # another road: kept in the history apart from the first
        )

    # --- inside the rules -----------------------------------------------------------

    def _check_voting(self, option: int) -> None:
        if self.phase is not Phase.VOTE:
            raise ClassError("votes are counted in the vote phase")
        if not 1 <= option <= self.options:
            raise ClassError(f"option {option} is not on offer (1 to {self.options})")

    def _with_round(self, current: Round) -> ClassSession:
        return replace(self, rounds=(*self.rounds[:-1], current))

    def _take(self) -> ClassSession:
        assert self.chosen is not None
        index = self.offered[self.chosen - 1]
        decision = DecisionTaken(
            len(self.taken) + 1, self.run.state.node, self.offered, self.rounds, self.chosen, self.how
        )
        run = self.run.choose(index)  # the decision, with its rounds, is kept in `taken`: the next one starts afresh
        return replace(
            self,
            run=run,
            phase=Phase.CONSEQUENCE,
            taken=(*self.taken, decision),
            rounds=(Round(),),
            chosen=None,
            how="",
        )

    def _after_consequence(self) -> ClassSession:
        """Past the consequence: the next line (read one at a time), the next decision, or the end."""
        return replace(self, phase=_first_phase(self.run))

    def _read_on(self) -> ClassSession:
        """Past a line the class reads: one `next` at a time."""
        run = self.run.advance()
        return replace(self, run=run, phase=_first_phase(run), reads=self.reads + 1)

    # --- the record --------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Plain data for the save after every step: the decisions and the current decision's state."""
        return {
            "scenario": self.scenario.id,
            "content_hash": self.scenario.content_hash,
            "teams": list(self.teams),
            "timer": self.timer,
            "taken": [_decision_json(d) for d in self.taken],
            "reads": self.reads,
            "phase": self.phase.value,
            "rounds": [_round_json(r) for r in self.rounds],
            "chosen": self.chosen,
            "how": self.how,
            "run_id": self.run_id,
            "started": self.started,
        }

    @classmethod
    def from_json(cls, scenario: Scenario, data: Mapping[str, Any]) -> ClassSession:
        """A saved session on `scenario`; ClassError when the data does not fit it (another version, a damaged file)."""
        try:
            if data["scenario"] != scenario.id or data["content_hash"] != scenario.content_hash:
                raise ClassError("the saved class session is for another version of the scenario")
            taken = tuple(_decision_from(d) for d in _list(data["taken"]))
            run = _replayed(scenario, taken)
            reads = _whole(data["reads"], 0, len(scenario.nodes))
            for _ in range(reads):
                run = run.advance()
            session = cls(
                run,
                Phase(data["phase"]),
                tuple(_text(t) for t in _list(data["teams"])),
                tuple(_round_from(r) for r in _list(data["rounds"])) or (Round(),),
                None if data["chosen"] is None else _whole(data["chosen"], 1, 99),
                _text(data["how"]),
                taken,
                None if data["timer"] is None else _whole(data["timer"], 1, 3600),
                reads,
                _text(data["run_id"]),
                _text(data["started"]),
            )
        except (KeyError, TypeError, ValueError, IndexError, PlayError) as exc:
            if isinstance(exc, ClassError):
                raise
            raise ClassError(f"the saved class session cannot be read: {exc}") from exc
        session._check_consistent()
        return session

    def _check_consistent(self) -> None:
        for decision in self.taken:
            if decision.how not in ("majority", "facilitator", "override"):
                raise ClassError("the saved class session cannot be read: an unknown way of deciding")
        if self.phase is Phase.ENDED and not self.run.is_over:
            raise ClassError("the saved class session cannot be read: it ended before the scenario did")
        if (
            self.phase in DECISION_PHASES[1:]
            and self.run.node.kind != "choices"
            and self.phase is not Phase.CONSEQUENCE
        ):
            raise ClassError("the saved class session cannot be read: a vote away from a decision")
        votes = [o for r in self.rounds for o in r.hands] + [o for r in self.rounds for _, o in r.team_picks]
        votes += [o for r in self.rounds for _, o, _ in r.phones]
        if any(not 1 <= o <= self.options for o in votes) or (self.chosen or 0) > self.options:
            raise ClassError("the saved class session cannot be read: a vote for an option not on offer")
        teams = [t for r in self.rounds for t, _ in r.team_picks] + [
            t for r in self.rounds for _, _, t in r.phones if t
        ]
        if any(team not in self.teams for team in teams):
            raise ClassError("the saved class session cannot be read: a pick by a team that is not playing")


def _replayed(scenario: Scenario, taken: Sequence[DecisionTaken]) -> Playthrough:
    """The run after these decisions; PlayError when one no longer fits (its node, or what was on offer there)."""
    run = Playthrough.start(scenario)
    for decision in taken:
        run = run.read_on()
        offered = tuple(index for index, _ in run.offered()) if run.node.kind == "choices" else ()
        if run.state.node != decision.node or offered != decision.offered:
            raise PlayError(f"decision {decision.number} does not fit the scenario at '{decision.node}'")
        run = run.choose(decision.offered[decision.chosen - 1])
    return run


def _first_phase(run: Playthrough) -> Phase:
    return Phase.ENDED if run.is_over or run.is_dead_end else Phase.READ


def _shares(counts: Sequence[int]) -> list[float]:
    total = sum(counts)
    return [count / total if total else 0.0 for count in counts]


def _round_json(round_: Round) -> dict[str, Any]:
    """A round as saved: the phones' votes without their device keys. Nothing links one phone's votes across
    decisions on disk, and a restarted game opens a new room whose phones have new keys anyway."""
    return {
        "hands": list(round_.hands),
        "team_picks": [list(pick) for pick in round_.team_picks],
        "phones": [["", option, team] for _, option, team in round_.phones],
    }


def _round_from(data: Mapping[str, Any]) -> Round:
    hands = tuple(_whole(h, 1, 99) for h in _list(data["hands"]))
    picks = tuple((_text(t), _whole(o, 1, 99)) for t, o in _list(data["team_picks"]))
    phones = tuple((_text(d), _whole(o, 1, 99), _text(t)) for d, o, t in _list(data.get("phones", [])))
    return Round(hands, picks, phones)


def _decision_json(decision: DecisionTaken) -> dict[str, Any]:
    return {
        "number": decision.number,
        "node": decision.node,
        "offered": list(decision.offered),
        "rounds": [_round_json(r) for r in decision.rounds],
        "chosen": decision.chosen,
        "how": decision.how,
    }


def _decision_from(data: Mapping[str, Any]) -> DecisionTaken:
    offered = tuple(_whole(i, 0, 999) for i in _list(data["offered"]))
    chosen = _whole(data["chosen"], 1, len(offered))
    rounds = tuple(_round_from(r) for r in _list(data["rounds"]))
    return DecisionTaken(
        _whole(data["number"], 1, 10_000), _text(data["node"]), offered, rounds, chosen, _text(data["how"])
    )


def _list(value: object) -> list[Any]:
    if not isinstance(value, list) or len(value) > 10_000:
        raise ValueError(f"{value!r:.40} is not a list")
    return value


def _whole(value: object, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValueError(f"{value!r} is not a whole number from {low} to {high}")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str) or len(value) > 200:
        raise ValueError(f"{value!r} is not a short text")
    return value
