"""Which endings each option can still lead to, over every playthrough: what the facilitator's guide prints.

A facilitator preparing a class wants to know, before the room votes, where
each option can take the story. Reading the file cannot tell: conditions,
`once` and meters decide. So this reads it off the exact search of every
playthrough state: an option can lead to an ending when, from some state in
which it is on offer, taking it reaches a state from which that ending can be
reached.
"""

from __future__ import annotations

from offscript.engine.model import Scenario
from offscript.engine.playtest.paths import Paths
from offscript.engine.state_space import MAX_STATES, StateSpace

OptionRef = tuple[str, int]  # (node id, choice index)


def option_endings(scenario: Scenario, max_states: int = MAX_STATES) -> dict[OptionRef, list[str]] | None:
    """Each option that some playthrough is offered, and the ending node ids it can lead to (in file order).

    None when the scenario has too many states to search.
    """
    space = StateSpace(scenario, max_states, forget="unread")
    if not space.exact:
        return None
    paths = Paths(space)
    endings = [node_id for node_id, node in scenario.nodes.items() if node.kind == "ending"]
    states_at: dict[str, list[int]] = {}
    for state, (node_id, _, _) in enumerate(space.keys):
        states_at.setdefault(node_id, []).append(state)
    reaching = {ending: paths.coreachable(states_at.get(ending, [])) for ending in endings}
    found: dict[OptionRef, set[str]] = {}
    for state, moves in enumerate(space.moves):
        node_id = space.keys[state][0]
        for target, choice, _ in moves:
            if choice >= 0:
                led = found.setdefault((node_id, choice), set())
                led.update(ending for ending in endings if target in reaching[ending])
    return {option: [e for e in endings if e in led] for option, led in found.items()}
