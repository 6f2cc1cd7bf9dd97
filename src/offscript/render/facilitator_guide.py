"""The facilitator's guide to one scenario, for print: `offscript guide` as Markdown or HTML.

What a trainer needs on paper before a class: the goals, the principles and
the timing; then the story in the order a class meets it, and at each decision
the customer's line, every option with its scores and the coach's feedback,
the question to discuss, the trainer's notes, and the endings each option can
still lead to (worked out over every playthrough, `engine.option_endings`).
Scenario text is untrusted: Markdown neutralises it (`markdown.text_of`), HTML
escapes it and carries a strict Content-Security-Policy.
"""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from offscript.engine.model import Node, Scenario
from offscript.engine.option_endings import OptionRef
from offscript.render.markdown import text_of
from offscript.render.scores import score_changes_text

Endings = dict[OptionRef, list[str]] | None


@dataclass(frozen=True)
class Step:
    """One node of the story as the guide shows it."""

    node: Node
    reachable: bool = True


@dataclass
class Guide:
    scenario: Scenario
    steps: list[Step] = field(default_factory=list)
    endings: Endings = None


def build_guide(scenario: Scenario, endings: Endings) -> Guide:
    """The nodes in the order a class meets them (breadth first from the start), then those no one reaches."""
    order: list[str] = []
    seen = {scenario.start}
    queue = deque([scenario.start])
    while queue:
        node_id = queue.popleft()
        order.append(node_id)
        for target in scenario.nodes[node_id].targets():
            if target not in seen and target in scenario.nodes:
                seen.add(target)
                queue.append(target)
    steps = [Step(scenario.nodes[n]) for n in order]
    steps += [Step(node, reachable=False) for n, node in scenario.nodes.items() if n not in seen]
    return Guide(scenario, steps, endings)


def _ending_names(guide: Guide, option: OptionRef) -> str:
    if guide.endings is None:
        return "not worked out (too many playthrough states)"
    led = guide.endings.get(option)
    if led is None:
        return "never on offer in any playthrough"
    versions: dict[tuple[str, str], list[str]] = {}  # endings that share an outcome and a title are one to a trainer
    for ending_id in led:
        ending = guide.scenario.nodes[ending_id].ending
        if ending is not None:
            versions.setdefault((ending.outcome, " ".join(ending.title.split())), []).append(ending_id)
    names = [
        f"{outcome}: {title} ({ids[0] if len(ids) == 1 else f'{len(ids)} versions'})"
        for (outcome, title), ids in versions.items()
    ]
    return "; ".join(names) or "no ending"


def _minutes(scenario: Scenario) -> str:
    parts = []
    if scenario.minutes is not None:
        parts.append(f"about {scenario.minutes} minutes to play alone")
    if scenario.facilitator is not None and scenario.facilitator.minutes is not None:
        parts.append(f"{scenario.facilitator.minutes} minutes in class with discussion")
    return "; ".join(parts) or "no timing given"


def _speaker(scenario: Scenario, node: Node) -> str:
    if node.speaker == "narrator":
        return ""
    character = scenario.character(node.speaker)
    who = character.name or node.speaker
    return who + (f", {character.role}" if character.role else "") + (f" ({node.mood})" if node.mood else "")


# --- Markdown ------------------------------------------------------------------------------


def to_markdown(guide: Guide) -> str:
    scenario, t = guide.scenario, text_of
    out = [f"# {t(scenario.title)}: facilitator's guide", "", t(" ".join(scenario.summary.split())), ""]
    out += [f"- Difficulty: {t(scenario.difficulty)}", f"- Timing: {t(_minutes(scenario))}", ""]
    if scenario.briefing.strip():
        out += ["## Briefing (read to the class)", "", *_quoted(scenario.briefing), ""]
    out += _markdown_facilitator(scenario)
    out += ["## The story, decision by decision", ""]
    for step in guide.steps:
        out += _markdown_step(guide, step)
    return "\n".join(out).rstrip("\n") + "\n"


def _quoted(text: str) -> list[str]:
    return [f"> {text_of(line)}" if line.strip() else ">" for line in text.strip().splitlines()]


def _markdown_facilitator(scenario: Scenario) -> list[str]:
    facilitator = scenario.facilitator
    if facilitator is None:
        return ["*This scenario has no facilitator material (`facilitator` in the file).*", ""]
    out: list[str] = []
    for heading, items in (("Goals", facilitator.goals), ("Principles", facilitator.principles)):
        if items:
            out += [f"## {heading}", "", *[f"- {text_of(item)}" for item in items], ""]
    if facilitator.notes.strip():
        out += ["## How to run it", "", *_quoted(facilitator.notes), ""]
    return out


