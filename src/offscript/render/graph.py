"""A scenario's map for `offscript graph`: Graphviz DOT or Mermaid, from one list of nodes and edges.

A trainer sees the story's shape at a glance: what the player decides (boxes),
what they only read (rounded boxes; stadiums in Mermaid), where the engine
routes on a condition (diamonds) and how it can end (hexagons in DOT and
Mermaid alike, coloured and also labelled by outcome, so nothing rests on
colour). The start has a double (DOT) or thick (Mermaid) border as well as
"START" in its label. Every choice is an edge labelled with its number or id,
its score and its condition; branch entries are dotted edges labelled with
theirs. Nodes no playthrough reaches, and the edges out of them, are dashed
and grey, and the nodes say "UNREACHABLE".

Scenario text is untrusted and goes into two small languages: every label
line is first made one visible line (`_one_line`: no control or bidi-override
characters, which could forge lines or reverse what a reader sees), then each
writer escapes everything it writes (`_dot_text`, `_mermaid_text`,
`_mermaid_title`), and Mermaid node names are generated (`n0`, `n1`...)
because ids such as `end` or `graph` are words of its syntax.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from offscript.engine.model import SCORES, Node, Scenario
from offscript.engine.safe_text import safe

EdgeKind = Literal["choice", "next", "branch"]
TEXT_WIDTH = 40  # characters of a node's text in its box: enough to recognise it
SHORT_SCORES = {"empathy": "E", "ownership": "O", "customer_first": "C"}
LEGEND = "E empathy · O ownership · C customer first"
OUTCOME_COLOURS = {  # fill, border: light fills, so the black text reads on any of them
    "success": ("#d8f0dc", "#2e7d32"),
    "partial": ("#fff1c7", "#9a6b00"),
    "failure": ("#f8d9dc", "#b3261e"),
}
DOT_SHAPES = {"choices": "box", "next": "box", "branch": "diamond", "ending": "hexagon"}
MERMAID_SHAPES = {"choices": ('["', '"]'), "next": ('(["', '"])'), "branch": ('{"', '"}'), "ending": ('{{"', '"}}')}
UNREACHABLE_GREY = ("#888888", "#555555")  # line, text
# Bidi embeddings, overrides and isolates, and the direction marks: they reorder what a reader sees
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class MapNode:
    id: str
    kind: str
    lines: tuple[str, ...]  # the label, line by line, in plain text
    outcome: str = ""  # an ending's outcome
    unreachable: bool = False
    start: bool = False


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    kind: EdgeKind
    lines: tuple[str, ...] = ()
    unreachable: bool = False  # it leaves an unreachable node, so no playthrough takes it either


def scenario_map(scenario: Scenario, unreachable: Collection[str]) -> tuple[list[MapNode], list[MapEdge]]:
    """Every node and every way out of it, in file order."""
    nodes = [_map_node(scenario, node, node.id in unreachable) for node in scenario.nodes.values()]
    edges = [edge for node in scenario.nodes.values() for edge in _edges(node, node.id in unreachable)]
    return nodes, edges


def _map_node(scenario: Scenario, node: Node, unreachable: bool) -> MapNode:
    lines = [("START ▸ " if node.id == scenario.start else "") + node.id]
    outcome = ""
    if node.ending is not None:
        outcome = node.ending.outcome
        lines.append(f"{outcome.upper()}: {_short(node.ending.title)}")
    elif node.kind == "branch":
        lines.append("(routes on its own)")
    if node.text.strip() and node.kind != "branch":
        lines.append(_short(node.text))
    if unreachable:
        lines.append("UNREACHABLE")
    return MapNode(node.id, node.kind, tuple(lines), outcome, unreachable, node.id == scenario.start)


def _edges(node: Node, unreachable: bool) -> list[MapEdge]:
    """One edge per way out (never merged: the counts must match the file's choices, nexts and branch entries)."""
    if node.kind == "next":
        return [MapEdge(node.id, node.next, "next", (), unreachable)]
    if node.kind == "branch":
        return [
            MapEdge(node.id, entry.goto, "branch", (_condition(entry.condition_text),), unreachable)
            for entry in node.branch
        ]
    edges = []
    for number, choice in enumerate(node.choices, 1):
        lines = [f"{number}: {choice.id}" if choice.id else str(number)]
        score = " ".join(f"{SHORT_SCORES[d]}{choice.score[d]:+d}" for d in SCORES if choice.score.get(d))
        if score:
            lines.append(score)
        terms = [_condition(choice.condition_text)] if choice.condition_text else []
        terms += ["once"] if choice.once else []
        if terms:
            lines.append(" · ".join(terms))
        edges.append(MapEdge(node.id, choice.goto, "choice", tuple(lines), unreachable))
    return edges


def _condition(text: str) -> str:
    """A condition as an edge shows it: 'if ...', or 'else' for a branch's entry without one."""
    return f"if {_one_line(text)}" if text.strip() else "else"


def _one_line(text: str) -> str:
    """The text as one visible line: whitespace runs (newlines too) one space, controls and bidi controls visible."""
    return " ".join(BIDI_CONTROLS.sub("\ufffd", safe(text)).split())


def _short(text: str, width: int = TEXT_WIDTH) -> str:
    """One line of at most `width` characters: enough to recognise the text, short enough to keep boxes small."""
    line = _one_line(text)
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


# --- Graphviz DOT ---------------------------------------------------------------------


def to_dot(scenario: Scenario, unreachable: Collection[str]) -> str:
    nodes, edges = scenario_map(scenario, unreachable)
    out = [
        f"digraph {_dot_text(scenario.id)} {{",
        f"  graph [label={_dot_lines([_short(scenario.title, 80), LEGEND])}, labelloc=t, fontname=Helvetica];",
        '  node [fontname=Helvetica, fontsize=11, style=filled, fillcolor="#ffffff", color="#333333"];',
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    out += [f"  {_dot_text(node.id)} [{_dot_node_style(node)}];" for node in nodes]
    for edge in edges:
        out.append(f"  {_dot_text(edge.source)} -> {_dot_text(edge.target)} [{_dot_edge_style(edge)}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_edge_style(edge: MapEdge) -> str:
    attributes = [f"label={_dot_lines(edge.lines)}" if edge.lines else 'label=""']
    if edge.unreachable:
        line, text = UNREACHABLE_GREY
        style = "dotted" if edge.kind == "branch" else "dashed"
        attributes += [f"style={style}", f'color="{line}"', f'fontcolor="{text}"']
    else:
        attributes += {"choice": [], "next": ['color="#555555"'], "branch": ["style=dotted"]}[edge.kind]
    return ", ".join(attributes)


def _dot_node_style(node: MapNode) -> str:
    attributes = [f"label={_dot_lines(node.lines)}", f"shape={DOT_SHAPES[node.kind]}"]
    styles = ["filled"] + (["rounded"] if node.kind == "next" else []) + (["dashed"] if node.unreachable else [])
    attributes.append(f'style="{",".join(styles)}"')
    if node.start:
        attributes.append("peripheries=2")
    if node.outcome:
        fill, border = OUTCOME_COLOURS[node.outcome]
        attributes += [f'fillcolor="{fill}"', "penwidth=2"]
        attributes += [] if node.unreachable else [f'color="{border}"']
    if node.unreachable:
        line, text = UNREACHABLE_GREY
        attributes += [f'color="{line}"', f'fontcolor="{text}"']
    return ", ".join(attributes)


def _dot_text(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped (so no `\\l`-style escape can sneak in), and `&` as
    `&amp;`, since Graphviz reads HTML entities even in plain labels (scenario text `&lt;` would show as `<`)."""
    escaped = safe(text).replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return '"' + " ".join(escaped.splitlines()) + '"'


def _dot_lines(lines: Collection[str]) -> str:
    return "\\n".join(_dot_text(line)[1:-1] for line in lines).join('""')


# --- Mermaid ----------------------------------------------------------------------------

MERMAID_SAFE = set(" ,.:'!?/+=-_@*")
TITLE_LOOKALIKES = str.maketrans({"&": "+", "<": "‹", ">": "›"})  # in fonts everywhere


def to_mermaid(scenario: Scenario, unreachable: Collection[str]) -> str:
    nodes, edges = scenario_map(scenario, unreachable)
    names = {node.id: f"n{index}" for index, node in enumerate(nodes)}
    out = ["---", f"title: {_mermaid_title(scenario.title)}", "---", "flowchart TD", f"  %% {_mermaid_text(LEGEND)}"]
    for node in nodes:
        opening, closing = MERMAID_SHAPES[node.kind]
        out.append(f"  {names[node.id]}{opening}{_mermaid_lines(node.lines)}{closing}")
    for edge in edges:
        arrow = "-.->" if edge.kind == "branch" else "-->"
        label = f'|"{_mermaid_lines(edge.lines)}"|' if edge.lines else ""
        out.append(f"  {names[edge.source]} {arrow}{label} {names[edge.target]}")
    return "\n".join(out + _mermaid_styles(nodes, edges, names)) + "\n"


def _mermaid_styles(nodes: list[MapNode], edges: list[MapEdge], names: dict[str, str]) -> list[str]:
    """The classes (outcome colours, the start's border, unreachable dashes) and the grey dashes of dead edges.

    One `class` line per class, naming its nodes: `class n1 partial,unreachable` would not give n1 two
    classes (Mermaid reads commas there as between node names) but one class that does not exist.
    """
    line, text = UNREACHABLE_GREY
    out = [
        f"  classDef {outcome} fill:{fill},stroke:{border},stroke-width:2px,color:#000000"
        for outcome, (fill, border) in OUTCOME_COLOURS.items()
    ]
    out.append("  classDef start stroke-width:4px")
    out.append(f"  classDef unreachable stroke-dasharray:5 5,stroke:{line},color:{text}")
    members: dict[str, list[str]] = {name: [] for name in (*OUTCOME_COLOURS, "start", "unreachable")}
    for node in nodes:  # the order of the classes is fixed: unreachable last, so its grey border wins
        for name in (node.outcome, "start" if node.start else "", "unreachable" if node.unreachable else ""):
            if name:
                members[name].append(names[node.id])
    out += [f"  class {','.join(ids)} {name}" for name, ids in members.items() if ids]
    dead = [str(index) for index, edge in enumerate(edges) if edge.unreachable]
    if dead:
        out.append(f"  linkStyle {','.join(dead)} stroke:{line},stroke-dasharray:5 5")
    return out


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: every character that means something written as `#code;`."""
    return "".join(ch if ch.isalnum() or ch in MERMAID_SAFE or ord(ch) > 127 else f"#{ord(ch)};" for ch in safe(text))


def _mermaid_title(title: str) -> str:
    """The title as a YAML double-quoted string for Mermaid's front matter.

    Mermaid decodes no `#code;` there, and sanitises the title as HTML and then shows the result as text, so
    `&`, `<` and `>` would come out as `&amp;`, `&lt;`, `&gt;` (and a `<script>` would vanish): they are written
    as stand-ins that mean nothing to HTML. A `%%` is split (`% %`): Mermaid finds `%%{init: ...}%%` directives
    anywhere in the text, and a title must not restyle the map. Backslash and quote are escaped for YAML.
    """
    line = re.sub("%(?=%)", "% ", _short(title, 80).translate(TITLE_LOOKALIKES))
    return '"' + line.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _mermaid_lines(lines: Collection[str]) -> str:
    return "<br>".join(_mermaid_text(line) for line in lines)
