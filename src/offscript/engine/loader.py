"""Marked YAML tree -> Scenario model, collecting every diagnostic on the way.

The loader never stops at the first problem: a trainer fixing a file wants
the whole list in one run. It checks shape and types first, then names
(nodes, characters, variables), then conditions and text placeholders, and
finally asks the analysis for reachability warnings.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import Any, cast

from offscript.engine import source, syntax_hints
from offscript.engine.conditions import (
    ConditionError,
    Expr,
    check_types,
    names_in,
    parse_condition,
    template_names,
    truth_word,
)
from offscript.engine.diagnostics import Diagnostic, did_you_mean, has_errors, suggest_id
from offscript.engine.model import (  # the id patterns are re-exported: they were defined here once
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
    Character,
    Check,
    Choice,
    Comparison,
    ComparisonOp,
    Ending,
    Expectation,
    Facilitator,
    Node,
    Outcome,
    Scenario,
    Variable,
)
from offscript.engine.reading import read_scenario_file
from offscript.engine.result import LoadResult
from offscript.engine.source import Mapping, Marked, Scalar, Sequence

TOP_KEYS = (
    "offscript",
    "id",
    "title",
    "summary",
    "briefing",
    "difficulty",
    "minutes",
    "tags",
    "language",
    "characters",
    "variables",
    "start",
    "nodes",
    "facilitator",  # format 1.1
    "checks",  # format 1.1
)
TOP_REQUIRED = ("offscript", "id", "title", "summary", "start", "nodes")
NODE_KEYS = ("speaker", "text", "mood", "discuss", "choices", "next", "branch", "ending", "notes")
NODE_KINDS = ("choices", "next", "branch", "ending")
CHOICE_KEYS = ("text", "goto", "if", "once", "score", "feedback", "set", "add", "id")
VARIABLE_KEYS = ("initial", "min", "max", "label", "show")
ENDING_KEYS = ("title", "outcome", "debrief")
FACILITATOR_KEYS = ("goals", "principles", "minutes", "notes")
CHECK_KEYS = ("name", "take", "from", "set", "expect")
EXPECT_KEYS = ("ending", "outcome", "scores")
# a score comparison in a check: an operator, then a whole number ("=>" and "=<" are caught to suggest the fix)
COMPARISON = re.compile(r"\s*(==|!=|<=|>=|=>|=<|<|>|=)\s*([-+]?[0-9]+)\s*")


def load_file(path: str | os.PathLike[str], *, analyse: bool = True) -> LoadResult:
    """Read and check a scenario file; unreadable files become diagnostics too."""
    shown = os.fspath(path)
    data = read_scenario_file(shown)
    if isinstance(data, Diagnostic):
        return LoadResult(shown, None, [data])
    return load_bytes(data, shown, analyse=analyse)


def load_bytes(data: bytes, path: str, *, analyse: bool = True) -> LoadResult:
    """Check a scenario given as bytes; `path` is only used in diagnostics."""
    tree, diagnostics = source.parse(data, path)
    if tree is None:
        return LoadResult(path, None, sorted(diagnostics))
    builder = _Builder(path, diagnostics, data)
    scenario = builder.scenario(tree, hashlib.sha256(data).hexdigest())
    result = LoadResult(path, None, diagnostics)
    if scenario is not None and not has_errors(diagnostics):
        result.scenario = scenario
        if analyse:
            from offscript.engine.analysis import analyse as run_analysis
            from offscript.engine.analysis import warnings_for

            result.analysis = run_analysis(scenario)
            diagnostics.extend(warnings_for(scenario, result.analysis))
    result.diagnostics = sorted(set(diagnostics), key=lambda d: (d.line, d.col, d.code, d.message))
    return result


class _Builder:
    """Walks the marked tree once, building model objects and diagnostics."""

    def __init__(self, path: str, diagnostics: list[Diagnostic], data: bytes) -> None:
        self.path = path
        self.diagnostics = diagnostics
        self._data = data  # read again only to point inside text that runs over several lines
        self.kinds: dict[str, str] = {name: "int" for name in SCORES}
        self.variables: dict[str, Variable] = {}
        self.characters: dict[str, Character] = {}
        self.node_ids: set[str] = set()
        self.node_column = 0  # the column of the node ids under 'nodes' (0 when there are none)
        self._lost_nodes: dict[str, str] = {}  # a node indented as another's key: the hint for a goto to it
        # references are checked once every node id is known
        self._node_refs: list[tuple[str, Marked, str]] = []
        self.choice_ids: set[str] = set()  # every choice id in the file: what a check's `take` may name

    # --- reporting ---------------------------------------------------------

    def error(self, at: Marked, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, at.line, at.col, "error", code, message))

    @cached_property
    def lines(self) -> list[str]:
        """The file's lines, split only when an error inside a text needs them (a clean file never does)."""
        return self._data.decode("utf-8", errors="replace").splitlines()

    def error_in_text(self, at: Marked, text: str, offset: int, code: str, message: str) -> None:
        """An error at `offset` in a scalar's text, reported where that character stands in the file."""
        line, col = at.line, at.col + _inline_offset(at, text, offset)
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if not source.startswith(text[offset : offset + 1] or "\0", col - 1):  # text over several lines
            line, col = _source_position(self.lines, at, text, offset) or (line, col)
        self.diagnostics.append(Diagnostic(self.path, line, col, "error", code, message))

    def warning(self, at: Marked, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, at.line, at.col, "warning", code, message))

    # --- typed readers -------------------------------------------------------

    def mapping(self, node: Marked, what: str) -> Mapping | None:
        if isinstance(node, Mapping):
            return node
        hint = ""
        if isinstance(node, Scalar) and node.plain and isinstance(node.value, str):
            word = node.value.split()[0] if node.value.split() else ""
            hint = f"; {syntax_hints.colon_hint(word)}" if word in syntax_hints.format_keys() else ""
        self.error(node, "OS203", f"{what} must be a mapping of keys and values, not {_kind(node)}{hint}")
        return None

    def keys(
        self, node: Mapping, allowed: Iterable[str], required: Iterable[str], owner: Marked, what: str
    ) -> list[str]:
        """OS202 for each unknown key and OS201 for each missing one; returns the unknown keys.

        A required key that an unknown one misspells ('feedbak', 'text Ask')
        is not reported missing as well: the unknown key says what to fix.
        """
        allowed = tuple(allowed)
        unknown = [name for name in node.items if name not in allowed]
        for name in unknown:
            key, value = node.items[name]
            self.error(key, "OS202", f"unknown key '{name}' in {what}{self._unknown_hint(name, key, value, allowed)}")
        for name in required:
            if name not in node.items and not misspelt(name, unknown):
                self.error(owner, "OS201", f"{what} is missing the required key '{name}'")
        return unknown

    def _unknown_hint(self, name: str, key: Scalar, value: Marked, allowed: tuple[str, ...]) -> str:
        """What an unknown key most likely is: a node indented wrongly, a choice's key, a typo, a lost colon."""
        first = name.split()[0] if name.split() else ""
        if name in ("set", "add") and "choices" in allowed:
            return f"; set and add belong on a choice: move '{name}' under the choice that changes it"
        if self.node_column and key.col != self.node_column and (name in self.node_ids or _looks_like_node(value)):
            move = _move(key.col, self.node_column)
            self._lost_nodes[name] = f" ('{name}' on line {key.line} is indented as a key, not a node: {move})"
            self._note_swallowed(name, key, value)
            return f"; '{name}' looks like a node: {move} to line it up with the other node ids under 'nodes'"
        hint = did_you_mean(name, allowed)
        if first in allowed and first != name:
            return f"; add ':' after '{first}' (and put its text in quotes if the text holds ': ')"
        if not hint and " " in name.strip():
            return (
                "; if it is part of the text before it, put that text in quotes (a comma inside {...} starts a new key)"
            )
        return hint

    def string(self, node: Marked, what: str, *, allow_empty: bool = False) -> str | None:
        if not isinstance(node, Scalar):
            self.error(node, "OS203", f"{what} must be text, not {_kind(node)}{self._bracket_hint(node)}")
            return None
        if node.value is None and node.plain:
            if allow_empty:
                return ""
            self.error(node, "OS203", f"{what} is empty; write the text after the colon")
            return None
        text = node.text if node.plain else str(node.value)
        if not text.strip() and not allow_empty:
            self.error(node, "OS204", f"{what} is empty")
            return None
        return text

    def _note_swallowed(self, name: str, key: Scalar, value: Marked) -> None:
        """Nodes read as keys of a node-like key out of place (the nodes after 'cheap:' at column 0): say why."""
        for inner, (inner_key, inner_value) in value.items.items() if isinstance(value, Mapping) else ():
            if _looks_like_node(inner_value) and inner not in self._lost_nodes:
                self._lost_nodes[inner] = (
                    f" ('{inner}' on line {inner_key.line} is read as part of '{name}' on line {key.line}, "
                    "which is not indented like a node)"
                )

    def _bracket_hint(self, node: Marked) -> str:
        """'; put the text in quotes...' when the list or mapping was text that starts with '[' or '{'."""
        line = self.lines[node.line - 1] if 0 < node.line <= len(self.lines) else ""
        bracket = line[node.col - 1 : node.col]
        return f"; {syntax_hints.bracket_hint(bracket)}" if bracket in ("[", "{") else ""

    def integer(self, node: Marked, what: str) -> int | None:
        if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
            return node.value
        self.error(node, "OS203", f"{what} must be a whole number, not {_kind(node)}")
        return None

    def boolean(self, node: Marked, what: str) -> bool | None:
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            return node.value
        self.error(node, "OS203", f"{what} must be true or false, not {_kind(node)}{_quoted_truth(node)}")
        return None

    def value(self, node: Marked, what: str) -> int | bool | None:
        if isinstance(node, Scalar) and isinstance(node.value, int):
            return node.value
        self.error(
            node, "OS203", f"{what} must be a whole number or true/false, not {_kind(node)}{_quoted_truth(node)}"
        )
        return None

    def optional(
        self, node: Mapping, key: str, read: Callable[[Marked, str], object], what: str, default: object = None
    ) -> object:
        if key not in node.items:
            return default
        value = read(node.items[key][1], what)
        return default if value is None else value

    # --- the scenario ---------------------------------------------------------

    def _find_nodes(self, tree: Mapping) -> None:
        """Note the node ids and their column first, so that a key anywhere can be recognised as a lost node."""
        nodes = tree.items.get("nodes", (None, None))[1]
        if isinstance(nodes, Mapping) and nodes.items:
            self.node_ids = set(nodes.items)
            self.node_column = next(iter(nodes.items.values()))[0].col

    def scenario(self, tree: Marked, content_hash: str) -> Scenario | None:
        top = Scalar(None, "", 1, 1, True)
        if not isinstance(tree, Mapping):
            self.error(top, "OS200", f"the file must be a mapping of keys (offscript, id, title...), not {_kind(tree)}")
            return None
        self._find_nodes(tree)
        self.keys(tree, TOP_KEYS, TOP_REQUIRED, top, "the scenario")
        items = tree.items
        if "offscript" in items:
            version = items["offscript"][1]
            if not (isinstance(version, Scalar) and version.value == 1 and not isinstance(version.value, bool)):
                self.error(version, "OS204", f"'offscript' must be 1 (the format version), not '{_text(version)}'")
        scenario_id = self.optional(tree, "id", self.string, "id")
        if isinstance(scenario_id, str) and not SCENARIO_ID.fullmatch(scenario_id):
            self.error(
                items["id"][1],
                "OS205",
                f"id '{scenario_id}' must be lowercase letters, digits and dashes, like 'first-call'",
            )
        title = self.optional(tree, "title", self.string, "title")
        summary = self.optional(tree, "summary", self.string, "summary")
        briefing = self.optional(tree, "briefing", self.string, "briefing", "")
        difficulty = self.optional(tree, "difficulty", self.string, "difficulty", "intermediate")
        if difficulty not in DIFFICULTIES:
            self.error(
                items["difficulty"][1],
                "OS204",
                f"difficulty '{difficulty}' must be one of {', '.join(DIFFICULTIES)}"
                f"{did_you_mean(str(difficulty), DIFFICULTIES)}",
            )
        minutes = self.optional(tree, "minutes", self.integer, "minutes")
        if isinstance(minutes, int) and minutes <= 0:
            self.error(items["minutes"][1], "OS204", "minutes must be a positive whole number")
        language = self.optional(tree, "language", self.string, "language", "en")
        if not LANGUAGE.fullmatch(str(language)):
            self.error(items["language"][1], "OS204", f"language '{language}' must be a language tag such as 'en'")
        tags = self._tags(items["tags"][1]) if "tags" in items else ()
        if "characters" in items:
            self._characters(items["characters"][1])
        if "variables" in items:
            self._variables(items["variables"][1])
        nodes = self._nodes(items["nodes"]) if "nodes" in items else {}
        if "start" in items:
            start = self.string(items["start"][1], "start")
            if start is not None:
                self._node_refs.append((start, items["start"][1], "start"))
        else:
            start = None
        facilitator = self._facilitator(items["facilitator"][1]) if "facilitator" in items else None
        checks = self._checks(items["checks"], nodes, start) if "checks" in items else ()
        self._check_node_refs(nodes)
        if has_errors(self.diagnostics) or None in (scenario_id, title, summary, start):
            return None
        return Scenario(
            id=str(scenario_id),
            title=str(title),
            summary=str(summary),
            start=str(start),
            nodes=nodes,
            briefing=str(briefing),
            difficulty=str(difficulty),
            minutes=minutes if isinstance(minutes, int) else None,
            tags=tags,
            language=str(language),
            characters=dict(self.characters),
            variables=dict(self.variables),
            path=self.path,
            content_hash=content_hash,
            facilitator=facilitator,
            places=_places(tree),
            checks=checks,
        )

    def _tags(self, node: Marked) -> tuple[str, ...]:
        if not isinstance(node, Sequence):
            self.error(node, "OS203", f"tags must be a list such as [negotiation, b2b], not {_kind(node)}")
            return ()
        return tuple(t for t in (self.string(item, "a tag") for item in node.items) if t is not None)

    def _characters(self, node: Marked) -> None:
        table = self.mapping(node, "characters")
        if table is None:
            return
        for name, (key, value) in table.items.items():
            if name in PREDEFINED_CHARACTERS:
                self.error(key, "OS205", f"the character '{name}' is predefined; choose another id")
                continue
            if not NAME.fullmatch(name):
                self.error(key, "OS205", f"character id '{name}' must be a word of letters, digits and _")
                continue
            entry = self.mapping(value, f"character '{name}'")
            if entry is None:
                continue
            self.keys(entry, ("name", "role"), ("name",), key, f"character '{name}'")
            full_name = self.optional(entry, "name", self.string, "name")
            role = self.optional(entry, "role", self.string, "role", "")
            self.characters[name] = Character(name, str(full_name or name), str(role))

    def _variables(self, node: Marked) -> None:
        table = self.mapping(node, "variables")
        if table is None:
            return
        for name, (key, value) in table.items.items():
            if name in SCORES:
                self.error(key, "OS206", f"'{name}' is one of the three scores and cannot be declared as a variable")
                continue
            if not NAME.fullmatch(name) or name in ("and", "or", "not", "true", "false"):
                self.error(key, "OS205", f"variable name '{name}' must be a word of letters, digits and _")
                continue
            variable = self._variable(name, key, value)
            if variable is not None:
                self.variables[name] = variable
                self.kinds[name] = variable.kind

    def _variable(self, name: str, key: Scalar, node: Marked) -> Variable | None:
        if not isinstance(node, Mapping):
            initial = self.value(node, f"variable '{name}'")
            return None if initial is None else Variable(name, initial)
        self.keys(node, VARIABLE_KEYS, ("initial",), key, f"variable '{name}'")
        if "initial" not in node.items:
            return None
        initial_node = node.items["initial"][1]
        initial = self.value(initial_node, f"the initial value of '{name}'")
        if initial is None:
            return None
        if isinstance(initial, bool):
            extra = [k for k in ("min", "max", "label", "show") if k in node.items]
            if extra:
                self.error(
                    node.items[extra[0]][0],
                    "OS207",
                    f"'{name}' is true/false; the long form ({extra[0]}) is for whole numbers only. "
                    f"Write '{name}: {str(initial).lower()}'",
                )
            return Variable(name, initial)
        low = self.optional(node, "min", self.integer, f"min of '{name}'")
        high = self.optional(node, "max", self.integer, f"max of '{name}'")
        label = self.optional(node, "label", self.string, f"label of '{name}'", "")
        show = self.optional(node, "show", self.boolean, f"show of '{name}'", False)
        if isinstance(low, int) and isinstance(high, int) and low > high:
            self.error(node.items["min"][1], "OS207", f"min of '{name}' ({low}) is greater than its max ({high})")
        elif (isinstance(low, int) and initial < low) or (isinstance(high, int) and initial > high):
            self.error(initial_node, "OS207", f"the initial value of '{name}' ({initial}) is outside min..max")
        return Variable(
            name,
            initial,
            low if isinstance(low, int) else None,
            high if isinstance(high, int) else None,
            str(label),
            bool(show),
        )

    # --- nodes ---------------------------------------------------------------

    def _nodes(self, entry: tuple[Scalar, Marked]) -> dict[str, Node]:
        key, node = entry
        table = self.mapping(node, "nodes")
        if table is None:
            return {}
        if not table.items:
            self.error(key, "OS204", "nodes is empty; a scenario needs at least a start node and an ending")
        self.node_ids = set(table.items)
        nodes: dict[str, Node] = {}
        for name, (node_key, value) in table.items.items():
            if not NODE_ID.fullmatch(name):
                self.error(
                    node_key,
                    "OS205",
                    f"node id '{name}' must start with a letter or _ and hold only letters, digits, _ and -",
                )
            built = self._node(name, node_key, value)
            if built is not None:
                nodes[name] = built
        self._check_branch_loops(nodes)
        return nodes

    def _node(self, name: str, key: Scalar, value: Marked) -> Node | None:
        table = self.mapping(value, f"node '{name}'")
        if table is None:
            return None
        items = table.items
        kinds = [k for k in NODE_KINDS if k in items]
        unknown = self.keys(table, NODE_KEYS, (), key, f"node '{name}'")
        if not kinds and any(misspelt(kind, unknown) for kind in NODE_KINDS):
            return None  # 'chioces': the unknown key says what to fix
        if len(kinds) != 1:
            found = "none of" if not kinds else "several of"
            self.error(
                key,
                "OS303",
                f"node '{name}' has {found} choices/next/branch/ending; give it exactly one"
                + (f" (it has {', '.join(kinds)})" if kinds else ""),
            )
            return None
        kind = kinds[0]
        if kind == "branch":
            others = [k for k in items if k != "branch"]
            for other in others:
                if other in NODE_KEYS:
                    self.error(
                        items[other][0],
                        "OS304",
                        f"a branch node only routes and shows nothing; remove '{other}' or make it a separate node",
                    )
            return Node(name, "branch", branch=self._branch(name, items["branch"][1]), line=key.line, col=key.col)
        if "text" not in items and not misspelt("text", unknown):
            self.error(key, "OS201", f"node '{name}' is missing the required key 'text'")
        text = self.optional(table, "text", self.string, f"text of '{name}'")
        if isinstance(text, str):
            self._check_template(text, items["text"][1], f"the text of '{name}'")
        speaker = self.optional(table, "speaker", self.string, "speaker", "narrator")
        if speaker not in self.characters and speaker not in PREDEFINED_CHARACTERS:
            self.error(
                items["speaker"][1],
                "OS301",
                f"speaker '{speaker}' is not a character{self._character_hint(str(speaker))}",
            )
        mood = self.optional(table, "mood", self.string, "mood", "")
        discuss = self.optional(table, "discuss", self.string, "discuss", "")
        if discuss:  # the game fills in {name} here too
            self._check_template(str(discuss), table.items["discuss"][1], f"discuss of '{name}'")
        notes = self.optional(table, "notes", self.string, f"notes of '{name}'", "")
        common: dict[str, Any] = dict(
            id=name,
            text=str(text or ""),
            speaker=str(speaker),
            mood=str(mood),
            discuss=str(discuss),
            line=key.line,
            col=key.col,
            notes=str(notes),
        )
        target = items[kind][1]
        if kind == "choices":
            return Node(kind="choices", choices=self._choices(name, target), **common)
        if kind == "next":
            goto = self.string(target, "next")
            if goto is not None:
                self._node_refs.append((goto, target, "next"))
            return Node(kind="next", next=goto or "", **common)
        return Node(kind="ending", ending=self._ending(name, items["ending"]), **common)

    def _ending(self, name: str, entry: tuple[Scalar, Marked]) -> Ending | None:
        table = self.mapping(entry[1], f"the ending of '{name}'")
        if table is None:
            return None
        self.keys(table, ENDING_KEYS, ("title", "outcome"), entry[0], f"the ending of '{name}'")
        title = self.optional(table, "title", self.string, "ending title")
        outcome = self.optional(table, "outcome", self.string, "outcome")
        if outcome is not None and outcome not in OUTCOMES:
            self.error(
                table.items["outcome"][1],
                "OS204",
                f"outcome '{outcome}' must be success, partial or failure{did_you_mean(str(outcome), OUTCOMES)}",
            )
        debrief = self.optional(table, "debrief", self.string, "debrief", "")
        if debrief:
            self._check_template(str(debrief), table.items["debrief"][1], f"the debrief of '{name}'")
        if title is None or outcome not in OUTCOMES:
            return None
        return Ending(str(title), outcome, str(debrief))  # type: ignore[arg-type]

    def _branch(self, name: str, node: Marked) -> tuple[BranchEntry, ...]:
        if not isinstance(node, Sequence) or not node.items:
            self.error(node, "OS203", f"branch of '{name}' must be a non-empty list of {{if: ..., goto: ...}}")
            return ()
        entries: list[BranchEntry] = []
        for index, item in enumerate(node.items):
            table = self.mapping(item, "a branch entry")
            if table is None:
                continue
            self.keys(table, ("if", "goto"), ("goto",), item, "a branch entry")
            last = index == len(node.items) - 1
            if last and "if" in table.items:
                self.error(
                    table.items["if"][0],
                    "OS305",
                    f"the last entry of branch '{name}' must have no 'if', so the branch always goes "
                    "somewhere; add a final '- goto: ...'",
                )
            if not last and "if" not in table.items:
                self.error(
                    item,
                    "OS305",
                    f"only the last entry of branch '{name}' may leave out 'if'; "
                    "the entries after this one could never be taken",
                )
            condition, text = self._condition(table)
            goto = self._goto(table)
            entries.append(BranchEntry(goto, condition, text, item.line, item.col, _places(table)))
        return tuple(entries)

    def _choices(self, name: str, node: Marked) -> tuple[Choice, ...]:
        if not isinstance(node, Sequence) or not node.items:
            self.error(node, "OS203", f"choices of '{name}' must be a non-empty list")
            return ()
        items = self._rejoin_split_items(node, "choice", ("text", "goto"))
        labelled = ((item, _choice_label(item, number, name)) for number, item in enumerate(items, 1))
        choices = tuple(c for c in (self._choice(item, label) for item, label in labelled) if c is not None)
        self._check_choice_ids(name, node)
        return choices

    def _rejoin_split_items(self, node: Sequence, what: str, required: tuple[str, ...]) -> list[Marked]:
        """The items of a list, with an item split in two by a stray '- ' read as one, and said so.

        A '- ' in front of a key in the middle of a choice ('- goto: b')
        starts a new item: one without goto, then one without text. When two
        items each lack what the other has and share no key, reporting the
        dash once and checking the keys as the one item they were meant to be
        says what to fix and nothing else.
        """
        joined: list[Marked] = []
        for item in node.items:
            previous = joined[-1] if joined else None
            if not (isinstance(previous, Mapping) and isinstance(item, Mapping) and _halves(previous, item, required)):
                joined.append(item)
                continue
            key = next(iter(item.items))
            lacks = " or ".join(f"'{name}'" for name in required if name not in item.items)
            self.error(
                item,
                "OS109",
                f"the '- ' before '{key}' starts a new {what} (one without {lacks}); if '{key}' belongs to the "
                f"{what} above, remove the '- ' and line '{key}' up with that {what}'s keys",
            )
            joined[-1] = Mapping({**previous.items, **item.items}, previous.line, previous.col)
        return joined

    def _choice(self, item: Marked, label: str) -> Choice | None:
        """One choice; `label` ("choice 2 in 'intro'") says which in messages about its texts."""
        table = self.mapping(item, "a choice")
        if table is None:
            return None
        unknown = self.keys(table, CHOICE_KEYS, ("text", "goto"), item, "a choice")
        items = table.items
        text = self.optional(table, "text", self.string, "choice text")
        if isinstance(text, str):
            self._check_template(text, items["text"][1], f"the text of {label}")
        condition, condition_text = self._condition(table)
        goto = self._goto(table)
        once = self.optional(table, "once", self.boolean, "once", False)
        feedback = self.optional(table, "feedback", self.string, "feedback", "")
        if feedback:
            self._check_template(str(feedback), items["feedback"][1], f"the feedback of {label}")
        if "feedback" not in items and not misspelt("feedback", unknown):
            self.warning(item, "OS402", "choice has no feedback; add the coach's short 'why'")
        score = self._score(items["score"][1]) if "score" in items else {}
        sets = self._assignments(items["set"][1], "set") if "set" in items else {}
        adds = self._assignments(items["add"][1], "add") if "add" in items else {}
        choice_id = self._choice_id(items["id"][1]) if "id" in items else ""
        return Choice(
            str(text or ""),
            goto,
            condition,
            condition_text,
            bool(once),
            score,
            str(feedback),
            sets,
            adds,
            item.line,
            id=choice_id,
            col=item.col,
            places=_places(table),
        )

    def _goto(self, table: Mapping) -> str:
        if "goto" not in table.items:
            return ""
        node = table.items["goto"][1]
        goto = self.string(node, "goto")
        if goto is not None:
            self._node_refs.append((goto, node, "goto"))
        return goto or ""

    def _score_entries(self, table: Mapping) -> Iterator[tuple[str, Marked]]:
        """Each entry of a table keyed by score names; an unknown name is reported once, and skipped."""
        for name, (key, value) in table.items.items():
            if name in SCORES:
                yield name, value
            else:
                self.error(
                    key,
                    "OS202",
                    f"'{name}' is not a score; the scores are {', '.join(SCORES)}{did_you_mean(name, SCORES)}",
                )

    def _score(self, node: Marked) -> dict[str, int]:
        table = self.mapping(node, "score")
        if table is None:
            return {}
        score: dict[str, int] = {}
        for name, value in self._score_entries(table):
            points = self.integer(value, f"score '{name}'")
            if points is None:
                continue
            if not -SCORE_LIMIT <= points <= SCORE_LIMIT:
                self.error(
                    value,
                    "OS204",
                    f"score '{name}' is {points}; use a whole number from -{SCORE_LIMIT} to {SCORE_LIMIT}",
                )
                continue
            score[name] = points
        return score

    def _assignments(self, node: Marked, verb: str) -> dict[str, int | bool]:
        table = self.mapping(node, verb)
        if table is None:
            return {}
        result: dict[str, int | bool] = {}
        for name, (key, value) in table.items.items():
            variable = self.variables.get(name)
            if variable is None:
                hint = " (scores change through 'score')" if name in SCORES else did_you_mean(name, self.variables)
                self.error(key, "OS302", f"{verb}: '{name}' is not a declared variable{hint}")
                continue
            amount = self.value(value, f"{verb} '{name}'")
            if amount is None:
                continue
            if verb == "add" and (variable.kind == "bool" or isinstance(amount, bool)):
                self.error(
                    value,
                    "OS308",
                    f"add: '{name}' is true/false; use 'set' for it"
                    if variable.kind == "bool"
                    else f"add: '{name}' needs a whole number, not true/false",
                )
                continue
            if verb == "set" and (variable.kind == "bool") != isinstance(amount, bool):
                wanted = "true or false" if variable.kind == "bool" else "a whole number"
                self.error(value, "OS308", f"set: '{name}' holds {wanted}, so it cannot be set to {_text(value)}")
                continue
            result[name] = amount
        return result

    def _condition(self, table: Mapping) -> tuple[Expr | None, str]:
        if "if" not in table.items:
            return None, ""
        node = table.items["if"][1]
        if isinstance(node, Scalar) and isinstance(node.value, bool):
            text: str | None = "true" if node.value else "false"  # YAML reads yes/no/on/off as true/false
        else:
            text = self.string(node, "if")
        if text is None:
            return None, ""
        try:
            expr = parse_condition(text)
            for name in names_in(expr):
                if name.name not in self.kinds:
                    raise ConditionError(
                        f"'{name.name}' is not a variable or score{_name_hint(name.name, self.kinds)}",
                        name.offset,
                        "OS302",
                    )
            check_types(expr, self.kinds)  # type: ignore[arg-type]
        except ConditionError as exc:
            self.error_in_text(node, text, exc.offset, exc.code, f"condition '{_excerpt(text.strip())}': {exc}")
            return None, text
        return expr, text

    def _check_template(self, text: str, node: Marked, what: str) -> None:
        """Check the `{name}`s of a text the game fills in; every message names the field (`what`)."""
        if isinstance(node, Scalar) and node.cut_by_comment:
            self.warning(
                node,
                "OS405",
                f"{what} stops at '{text[-20:]}': YAML reads ' #' and what follows as "
                "a comment; put the whole text in quotes if the # belongs to it",
            )
        try:
            for name, offset in template_names(text):
                if name not in self.kinds:
                    self.error_in_text(
                        node,
                        text,
                        offset,
                        "OS302",
                        f"'{{{name}}}' in {what} is not a variable or score{did_you_mean(name, self.kinds)}",
                    )
        except ConditionError as exc:
            self.error_in_text(node, text, exc.offset, exc.code, f"{what}: {exc}")

    def _check_node_refs(self, nodes: dict[str, Node]) -> None:
        """Every goto, next and start names a node; one written as a node's text or a name gets its id."""
        labels: dict[str, list[str]] = {node_id: [] for node_id in self.node_ids}
        for node_id, node in nodes.items():
            labels[node_id] = [node.text.strip().strip("\"'")]
        for name, at, what in self._node_refs:
            if name not in self.node_ids:
                hint = self._lost_nodes.get(name) or suggest_id(name, labels, "text")
                self.error(at, "OS300", f"{what} '{name}' is not a node{hint}")

    def _character_hint(self, speaker: str) -> str:
        """A speaker written as a character's name ('Marco Ferri') or a near miss gets the character's id."""
        labels: dict[str, list[str]] = {name: [] for name in PREDEFINED_CHARACTERS}
        labels.update({key: [character.name] for key, character in self.characters.items()})
        return suggest_id(speaker, labels)

    def _check_branch_loops(self, nodes: dict[str, Node]) -> None:
        """Branch nodes that only lead to each other would route forever."""
        for start, node in nodes.items():
            if node.kind != "branch":
                continue
            seen: set[str] = set()
            frontier = list(node.targets())
            while frontier:
                current = frontier.pop()
                if current == start:
                    self.diagnostics.append(
                        Diagnostic(
                            self.path,
                            node.line,
                            node.col,
                            "error",
                            "OS310",
                            f"branch node '{start}' can lead back to itself through "
                            "branch nodes only, which would loop forever",
                        )
                    )
                    break
                if current not in seen and current in nodes and nodes[current].kind == "branch":
                    seen.add(current)
                    frontier.extend(nodes[current].targets())

    # --- format 1.1: facilitator material, choice ids, checks ----------------

    def _facilitator(self, node: Marked) -> Facilitator | None:
        """The class-time material: read and checked like the rest, though no player ever sees it."""
        table = self.mapping(node, "facilitator")
        if table is None:
            return None
        self.keys(table, FACILITATOR_KEYS, (), node, "facilitator")
        items = table.items
        goals = self._texts(items["goals"][1], "goals") if "goals" in items else ()
        principles = self._texts(items["principles"][1], "principles") if "principles" in items else ()
        minutes = self.optional(table, "minutes", self.integer, "facilitator minutes")
        if isinstance(minutes, int) and minutes <= 0:
            self.error(items["minutes"][1], "OS204", "facilitator minutes must be a positive whole number")
        notes = self.optional(table, "notes", self.string, "facilitator notes", "")
        minutes = minutes if isinstance(minutes, int) and minutes > 0 else None
        return Facilitator(goals, principles, minutes, str(notes))

    def _texts(self, node: Marked, what: str) -> tuple[str, ...]:
        if not isinstance(node, Sequence):
            self.error(node, "OS203", f"{what} must be a list, one item per line starting with '- ', not {_kind(node)}")
            return ()
        return tuple(t for t in (self.string(item, f"an item of {what}") for item in node.items) if t is not None)

    def _choice_id(self, node: Marked) -> str:
        choice_id = self.string(node, "choice id")
        if choice_id is None:
            return ""
        if not CHOICE_ID.fullmatch(choice_id):
            self.error(
                node,
                "OS205",
                f"choice id '{choice_id}' must be lowercase letters, digits, - and _ (at most 64), like 'ask-why'",
            )
            return ""
        self.choice_ids.add(choice_id)
        return choice_id

    def _check_choice_ids(self, name: str, node: Sequence) -> None:
        """A choice id names one choice of its node: checks and class logs must never have to guess."""
        first: dict[str, int] = {}
        for item in node.items:
            if not isinstance(item, Mapping) or "id" not in item.items:
                continue
            value = item.items["id"][1]
            if not isinstance(value, Scalar) or value.value is None:
                continue
            if value.text in first:
                self.error(
                    value,
                    "OS311",
                    f"choice id '{value.text}' is already used in node '{name}' (line {first[value.text]}); "
                    "give each choice of a node its own id",
                )
            else:
                first[value.text] = value.line

    def _checks(self, entry: tuple[Scalar, Marked], nodes: dict[str, Node], start: str | None) -> tuple[Check, ...]:
        """The static parts of the checks; `playtest` plays them."""
        node = entry[1]
        if not isinstance(node, Sequence):
            self.error(node, "OS203", f"checks must be a list, each check starting with '- name:', not {_kind(node)}")
            return ()
        names: dict[str, int] = {}
        checks = (self._check(item, nodes, start, names) for item in node.items)
        return tuple(check for check in checks if check is not None)

    def _check(self, item: Marked, nodes: dict[str, Node], start: str | None, names: dict[str, int]) -> Check | None:
        table = self.mapping(item, "a check")
        if table is None:
            return None
        self.keys(table, CHECK_KEYS, ("name", "take", "expect"), item, "a check")
        items = table.items
        name = self.optional(table, "name", self.string, "check name")
        if isinstance(name, str):
            self._check_name(name, items["name"][1], names)
        take = self._take(items["take"][1]) if "take" in items else None
        begin = start
        if "from" in items:
            begin = self.string(items["from"][1], "from")
            if begin is not None:
                self._node_refs.append((begin, items["from"][1], "from"))
        sets = self._check_set(items["set"][1]) if "set" in items else {}
        expect = self._expectation(items["expect"], nodes) if "expect" in items else None
        if name is None or take is None or expect is None or begin is None:
            return None
        return Check(str(name), take, expect, begin, sets, item.line, item.col)

    def _check_name(self, name: str, node: Marked, names: dict[str, int]) -> None:
        """A check's name is how `playtest` reports it: two alike could not be told apart."""
        if name in names:
            self.error(
                node, "OS312", f"check name '{name}' is already used (line {names[name]}); give each check its own name"
            )
        else:
            names[name] = node.line

    def _take(self, node: Marked) -> tuple[str | int, ...] | None:
        if not isinstance(node, Sequence):
            self.error(node, "OS203", f"take must be a list such as [ask-why, 2], not {_kind(node)}")
            return None
        steps = (self._step(item) for item in node.items)
        return tuple(step for step in steps if step is not None)

    def _step(self, node: Marked) -> str | int | None:
        """One decision of a check: a choice number (from 1) or the id of some choice in the scenario."""
        if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
            if node.value < 1:
                self.error(node, "OS204", f"take: {node.value} is not a choice number; choices are numbered from 1")
                return None
            return node.value
        step = self.string(node, "a step of take")
        if step is None:
            return None
        if step not in self.choice_ids:
            hint = did_you_mean(step, self.choice_ids) or (
                "; give that choice an 'id:' or use its number" if not self.choice_ids else ""
            )
            self.error(node, "OS313", f"take: '{step}' is not the id of any choice{hint}")
            return None
        return step

    def _check_set(self, node: Marked) -> dict[str, int | bool]:
        """Like a choice's `set`, and within the variable's min..max: a run never holds a value outside them."""
        values = self._assignments(node, "set")
        for name, value in values.items():
            variable = self.variables[name]
            if not isinstance(value, bool) and variable.clamp(value) != value:
                at = node.items[name][1] if isinstance(node, Mapping) else node
                self.error(
                    at,
                    "OS204",
                    f"set: '{name}' is kept within {variable.min}..{variable.max}, so no run can have it at {value}",
                )
        return values

    def _expectation(self, entry: tuple[Scalar, Marked], nodes: dict[str, Node]) -> Expectation | None:
        key, node = entry
        table = self.mapping(node, "expect")
        if table is None:
            return None
        self.keys(table, EXPECT_KEYS, (), key, "expect")
        items = table.items
        if not any(k in items for k in EXPECT_KEYS):
            self.error(key, "OS314", "expect holds nothing to check; give at least one of ending, outcome or scores")
            return None
        ending = self._expected_ending(items["ending"][1], nodes) if "ending" in items else ""
        outcome = self.optional(table, "outcome", self.string, "outcome")
        if outcome is not None and outcome not in OUTCOMES:
            self.error(
                items["outcome"][1],
                "OS204",
                f"outcome '{outcome}' must be success, partial or failure{did_you_mean(str(outcome), OUTCOMES)}",
            )
        reached = nodes[ending].ending if ending in nodes else None
        if reached is not None and outcome in OUTCOMES and reached.outcome != outcome:
            self.error(
                items["outcome"][1],
                "OS314",
                f"expect: the ending '{ending}' is a {reached.outcome}, so outcome {outcome} can never hold",
            )
        scores = self._expected_scores(items["scores"][1]) if "scores" in items else {}
        return Expectation(ending, cast(Outcome, outcome) if outcome in OUTCOMES else None, scores)

    def _expected_ending(self, node: Marked, nodes: dict[str, Node]) -> str:
        ending = self.string(node, "ending")
        if ending is None:
            return ""
        self._node_refs.append((ending, node, "ending"))
        target = nodes.get(ending)
        if target is not None and target.kind != "ending":
            endings = [n for n, built in nodes.items() if built.kind == "ending"]
            self.error(
                node,
                "OS314",
                f"expect: '{ending}' is a {target.kind} node, not an ending{did_you_mean(ending, endings)}",
            )
        return ending

    def _expected_scores(self, node: Marked) -> dict[str, Comparison]:
        table = self.mapping(node, "scores")
        if table is None:
            return {}
        scores: dict[str, Comparison] = {}
        for name, value in self._score_entries(table):
            comparison = self._comparison(value, name)
            if comparison is not None:
                scores[name] = comparison
        return scores

    def _unquoted_comparison(self, node: Marked) -> str:
        """The comparison written at `node` without quotes when YAML read it as an empty block text, else ''."""
        if not isinstance(node, Scalar) or node.plain or node.text.strip():
            return ""
        line = self.lines[node.line - 1] if 0 < node.line <= len(self.lines) else ""
        found = COMPARISON.match(line[node.col - 1 :].strip())
        return found.group() if found else ""

    def _comparison(self, node: Marked, name: str) -> Comparison | None:
        """`">= 3"`: an operator and a whole number, in quotes (a bare `>` would start a YAML block)."""
        if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
            self.error(
                node,
                "OS315",
                f'scores: \'{name}\' needs a comparison in quotes, such as ">= {node.value}" or "== {node.value}"',
            )
            return None
        written = self._unquoted_comparison(node)
        if written:  # '>3' read as a folded text with indentation 3: empty
            self.error(node, "OS315", f'scores: a comparison must be quoted: write {name}: "{written}"')
            return None
        text = self.string(node, f"the expected {name}")
        if text is None:
            return None
        match = COMPARISON.fullmatch(text)
        if match is None or match[1] not in COMPARISON_OPERATORS:
            fix = {"=>": ">=", "=<": "<=", "=": "=="}.get(match[1]) if match else None
            hint = f"; write '{fix}'" if fix else ""
            self.error(
                node,
                "OS315",
                f"scores: '{_excerpt(text)}' for '{name}' is not a comparison such as \">= 3\" "
                f"(one of {', '.join(COMPARISON_OPERATORS)}, then a whole number){hint}",
            )
            return None
        return Comparison(cast(ComparisonOp, match[1]), int(match[2]))


