"""A class session written down: Markdown and HTML for the trainer's notes, CSV for a spreadsheet.

One row (or section) per decision: where it was, every option with its id,
the votes per option and per team in each round, what the class chose and
how (the majority, the facilitator's call on a tie, or an override), and the
score changes of the choice. Scenario text is untrusted: Markdown neutralises
it (`markdown.text_of`), HTML escapes it, CSV quotes it and defuses cells a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import html
import io

from offscript.classroom.debrief import ClassDebrief, DecisionSummary
from offscript.classroom.session import ClassSession, DecisionTaken
from offscript.engine.model import SCORES, Choice
from offscript.render.markdown import text_of
from offscript.render.scores import score_changes_text

HOW = {
    "majority": "the majority",
    "facilitator": "the facilitator (a tie or no votes)",
    "override": "the facilitator, over the vote",
}
CSV_COLUMNS = [
    "decision",
    "node",
    "options",
    "votes_per_option",
    "votes_per_team",
    "rounds",
    "chosen_option",
    "chosen_id",
    "chosen_text",
    "decided_by",
    *SCORES,
]


def _choices(session: ClassSession, decision: DecisionTaken) -> list[Choice]:
    node = session.scenario.nodes[decision.node]
    return [node.choices[index] for index in decision.offered]


def _team_votes(decision: DecisionTaken) -> str:
    return "; ".join(f"{team}: {option}" for team, option in decision.rounds[-1].picks().items())


def _outcome_line(session: ClassSession) -> str:
    ending = session.run.ending
    return "not finished" if ending is None else f"{ending.outcome}: {ending.title}"


# --- Markdown -------------------------------------------------------------------------------


def to_markdown(session: ClassSession, debrief: ClassDebrief) -> str:
    t = text_of
    out = [f"# {t(session.scenario.title)}: the class's record", ""]
    out += [f"*Classroom play, started {t(session.started[:16].replace('T', ' '))}*", ""]
    if session.teams:
        out += [f"Teams: {t(', '.join(session.teams))}", ""]
    out += [f"Ending: {t(_outcome_line(session))}", ""]
    for summary in debrief.decisions:
        out += _markdown_decision(session, summary)
    if debrief.teams:
        out += ["## Teams", ""]
        for team in debrief.teams:
            scores = score_changes_text(team.scores, "no score change")
            out.append(
                f"- {t(team.team)}: {team.best_picks} of {team.picks} picks kept the best ending within reach; {scores}"
            )
        out.append("")
    return "\n".join(out)


def _markdown_decision(session: ClassSession, summary: DecisionSummary) -> list[str]:
    t = text_of
    decision = summary.decision
    out = [f"## Decision {decision.number} (`{t(decision.node)}`)", ""]
    for number, choice in enumerate(_choices(session, decision), 1):
        label = f"{number}" + (f" ({t(choice.id)})" if choice.id else "")
        votes = " → ".join(str(r.tally(len(decision.offered))[number - 1]) for r in decision.rounds)
        chosen = " **← the class's choice**" if number == decision.chosen else ""
        out.append(f"- {label}: {t(' '.join(choice.text.split()))} — votes {votes}{chosen}")
    out.append("")
    notes = [f"Decided by {HOW[decision.how]}."]
    if summary.split:
        notes.append("The first vote was split.")
    if summary.best is not None:
        notes.append(
            "It kept the best ending within reach." if summary.took_best else f"The best on offer was {summary.best}."
        )
    if _team_votes(decision):
        notes.append(f"Teams: {t(_team_votes(decision))}.")
    taken = _choices(session, decision)[decision.chosen - 1]
    notes.append(f"Scores: {score_changes_text(taken.score, 'no score change')}.")
    return [*out, " ".join(notes), ""]


# --- HTML ----------------------------------------------------------------------------------------

STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}"
    "h2{margin-top:2rem;border-bottom:1px solid #ccc}li.chosen{font-weight:bold}.meta{color:#444}"
    "@media print{h2{break-after:avoid}section{break-inside:avoid}}"
)


def to_html(session: ClassSession, debrief: ClassDebrief) -> str:
    e = html.escape
    body = [f"<h1>{e(session.scenario.title)}: the class's record</h1>"]
    body.append(f"<p class=meta>Classroom play, started {e(session.started[:16].replace('T', ' '))}. ")
    body.append(f"Ending: {e(_outcome_line(session))}.</p>")
    for summary in debrief.decisions:
        decision = summary.decision
        items = []
        for number, choice in enumerate(_choices(session, decision), 1):
            votes = " → ".join(str(r.tally(len(decision.offered))[number - 1]) for r in decision.rounds)
            ident = f" ({e(choice.id)})" if choice.id else ""
            mark = " class=chosen" if number == decision.chosen else ""
            items.append(f"<li{mark}>{number}{ident}: {e(' '.join(choice.text.split()))} — votes {votes}</li>")
        chosen = _choices(session, decision)[decision.chosen - 1]
        teams = f" Teams: {e(_team_votes(decision))}." if _team_votes(decision) else ""
        body.append(
            f"<section><h2>Decision {decision.number} ({e(decision.node)})</h2><ol>{''.join(items)}</ol>"
            f"<p>Decided by {e(HOW[decision.how])}.{' The first vote was split.' if summary.split else ''}{teams} "
            f"Scores: {e(score_changes_text(chosen.score, 'no score change'))}.</p></section>"
        )
    for team in debrief.teams:
        body.append(
            f"<p>{e(team.team)}: {team.best_picks} of {team.picks} picks kept the best ending within reach.</p>"
        )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{e(session.scenario.title)}</title><style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )


# --- CSV -------------------------------------------------------------------------------------------


def to_csv(session: ClassSession, debrief: ClassDebrief) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for summary in debrief.decisions:
        decision = summary.decision
        choices = _choices(session, decision)
        chosen = choices[decision.chosen - 1]
        options = " | ".join(
            f"{n}{'=' + c.id if c.id else ''}: {' '.join(c.text.split())}" for n, c in enumerate(choices, 1)
        )
        row = [
            decision.number,
            decision.node,
            options,
            "/".join(str(c) for c in summary.last_counts),
            _team_votes(decision),
            len(decision.rounds),
            decision.chosen,
            chosen.id,
            " ".join(chosen.text.split()),
            decision.how,
            *(chosen.score.get(name, 0) for name in SCORES),
        ]
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _cell(value: object) -> object:
    """A text cell a spreadsheet would read as a formula (=, +, -, @ first) is kept as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
