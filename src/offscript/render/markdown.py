"""A run as a Markdown document to keep or share.

Built from the engine's Transcript, so the export shows exactly what the game
showed: the whole conversation, each choice with its feedback and score
changes (and the best choice on offer when yours was not), the ending and
its debrief, and the final scores with their share of the achievable range.
Scenario text keeps its line breaks, so each line is a paragraph of its own,
and is never read as HTML (see `text_of`).
"""

from __future__ import annotations

import html

from offscript.engine.analysis import Analysis
from offscript.engine.model import SCORE_LABELS, SCORES, Choice
from offscript.engine.safe_text import safe
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
    t = text_of
    out = [f"# {t(scenario.title)}", ""]
    if meta:
        out += [f"*{t(meta)}*", ""]
    if scenario.briefing:
        out += ["## Briefing", "", *_quote(scenario.briefing), ""]
    out += ["## The conversation", ""]
    for item in transcript.items:
        if item.kind == "choice" and item.decision:
            decision = item.decision
            out += [
                f"**You:** {t(item.text.strip())}",
                "",
                f"> Coach ({score_changes(decision.chosen)}): {t(decision.chosen_feedback.strip())}",
            ]
            if not decision.was_best:
                out += [">", f"> Best on offer here: {t(decision.best_text.strip())} ({score_changes(decision.best)})"]
                if decision.why:
                    out += [">", f"> Why: {t(decision.why)}"]
            if decision.discuss:
                out += [">", f"> Discuss: {t(decision.discuss)}"]
            out.append("")
            continue
        who = item.speaker + (f", {item.role}" if item.role and item.speaker else "")
        mood = f" *({t(item.mood)})*" if item.mood else ""
        lead = f"**{t(who)}**{mood}: " if who else (f"{mood.strip()} " if mood else "")
        text = item.text.strip()
        if "\n" in text:
            out += [*([lead.rstrip()] if lead else []), *_quote(text), ""]
        else:
            out += [lead + t(text), ""]
        if item.kind == "ending":
            out += [f"## Ending: {t(item.title)} ({t(item.outcome)})", ""]
            for line in lines_of(item.debrief):
                out += [t(line), ""]
    out += ["## Scores", "", *[f"- {line}" for line in score_lines(scores, analysis)], ""]
    return "\n".join(out)


def text_of(text: str) -> str:
    """Scenario text as Markdown shows it: never as HTML, never as a terminal command.

    Markdown passes HTML through, so a `<script>` or an `<img onerror=...>` in a
    scenario would run wherever the export is rendered: `&`, `<` and `>` are
    written as entities, which every renderer shows as the characters
    themselves. Control characters are neutralised as everywhere else.
    """
    return html.escape(safe(text), quote=False)


def lines_of(text: str) -> list[str]:
    """The text's non-empty lines. Scenario text keeps its line breaks (format, block scalars), and
    Markdown and HTML would join single lines into one paragraph, so each line is a paragraph of its own."""
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _quote(text: str) -> list[str]:
    """A Markdown block quote with one paragraph per line of the text."""
    quoted: list[str] = []
    for line in lines_of(text):
        quoted += [">", f"> {text_of(line)}"] if quoted else [f"> {text_of(line)}"]
    return quoted
