"""The scenario model: frozen values built by the loader, read by everyone else.

Once loaded, a scenario never changes; a playthrough only points into it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from offscript.engine.conditions import COMPARISONS, Expr, Value

SCORES: tuple[str, ...] = ("empathy", "ownership", "customer_first")
SCORE_LABELS: Mapping[str, str] = {"empathy": "Empathy", "ownership": "Ownership", "customer_first": "Customer first"}
OUTCOMES: tuple[str, ...] = ("success", "partial", "failure")
DIFFICULTIES: tuple[str, ...] = ("beginner", "intermediate", "advanced")
Outcome = Literal["success", "partial", "failure"]
ComparisonOp = Literal["==", "!=", "<", "<=", ">", ">="]
NodeKind = Literal["choices", "next", "branch", "ending"]
PREDEFINED_CHARACTERS: tuple[str, ...] = ("you", "narrator")
SCORE_LIMIT = 10  # a choice's score in each dimension lies within -SCORE_LIMIT..SCORE_LIMIT

# The forms of ids and names, always matched whole (fullmatch: with match() and '$',
# an id with a trailing newline passed). They live here, beside the model, so that
# checking a cached scenario (`invariants`) or a data file needs neither the loader
# nor the YAML parser.
SCENARIO_ID_PATTERN = r"[a-z0-9][a-z0-9-]{0,63}"
CHOICE_ID_PATTERN = r"[a-z0-9][a-z0-9_-]{0,63}"  # format 1.1: a choice's stable name
NODE_ID_PATTERN = r"[A-Za-z_][A-Za-z0-9_-]*"
SCENARIO_ID = re.compile(SCENARIO_ID_PATTERN)
NODE_ID = re.compile(NODE_ID_PATTERN)
CHOICE_ID = re.compile(CHOICE_ID_PATTERN)
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Character:
    id: str
    name: str
    role: str = ""


@dataclass(frozen=True)
class Variable:
    """An integer or boolean the scenario tracks; its type is fixed by `initial`."""

    name: str
    initial: Value
    min: int | None = None
    max: int | None = None
    label: str = ""
    show: bool = False

    @property
    def kind(self) -> Literal["int", "bool"]:
        return "bool" if isinstance(self.initial, bool) else "int"

    def clamp(self, value: int) -> int:
        if self.min is not None and value < self.min:
            return self.min
        if self.max is not None and value > self.max:
            return self.max
        return value


@dataclass(frozen=True)
class Choice:
    text: str
    goto: str
    condition: Expr | None = None
    condition_text: str = ""
    once: bool = False
    score: Mapping[str, int] = field(default_factory=dict)
    feedback: str = ""
    set: Mapping[str, Value] = field(default_factory=dict)
    add: Mapping[str, int] = field(default_factory=dict)
    line: int = 0
    id: str = ""  # format 1.1: a stable name, unique in its node; "" when the file gives none
    col: int = 0
    # where each of its keys' values stands in the file ("if", "set", "add", ...): line and column,
    # so that a finding about one part (playtest's) points at that part
    places: Mapping[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class BranchEntry:
    goto: str
    condition: Expr | None = None
    condition_text: str = ""
    line: int = 0
    col: int = 0
    places: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # as `Choice.places`


@dataclass(frozen=True)
class Ending:
    title: str
    outcome: Literal["success", "partial", "failure"]
    debrief: str = ""


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    text: str = ""
    speaker: str = "narrator"
    mood: str = ""
    discuss: str = ""
    choices: tuple[Choice, ...] = ()
    next: str = ""
    branch: tuple[BranchEntry, ...] = ()
    ending: Ending | None = None
    line: int = 0
    col: int = 0
    notes: str = ""  # format 1.1: for the facilitator only, never on the players' screen

    def targets(self) -> list[str]:
        """Every node id this node can lead to."""
        if self.kind == "choices":
            return [c.goto for c in self.choices]
        if self.kind == "branch":
            return [b.goto for b in self.branch]
        if self.kind == "next":
            return [self.next]
        return []


@dataclass(frozen=True)
class Facilitator:
    """Format 1.1: the class-time material, for the facilitator and the printed guide, never the players."""

    goals: tuple[str, ...] = ()
    principles: tuple[str, ...] = ()
    minutes: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class Comparison:
    """`>= 3` in a check's expected scores: an operator and a whole number."""

    op: ComparisonOp
    value: int

    def holds(self, total: int) -> bool:
        return COMPARISONS[self.op](total, self.value)

    def __str__(self) -> str:
        return f"{self.op} {self.value}"


COMPARISON_OPERATORS: tuple[str, ...] = tuple(COMPARISONS)


@dataclass(frozen=True)
class Expectation:
    """What a check expects at the end of its path; at least one part is given."""

    ending: str = ""  # an ending node's id, or "" for any
    outcome: Outcome | None = None
    scores: Mapping[str, Comparison] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """Format 1.1: a path the scenario's author says must work, played by `playtest`.

    `take` holds, for each decision, a choice id or a 1-based number among the
    choices offered there; `start` is the node it starts at (the scenario's start
    unless the file says `from`), with the variables in `set` changed first.
    """

    name: str
    take: tuple[str | int, ...]
    expect: Expectation
    start: str
    set: Mapping[str, Value] = field(default_factory=dict)
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    start: str
    nodes: Mapping[str, Node]
    briefing: str = ""
    difficulty: str = "intermediate"
    minutes: int | None = None
    tags: tuple[str, ...] = ()
    language: str = "en"
    characters: Mapping[str, Character] = field(default_factory=dict)
    variables: Mapping[str, Variable] = field(default_factory=dict)
    path: str = ""
    content_hash: str = ""
    facilitator: Facilitator | None = None  # format 1.1
    checks: tuple[Check, ...] = ()  # format 1.1
    places: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # where each top-level value stands

    def choice_ids(self) -> set[str]:
        """Every choice id given anywhere in the scenario (what a check's `take` may name)."""
        return {choice.id for node in self.nodes.values() for choice in node.choices if choice.id}

    def character(self, character_id: str) -> Character:
        """The speaker, including the predefined `you` and `narrator`."""
        if character_id in self.characters:
            return self.characters[character_id]
        return Character(character_id, "You" if character_id == "you" else "", "")

    @property
    def shown_variables(self) -> list[Variable]:
        return [v for v in self.variables.values() if v.show]
