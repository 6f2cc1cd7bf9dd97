"""A run as a Markdown document to keep or share.

Built from the engine's Transcript, so the export shows exactly what the game
showed: the whole conversation, each choice with its feedback and score
changes (and the best choice on offer when yours was not), the ending and
its debrief, and the final scores with their share of the achievable range.
Scenario text keeps its line breaks, so each line is a paragraph of its own.
"""

from __future__ import annotations

from offscript.engine.analysis import Analysis
from offscript.engine.model import SCORE_LABELS, SCORES, Choice
from offscript.engine.transcript import Transcript
from offscript.render.scores import score_changes_text


def score_changes(choice: Choice) -> str:
    return score_changes_text(choice.score, none="no score change")


def score_lines(scores: dict[str, int], analysis: Analysis | None) -> list[str]:
    lines = []
    for name in SCORES:
        percent = analysis.percent(name, scores.get(name, 0)) if analysis else None
        share = f" ({percent}% of the achievable range)" if percent is not None else ""
        lines.append(f"{SCORE_LABELS[name]}: {scores.get(name, 0):+d}{share}")
    return lines


def to_markdown(transcript: Transcript, scores: dict[str, int], analysis: Analysis | None, meta: str = "") -> str:
    scenario = transcript.scenario
    out = [f"# {scenario.title}", ""]
    if meta:
        out += [f"*{meta}*", ""]
    if scenario.briefing:
        out += ["## Briefing", "", *_quote(scenario.briefing), ""]
    out += ["## The conversation", ""]
    for item in transcript.items:
        if item.kind == "choice" and item.decision:
            decision = item.decision
            out += [
                f"**You:** {item.text.strip()}",
                "",
                f"> Coach ({score_changes(decision.chosen)}): {decision.chosen_feedback.strip()}",
            ]
            if not decision.was_best:
                out += [">", f"> Best on offer here: {decision.best_text.strip()} ({score_changes(decision.best)})"]
            if decision.discuss:
                out += [">", f"> Discuss: {decision.discuss}"]
            out.append("")
            continue
        who = item.speaker + (f", {item.role}" if item.role and item.speaker else "")
        mood = f" *({item.mood})*" if item.mood else ""
        lead = f"**{who}**{mood}: " if who else (f"{mood.strip()} " if mood else "")
        text = item.text.strip()
        if "\n" in text:
            out += [*([lead.rstrip()] if lead else []), *_quote(text), ""]
        else:
            out += [lead + text, ""]
        if item.kind == "ending":
            out += [f"## Ending: {item.title} ({item.outcome})", ""]
            for line in lines_of(item.debrief):
                out += [line, ""]
    out += ["## Scores", "", *[f"- {line}" for line in score_lines(scores, analysis)], ""]
    return "\n".join(out)


def lines_of(text: str) -> list[str]:
    """The text's non-empty lines. Scenario text keeps its line breaks (format, block scalars), and
    Markdown and HTML would join single lines into one paragraph, so each line is a paragraph of its own."""
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _quote(text: str) -> list[str]:
    """A Markdown block quote with one paragraph per line of the text."""
    quoted: list[str] = []
    for line in lines_of(text):
        quoted += [">", f"> {line}"] if quoted else [f"> {line}"]
    return quoted
