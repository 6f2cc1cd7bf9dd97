"""The class session as pure Python: phases, hidden tallies, splits, revotes, ties, overrides, teams, rewind, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offscript.classroom.session import SPLIT_SHARE, ClassError, ClassSession, Phase
from offscript.engine.loader import load_file
from offscript.engine.model import Scenario

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def load(name: str) -> Scenario:
    result = load_file(FIXTURES / name)
    assert result.scenario is not None
    return result.scenario


HUB = load("review/hub.yaml")  # hub: 4 options (3 once-only questions and "move on"); offer: 3 options
FIRST_CALL = load("first-call.yaml")  # has `next` lines between decisions


def to_vote(session: ClassSession) -> ClassSession:
    """From the read phase of a decision to its vote."""
    assert session.phase is Phase.READ
    session = session.advance()
    assert session.phase is Phase.DISCUSS
    session = session.advance()
    assert session.phase is Phase.VOTE
    return session


def hands(session: ClassSession, *options: int) -> ClassSession:
    for option in options:
        session = session.hand(option)
    return session


def test_a_decision_runs_read_discuss_vote_reveal_decide_consequence_then_the_next() -> None:
    session = to_vote(ClassSession.start(HUB))
    session = hands(session, 1, 1, 1, 4)
    assert session.votes_in == 4
    session = session.advance()
    assert session.phase is Phase.REVEAL
    reveal = session.reveal()
    assert reveal.counts == (3, 0, 0, 1) and reveal.leaders == (1,) and not reveal.split and reveal.shift is None
    session = session.advance()
    assert (session.phase, session.chosen, session.how) == (Phase.DECIDE, 1, "majority")
    session = session.advance()
    assert session.phase is Phase.CONSEQUENCE and session.run.state.steps[-1].choice == 0
    session = session.advance()
    assert session.phase is Phase.READ and session.options == 3  # the hub again, its first question used
    assert session.taken[0].how == "majority" and session.taken[0].rounds[0].hands == (1, 1, 1, 4)


def test_a_hand_can_be_taken_back_and_nothing_is_counted_outside_the_vote() -> None:
    session = to_vote(ClassSession.start(HUB))
    session = hands(session, 2, 3).take_back_hand()
    assert session.round.hands == (2,)
    with pytest.raises(ClassError, match="not on offer"):
        session.hand(5)
    revealed = session.advance()
    with pytest.raises(ClassError, match="vote phase"):
        revealed.hand(1)
    with pytest.raises(ClassError, match="no vote to take back"):
        revealed.take_back_hand()


def test_a_split_vote_is_marked_and_a_revote_shows_the_shift() -> None:
    session = to_vote(ClassSession.start(HUB))
    session = hands(session, 1, 1, 1, 4, 4).advance()  # 60% / 40%: not a split
    assert not session.reveal().split
    session = to_vote(ClassSession.start(HUB))
    session = hands(session, 1, 1, 4, 4, 2).advance()  # 40% at the top
    first = session.reveal()
    assert first.split and max(first.shares) < SPLIT_SHARE and first.leaders == (1, 4)
    session = session.revote()
    assert session.phase is Phase.VOTE and session.votes_in == 0 and len(session.rounds) == 2
    session = hands(session, 4, 4, 4, 4, 1).advance()
    second = session.reveal()
    assert second.leaders == (4,) and not second.split
    assert second.shift == pytest.approx((-0.2, -0.2, 0.0, 0.4))
    session = session.advance()
    assert session.chosen == 4
    session = session.advance()
    assert len(session.taken[0].rounds) == 2


def test_a_tie_asks_the_facilitator_and_an_override_is_recorded() -> None:
    tied = hands(to_vote(ClassSession.start(HUB)), 1, 4).advance().advance()
    assert tied.phase is Phase.DECIDE and tied.chosen is None
    with pytest.raises(ClassError, match="tied or empty"):
        tied.advance()
    decided = tied.choose(4).advance()
    assert decided.taken[-1].how == "facilitator" and decided.taken[-1].chosen == 4
    empty = to_vote(ClassSession.start(HUB)).advance().advance()
    assert empty.chosen is None  # nobody voted: the facilitator decides
    overridden = hands(to_vote(ClassSession.start(HUB)), 1, 1, 4).advance().advance().choose(4)
    assert overridden.how == "override"
    assert overridden.advance().taken[-1].how == "override"
    back_to_majority = overridden.choose(1)
    assert back_to_majority.how == "majority"


def test_going_back_a_phase_keeps_the_votes_but_never_undoes_a_taken_choice() -> None:
    session = hands(to_vote(ClassSession.start(HUB)), 2, 2).advance()
    assert session.back().phase is Phase.VOTE and session.back().round.hands == (2, 2)
    assert session.back().back().back().phase is Phase.READ
    consequence = session.advance().advance()
    with pytest.raises(ClassError, match="rewind from the debrief"):
        consequence.back()


def test_teams_vote_by_team_and_a_team_can_change_its_pick() -> None:
    session = to_vote(ClassSession.start(HUB, teams=["Red", "Blue", "Green"]))
    with pytest.raises(ClassError, match="by team"):
        session.hand(1)
    session = session.team_pick("Red", 1).team_pick("Blue", 4).team_pick("Green", 4).team_pick("Red", 4)
    assert session.votes_in == 3 and session.reveal().counts == (0, 0, 0, 3)
    with pytest.raises(ClassError, match="no team"):
        session.team_pick("Purple", 1)
    assert session.advance().advance().chosen == 4


@pytest.mark.parametrize("teams", [["Solo"], ["A", "A"], ["A", " "], [str(n) for n in range(7)]])
def test_teams_are_two_to_six_with_names_of_their_own(teams: list[str]) -> None:
    with pytest.raises(ClassError):
        ClassSession.start(HUB, teams=teams)


def test_next_lines_are_read_one_at_a_time_and_the_end_is_reached() -> None:
    session = ClassSession.start(FIRST_CALL)
    seen = []
    for _ in range(50):
        if session.phase is Phase.ENDED:
            break
        seen.append((session.run.state.node, session.phase))
        if session.phase is Phase.VOTE:
            session = session.hand(1)
        session = session.advance()
    assert session.phase is Phase.ENDED and session.run.is_over
    reads = [node for node, phase in seen if phase is Phase.READ and FIRST_CALL.nodes[node].kind == "next"]
    assert reads, "a `next` line is a phase of its own"
    with pytest.raises(ClassError, match="ended"):
        session.advance()


def test_rewind_to_a_decision_plays_another_road() -> None:
    session = ClassSession.start(HUB)
    for option in (1, 3):  # the display question, then move on
        session = hands(to_vote(session), option).advance().advance().advance().advance()
    assert session.run.state.node == "offer"
    session = hands(to_vote(session), 1).advance().advance().advance().advance()
    assert session.phase is Phase.ENDED and session.run.ending is not None
    assert session.run.ending.outcome == "failure"
    rewound = session.rewind(3)
    assert rewound.run.state.node == "offer" and len(rewound.taken) == 2 and rewound.phase is Phase.READ
    road = hands(to_vote(rewound), 2).advance().advance().advance().advance()
    assert road.run.ending is not None and road.run.ending.outcome == "success"
    with pytest.raises(ClassError, match="has not been taken"):
        session.rewind(4)


def test_blanking_the_screen_never_moves_the_class() -> None:
    session = to_vote(ClassSession.start(HUB)).blank()
    assert session.blanked and session.phase is Phase.VOTE
    shown = session.advance()  # the clicker's next first brings the screen back
    assert not shown.blanked and shown.phase is Phase.VOTE


# --- resume: the session as saved after every step -------------------------------------------

ACTIONS = st.lists(
    st.sampled_from(["next", "back", "hand1", "hand2", "hand4", "undo", "revote", "choose2"]), max_size=60
)


def play(scenario: Scenario, actions: list[str], teams: tuple[str, ...] = ()) -> list[ClassSession]:
    session = ClassSession.start(scenario, teams=teams)
    seen = [session]
    for action in actions:
        try:
            if action == "next":
                session = session.advance()
            elif action == "back":
                session = session.back()
            elif action.startswith("hand"):
                number = int(action[-1])
                session = session.team_pick(teams[number % len(teams)], number) if teams else session.hand(number)
            elif action == "undo":
                session = session.take_back_hand()
            elif action == "revote":
                session = session.revote()
            elif action == "choose2":
                session = session.choose(2)
        except ClassError:
            continue
        seen.append(session)
    return seen


@settings(max_examples=60, deadline=None)
@given(ACTIONS, st.booleans())
def test_every_step_survives_a_save_and_a_resume(actions: list[str], teams: bool) -> None:
    for session in play(HUB, actions, ("Red", "Blue") if teams else ()):
        saved = json.loads(json.dumps(session.to_json()))
        resumed = ClassSession.from_json(HUB, saved)
        assert resumed.to_json() == session.to_json()
        assert resumed.run.state == session.run.state
        assert resumed.reveal() == session.reveal()


@settings(max_examples=60, deadline=None)
@given(ACTIONS)
def test_tallies_count_every_vote_once_and_the_majority_is_the_top_option(actions: list[str]) -> None:
    for session in play(HUB, actions):
        reveal = session.reveal()
        assert sum(reveal.counts) == session.votes_in
        if session.votes_in:
            assert sum(reveal.shares) == pytest.approx(1.0)
            assert reveal.split == (max(reveal.shares) < SPLIT_SHARE)
        majority = session.majority()
        assert majority is None or reveal.counts[majority - 1] == max(reveal.counts)


def test_first_call_to_its_end_and_back_through_json() -> None:
    for session in play(FIRST_CALL, ["next", "next", "hand1", "next", "next", "next", "next"] * 6):
        assert ClassSession.from_json(FIRST_CALL, session.to_json()).to_json() == session.to_json()


@pytest.mark.parametrize(
    "damage",
    [
        {"phase": "lunch"},
        {"content_hash": "another version"},
        {"taken": [{"number": 1, "node": "hub", "offered": [0, 1], "rounds": [], "chosen": 9, "how": "majority"}]},
        {"taken": [{"number": 1, "node": "offer", "offered": [0], "rounds": [], "chosen": 1, "how": "majority"}]},
        {"rounds": [{"hands": [7], "team_picks": []}]},
        {"rounds": [{"hands": [True], "team_picks": []}]},
        {"rounds": [{"hands": [], "team_picks": [["Ghosts", 1]]}]},
        {"reads": 10**9},
        {"teams": "Red"},
        {"chosen": "1"},
        {"taken": None},
    ],
)
def test_a_damaged_save_is_a_class_error_never_a_crash(damage: dict[str, object]) -> None:
    session = to_vote(ClassSession.start(HUB))
    data = {**session.to_json(), **damage}
    with pytest.raises(ClassError):
        ClassSession.from_json(HUB, data)


def test_the_debrief_shows_votes_splits_overrides_the_best_on_offer_and_the_teams() -> None:
    from offscript.classroom.debrief import class_debrief

    session = to_vote(ClassSession.start(HUB, teams=["Red", "Blue", "Green"]))
    # decision 1: a split (1, 1, 1 of 3 teams on different options), then a revote to the display question
    session = session.team_pick("Red", 1).team_pick("Blue", 2).team_pick("Green", 4).advance()
    session = session.revote().team_pick("Red", 1).team_pick("Blue", 1).team_pick("Green", 4).advance()
    session = session.advance().advance().advance()
    # decision 2: everyone moves on (option 3 of the three left)
    session = to_vote(session).team_pick("Red", 3).team_pick("Blue", 3).team_pick("Green", 3).advance()
    session = session.advance().advance().advance()
    # decision 3: the teams want the Monday promise (+3, fails); the facilitator overrides to the technician
    session = to_vote(session).team_pick("Red", 1).team_pick("Blue", 1).team_pick("Green", 2).advance()
    session = session.advance().choose(2).advance().advance()
    assert session.phase is Phase.ENDED and session.run.ending is not None
    assert session.run.ending.outcome == "success"
    debrief = class_debrief(session)
    assert debrief.splits == [1] and debrief.overrides == [3]
    assert debrief.best_ending == "kept" and len(debrief.best_road) == 4  # the two good questions, on, the technician
    assert debrief.best_road[-1].startswith("Send a technician today")
    first, second, third = debrief.decisions
    assert first.first_counts == (1, 1, 0, 1) and first.last_counts == (2, 0, 0, 1) and first.took_best
    assert second.best == 1 and second.keeping == (1, 2, 3) and second.took_best  # success is in reach either way
    assert third.best == 2 and third.keeping == (2,) and third.took_best and third.overridden
    red, blue, green = debrief.teams
    assert (red.picks, red.best_picks) == (3, 2)  # the display question, moving on; not the promise
    assert (blue.picks, blue.best_picks) == (3, 2)  # credited for its revote pick, the display question
    assert (green.picks, green.best_picks) == (3, 2)  # moving on too early loses success; the technician wins it
    assert red.scores == {"empathy": 1, "ownership": 1, "customer_first": 3}
    assert green.scores == {"empathy": -1, "ownership": 1, "customer_first": 0}


def test_the_record_in_markdown_html_and_csv_escapes_scenario_text() -> None:
    import csv
    import io

    from offscript.classroom.debrief import class_debrief
    from offscript.engine.loader import load_bytes
    from offscript.render.class_record import CSV_COLUMNS, to_csv, to_html, to_markdown

    text = (FIXTURES / "review" / "hub.yaml").read_text()
    hostile = text.replace("Ask what the display said when it stopped.", "=HYPERLINK(1) <script>alert(1)</script>")
    result = load_bytes(hostile.encode(), "hub.yaml")
    assert result.scenario is not None
    scenario = result.scenario
    session = to_vote(ClassSession.start(scenario, teams=["Red", "Blue"]))
    session = session.team_pick("Red", 1).team_pick("Blue", 4).advance().revote()
    session = session.team_pick("Red", 1).team_pick("Blue", 1).advance().advance().advance()
    debrief = class_debrief(session)
    page = to_html(session, debrief)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page
    markdown = to_markdown(session, debrief)
    assert "<script>" not in markdown and "## Decision 1 (`hub`)" in markdown
    assert "votes 1 → 2" in markdown and "**← the class's choice**" in markdown
    rows = list(csv.reader(io.StringIO(to_csv(session, debrief))))
    assert rows[0] == CSV_COLUMNS
    row = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert row["votes_per_option"] == "2/0/0/0" and row["votes_per_team"] == "Red: 1; Blue: 1"
    assert row["chosen_text"].startswith("'=HYPERLINK")  # a spreadsheet reads it as text, not a formula
    assert (row["decided_by"], row["rounds"], row["empathy"], row["customer_first"]) == ("majority", "2", "1", "1")


def test_teams_are_named_before_the_first_pick_each_with_a_name_of_its_own() -> None:
    session = ClassSession.start(HUB, teams=["Red", "Blue"])
    assert session.renamed(["  North   side ", "South"]).teams == ("North side", "South")
    for names in (["A", "A"], ["A", ""], ["A"]):
        with pytest.raises(ClassError):
            session.renamed(names)
    picked = to_vote(session).team_pick("Red", 1)
    with pytest.raises(ClassError, match="before the first vote"):
        picked.renamed(["North", "South"])


def test_phones_and_hands_add_up_and_a_phone_can_change_its_vote_until_the_vote_closes() -> None:
    session = to_vote(ClassSession.start(HUB))
    session = session.hand(1).phone_vote("device-a", 2).phone_vote("device-b", 2).phone_vote("device-a", 1)
    assert session.votes_in == 3 and session.reveal().counts == (2, 1, 0, 0)
    revealed = session.advance()
    with pytest.raises(ClassError, match="vote phase"):
        revealed.phone_vote("device-b", 1)  # the vote is closed
    again = revealed.revote().phone_vote("device-b", 4)
    assert again.reveal().counts == (0, 0, 0, 1)  # a new round: nobody's earlier vote carries over
    saved = json.dumps(again.to_json())
    assert "device-b" not in saved  # votes are kept, not which phone cast them
    assert ClassSession.from_json(HUB, json.loads(saved)).reveal().counts == again.reveal().counts
    with pytest.raises(ClassError):
        session.phone_vote("", 1)
    with pytest.raises(ClassError, match="choose a team"):
        ClassSession.start(HUB, teams=["Red", "Blue"]).advance().advance().phone_vote("d", 1)


def test_with_teams_a_team_counts_once_by_its_phones_plurality_unless_its_pick_is_entered() -> None:
    session = to_vote(ClassSession.start(HUB, teams=["Red", "Blue"]))
    session = session.phone_vote("a", 1, "Red").phone_vote("b", 1, "Red").phone_vote("c", 2, "Red")
    session = session.phone_vote("d", 3, "Blue").phone_vote("e", 4, "Blue")  # Blue is tied: no pick yet
    assert session.round.picks() == {"Red": 1} and session.votes_in == 1 and session.team_up == "Blue"
    session = session.team_pick("Blue", 4)  # the facilitator enters Blue's pick
    assert session.reveal().counts == (1, 0, 0, 1)
    with pytest.raises(ClassError, match="no team"):
        session.phone_vote("f", 1, "Green")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(1, 4)), max_size=40))
def test_every_phone_is_counted_once_with_its_last_vote(votes: list[tuple[str, int]]) -> None:
    session = to_vote(ClassSession.start(HUB))
    for device, option in votes:
        session = session.phone_vote(device, option)
    last = dict(votes)
    assert session.votes_in == len(last)
    assert list(session.reveal().counts) == [sum(1 for o in last.values() if o == n) for n in range(1, 5)]
