"""What the projector shows of a class session: one thing at a time, readable from the back of the room.

Each phase draws one stage: the customer's line, the question to discuss, the
options to vote on (no tallies), the reveal (a bar, a count and a percentage
per option, a split marked in words), the decision, and the consequence.
Nothing is told by colour alone: every bar has its number beside it, a split
says "split", the chosen option is marked "◀ chosen". The facilitator's notes
are never part of a stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from offscript.classroom.session import SPLIT_SHARE, ClassSession, Phase
from offscript.engine.model import SCORE_LABELS, SCORES
from offscript.tui.safe import plain, styled
from offscript.tui.widgets.coach import score_changes
from offscript.tui.widgets.meters import bar

if TYPE_CHECKING:  # the debrief (and the outlook it searches with) loads when a class ends
    from offscript.classroom.debrief import ClassDebrief

Parts = list[Content | str | tuple[str, str]]
BAR_WIDTH = 20

PHASE_NAMES = {
    Phase.READ: "Read",
    Phase.DISCUSS: "Discuss",
    Phase.VOTE: "Vote",
    Phase.REVEAL: "Reveal",
    Phase.DECIDE: "Decide",
    Phase.CONSEQUENCE: "Consequence",
    Phase.ENDED: "Debrief",
}


def stage(session: ClassSession, others: bool = False) -> Content:
    """The one thing on the projector now."""
    builders = {
        Phase.READ: _read,
        Phase.DISCUSS: _discuss,
        Phase.VOTE: _vote,
        Phase.REVEAL: _reveal,
        Phase.DECIDE: _decide,
    }
    if session.phase is Phase.CONSEQUENCE:
        return Content.assemble(*_consequence(session, others))
    if session.phase is Phase.ENDED:
        return Content.assemble(*_ending(session))
    return Content.assemble(*builders[session.phase](session))


def status(session: ClassSession, seconds_left: int | None = None) -> Content:
    """The status line: the phase, the timer, the votes counted (never what they are for) and what comes next."""
    parts: Parts = [(f" {PHASE_NAMES[session.phase].upper()} ", "bold reverse")]
    if session.phase is not Phase.ENDED and (session.taken or session.at_decision):
        parts.append(f"  decision {len(session.taken) + (0 if session.phase is Phase.CONSEQUENCE else 1)}")
    if session.phase is Phase.DISCUSS and seconds_left is not None:
        minutes, seconds = divmod(max(seconds_left, 0), 60)
        parts.append(("  time's up" if seconds_left <= 0 else f"  {minutes}:{seconds:02d} left", "bold"))
    if session.phase in (Phase.VOTE, Phase.REVEAL, Phase.DECIDE):
        count = session.votes_in
        what = ("team" if session.teams else "vote") + ("s" if count != 1 else "")
        parts.append(f"  {count} {what} in")
        if len(session.rounds) > 1:
            parts.append(f" · round {len(session.rounds)}")
    if session.blanked:
        parts.append("  screen blanked: b to show")
    return Content.assemble(*parts)


def _said(session: ClassSession) -> Parts:
    """Who speaks, their role and mood, then the line."""
    run = session.run
    node = run.node
    character = session.scenario.character(node.speaker)
    parts: Parts = []
    if node.speaker != "narrator":
        heading: Parts = [styled(character.name or node.speaker, "bold")]
        if character.role:
            heading += [" · ", plain(character.role)]
        if node.mood:
            heading += [" · mood: ", styled(node.mood, "italic")]
        parts += [*heading, "\n\n"]
    parts.append(plain(run.text().strip()))
    return parts


def _read(session: ClassSession) -> Parts:
    parts = _said(session)
    hint = "space: discuss" if session.run.node.kind == "choices" else "space: next line"
    return [*parts, "\n\n", (hint, "dim")]


def _discuss(session: ClassSession) -> Parts:
    question = session.run.text(session.run.node.discuss).strip() or "What would you say next, and why?"
    return [*_said(session), "\n\n", ("Discuss: ", "bold"), plain(question)]


def _options(session: ClassSession) -> list[tuple[int, Content]]:
    run = session.run
    return [(number, plain(run.text(choice.text).strip())) for number, (_, choice) in enumerate(run.offered(), 1)]


def _vote(session: ClassSession) -> Parts:
    parts: Parts = [("Vote: which would you say?", "bold"), "\n"]
    for number, text in _options(session):
        parts += ["\n", (f" {number} ", "bold reverse"), "  ", text, "\n"]
    if session.teams:
        picked = set(session.round.picks())
        waiting = [team for team in session.teams if team not in picked]
        parts += ["\n", ("Teams in: ", "bold"), plain(", ".join(sorted(picked)) or "none yet")]
        if waiting:
            parts += ["\n", ("Now: ", "bold"), plain(waiting[0]), " (press its option's number)"]
    return parts


def _reveal(session: ClassSession) -> Parts:
    reveal = session.reveal()
    parts: Parts = [("The votes", "bold"), "\n"]
    for (number, text), count, share in zip(_options(session), reveal.counts, reveal.shares, strict=True):
        lead = "◀ most votes" if number in reveal.leaders and len(reveal.leaders) == 1 else ""
        parts += ["\n", (f" {number} ", "bold reverse"), f" {bar(share, BAR_WIDTH)} {count:>3} ({share:>4.0%}) "]
        if reveal.shift is not None:
            shift = reveal.shift[number - 1]
            parts.append((f"{shift:+.0%} since round 1  ", "italic"))
        parts += [(lead, "bold"), "\n     ", text, "\n"]
    if not sum(reveal.counts):
        parts += ["\n", ("No votes: the facilitator decides.", "bold")]
    elif len(reveal.leaders) > 1:
        parts += ["\n", ("A tie: discuss, revote (r), or the facilitator decides.", "bold")]
    elif reveal.split:
        parts += [
            "\n",
            (f"A split vote (under {SPLIT_SHARE:.0%} for the top option): discuss, then revote (r).", "bold"),
        ]
    return parts


def _decide(session: ClassSession) -> Parts:
    options = dict(_options(session))
    if session.chosen is None:
        return [
            ("The facilitator decides", "bold"),
            "\n\nThe vote did not settle it. Press the number of the option the class takes.",
        ]
    how = {"majority": "the majority's choice", "facilitator": "the facilitator's call", "override": ""}[session.how]
    if session.how == "override":
        majority = session.majority()
        how = f"the facilitator's call (the room chose {majority})"
    return [
        ("The class says:", "bold"),
        "\n\n",
        (f" {session.chosen} ", "bold reverse"),
        "  ",
        options[session.chosen],
        "\n\n",
        plain(how),
        "\n\n",
        ("space: see what happens · another number: choose it instead · r: revote", "dim"),
    ]


def _consequence(session: ClassSession, others: bool) -> Parts:
    decision = session.taken[-1]
    node = session.scenario.nodes[decision.node]
    chosen = node.choices[decision.offered[decision.chosen - 1]]
    parts: Parts = [("The class said: ", "bold"), plain(chosen.text.strip()), "\n\n"]
    if session.run.node.kind != "branch":
        parts += [*_said(session), "\n\n"]
    parts += [("Coach: ", "bold italic"), plain(chosen.feedback.strip()), "\n", score_changes(chosen.score)]
    if others:
        for number, index in enumerate(decision.offered, 1):
            if number == decision.chosen:
                continue
            other = node.choices[index]
            parts += ["\n\n", (f" {number} ", "bold reverse"), "  ", plain(other.text.strip()), "\n"]
            parts += [score_changes(other.score), "\n", ("Coach: ", "italic"), plain(other.feedback.strip())]
    else:
        parts += ["\n\n", ("o: what the other options would have done", "dim")]
    return parts


def _ending(session: ClassSession) -> Parts:
    run = session.run
    ending = run.ending
    if ending is None:
        return [("The scenario cannot go on from here", "bold"), "\n\nA fault in the scenario file: a dead end."]
    parts: Parts = [(f" {ending.outcome.upper()} ", "bold reverse"), "  ", styled(ending.title, "bold"), "\n\n"]
    parts += [plain(run.text().strip()), "\n\n", plain(run.text(ending.debrief).strip())]
    totals = run.state.scores
    parts += ["\n\n", ("The class's scores: ", "bold")]
    parts.append(" · ".join(f"{SCORE_LABELS[d]} {totals.get(d, 0):+d}" for d in SCORES))
    return parts


def debrief_lines(session: ClassSession, debrief: ClassDebrief) -> Content:
    """Every decision's votes and choice against the best on offer, the splits, the overrides, the teams."""
    parts: Parts = [("The class's road", "bold"), "  (votes per option; ✓ kept the best ending within reach)"]
    for summary in debrief.decisions:
        decision = summary.decision
        node = session.scenario.nodes[decision.node]
        said = node.choices[decision.offered[decision.chosen - 1]].text
        counts = " / ".join(str(c) for c in summary.last_counts)
        mark = "✓" if summary.took_best else f"✗ best on offer: {summary.best}" if summary.best else "?"
        notes = [n for n, on in (("split vote", summary.split), ("the facilitator's call", summary.overridden)) if on]
        if len(decision.rounds) > 1:
            notes.append(f"{len(decision.rounds)} rounds")
        parts += ["\n\n", (f"{decision.number:>2}. ", "bold"), plain(" ".join(said.split())), "\n    "]
        parts += [f"option {decision.chosen} · votes {counts} · ", (mark, "bold")]
        if notes:
            parts.append(" · " + ", ".join(notes))
    ending = session.scenario.nodes[debrief.best_ending].ending if debrief.best_ending else None
    if ending is not None:
        parts += ["\n\n", ("The best road", "bold"), f" ({len(debrief.best_road)} decisions, to ", ending.outcome, ": "]
        parts += [plain(ending.title), ")"]
        for number, said in enumerate(debrief.best_road, 1):
            parts += ["\n", f"{number:>2}. ", plain(said)]
    parts += ["\n\n", ("Play another road: the ↶ buttons go back to a decision (tab, enter, or a click).", "dim")]
    parts += ["\n", ("x: write the class's record (Markdown, HTML, CSV) to the exports folder.", "dim")]
    if debrief.teams:
        parts += ["\n\n", ("Teams", "bold")]
        for team in debrief.teams:
            scores = " · ".join(f"{SCORE_LABELS[d]} {team.scores[d]:+d}" for d in SCORES)
            parts += [
                "\n",
                plain(team.team),
                f": {team.best_picks} of {team.picks} picks kept the best ending in reach",
            ]
            parts += [" · ", scores]
    return Content.assemble(*parts)