def _places(table: Mapping) -> dict[str, tuple[int, int]]:
    """Where each key's value stands: what a finding about one part of a choice or entry points at."""
    return {key: (value.line, value.col) for key, (_, value) in table.items.items()}


def _quoted_truth(node: Marked) -> str:
    """For "yes", "no", "on", "off" in quotes where true/false belongs: quotes make them text."""
    meant = truth_word(node.text) if isinstance(node, Scalar) and not node.plain else None
    return f"; write {meant} without quotes" if meant else ""


def _name_hint(name: str, known: Iterable[str]) -> str:
    """For an unknown name in a condition: 'true'/'false' for yes, no, on, off; else a near miss."""
    meant = truth_word(name)
    if meant is not None:
        return f" (write '{meant}': conditions spell truth values true and false)"
    return did_you_mean(name, known)


def _inline_offset(node: Marked, text: str, offset: int) -> int:
    """Columns from a scalar's start to `offset` in its text, when both sit on one line."""
    if not isinstance(node, Scalar) or "\n" in text or (not node.plain and node.text != text):
        return 0
    return offset + (0 if node.plain else 1)  # a quoted scalar's text starts after the quote


def _source_position(lines: list[str], node: Marked, text: str, offset: int) -> tuple[int, int] | None:
    """Where a character of a text that runs over several lines stands in the file, or None.

    Block text (| or >) and quoted text keep their words in order and change only
    line breaks and indentation, so the piece of text at `offset` (a whole `{...}`,
    or the one character) is found on the lines from the scalar's start, counted
    as many times as it occurs before `offset`.
    """
    if not isinstance(node, Scalar):
        return None
    close = text.find("}", offset) if text.startswith("{", offset) else -1
    piece = text[offset : close + 1] if close != -1 and "\n" not in text[offset:close] else text[offset : offset + 1]
    if not piece.strip():
        return None
    wanted, seen = text.count(piece, 0, offset), 0
    for index in range(node.line - 1, len(lines)):
        line = lines[index]
        found = line.find(piece, node.col - 1 if index == node.line - 1 else 0)
        while found != -1:
            if seen == wanted:
                return index + 1, found + 1
            seen += 1
            found = line.find(piece, found + len(piece))
    return None


