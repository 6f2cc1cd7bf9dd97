"""`validate`'s reachability warnings (OS400-OS404), read off the playtest's own search.

A playtest already holds every playthrough state, so searching them all a
second time through `analyse()` only to warn about unreachable nodes would
double its slowest part. The same `Analysis` fields are filled from the
`StateSpace` and handed to the analysis's own `warnings_for`, so the words
and the rules of those warnings stay in one place; a test checks that both
searches agree on every shipped scenario.
"""

from __future__ import annotations

from offscript.engine.analysis import Analysis, _static_no_ending, warnings_for
from offscript.engine.diagnostics import Diagnostic
from offscript.engine.model import SCORES
from offscript.engine.playtest.paths import Paths
from offscript.engine.state_space import StateSpace


def reach_of(space: StateSpace, paths: Paths | None) -> Analysis:
    """What the analysis would say about reachability, from the playtest's states."""
    scenario = space.scenario
    static = _static_no_ending(scenario)
    entered = space.coverage.entered
    reachable = [n for n in scenario.nodes if n in entered]
    unreachable = [n for n in scenario.nodes if n not in entered]
    endings = [n for n in reachable if scenario.nodes[n].kind == "ending"]
    if paths is None:  # too large: as the analysis, the node graph speaks for itself
        no_ending, dead_ends = [n for n in static if n in entered], []
    else:
        dead_ends = sorted(
            {key[0] for state, key in enumerate(space.keys) if not space.moves[state] and _waits(space, state)}
        )
        alive = paths.coreachable(s for s, key in enumerate(space.keys) if scenario.nodes[key[0]].kind == "ending")
        stuck = {space.keys[s][0] for s in range(len(space.keys)) if s not in alive}
        no_ending = sorted(stuck - set(dead_ends))
    return Analysis(
        node_count=len(scenario.nodes),
        reachable=reachable,
        unreachable=unreachable,
        endings=endings,
        no_ending=no_ending,
        dead_ends=dead_ends,
        score_range={d: None for d in SCORES},
        decisions=None,
        exact=space.exact,
        states=len(space.keys),
        static_no_ending=static,
    )


def _waits(space: StateSpace, state: int) -> bool:
    """A state with nothing on offer that is not an ending: a choice node whose choices are all closed."""
    return space.node_of(state).kind == "choices"


def reach_warnings(space: StateSpace, paths: Paths | None) -> list[Diagnostic]:
    return warnings_for(space.scenario, reach_of(space, paths))
