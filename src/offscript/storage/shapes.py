"""The one reader for what Offscript reads back from its data folder: strict JSON, then a documented shape.

Why one reader: history, saves, settings and the scenario cache are files a
crash, a disk error, another program or a curious user can change. Each used
to be read with `json.loads` and a few casts, so `Infinity`, a 5,000-digit
number or 100,000 nested brackets crashed every start. Here JSON is parsed
strictly (no NaN or Infinity, no number too long or too large to hold,
bounded nesting) and then checked against a declared shape: which
keys, which types, which ranges. Anything else raises `ShapeError` with a
one-line reason that names where the problem is, and the caller moves the file
aside or skips the entry. Keys a shape does not declare are ignored: they are
never used.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from offscript.engine.active_run import Mode
from offscript.engine.model import NODE_ID_PATTERN, SCENARIO_ID_PATTERN

BIG = 10**12  # the largest count or score any record may hold


class ShapeError(ValueError):
    """Data that is not the documented shape; the message says where and why, in one line."""

    def __init__(self, reason: str, where: str = "") -> None:
        super().__init__(f"{where}: {reason}" if where else reason)
        self.reason, self.where = reason, where

    def inside(self, key: str | int) -> ShapeError:
        """The same problem, one level further out: `steps[3]` becomes `save.steps[3]`, say."""
        step = f"[{key}]" if isinstance(key, int) else str(key)[:40]
        where = step + ("" if not self.where else self.where if self.where.startswith("[") else f".{self.where}")
        return ShapeError(self.reason, where)


# A check takes a value and returns the value to use, or raises ShapeError. Where the
# problem is gets added only on the way out of a failing check, so a good file costs
# nothing for it.
Check = Callable[[object], Any]


def parse_json(raw: bytes) -> object:
    """JSON as Offscript writes it; ShapeError for anything else, never another exception.

    Whole numbers are parsed as JSON parses them (Python refuses more than 4,300
    digits); the checks below bound every number that is used.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ShapeError("it is not UTF-8 text") from None
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite_number)
    except ShapeError:
        raise
    except RecursionError:
        raise ShapeError("it is nested too deeply") from None
    except ValueError:
        raise ShapeError("it is not valid JSON (perhaps cut short, or a number too long)") from None


def _no_constant(name: str) -> object:
    raise ShapeError(f"it holds {name}, which is not a number Offscript writes")


def _finite_number(digits: str) -> float:
    value = float(digits)
    if value != value or value in (float("inf"), float("-inf")):
        raise ShapeError(f"it holds {digits[:20]}, which is too large a number")
    return value


def _short(value: object) -> str:
    """A value as a one-line report shows it: at most 40 characters."""
    shown = (
        value if isinstance(value, str) else str(value) if not isinstance(value, (list, dict)) else type(value).__name__
    )
    return shown if len(shown) <= 40 else shown[:39] + "…"


# --- checks ------------------------------------------------------------------------------------


def text(max_length: int = 10_000, pattern: str | None = None) -> Check:
    """A string of at most `max_length` characters, matching `pattern` whole if given."""
    compiled = re.compile(pattern) if pattern else None

    def check(value: object) -> str:
        if not isinstance(value, str):
            raise ShapeError("is not text")
        if len(value) > max_length:
            raise ShapeError(f"is longer than {max_length} characters")
        if compiled is not None and not compiled.fullmatch(value):
            raise ShapeError(f"is not a valid name ({_short(value)!r})")
        return value

    return check


def whole(low: int = -BIG, high: int = BIG) -> Check:
    """A whole number (not true/false) from `low` to `high`."""

    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ShapeError("is not a whole number")
        if not low <= value <= high:
            raise ShapeError(f"is {_short(value)}, outside {low}..{high}")
        return value

    return check


def one_of(*allowed: str) -> Check:
    def check(value: object) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise ShapeError(f"is {_short(value)!r}, not one of {', '.join(allowed)}")
        return value

    return check


def anything(value: object) -> object:
    """Any value: checked later, one by one (a history's entries, each skipped alone if bad)."""
    return value


def list_of(item: Check, max_items: int = 100_000) -> Check:
    def check(value: object) -> list[Any]:
        if not isinstance(value, list):
            raise ShapeError("is not a list")
        if len(value) > max_items:
            raise ShapeError(f"has more than {max_items} items")
        checked = []
        for index, element in enumerate(value):
            try:
                checked.append(item(element))
            except ShapeError as exc:
                raise exc.inside(index) from None
        return checked

    return check


def pair(first: Check, second: Check) -> Check:
    """A list of exactly two values, returned as a tuple."""

    def check(value: object) -> tuple[Any, Any]:
        if not isinstance(value, list) or len(value) != 2:
            raise ShapeError("is not a pair")
        try:
            left = first(value[0])
        except ShapeError as exc:
            raise exc.inside(0) from None
        try:
            return left, second(value[1])
        except ShapeError as exc:
            raise exc.inside(1) from None

    return check


def table(keys: Check, values: Check, max_items: int = 1_000) -> Check:
    """An object whose every key passes `keys` and every value passes `values`."""

    def check(value: object) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise ShapeError("is not an object")
        if len(value) > max_items:
            raise ShapeError(f"has more than {max_items} keys")
        result = {}
        for key, item in value.items():
            try:
                result[keys(key)] = values(item)
            except ShapeError as exc:
                raise exc.inside(key) from None
        return result

    return check


Optional = tuple[Check, object]  # a check and the value used when the key is missing


def record(required: Mapping[str, Check], optional: Mapping[str, Optional] | None = None) -> Check:
    """An object with these keys: required ones must be there, optional ones take their default."""
    optional = optional or {}

    def check(value: object) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ShapeError("is not an object")
        result: dict[str, Any] = {}
        for key, required_check in required.items():
            if key not in value:
                raise ShapeError("is missing", key)
            try:
                result[key] = required_check(value[key])
            except ShapeError as exc:
                raise exc.inside(key) from None
        for key, (optional_check, default) in optional.items():
            try:
                result[key] = optional_check(value[key]) if key in value else default
            except ShapeError as exc:
                raise exc.inside(key) from None
        return result

    return check


def checked(value: object, shape: Check, name: str) -> Any:
    """`shape(value)`, with a failure said as '<name>.<where>: <reason>'."""
    try:
        return shape(value)
    except ShapeError as exc:
        raise exc.inside(name) from None


# --- the values data files share -------------------------------------------------------------


SCENARIO_ID = text(64, SCENARIO_ID_PATTERN)
NODE_ID = text(1_000, NODE_ID_PATTERN)
CONTENT_HASH = text(64, r"[0-9a-f]{64}|")  # empty in entries from before hashes were kept
TIME = text(64)  # ISO 8601 as written; shown, never computed with
STEPS = list_of(pair(NODE_ID, whole(0, 10_000)))


def mode(value: object) -> Mode:
    """A mode this version knows (`Mode`), never a guess."""
    try:
        return Mode.parse(value)
    except ValueError as exc:
        raise ShapeError(str(exc)) from None
