"""What every checked scenario satisfies, as one function that lists what a given one breaks.

The loader guarantees these facts about every scenario it returns without
errors: ids of the right form, every reference resolving, scores and variables
in range, each node's kind matching its fields, conditions well typed, no
control character in any text, and an analysis and warnings that fit the
scenario. The rest of the game relies on them (a score of 999 would go into the
history, an id of `../..` into a file name, an unknown `goto` would crash a run).

A scenario that did not come straight from the loader (the game's cache, a
file anyone can edit) is used only when `result_problems` finds nothing. The
checks read values only, never the YAML, so they cost a small part of a fresh
load; the loader could assert them too. Types are `serialise`'s concern: this
module expects values of their annotated types.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from offscript.engine.conditions import (
    BoolOp,
    Compare,
    ConditionError,
    Expr,
    Kind,
    Name,
    Not,
    check_types,
    template_names,
)
from offscript.engine.diagnostics import CODES, Diagnostic
from offscript.engine.model import (
    CHOICE_ID,
    COMPARISON_OPERATORS,
    DIFFICULTIES,
    LANGUAGE,
    NAME,
    NODE_ID,
    OUTCOMES,
    PREDEFINED_CHARACTERS,
    SCENARIO_ID,
    SCORE_LIMIT,
    SCORES,
    BranchEntry,
    Check,
    Choice,
    Node,
    Scenario,
)
from offscript.engine.result import LoadResult

if TYPE_CHECKING:
    from offscript.engine.analysis import Analysis

# C0 controls but newline and tab, DEL, and C1 controls: they can drive a terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
CONTENT_HASH = re.compile(r"[0-9a-f]{64}")
KEYWORDS = ("and", "or", "not", "true", "false")  # words of the condition language, never variable names
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


def result_problems(result: LoadResult) -> list[str]:
    """Every way a load result breaks what the loader guarantees; empty when it can be trusted."""
    found = diagnostic_problems(result.diagnostics, result.path, loaded=result.scenario is not None)
    if result.scenario is not None:
        if result.scenario.path != result.path:
            found.append(f"the scenario's path {result.scenario.path!r} is not the result's {result.path!r}")
        found += scenario_problems(result.scenario)
        if result.analysis is not None:
            found += analysis_problems(result.analysis, result.scenario)
    elif result.analysis is not None:
        found.append("an analysis without a scenario")
    return found


# --- the scenario ------------------------------------------------------------------


def scenario_problems(scenario: Scenario) -> list[str]:
    """Ids, references, ranges, node kinds, conditions and text of one scenario."""
    found: list[str] = []
    kinds: dict[str, Kind] = {name: "int" for name in SCORES}
    kinds.update((name, variable.kind) for name, variable in scenario.variables.items())
    _top_level(scenario, found)
    _characters(scenario, found)
    _variables(scenario, found)
    for key, node in scenario.nodes.items():
        _node(scenario, key, node, kinds, found)
    _branch_loops(scenario, found)
    _facilitator(scenario, found)
    _checks(scenario, kinds, found)
    if CONTROL.search("\n".join(_texts(scenario))):  # one scan of all the text, cheaper than one per text
        found.append("a control character in the scenario's text")
    return found


def _top_level(scenario: Scenario, found: list[str]) -> None:
    if not SCENARIO_ID.fullmatch(scenario.id):
        found.append(f"scenario id {scenario.id!r} is not a slug")
    if not scenario.title.strip() or not scenario.summary.strip():
        found.append("an empty title or summary")
    if not scenario.nodes or scenario.start not in scenario.nodes:
        found.append(f"start {scenario.start!r} is not a node")
    if scenario.difficulty not in DIFFICULTIES:
        found.append(f"difficulty {scenario.difficulty!r} is not one of {DIFFICULTIES}")
    if scenario.minutes is not None and scenario.minutes <= 0:
        found.append(f"minutes {scenario.minutes} is not positive")
    if not LANGUAGE.fullmatch(scenario.language):
        found.append(f"language {scenario.language!r} is not a language tag")
    if not all(tag.strip() for tag in scenario.tags):
        found.append("an empty tag")
    if not CONTENT_HASH.fullmatch(scenario.content_hash):
        found.append("the content hash is not a SHA-256")


def _characters(scenario: Scenario, found: list[str]) -> None:
    for key, character in scenario.characters.items():
        if key != character.id or not NAME.fullmatch(key) or key in PREDEFINED_CHARACTERS:
            found.append(f"character {key!r} ({character.id!r}) is not a character id")
        if not character.name.strip():
            found.append(f"character {key!r} has no name")


def _variables(scenario: Scenario, found: list[str]) -> None:
    for key, variable in scenario.variables.items():
        if key != variable.name or not NAME.fullmatch(key) or key in SCORES or key in KEYWORDS:
            found.append(f"variable {key!r} ({variable.name!r}) is not a variable name")
        if variable.kind == "bool":
            if (variable.min, variable.max, variable.label, variable.show) != (None, None, "", False):
                found.append(f"true/false variable {key!r} has the long form's min, max, label or show")
            continue
        low = variable.min if variable.min is not None else variable.initial
        high = variable.max if variable.max is not None else variable.initial
        if not low <= variable.initial <= high:
            found.append(f"variable {key!r}: initial {variable.initial} is outside {variable.min}..{variable.max}")


def _node(scenario: Scenario, key: str, node: Node, kinds: Mapping[str, Kind], found: list[str]) -> None:
    if key != node.id or not NODE_ID.fullmatch(key):
        found.append(f"node {key!r} ({node.id!r}) is not a node id")
    if node.line < 0 or node.col < 0:
        found.append(f"node {key!r} has a negative position")
    parts = {"choices": node.choices, "next": node.next, "branch": node.branch, "ending": node.ending}
    if not parts[node.kind] or any(value for kind, value in parts.items() if kind != node.kind):
        found.append(f"node {key!r} of kind {node.kind!r} does not have exactly its own part")
    if node.kind == "branch":
        _branch_node(scenario, key, node, kinds, found)
        return
    if not node.text.strip():
        found.append(f"node {key!r} has no text")
    if node.speaker not in scenario.characters and node.speaker not in PREDEFINED_CHARACTERS:
        found.append(f"node {key!r}: speaker {node.speaker!r} is not a character")
    _templates(key, (node.text, node.discuss), kinds, found)
    if node.kind == "next" and node.next not in scenario.nodes:
        found.append(f"node {key!r}: next {node.next!r} is not a node")
    if node.ending is not None:
        if not node.ending.title.strip() or node.ending.outcome not in OUTCOMES:
            found.append(f"node {key!r}: an ending needs a title and one of the outcomes {OUTCOMES}")
        _templates(key, (node.ending.debrief,), kinds, found)
    for choice in node.choices:
        _choice(scenario, key, choice, kinds, found)
    ids = [choice.id for choice in node.choices if choice.id]
    if len(ids) != len(set(ids)) or not all(CHOICE_ID.fullmatch(choice_id) for choice_id in ids):
        found.append(f"node {key!r}: choice ids {ids} are not slugs unique in the node")


def _facilitator(scenario: Scenario, found: list[str]) -> None:
    facilitator = scenario.facilitator
    if facilitator is not None and facilitator.minutes is not None and facilitator.minutes <= 0:
        found.append(f"facilitator minutes {facilitator.minutes} is not positive")


def _checks(scenario: Scenario, kinds: Mapping[str, Kind], found: list[str]) -> None:
    """Names unique, every node and choice id a check names exists, values fit their variables."""
    names = [check.name for check in scenario.checks]
    if len(names) != len(set(names)) or not all(name.strip() for name in names):
        found.append(f"check names {names} are not unique and non-empty")
    choice_ids = scenario.choice_ids()
    for check in scenario.checks:
        _check(scenario, check, choice_ids, kinds, found)


def _check(scenario: Scenario, check: Check, choice_ids: set[str], kinds: Mapping[str, Kind], found: list[str]) -> None:
    where = f"check {check.name!r}"
    if check.start not in scenario.nodes or check.line < 0 or check.col < 0:
        found.append(f"{where}: from {check.start!r} is not a node, or its position is negative")
    if any(step not in choice_ids if isinstance(step, str) else step < 1 for step in check.take):
        found.append(f"{where}: take {check.take} names a choice that does not exist")
    for name, value in check.set.items():
        variable = scenario.variables.get(name)
        if variable is None or variable.kind != ("bool" if isinstance(value, bool) else "int"):
            found.append(f"{where}: set {name!r} to {value!r} does not fit a declared variable")
        elif not isinstance(value, bool) and variable.clamp(value) != value:
            found.append(f"{where}: set {name!r} to {value}, outside its min..max")
    expect = check.expect
    if not (expect.ending or expect.outcome or expect.scores):
        found.append(f"{where} expects nothing")
    ending = scenario.nodes[expect.ending].ending if expect.ending in scenario.nodes else None
    if expect.ending and (ending is None or expect.outcome not in (None, ending.outcome)):
        found.append(f"{where}: expected ending {expect.ending!r} is not an ending with outcome {expect.outcome}")
    if expect.outcome is not None and expect.outcome not in OUTCOMES:
        found.append(f"{where}: outcome {expect.outcome!r} is not one of {OUTCOMES}")
    if not all(name in SCORES and c.op in COMPARISON_OPERATORS for name, c in expect.scores.items()):
        found.append(f"{where}: expected scores {dict(expect.scores)} are not comparisons of scores")


def _branch_node(scenario: Scenario, key: str, node: Node, kinds: Mapping[str, Kind], found: list[str]) -> None:
    if (node.text, node.speaker, node.mood, node.discuss) != ("", "narrator", "", ""):
        found.append(f"branch node {key!r} shows something")
    for index, entry in enumerate(node.branch):
        last = index == len(node.branch) - 1
        if entry.goto not in scenario.nodes:
            found.append(f"branch {key!r}: goto {entry.goto!r} is not a node")
        if (entry.condition is None) != last:
            found.append(f"branch {key!r}: only the last entry, and it always, goes without a condition")
        _condition(key, entry, kinds, found)


def _choice(scenario: Scenario, key: str, choice: Choice, kinds: Mapping[str, Kind], found: list[str]) -> None:
    where = f"a choice of {key!r}"
    if not choice.text.strip() or choice.line < 0:
        found.append(f"{where} has no text or a negative line")
    if choice.goto not in scenario.nodes:
        found.append(f"{where}: goto {choice.goto!r} is not a node")
    _condition(key, choice, kinds, found)
    _templates(key, (choice.text, choice.feedback), kinds, found)
    for name, points in choice.score.items():
        if name not in SCORES or not -SCORE_LIMIT <= points <= SCORE_LIMIT:
            found.append(f"{where}: score {name!r} {points} is not a score from -{SCORE_LIMIT} to {SCORE_LIMIT}")
    for name, value in choice.set.items():
        if kinds.get(name, "score") != ("bool" if isinstance(value, bool) else "int") or name in SCORES:
            found.append(f"{where}: set {name!r} to {value!r} does not fit a declared variable")
    for name, amount in choice.add.items():
        if kinds.get(name) != "int" or name in SCORES or isinstance(amount, bool):
            found.append(f"{where}: add {amount!r} to {name!r} does not fit a declared whole-number variable")


def _condition(key: str, owner: Choice | BranchEntry, kinds: Mapping[str, Kind], found: list[str]) -> None:
    """A condition reads only known names with known operators, is well typed, and has its text."""
    if owner.condition is None:
        if owner.condition_text:
            found.append(f"node {key!r}: condition text {owner.condition_text!r} without its condition")
        return
    if not owner.condition_text.strip():
        found.append(f"node {key!r}: a condition without its text")
    parts = list(_walk(owner.condition))
    if any(not _known_part(part, kinds) for part in parts):
        found.append(f"node {key!r}: condition {owner.condition_text!r} reads an unknown name or operator")
        return
    try:
        check_types(owner.condition, kinds)
    except ConditionError as exc:
        found.append(f"node {key!r}: condition {owner.condition_text!r}: {exc}")


def _walk(expr: Expr) -> Iterator[Expr]:
    yield expr
    if isinstance(expr, Not):
        yield from _walk(expr.operand)
    elif isinstance(expr, (BoolOp, Compare)):
        yield from _walk(expr.left)
        yield from _walk(expr.right)


def _known_part(part: Expr, kinds: Mapping[str, Kind]) -> bool:
    if isinstance(part, Name):
        return part.name in kinds and part.offset >= 0
    if isinstance(part, BoolOp):
        return part.op in ("and", "or")
    if isinstance(part, Compare):
        return part.op in COMPARISONS and part.offset >= 0
    return True


def _templates(key: str, texts: Iterable[str], kinds: Mapping[str, Kind], found: list[str]) -> None:
    """`{name}` in a text names a variable or score, and a lone brace is doubled."""
    for text in texts:
        if "{" not in text and "}" not in text:
            continue
        try:
            unknown = [name for name, _ in template_names(text) if name not in kinds]
        except ConditionError as exc:
            found.append(f"node {key!r}: text: {exc}")
            continue
        if unknown:
            found.append(f"node {key!r}: text names {unknown} that are not variables or scores")


def _branch_loops(scenario: Scenario, found: list[str]) -> None:
    """Branch nodes that lead only to one another would route for ever (the loader's OS310)."""
    state: dict[str, bool] = {}  # False while being followed, True once known to reach a shown node
    for start, node in scenario.nodes.items():
        if node.kind != "branch" or start in state:
            continue
        stack = [(start, iter(node.targets()))]
        state[start] = False
        while stack:
            current, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                state[current] = True
                stack.pop()
            elif state.get(target) is False:
                found.append(f"branch node {target!r} can lead back to itself through branch nodes only")
                return
            elif target not in state and target in scenario.nodes and scenario.nodes[target].kind == "branch":
                state[target] = False
                stack.append((target, iter(scenario.nodes[target].targets())))


def _texts(scenario: Scenario) -> Iterator[str]:
    """Every text of a scenario a person may read: for control characters, that could drive a terminal."""
    yield from (scenario.id, scenario.title, scenario.summary, scenario.briefing, scenario.start, *scenario.tags)
    yield from (scenario.difficulty, scenario.language)
    for character in scenario.characters.values():
        yield from (character.id, character.name, character.role)
    for variable in scenario.variables.values():
        yield from (variable.name, variable.label)
    for node in scenario.nodes.values():
        yield from (node.id, node.text, node.speaker, node.mood, node.discuss, node.next, node.notes)
        if node.ending is not None:
            yield from (node.ending.title, node.ending.debrief)
        for entry in node.branch:
            yield from (entry.goto, entry.condition_text)
        for choice in node.choices:
            yield from (choice.text, choice.goto, choice.condition_text, choice.feedback, choice.id)
            yield from (*choice.score, *choice.set, *choice.add)
    if scenario.facilitator is not None:
        yield from (*scenario.facilitator.goals, *scenario.facilitator.principles, scenario.facilitator.notes)
    for check in scenario.checks:
        yield from (check.name, check.start, check.expect.ending, *check.set)
        yield from (step for step in check.take if isinstance(step, str))


# --- the analysis and the warnings ---------------------------------------------------


def analysis_problems(analysis: Analysis, scenario: Scenario) -> list[str]:
    """The analysis is of this scenario: its node ids exist, its ranges are ranges, its paths choice numbers."""
    found: list[str] = []
    nodes = scenario.nodes
    if analysis.node_count != len(nodes) or analysis.states < 0:
        found.append(f"node count {analysis.node_count} (or {analysis.states} states) does not fit {len(nodes)}")
    lists = (analysis.reachable, analysis.unreachable, analysis.endings, analysis.no_ending, analysis.dead_ends)
    if not all(node_id in nodes for ids in (*lists, analysis.static_no_ending) for node_id in ids):
        found.append("the analysis names a node that does not exist")
    elif sorted([*analysis.reachable, *analysis.unreachable]) != sorted(nodes):
        found.append("reachable and unreachable nodes are not the scenario's nodes")
    elif any(nodes[n].kind != "ending" for n in analysis.endings):
        found.append("an ending of the analysis is not an ending node")
    if set(analysis.score_range) != set(SCORES):
        found.append(f"score ranges {sorted(analysis.score_range)} are not the scores {SCORES}")
    spans = [*analysis.score_range.values(), analysis.decisions]
    if any(span[0] > span[1] for span in spans if span and span[0] is not None and span[1] is not None):
        found.append("a range whose low end is above its high end")
    if analysis.decisions and analysis.decisions[0] is not None and analysis.decisions[0] < 0:
        found.append("a negative number of decisions")
    most = max((len(node.choices) for node in nodes.values()), default=0)
    for path in (analysis.best_path, analysis.worst_path):
        if path is not None and not all(1 <= number <= most for number in path):
            found.append(f"path {path} holds a number that is not a choice")
    return found


def diagnostic_problems(diagnostics: Iterable[Diagnostic], path: str, *, loaded: bool) -> list[str]:
    """Known codes, positions in the file, the file's own path, and no error beside a loaded scenario."""
    found: list[str] = []
    for diagnostic in diagnostics:
        if diagnostic.code not in CODES or diagnostic.line < 0 or diagnostic.col < 0 or diagnostic.path != path:
            found.append(f"diagnostic {diagnostic.code!r} at {diagnostic.line}:{diagnostic.col} is not one of ours")
        if loaded and diagnostic.severity == "error":
            found.append(f"an error ({diagnostic.code}) beside a scenario that loaded")
        if CONTROL.search(diagnostic.message):
            found.append(f"a control character in the message of {diagnostic.code}")
    return found
