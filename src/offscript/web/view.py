"""What a phone is shown of the class: plain data for the voting page, never more than the room may see.

Before the reveal no phone sees a tally, only whether its own vote is in. The
options are shown only while the vote is open, with the round's token that a
vote must carry. Scenario text travels as JSON strings and the page puts it
in with `textContent`, so no scenario text is ever read as HTML.
"""

from __future__ import annotations

from typing import Any

from offscript.classroom.session import ClassSession, Phase
from offscript.engine.safe_text import safe
from offscript.web.room import Phone, Room

PHONE_PHASES = {
    Phase.READ: "read",
    Phase.DISCUSS: "discuss",
    Phase.VOTE: "vote",
    Phase.REVEAL: "closed",
    Phase.DECIDE: "closed",
    Phase.CONSEQUENCE: "decided",
    Phase.ENDED: "ended",
}


def phone_view(session: ClassSession, room: Room, phone: Phone) -> dict[str, Any]:
    """The page's whole state for one phone."""
    run = session.run
    view: dict[str, Any] = {
        "title": safe(session.scenario.title),
        "phase": PHONE_PHASES[session.phase],
        "teams": list(room.teams),
        "team": phone.team,
        "nickname": phone.nickname,
    }
    if session.phase in (Phase.READ, Phase.DISCUSS, Phase.VOTE) and run.node.kind != "branch":
        character = session.scenario.character(run.node.speaker)
        view["speaker"] = safe(character.name if run.node.speaker != "narrator" else "")
        view["line"] = safe(run.text().strip())
    if session.phase is Phase.VOTE:
        view["options"] = [
            {"number": number, "text": safe(run.text(choice.text).strip())}
            for number, (_, choice) in enumerate(run.offered(), 1)
        ]
        view["token"] = room.round_token
        view["mine"] = _mine(session, phone)
    if session.phase in (Phase.REVEAL, Phase.DECIDE):
        reveal = session.reveal()
        view["counts"] = list(reveal.counts)
        view["results"] = [
            {"number": number, "text": safe(run.text(choice.text).strip()), "count": count, "share": round(100 * share)}
            for number, ((_, choice), count, share) in enumerate(
                zip(run.offered(), reveal.counts, reveal.shares, strict=True), 1
            )
        ]
        view["mine"] = _mine(session, phone)
    if session.phase is Phase.CONSEQUENCE and session.taken:
        decision = session.taken[-1]
        chosen = session.scenario.nodes[decision.node].choices[decision.offered[decision.chosen - 1]]
        view["chosen"] = {"number": decision.chosen, "text": safe(chosen.text.strip())}
    return view


def host_view(session: ClassSession, room: Room) -> dict[str, Any]:
    """What the facilitator's remote shows: the phase, the line, the votes in, the options, and the notes."""
    run = session.run
    view: dict[str, Any] = {
        "title": safe(session.scenario.title),
        "phase": session.phase.value,
        "decision": len(session.taken) + (0 if session.phase is Phase.CONSEQUENCE else 1),
        "votes": session.votes_in,
        "phones": len(room.phones),
        "blanked": session.blanked,
        "notes": safe(run.node.notes.strip()) if run.node.kind != "branch" else "",
        "line": safe(run.text().strip()) if run.node.kind != "branch" else "",
    }
    if session.phase in (Phase.VOTE, Phase.REVEAL, Phase.DECIDE):
        view["options"] = [safe(run.text(choice.text).strip()) for _, choice in run.offered()]
    if session.phase in (Phase.REVEAL, Phase.DECIDE):
        view["counts"] = list(session.reveal().counts)
    return view


def _mine(session: ClassSession, phone: Phone) -> int | None:
    """This phone's vote in the round under way, if it has one."""
    return next((option for key, option, _ in session.round.phones if key == phone.key), None)
