"""A run as a standalone HTML page: every piece of scenario text escaped, no outside resources."""

from __future__ import annotations

import html

from offscript.engine.analysis import Analysis
from offscript.engine.safe_text import safe
from offscript.engine.transcript import Transcript
from offscript.render.markdown import lines_of, score_changes, score_lines


def to_html(transcript: Transcript, scores: dict[str, int], analysis: Analysis | None, meta: str = "") -> str:
    """A standalone page; every piece of scenario text is escaped."""
    scenario = transcript.scenario
    e = _escaped
    body = [f"<h1>{e(scenario.title)}</h1>"]
    if meta:
        body.append(f"<p class=meta>{e(meta)}</p>")
    if scenario.briefing:
        body.append(f"<h2>Briefing</h2><blockquote>{_paragraphs(scenario.briefing)}</blockquote>")
    body.append("<h2>The conversation</h2>")
    for item in transcript.items:
        if item.kind == "choice" and item.decision:
            decision = item.decision
            best = (
                ""
                if decision.was_best
                else (
                    f"<p class=best>Best on offer here: {e(decision.best_text.strip())} "
                    f"({e(score_changes(decision.best))})</p>"
                    + (f"<p class=best>Why: {e(decision.why)}</p>" if decision.why else "")
                )
            )
            discuss = f"<p class=discuss><b>Discuss:</b> {e(decision.discuss)}</p>" if decision.discuss else ""
            body.append(
                f"<div class=you><b>You:</b> {e(item.text.strip())}</div>"
                f"<div class=coach><p><b>Coach</b> ({e(score_changes(decision.chosen))}): "
                f"{e(decision.chosen_feedback.strip())}</p>{best}{discuss}</div>"
            )
            continue
        who = item.speaker + (f", {item.role}" if item.role and item.speaker else "")
        mood = f" <i>({e(item.mood)})</i>" if item.mood else ""
        head = f"<b>{e(who)}</b>{mood}" if who else mood
        body.append(f"<div class=line>{head}{_paragraphs(item.text)}</div>")
        if item.kind == "ending":
            body.append(f"<h2>Ending: {e(item.title)} ({e(item.outcome)})</h2>{_paragraphs(item.debrief)}")
    body.append(
        "<h2>Scores</h2><ul>" + "".join(f"<li>{e(line)}</li>" for line in score_lines(scores, analysis)) + "</ul>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="' + e(scenario.language) + '"><head><meta charset="utf-8">'
        f"<title>{e(scenario.title)}: transcript</title><style>{_STYLE}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def _escaped(text: str) -> str:
    """Scenario text as HTML: markup escaped, control characters neutralised (the page may be printed or piped)."""
    return html.escape(safe(text))


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{_escaped(line)}</p>" for line in lines_of(text))


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;"
    "color:#111;background:#fff}.you{margin:1rem 0 .25rem;padding:.5rem .75rem;background:#eef3ff;"
    "border-radius:.4rem}.coach{margin:0 0 1rem 1.5rem;padding:.25rem .75rem;border-left:.25rem solid #2a7a3a;"
    "color:#1d3d24}.best{color:#5a3b00}.line{margin:.75rem 0}.meta{color:#444}blockquote{margin:0 0 1rem;"
    "padding-left:1rem;border-left:.25rem solid #ccc}"
)
