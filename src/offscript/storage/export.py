"""A playthrough as a document to keep or share: Markdown and self-contained HTML.

Both are built from the engine's Transcript, so the export shows exactly what
the game showed: the whole conversation, each choice with its feedback and
score changes (and the best choice on offer when yours was not), the ending
and its debrief, and the final scores with their share of the achievable range.
"""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Literal

from offscript.engine.analysis import Analysis
from offscript.engine.model import SCORE_LABELS, SCORES, Choice
from offscript.engine.transcript import Transcript
from offscript.storage.files import write_text_atomic

ExportFormat = Literal["md", "html"]


def score_changes(choice: Choice) -> str:
    return ", ".join(f"{SCORE_LABELS[k]} {v:+d}" for k, v in choice.score.items() if v) or "no score change"


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
            for line in _lines(item.debrief):
                out += [line, ""]
    out += ["## Scores", "", *[f"- {line}" for line in score_lines(scores, analysis)], ""]
    return "\n".join(out)


def write_exports(
    folder: Path, transcript: Transcript, scores: dict[str, int], analysis: Analysis | None, meta: str = ""
) -> tuple[Path, Path]:
    """Write the run as `<scenario id>-<time>.md` and `.html` in `folder`; never overwrites an earlier export.

    Raises StorageError when the folder cannot be written.
    """
    stem = f"{transcript.scenario.id}-{time.strftime('%Y%m%d-%H%M%S')}"
    counter = 1
    while (folder / f"{stem}.md").exists() or (folder / f"{stem}.html").exists():
        counter += 1
        stem = f"{transcript.scenario.id}-{time.strftime('%Y%m%d-%H%M%S')}-{counter}"
    markdown, page = folder / f"{stem}.md", folder / f"{stem}.html"
    write_text_atomic(markdown, to_markdown(transcript, scores, analysis, meta))
    write_text_atomic(page, to_html(transcript, scores, analysis, meta))
    return markdown, page


def _lines(text: str) -> list[str]:
    """The text's non-empty lines. Scenario text keeps its line breaks (format, block scalars), and
    Markdown and HTML would join single lines into one paragraph, so each line is a paragraph of its own."""
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


def _quote(text: str) -> list[str]:
    """A Markdown block quote with one paragraph per line of the text."""
    quoted: list[str] = []
    for line in _lines(text):
        quoted += [">", f"> {line}"] if quoted else [f"> {line}"]
    return quoted


def to_html(transcript: Transcript, scores: dict[str, int], analysis: Analysis | None, meta: str = "") -> str:
    """A standalone page; every piece of scenario text is escaped."""
    scenario = transcript.scenario
    e = html.escape
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


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in _lines(text))


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;"
    "color:#111;background:#fff}.you{margin:1rem 0 .25rem;padding:.5rem .75rem;background:#eef3ff;"
    "border-radius:.4rem}.coach{margin:0 0 1rem 1.5rem;padding:.25rem .75rem;border-left:.25rem solid #2a7a3a;"
    "color:#1d3d24}.best{color:#5a3b00}.line{margin:.75rem 0}.meta{color:#444}blockquote{margin:0 0 1rem;"
    "padding-left:1rem;border-left:.25rem solid #ccc}"
)
