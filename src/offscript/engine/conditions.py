"""The condition language of `if:` and the `{name}` text interpolation.

Conditions are parsed by a small recursive-descent parser into a tree of
tuples and evaluated by walking it; Python's `eval` is never used, so a
scenario file can never run code. Grammar (the format contract):

    expr  := and ("or" and)*
    and   := not ("and" not)*
    not   := "not" not | cmp
    cmp   := atom (("==" | "!=" | "<" | "<=" | ">" | ">=") atom)?
    atom  := INTEGER | "true" | "false" | NAME | "(" expr ")"

An INTEGER may carry a minus sign (`trust > -1`): a small, compatible extension.

A condition may nest at most `MAX_NESTING` levels of `(` and `not`, and join
at most `MAX_TERMS` terms with `and`/`or`: far beyond what a trainer writes,
and low enough that every tree the parser builds (and every walk over it:
type checks, evaluation, the analysis's closures) stays well inside Python's
recursion limit. Past either limit the parser reports OS306 at the token
that goes over, instead of failing with a RecursionError.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Union

Kind = Literal["int", "bool"]
Value = Union[int, bool]


class ConditionError(ValueError):
    """A condition that cannot be parsed or has mismatched types.

    `offset` is the 0-based character position in the condition text, so the
    loader can point at the exact column.
    """

    def __init__(self, message: str, offset: int, code: str = "OS306") -> None:
        super().__init__(message)
        self.offset = offset
        self.code = code


@dataclass(frozen=True)
class Literal_:
    value: Value


@dataclass(frozen=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True)
class Not:
    operand: Expr


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Compare:
    op: str
    left: Expr
    right: Expr
    offset: int


Expr = Union[Literal_, Name, Not, BoolOp, Compare]

MAX_NESTING = 32
MAX_TERMS = 100
_SPACE = re.compile(r"\s*")
_TOKEN = re.compile(r"\s*(?:(-?\d+)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|<|>|\(|\)))")
_KEYWORDS = {"and", "or", "not", "true", "false"}
_COMPARE = {"==", "!=", "<", "<=", ">", ">="}


def tokenize(text: str) -> list[tuple[str, str, int]]:
    """Split a condition into (kind, text, offset) tokens; kind is num, name, op or end."""
    tokens: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        skipped = _SPACE.match(text, pos)
        if skipped is None or skipped.end() == len(text):  # only spaces left (never copies the rest)
            break
        match = _TOKEN.match(text, pos)
        if not match:
            bad = skipped.end()
            raise ConditionError(f"unexpected character '{text[bad]}'{_operator_hint(text, bad)}", bad)
        num, name, op = match.groups()
        start = match.start(1 if num else 2 if name else 3)
        kind = "num" if num else "name" if name else "op"
        tokens.append((kind, num or name or op, start))
        pos = match.end()
    tokens.append(("end", "", len(text)))
    return tokens


_LOOKALIKES = {"=>": ">=", "=<": "<=", "≥": ">=", "≤": "<=", "≠": "!=", "=!": "!="}
# What a trainer means by yes, no, on, off (YAML's words for true and false), written in a condition.
TRUTH_WORDS = {"yes": "true", "on": "true", "true": "true", "no": "false", "off": "false", "false": "false"}


def _operator_hint(text: str, at: int) -> str:
    """How to write the operator a trainer meant at `at`, keeping its meaning ('=>' is '>=', not '==')."""
    for written, meant in _LOOKALIKES.items():
        if text.startswith(written, at):
            return f" (write '{meant}' for '{written}')"
    if text[at] == "=":
        before = text[:at].rstrip()
        if before.endswith(("<", ">", "!")) and before != text[:at]:
            return f" (write '{before[-1]}=' with no space between)"
        return " (use '==' to compare)"
    return " (write 'and', 'or', 'not')" if text[at] in "&|!" else ""


def truth_word(name: str) -> str | None:
    """'true' or 'false' when `name` is yes/no/on/off/True/False in any case, which a condition spells so."""
    return TRUTH_WORDS.get(name.lower())


class _Parser:
    """Recursive descent whose depth is bounded: it counts nesting and terms as it goes."""

    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0  # open '(' and 'not' around the current token
        self.terms = 1  # operands joined by 'and'/'or' so far

    def deeper(self, offset: int) -> None:
        """Enter a '(' or 'not'; OS306 past MAX_NESTING, before the recursion could get deep."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(
                f"the condition nests more than {MAX_NESTING} levels of '(' and 'not'; "
                "write it more simply, or split it over a branch node",
                offset,
            )

    def another_term(self, offset: int) -> None:
        """Count an 'and'/'or'; OS306 past MAX_TERMS, since each one deepens the tree."""
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise ConditionError(
                f"the condition joins more than {MAX_TERMS} terms with 'and'/'or'; "
                "split it over a branch node, or use a variable set along the way",
                offset,
            )

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.pos]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expr(self) -> Expr:
        left = self.and_()
        while self.peek()[:2] == ("name", "or"):
            self.another_term(self.take()[2])
            left = BoolOp("or", left, self.and_())
        return left

    def and_(self) -> Expr:
        left = self.not_()
        while self.peek()[:2] == ("name", "and"):
            self.another_term(self.take()[2])
            left = BoolOp("and", left, self.not_())
        return left

    def not_(self) -> Expr:
        if self.peek()[:2] == ("name", "not"):
            self.deeper(self.take()[2])
            operand = self.not_()
            self.depth -= 1
            return Not(operand)
        return self.cmp()

    def cmp(self) -> Expr:
        left = self.atom()
        kind, text, offset = self.peek()
        if kind == "op" and text in _COMPARE:
            self.take()
            return Compare(text, left, self.atom(), offset)
        return left

    def atom(self) -> Expr:
        kind, text, offset = self.take()
        if kind == "num":
            return Literal_(int(text))
        if kind == "name" and text in ("true", "false"):
            return Literal_(text == "true")
        if kind == "name" and text not in _KEYWORDS:
            return Name(text, offset)
        if (kind, text) == ("op", "("):
            self.deeper(offset)
            inner = self.expr()
            self.depth -= 1
            closing = self.take()
            if closing[1] != ")":
                raise ConditionError("'(' is never closed; add ')'", closing[2])
            return inner
        what = "the end of the condition" if kind == "end" else f"'{text}'"
        raise ConditionError(f"expected a name, a number, true, false or '(' but found {what}", offset)


