"""A scenario's map for `offscript graph`: Graphviz DOT or Mermaid, from one list of nodes and edges.

A trainer sees the story's shape at a glance: what the player decides (boxes),
what they only read (rounded boxes), where the engine routes on a condition
(diamonds) and how it can end (hexagons in DOT and Mermaid alike, coloured and
also labelled by outcome, so nothing rests on colour). Every choice is an
edge labelled with its number or id, its score and its condition; branch
entries are dotted edges labelled with theirs. Nodes no playthrough reaches
are dashed and say so.

Scenario text is untrusted and goes into two small languages: each writer
escapes everything it writes (`_dot_text`, `_mermaid_text`), and Mermaid node
names are generated (`n0`, `n1`...) because ids such as `end` or `graph` are
words of its syntax.
"""

from __future__ import annotations

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
MERMAID_SHAPES = {"choices": ('["', '"]'), "next": ('("', '")'), "branch": ('{"', '"}'), "ending": ('{{"', '"}}')}


@dataclass(frozen=True)
class MapNode:
    id: str
    kind: str
    lines: tuple[str, ...]  # the label, line by line, in plain text
    outcome: str = ""  # an ending's outcome
    unreachable: bool = False


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    kind: EdgeKind
    lines: tuple[str, ...] = ()


def scenario_map(scenario: Scenario, unreachable: Collection[str]) -> tuple[list[MapNode], list[MapEdge]]:
    """Every node and every way out of it, in file order."""
    nodes = [_map_node(scenario, node, node.id in unreachable) for node in scenario.nodes.values()]
    edges = [edge for node in scenario.nodes.values() for edge in _edges(node)]
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
    return MapNode(node.id, node.kind, tuple(lines), outcome, unreachable)


def _edges(node: Node) -> list[MapEdge]:
    if node.kind == "next":
        return [MapEdge(node.id, node.next, "next")]
    if node.kind == "branch":
        return [
            MapEdge(node.id, entry.goto, "branch", (f"if {entry.condition_text}" if entry.condition_text else "else",))
            for entry in node.branch
        ]
    edges = []
    for number, choice in enumerate(node.choices, 1):
        lines = [f"{number}: {choice.id}" if choice.id else str(number)]
        score = " ".join(f"{SHORT_SCORES[d]}{choice.score[d]:+d}" for d in SCORES if choice.score.get(d))
        if score:
            lines.append(score)
        terms = ([f"if {choice.condition_text}"] if choice.condition_text else []) + (["once"] if choice.once else [])
        if terms:
            lines.append(" · ".join(terms))
        edges.append(MapEdge(node.id, choice.goto, "choice", tuple(lines)))
    return edges


def _short(text: str, width: int = TEXT_WIDTH) -> str:
    """One line of at most `width` characters, control characters made visible."""
    line = " ".join(safe(text).split())
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
        style = {"choice": "", "next": ', color="#555555"', "branch": ", style=dotted"}[edge.kind]
        label = f"label={_dot_lines(edge.lines)}" if edge.lines else 'label=""'
        out.append(f"  {_dot_text(edge.source)} -> {_dot_text(edge.target)} [{label}{style}];")
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_node_style(node: MapNode) -> str:
    attributes = [f"label={_dot_lines(node.lines)}", f"shape={DOT_SHAPES[node.kind]}"]
    styles = ["filled"] + (["rounded"] if node.kind == "next" else []) + (["dashed"] if node.unreachable else [])
    attributes.append(f'style="{",".join(styles)}"')
    if node.outcome:
        fill, border = OUTCOME_COLOURS[node.outcome]
        attributes += [f'fillcolor="{fill}"', "penwidth=2"]
        attributes += [] if node.unreachable else [f'color="{border}"']
    if node.unreachable:
        attributes += ['color="#888888"', 'fontcolor="#555555"']
    return ", ".join(attributes)


def _dot_text(text: str) -> str:
    """A DOT quoted string: backslashes and quotes escaped (so no `\\l`-style escape can sneak in)."""
    return '"' + safe(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _dot_lines(lines: Collection[str]) -> str:
    return "\\n".join(_dot_text(line)[1:-1] for line in lines).join('""')


# --- Mermaid ----------------------------------------------------------------------------

MERMAID_SAFE = set(" ,.:'!?/+=-_@*")


def to_mermaid(scenario: Scenario, unreachable: Collection[str]) -> str:
    nodes, edges = scenario_map(scenario, unreachable)
    names = {node.id: f"n{index}" for index, node in enumerate(nodes)}
    out = [
        "---",
        f'title: "{_mermaid_text(_short(scenario.title, 80))}"',
        "---",
        "flowchart TD",
        f"  %% {_mermaid_text(LEGEND)}",
    ]
    for node in nodes:
        opening, closing = MERMAID_SHAPES[node.kind]
        out.append(f"  {names[node.id]}{opening}{_mermaid_lines(node.lines)}{closing}")
    for edge in edges:
        arrow = "-.->" if edge.kind == "branch" else "-->"
        label = f'|"{_mermaid_lines(edge.lines)}"|' if edge.lines else ""
        out.append(f"  {names[edge.source]} {arrow}{label} {names[edge.target]}")
    for outcome, (fill, border) in OUTCOME_COLOURS.items():
        out.append(f"  classDef {outcome} fill:{fill},stroke:{border},stroke-width:2px,color:#000000")
    out.append("  classDef unreachable stroke-dasharray:5 5,stroke:#888888,color:#555555")
    for node in nodes:
        classes = [c for c in (node.outcome, "unreachable" if node.unreachable else "") if c]
        if classes:
            out.append(f"  class {names[node.id]} {','.join(classes)}")
    return "\n".join(out) + "\n"


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: every character that means something written as `#code;`."""
    return "".join(ch if ch.isalnum() or ch in MERMAID_SAFE or ord(ch) > 127 else f"#{ord(ch)};" for ch in safe(text))


def _mermaid_lines(lines: Collection[str]) -> str:
    return "<br>".join(_mermaid_text(line) for line in lines)
