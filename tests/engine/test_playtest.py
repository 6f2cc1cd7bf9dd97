"""Playtest in the engine: every finding class on a fixture written for it, and paths that really show them."""

from __future__ import annotations

from pathlib import Path

import pytest

from offscript.engine.loader import load_file
from offscript.engine.model import SCORE_LABELS, Scenario
from offscript.engine.playtest import Report, playtest
from offscript.engine.playtest.findings import Finding
from offscript.engine.playthrough import Playthrough
from offscript.engine.reading_time import choice_words, node_words

FIXTURES = Path(__file__).parent.parent / "fixtures" / "playtest"
SHIPPED = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def load(name: str | Path) -> Scenario:
    path = name if isinstance(name, Path) else FIXTURES / f"{name}.yaml"
    result = load_file(path, analyse=False)
    assert result.scenario is not None, result.errors
    return result.scenario


def codes(report: Report) -> list[str]:
    return [f.diagnostic.code for f in report.findings]


def only(report: Report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.diagnostic.code == code]


def replay(scenario: Scenario, choices: list[int]) -> Playthrough:
    run = Playthrough.start(scenario).read_on()
    for number in choices:
        run = run.pick(number).read_on()
    return run


# --- coverage -------------------------------------------------------------------


def test_a_choice_whose_condition_never_holds_is_reported_at_its_condition_with_the_values_met() -> None:
    [found] = only(playtest(load("coverage"), runs=0), "OS501")
    assert (found.diagnostic.line, found.diagnostic.col) == (29, 13)
    assert "choice 3 (vip-offer) of 'opening' is never offered" in found.diagnostic.message
    assert "'trust >= 9' never holds there (trust is 2 here)" in found.diagnostic.message


def test_branch_entries_never_taken_say_whether_their_condition_fails_or_an_entry_above_catches_all() -> None:
    entries = only(playtest(load("coverage"), runs=0), "OS502")
    messages = {f.diagnostic.line: f.diagnostic.message for f in entries}
    assert set(messages) == {50, 54}
    assert "entry 1 of branch 'route' (goto 'delighted')" in messages[50]
    assert "'trust >= 7' never holds there (trust is 0 to 4 here)" in messages[50]
    assert (
        "entry 3 of branch 'route' (goto 'lost') is never taken: an entry above it always holds first" in messages[54]
    )


def test_a_set_that_never_changes_anything_is_reported() -> None:
    [found] = only(playtest(load("coverage"), runs=0), "OS503")
    assert found.diagnostic.line == 39
    assert "'set warned: false' on choice 1 (explain) of 'follow_up' never changes anything" in found.diagnostic.message


def test_an_add_stopped_by_its_bound_gives_a_path_that_reaches_the_bound() -> None:
    scenario = load("coverage")
    [found] = only(playtest(scenario, runs=0), "OS504")
    assert "trust is already at its min 0" in found.diagnostic.message
    assert found.choices == [2, 2]
    before = replay(scenario, found.choices[:-1])
    assert before.state.node == "follow_up" and before.state.variables["trust"] == 0
    assert before.offered()[found.choices[-1] - 1][1].add == {"trust": -1}


def test_a_clean_scenario_has_no_finding_and_its_checks_pass() -> None:
    report = playtest(load("clean"), runs=500)
    assert report.findings == []
    assert [c.passed for c in report.checks] == [True, True]
    assert report.exact and report.states > 0


# --- checks ---------------------------------------------------------------------------


def test_checks_report_passes_and_each_way_of_failing() -> None:
    report = playtest(load("coverage"), runs=0)
    results = {c.check.name: c for c in report.checks}
    assert results["owning it keeps the order"].passed
    assert results["owning it keeps the order"].choices == [1, 1]
    wrong = results["blaming loses the order"].failure
    assert wrong is not None
    assert "outcome failure was expected, but it ended at 'kept' (success; empathy 1, ownership -2" in (
        wrong.diagnostic.message
    )
    missing = results["the discount is on offer"].failure
    assert missing is not None and missing.diagnostic.severity == "error"
    assert "at step 1, 'vip-offer' is not offered at 'opening'; it offers 2: 1 (own-it)" in missing.diagnostic.message
    assert missing.choices is None
    left = results["too many steps"].failure
    assert left is not None
    assert "at step 3 ('1') the path has already ended at 'kept'; 1 item of 'take' left over" in left.diagnostic.message
    assert (left.diagnostic.line, left.diagnostic.col) == (74, 5)


def test_a_check_from_a_node_with_values_set_plays_from_there() -> None:
    report = playtest(load_file(FIXTURES.parent / "format-11.yaml", analyse=False).scenario, runs=0)  # type: ignore[arg-type]
    assert all(c.passed for c in report.checks), [c.failure for c in report.checks]
    assert [c.ending for c in report.checks] == ["kept", "lost", "kept"]


# --- the teaching audit ---------------------------------------------------------------------