def parse_condition(text: str) -> Expr:
    """Parse a condition; raise ConditionError pointing at the offending offset."""
    if not text.strip():
        raise ConditionError("the condition is empty", 0)
    parser = _Parser(text)
    tree = parser.expr()
    kind, token, offset = parser.peek()
    if kind != "end":
        hint = " (join conditions with 'and' or 'or')" if kind in ("name", "num") else ""
        raise ConditionError(f"unexpected '{token}' after a complete condition{hint}", offset)
    return tree


def names_in(expr: Expr) -> list[Name]:
    """Every variable or score name the condition reads, left to right (a loop: no recursion, no copying)."""
    found: list[Name] = []
    pending: list[Expr] = [expr]
    while pending:
        current = pending.pop()
        if isinstance(current, Name):
            found.append(current)
        elif isinstance(current, Not):
            pending.append(current.operand)
        elif isinstance(current, (BoolOp, Compare)):
            pending += (current.right, current.left)
    return found


def check_types(expr: Expr, kinds: Mapping[str, Kind], want: Kind = "bool") -> None:
    """Raise ConditionError (code OS307) unless the expression is well typed.

    Names must already be known to exist. Ordering comparisons need
    integers on both sides; `and`, `or`, `not` and the whole condition
    need truth values.
    """
    got = _type_of(expr, kinds)
    if got != want:
        raise ConditionError(
            f"{_show(expr)} is {_a(got)} but a truth value is needed here (compare it, for example 'trust >= 3')",
            _offset(expr),
            "OS307",
        )