def _excerpt(text: str, limit: int = 60) -> str:
    """A text short enough to quote in a one-line message (a condition can be thousands of characters)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def misspelt(name: str, unknown: Iterable[str]) -> bool:
    """True when one of the unknown keys is `name` misspelt or followed by text (a lost colon)."""
    return any(did_you_mean(other, (name,)) or other.split()[:1] == [name] for other in unknown)


def _choice_label(item: Marked, number: int, node: str) -> str:
    """How a message names a choice: by its id when it has a usable one, else by its place in the node."""
    found = item.items.get("id") if isinstance(item, Mapping) else None
    written = found[1] if found is not None else None
    if isinstance(written, Scalar) and isinstance(written.value, str) and written.value.strip():
        return f"choice '{written.value}' in '{node}'"
    return f"choice {number} in '{node}'"


def _halves(first: Mapping, second: Mapping, required: tuple[str, ...]) -> bool:
    """True when two items share no key and each lacks a required key only the other has: one item, split."""
    if set(first.items) & set(second.items):
        return False
    lacking = [name for name in required if name not in first.items or name not in second.items]
    return bool(lacking) and all(name in first.items or name in second.items for name in required)


def _looks_like_node(value: Marked) -> bool:
    """True for a mapping with the keys of a node (text, speaker, choices...) under it."""
    return isinstance(value, Mapping) and any(name in NODE_KEYS for name in value.items)


def _move(col: int, wanted: int) -> str:
    """'move it 2 spaces left' (or right): the way from `col` to `wanted`."""
    step = abs(col - wanted)
    return f"move it {step} space{'' if step == 1 else 's'} {'left' if col > wanted else 'right'}"


def _kind(node: Marked) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if node.value is None:
        return "empty"
    if isinstance(node.value, bool):
        return f"true/false ('{node.text}')"
    if isinstance(node.value, (int, float)):
        return f"the number {node.text}"
    return f"the text '{node.text[:40]}'"


def _text(node: Marked) -> str:
    return node.text if isinstance(node, Scalar) else _kind(node)
