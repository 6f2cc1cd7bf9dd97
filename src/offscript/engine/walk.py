"""The one walk through a run: it plays or replays choices and yields what happened.

Every client that shows a run uses it: the play screen (live moves, and the
conversation rebuilt after a resume or a rewind), save resume, the
transcript behind the decision review and the exports, and `offscript run`.
They differ only in what they do with each event, so a `next` node, a
branch, an ending or a dead end is met the same way everywhere.

Events, in the order a player meets them:
- `Entered`: the run arrives at a node and its text is shown (a branch node
  appears only when routing could not settle: a dead end);
- `Chose`: a decision, with the run before and after it;
- `Ended` or `DeadEnd`, right after the `Entered` of an ending or of a node
  the run cannot leave.
Each event carries the run as it stands after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from offscript.engine.model import Choice, Node, Scenario
from offscript.engine.playthrough import PlayError, Playthrough
from offscript.engine.start import Start


@dataclass(frozen=True)
class Entered:
    """The run arrived at a node the player reads."""

    run: Playthrough

    @property
    def node(self) -> Node:
        return self.run.node

    @property
    def text(self) -> str:
        """The node's text with `{name}` filled in as it reads now."""
        return self.run.text()


@dataclass(frozen=True)
class Chose:
    """Decision `number` (1-based): the choice at `index` in the node of `before`, leading to `run`."""

    number: int
    index: int
    before: Playthrough
    run: Playthrough

    @property
    def choice(self) -> Choice:
        return self.before.node.choices[self.index]

    @property
    def said(self) -> str:
        """What the player said, filled in as it read when it was offered."""
        return self.before.text(self.choice.text)

    @property
    def feedback(self) -> str:
        """The coach's feedback, filled in with the values just after the choice."""
        return self.run.text(self.choice.feedback)


@dataclass(frozen=True)
class Ended:
    """The run reached an ending."""

    run: Playthrough


@dataclass(frozen=True)
class DeadEnd:
    """The run is at a node it cannot leave: no choice is offered, or a branch cannot settle."""

    run: Playthrough


Event = Entered | Chose | Ended | DeadEnd


def begin(scenario: Scenario, at: Start | None = None) -> Iterator[Event]:
    """A new run: the opening node (the scenario's start, or a tester's `Start`)."""
    yield from arrive(Playthrough.start(scenario, at))


def arrive(run: Playthrough) -> Iterator[Event]:
    """The events of arriving where `run` is."""
    yield Entered(run)
    if run.node.kind == "ending":
        yield Ended(run)
    elif run.is_dead_end:
        yield DeadEnd(run)


def choose(run: Playthrough, index: int) -> Iterator[Event]:
    """Take choice `index` (0-based in the node); PlayError when it is not on offer."""
    after = run.choose(index)
    yield Chose(after.decisions, index, run, after)
    yield from arrive(after)


def advance(run: Playthrough) -> Iterator[Event]:
    """Continue past a `next` node; PlayError when the run is not at one."""
    yield from arrive(run.advance())


def read_on(run: Playthrough, until: str | None = None) -> Iterator[Event]:
    """Continue through `next` nodes: to a decision, an ending or a dead end, or up to the node `until`.

    With `until`, nothing is read unless that node is on the way (the run
    stays where it is: where else to stop is not known). A loop of `next`
    nodes is read once round.
    """
    runs: list[Playthrough] = []
    seen: set[str] = set()
    while run.node.kind == "next" and run.state.node != until and run.state.node not in seen:
        seen.add(run.state.node)
        run = run.advance()
        runs.append(run)
    if until is not None and run.state.node != until:
        return
    for reached in runs:
        yield from arrive(reached)


def replay(
    scenario: Scenario,
    steps: Iterable[tuple[str, int]],
    *,
    reading_on: bool = False,
    until: str | None = None,
    at: Start | None = None,
) -> Iterator[Event]:
    """Play a run again from its (node, choice index) steps, reading `next` nodes on the way.

    After the last step the walk stops, or with `reading_on` it reads on
    (see `read_on`, and `until`). Raises PlayError naming the first step that
    no longer fits the scenario, so a run saved on an older version of a file
    is reported, never replayed wrongly. A run begun at a tester's `Start`
    is replayed from there (`at`), so its rewinds and review fit it too.
    """
    run = Playthrough.start(scenario, at)
    yield from arrive(run)
    for number, (node_id, index) in enumerate(steps, 1):
        for event in read_on(run):
            run = event.run
            yield event
        _check_step(run, number, node_id, index)
        for event in choose(run, index):
            run = event.run
            yield event
    if reading_on:
        yield from read_on(run, until)


def replayed(
    scenario: Scenario,
    steps: Iterable[tuple[str, int]],
    *,
    reading_on: bool = False,
    until: str | None = None,
    at: Start | None = None,
) -> Playthrough:
    """Where `replay` leaves the run."""
    run: Playthrough | None = None
    for event in replay(scenario, steps, reading_on=reading_on, until=until, at=at):
        run = event.run
    assert run is not None  # a replay always yields the opening node
    return run


def _check_step(run: Playthrough, number: int, node_id: str, index: int) -> None:
    """Raise PlayError when decision `number` (choice `index` at `node_id`) no longer fits the scenario."""
    if run.state.node != node_id:
        raise PlayError(
            f"decision {number} was made at '{node_id}', but the scenario now reaches '{run.state.node}' there"
        )
    if index >= len(run.node.choices):
        raise PlayError(f"decision {number} at '{node_id}' took choice {index + 1}, which no longer exists")
    if index not in [i for i, _ in run.offered()]:
        raise PlayError(f"decision {number} at '{node_id}' took choice {index + 1}, which is no longer offered")