def _type_of(expr: Expr, kinds: Mapping[str, Kind]) -> Kind:
    if isinstance(expr, Literal_):
        return "bool" if isinstance(expr.value, bool) else "int"
    if isinstance(expr, Name):
        return kinds[expr.name]
    if isinstance(expr, Not):
        check_types(expr.operand, kinds)
        return "bool"
    if isinstance(expr, BoolOp):
        check_types(expr.left, kinds)
        check_types(expr.right, kinds)
        return "bool"
    left, right = _type_of(expr.left, kinds), _type_of(expr.right, kinds)
    if expr.op in ("==", "!="):
        if left != right:
            raise ConditionError(f"'{expr.op}' compares {_a(left)} with {_a(right)}", expr.offset, "OS307")
    elif left != "int" or right != "int":
        raise ConditionError(f"'{expr.op}' needs numbers on both sides, not truth values", expr.offset, "OS307")
    return "bool"


def _a(kind: Kind) -> str:
    return "a number" if kind == "int" else "a truth value"


def _show(expr: Expr) -> str:
    if isinstance(expr, Name):
        return f"'{expr.name}'"
    if isinstance(expr, Literal_):
        return f"'{str(expr.value).lower()}'"
    return "this expression"


def _offset(expr: Expr) -> int:
    if isinstance(expr, (Name, Compare)):
        return expr.offset
    if isinstance(expr, BoolOp):
        return _offset(expr.left)
    if isinstance(expr, Not):
        return _offset(expr.operand)
    return 0


def evaluate(expr: Expr, values: Mapping[str, Value]) -> Value:
    """Evaluate a well-typed condition against variable and score values."""
    if isinstance(expr, Literal_):
        return expr.value
    if isinstance(expr, Name):
        return values[expr.name]
    if isinstance(expr, Not):
        return not evaluate(expr.operand, values)
    if isinstance(expr, BoolOp):
        if expr.op == "and":
            return bool(evaluate(expr.left, values)) and bool(evaluate(expr.right, values))
        return bool(evaluate(expr.left, values)) or bool(evaluate(expr.right, values))
    return COMPARISONS[expr.op](evaluate(expr.left, values), evaluate(expr.right, values))


# --- {name} interpolation -------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def template_names(text: str) -> list[tuple[str, int]]:
    """The (name, offset) of every `{name}` in a text; raise ConditionError on a stray brace."""
    found: list[tuple[str, int]] = []
    for match in _PLACEHOLDER.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            raise ConditionError(f"a single '{token}' must be written '{token * 2}' to show it", match.start(), "OS309")
        name = match.group(1).strip()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise ConditionError(
                f"'{{{match.group(1)}}}' is not a variable name; write '{{{{' and '}}}}' for literal braces",
                match.start(),
                "OS309",
            )
        found.append((name, match.start()))
    return found


def interpolate(text: str, values: Mapping[str, Value]) -> str:
    """Fill in `{name}` with current values; `{{` and `}}` become braces."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        if match.group(1) is None:
            return token
        value = values.get(match.group(1).strip())
        if value is None:
            return token
        return ("true" if value else "false") if isinstance(value, bool) else str(value)

    return _PLACEHOLDER.sub(replace, text)


def compile_condition(expr: Expr, slot: Mapping[str, int]) -> Callable[[tuple[Value, ...]], Value]:
    """Turn a condition into a closure over a tuple of values (for the analysis's hot loop).

    `slot` maps each name to its position in the tuple. Closures, not `eval`:
    nothing from the file is ever executed as code.
    """
    if isinstance(expr, Literal_):
        constant = expr.value
        return lambda values: constant
    if isinstance(expr, Name):
        index = slot[expr.name]
        return lambda values: values[index]
    if isinstance(expr, Not):
        operand = compile_condition(expr.operand, slot)
        return lambda values: not operand(values)
    left = compile_condition(expr.left, slot)
    right = compile_condition(expr.right, slot)
    if isinstance(expr, BoolOp):
        if expr.op == "and":
            return lambda values: bool(left(values)) and bool(right(values))
        return lambda values: bool(left(values)) or bool(right(values))
    compare = COMPARISONS[expr.op]
    return lambda values: compare(left(values), right(values))


COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {  # the format's comparisons, for conditions and checks
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