def test_success_with_a_negative_score_is_found_with_the_path_that_shows_it() -> None:
    scenario = load("audit")
    found = only(playtest(scenario, runs=0), "OS520")
    assert {f.diagnostic.message for f in found} == {
        "success ending 'won' can be reached with Empathy at -3",
        "success ending 'won' can be reached with Customer first at -3",
    }
    for item in found:
        assert item.choices is not None
        run = replay(scenario, item.choices)
        assert run.state.node == "won"
        dimension = next(d for d, label in SCORE_LABELS.items() if label in item.diagnostic.message)
        assert run.state.scores[dimension] == -3


def test_failure_at_the_top_of_a_range_and_best_leading_away_from_success() -> None:
    report = playtest(load("audit"), runs=0)
    tops = only(report, "OS521")
    assert any("failure ending 'broken' can be reached with Ownership at 3" in f.diagnostic.message for f in tops)
    [away] = only(report, "OS522")
    assert "at 'close' the best-scoring option (choice 1, Empathy +1, Ownership +3)" in away.diagnostic.message
    assert "choice 2 keeps success possible" in away.diagnostic.message
    assert away.choices == [1, 1, 1]


def test_giveaways_and_the_missing_trade_off_are_counted_over_decisions() -> None:
    report = playtest(load("audit"), runs=0)
    assert "the best-scoring option is the longest in 3 of 3 decisions" in only(report, "OS523")[0].diagnostic.message
    assert "the only one without a minus in 3 of 3 decisions" in only(report, "OS524")[0].diagnostic.message
    assert only(report, "OS525")
    assert all(f.why for f in report.findings)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_path_a_finding_prints_replays_to_what_it_claims(path: Path) -> None:
    scenario = load(path)
    report = playtest(scenario, runs=0)
    assert report.exact
    for item in report.findings:
        if item.choices is None:
            continue
        run = replay(scenario, item.choices[:-1] if item.diagnostic.code in ("OS504", "OS522") else item.choices)
        message = item.diagnostic.message
        if item.diagnostic.code in ("OS520", "OS521"):
            ending = message.split("'")[1]
            assert run.state.node == ending
            label, total = message.split(" can be reached with ")[1].split(" at ")
            dimension = next(d for d, name in SCORE_LABELS.items() if name == label)
            assert run.state.scores[dimension] == int(total.split(",")[0])
        elif item.diagnostic.code == "OS522":
            assert run.state.node == message.split("'")[1]


# --- random play ----------------------------------------------------------------------------------


def test_random_play_is_reproducible_by_seed_and_uniform_among_the_choices() -> None:
    scenario = load("clean")
    first, again = playtest(scenario, runs=4000, seed=7), playtest(scenario, runs=4000, seed=7)
    assert first.random is not None and again.random is not None
    assert first.random.to_json() == again.random.to_json()
    success = first.random.outcomes["success"] / 4000  # one road of four: ask, then honest
    assert 0.22 < success < 0.28


def test_random_play_counts_words_and_decisions_of_the_roads_it_takes() -> None:
    scenario = load("clean")
    played = playtest(scenario, runs=300).random
    assert played is not None
    nodes = scenario.nodes
    roads = {
        (first, second): node_words(nodes["opening"])
        + choice_words(nodes["opening"].choices[first])
        + node_words(nodes["offer"])
        + choice_words(nodes["offer"].choices[second])
        + node_words(nodes["signed" if (first, second) == (0, 0) else "lost"])
        for first in (0, 1)
        for second in (0, 1)
    }
    assert set(played.words) == set(roads.values())
    assert set(played.decisions) == {2}


def test_a_loop_and_a_dead_end_are_played_without_hanging_and_counted_unfinished() -> None:
    report = playtest(load("loop"), runs=400, seed=3)
    assert report.random is not None
    assert report.random.unfinished > 0
    assert report.random.unfinished + sum(report.random.endings.values()) == 400
    assert "OS501" in codes(report)


def test_too_many_states_falls_back_to_random_play_and_says_so() -> None:
    report = playtest(load("coverage"), runs=300, max_states=2)
    assert not report.exact
    assert codes(report)[0] == "OS500"
    assert "not from every playthrough" in report.findings[0].diagnostic.message
    assert "OS501" in codes(report)  # what random play never saw is still listed
    assert report.random is not None and sum(report.random.endings.values()) == 300


REACH_CASES = [*SHIPPED, *(FIXTURES / f"{n}.yaml" for n in ("coverage", "audit", "clean", "loop"))]


@pytest.mark.parametrize("path", REACH_CASES, ids=lambda p: p.stem)
def test_the_playtests_reachability_agrees_with_the_analysis(path: Path) -> None:
    from offscript.engine.analysis import analyse, warnings_for
    from offscript.engine.playtest.paths import Paths
    from offscript.engine.playtest.reach import reach_of
    from offscript.engine.state_space import StateSpace

    scenario = load(path)
    analysis = analyse(scenario)
    space = StateSpace(scenario)
    reach = reach_of(space, Paths(space))
    for name in ("reachable", "unreachable", "endings", "no_ending", "dead_ends", "states", "exact"):
        assert getattr(reach, name) == getattr(analysis, name), name
    assert warnings_for(scenario, reach) == warnings_for(scenario, analysis)
