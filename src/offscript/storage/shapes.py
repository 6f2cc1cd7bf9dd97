"""The one reader for what Offscript reads back from its data folder: strict JSON, then a documented shape.

Why one reader: history, saves, settings and the scenario cache are files a
crash, a disk error, another program or a curious user can change. Each used
to be read with `json.loads` and a few casts, so `Infinity`, a 5,000-digit
number or 100,000 nested brackets crashed every start. Here JSON is parsed
strictly (no NaN or Infinity, whole numbers of at most 18 digits, finite
floats, bounded nesting) and then checked against a declared shape: which
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

MAX_DIGITS = 18  # a whole number longer than this is not one Offscript wrote
BIG = 10**12  # the largest count or score any record may hold


class ShapeError(ValueError):
    """Data that is not the documented shape; the message says where and why, in one line."""


Check = Callable[[object, str], Any]


def parse_json(raw: bytes) -> object:
    """JSON as Offscript writes it; ShapeError for anything else, never another exception."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ShapeError("it is not UTF-8 text") from None
    try:
        return json.loads(text, parse_constant=_no_constant, parse_int=_whole_number, parse_float=_finite_number)
    except ShapeError:
        raise
    except RecursionError:
        raise ShapeError("it is nested too deeply") from None
    except ValueError:
        raise ShapeError("it is not valid JSON (perhaps cut short)") from None


def _no_constant(name: str) -> object:
    raise ShapeError(f"it holds {name}, which is not a number Offscript writes")


def _whole_number(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise ShapeError(f"it holds a number of {len(digits)} digits")
    return int(digits)


def _finite_number(digits: str) -> float:
    value = float(digits)
    if value != value or value in (float("inf"), float("-inf")):
        raise ShapeError(f"it holds {digits}, which is too large a number")
    return value


def _where(at: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{at}[{key}]"
    return f"{at}.{key}" if at else key


# --- checks: each takes a value and where it is, and returns the value to use ---------------


def text(max_length: int = 10_000, pattern: str | None = None) -> Check:
    """A string of at most `max_length` characters, matching `pattern` whole if given."""
    compiled = re.compile(pattern) if pattern else None

    def check(value: object, at: str) -> str:
        if not isinstance(value, str):
            raise ShapeError(f"{at} is not text")
        if len(value) > max_length:
            raise ShapeError(f"{at} is longer than {max_length} characters")
        if compiled is not None and not compiled.fullmatch(value):
            raise ShapeError(f"{at} is not a valid name ({value[:40]!r})")
        return value

    return check


def whole(low: int = -BIG, high: int = BIG) -> Check:
    """A whole number (not true/false) from `low` to `high`."""

    def check(value: object, at: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ShapeError(f"{at} is not a whole number")
        if not low <= value <= high:
            raise ShapeError(f"{at} is {value}, outside {low}..{high}")
        return value

    return check


def flag(value: object, at: str) -> bool:
    if not isinstance(value, bool):
        raise ShapeError(f"{at} is not true or false")
    return value


def one_of(*allowed: str) -> Check:
    def check(value: object, at: str) -> str:
        if value not in allowed:
            raise ShapeError(f"{at} is {str(value)[:40]!r}, not one of {', '.join(allowed)}")
        assert isinstance(value, str)
        return value

    return check


def list_of(item: Check, max_items: int = 100_000) -> Check:
    def check(value: object, at: str) -> list[Any]:
        if not isinstance(value, list):
            raise ShapeError(f"{at} is not a list")
        if len(value) > max_items:
            raise ShapeError(f"{at} has more than {max_items} items")
        return [item(element, _where(at, index)) for index, element in enumerate(value)]

    return check


def pair(first: Check, second: Check) -> Check:
    """A list of exactly two values, returned as a tuple."""

    def check(value: object, at: str) -> tuple[Any, Any]:
        if not isinstance(value, list) or len(value) != 2:
            raise ShapeError(f"{at} is not a pair")
        return first(value[0], _where(at, 0)), second(value[1], _where(at, 1))

    return check


def table(keys: Check, values: Check, max_items: int = 1_000) -> Check:
    """An object whose every key passes `keys` and every value passes `values`."""

    def check(value: object, at: str) -> dict[Any, Any]:
        if not isinstance(value, dict):
            raise ShapeError(f"{at} is not an object")
        if len(value) > max_items:
            raise ShapeError(f"{at} has more than {max_items} keys")
        return {keys(key, _where(at, key)): values(item, _where(at, key)) for key, item in value.items()}

    return check


Optional = tuple[Check, object]  # a check and the value used when the key is missing


def record(required: Mapping[str, Check], optional: Mapping[str, Optional] | None = None) -> Check:
    """An object with these keys: required ones must be there, optional ones take their default."""
    optional = optional or {}

    def check(value: object, at: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise ShapeError(f"{at or 'it'} is not an object")
        result: dict[str, Any] = {}
        for key, required_check in required.items():
            if key not in value:
                raise ShapeError(f"{_where(at, key)} is missing")
            result[key] = required_check(value[key], _where(at, key))
        for key, (optional_check, default) in optional.items():
            result[key] = optional_check(value[key], _where(at, key)) if key in value else default
        return result

    return check


def read(raw: bytes, shape: Check) -> dict[str, Any]:
    """Parse and check a whole file in one go."""
    checked = shape(parse_json(raw), "")
    assert isinstance(checked, dict)
    return checked


# --- the values data files share -------------------------------------------------------------


SCENARIO_ID = text(64, SCENARIO_ID_PATTERN)
NODE_ID = text(1_000, NODE_ID_PATTERN)
CONTENT_HASH = text(64, r"[0-9a-f]{64}|")  # empty in entries from before hashes were kept
TIME = text(64)  # ISO 8601 as written; shown, never computed with
STEPS = list_of(pair(NODE_ID, whole(0, 10_000)))


def mode(value: object, at: str) -> Any:
    """A mode this version knows (`Mode`), never a guess."""
    try:
        return Mode.parse(value)
    except ValueError as exc:
        raise ShapeError(f"{at}: {exc}") from None