def _markdown_step(guide: Guide, step: Step) -> list[str]:
    node, t = step.node, text_of
    kind = {"choices": "decision", "next": "a line", "branch": "routing", "ending": "ending"}[node.kind]
    out = [f"### `{t(node.id)}` ({kind}{'' if step.reachable else ', not reachable'})", ""]
    who = _speaker(guide.scenario, node)
    if node.kind == "branch":
        for entry in node.branch:
            condition = f"if {entry.condition_text}" if entry.condition_text else "otherwise"
            out.append(f"- {t(condition)}: on to `{t(entry.goto)}`")
        return [*out, ""]
    if node.text.strip():
        out += ([f"**{t(who)}:**", ""] if who else []) + _quoted(node.text) + [""]
    if node.ending is not None:
        out += [f"**{t(node.ending.outcome.upper())}: {t(node.ending.title)}**", "", *_quoted(node.ending.debrief), ""]
    if node.kind == "next":
        out += [f"On to `{t(node.next)}`.", ""]
    for number, choice in enumerate(node.choices, 1):
        label = f"{number}" + (f" (`{t(choice.id)}`)" if choice.id else "")
        terms = ([f"if {choice.condition_text}"] if choice.condition_text else []) + (["once"] if choice.once else [])
        when = f" *[{t(', '.join(terms))}]*" if terms else ""
        out.append(f"{label}. {t(' '.join(choice.text.split()))}{when}")
        out.append(f"   - Scores: {score_changes_text(choice.score, 'no score change')}")
        if choice.feedback.strip():
            out.append(f"   - Coach: {t(' '.join(choice.feedback.split()))}")
        out.append(f"   - Can lead to: {t(_ending_names(guide, (node.id, number - 1)))}")
    if node.choices:
        out.append("")
    if node.discuss.strip():
        out += [f"**Discuss:** {t(' '.join(node.discuss.split()))}", ""]
    if node.notes.strip():
        out += ["**Notes for you:**", "", *_quoted(node.notes), ""]
    return out


# --- HTML ------------------------------------------------------------------------------------------

STYLE = (
    "body{font:15px/1.5 Georgia,serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111}"
    "h1,h2,h3{font-family:system-ui,sans-serif}h3{margin-top:2rem;border-bottom:1px solid #bbb}"
    "blockquote{margin:.5rem 0 .5rem 1rem;padding-left:.75rem;border-left:3px solid #999}"
    ".meta,.leads{color:#444}.discuss{background:#f3f0e6;padding:.5rem}.notes{background:#e8eef6;padding:.5rem}"
    "section{break-inside:avoid}@media print{body{margin:0}h3{break-after:avoid}}"
)


def to_html(guide: Guide) -> str:
    scenario, e = guide.scenario, html.escape
    body = [f"<h1>{e(scenario.title)}: facilitator's guide</h1>", f"<p>{e(' '.join(scenario.summary.split()))}</p>"]
    body.append(f"<p class=meta>Difficulty: {e(scenario.difficulty)}. Timing: {e(_minutes(scenario))}.</p>")
    if scenario.briefing.strip():
        body.append(f"<h2>Briefing (read to the class)</h2>{_block(scenario.briefing)}")
    body += _html_facilitator(scenario)
    body.append("<h2>The story, decision by decision</h2>")
    body += [_html_step(guide, step) for step in guide.steps]
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{e(scenario.title)}: facilitator's guide</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )


def _block(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.strip().splitlines() if line.strip())
    return f"<blockquote>{paragraphs}</blockquote>"


def _html_facilitator(scenario: Scenario) -> list[str]:
    facilitator, e = scenario.facilitator, html.escape
    if facilitator is None:
        return ["<p class=meta><i>This scenario has no facilitator material.</i></p>"]
    out = []
    for heading, items in (("Goals", facilitator.goals), ("Principles", facilitator.principles)):
        if items:
            out.append(f"<h2>{heading}</h2><ul>{''.join(f'<li>{e(item)}</li>' for item in items)}</ul>")
    if facilitator.notes.strip():
        out.append(f"<h2>How to run it</h2>{_block(facilitator.notes)}")
    return out


def _html_step(guide: Guide, step: Step) -> str:
    node, e = step.node, html.escape
    kind = {"choices": "decision", "next": "a line", "branch": "routing", "ending": "ending"}[node.kind]
    parts = [f"<section><h3>{e(node.id)} <small>({kind}{'' if step.reachable else ', not reachable'})</small></h3>"]
    if node.kind == "branch":
        rows = "".join(
            f"<li>{e(f'if {b.condition_text}' if b.condition_text else 'otherwise')}: on to {e(b.goto)}</li>"
            for b in node.branch
        )
        return "".join(parts) + f"<ul>{rows}</ul></section>"
    who = _speaker(guide.scenario, node)
    if node.text.strip():
        parts.append((f"<p><b>{e(who)}:</b></p>" if who else "") + _block(node.text))
    if node.ending is not None:
        parts.append(
            f"<p><b>{e(node.ending.outcome.upper())}: {e(node.ending.title)}</b></p>{_block(node.ending.debrief)}"
        )
    items = []
    for number, choice in enumerate(node.choices, 1):
        ident = f" <code>{e(choice.id)}</code>" if choice.id else ""
        terms = ([f"if {choice.condition_text}"] if choice.condition_text else []) + (["once"] if choice.once else [])
        when = f" <i>[{e(', '.join(terms))}]</i>" if terms else ""
        items.append(
            f"<li>{ident} {e(' '.join(choice.text.split()))}{when}<br>"
            f"Scores: {e(score_changes_text(choice.score, 'no score change'))}<br>"
            f"Coach: {e(' '.join(choice.feedback.split()))}<br>"
            f"<span class=leads>Can lead to: {e(_ending_names(guide, (node.id, number - 1)))}</span></li>"
        )
    if items:
        parts.append(f"<ol>{''.join(items)}</ol>")
    if node.discuss.strip():
        parts.append(f"<p class=discuss><b>Discuss:</b> {e(node.discuss)}</p>")
    if node.notes.strip():
        parts.append(f"<div class=notes><b>Notes for you:</b>{_block(node.notes)}</div>")
    return "".join(parts) + "</section>"


WRITERS: dict[str, Callable[[Guide], str]] = {"md": to_markdown, "html": to_html}
