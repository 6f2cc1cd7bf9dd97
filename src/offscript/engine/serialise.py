"""A checked scenario as JSON-ready data, and back: what the game keeps in its cache.

Everything the loader and the analysis build is one of the dataclasses listed
in `_CLASSES`, a tuple, a list, a dict with string keys or a plain scalar.
Dataclasses are written as objects tagged with "@class" and tuples as
{"@tuple": [...]}; no key a scenario can use starts with "@", so a tag never
meets a real key.

The cache is a file anyone can edit, so reading is led by the classes' own type
hints, not by the data: each field must be present, of its annotated type (a
bool is not an int unless the hint allows both, numbers are finite and of a
sane size) and nothing else may be there. Anything else raises `ValueError`, so
a damaged or forged entry is a miss, never a crash later in the game. Whether
the values make sense together (references resolve, scores in range) is for
`invariants` to say.
"""

from __future__ import annotations

import math
import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import fields
from functools import cache
from typing import Literal, Union, get_args, get_origin, get_type_hints

from offscript.engine.analysis import Analysis
from offscript.engine.conditions import BoolOp, Compare, Literal_, Name, Not
from offscript.engine.diagnostics import Diagnostic
from offscript.engine.model import (
    BranchEntry,
    Character,
    Check,
    Choice,
    Comparison,
    Ending,
    Expectation,
    Facilitator,
    Node,
    Scenario,
    Variable,
)
from offscript.engine.result import LoadResult

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        LoadResult,
        Scenario,
        Node,
        Choice,
        BranchEntry,
        Ending,
        Character,
        Variable,
        Facilitator,
        Check,
        Expectation,
        Comparison,
        Diagnostic,
        Analysis,
        Literal_,
        Name,
        Not,
        BoolOp,
        Compare,
    )
}
_CLASS, _TUPLE = "@class", "@tuple"
# No count, line, score or variable in a real scenario comes near this (it is the
# largest integer every JSON reader keeps exactly); a larger one is damage.
INT_LIMIT = 2**53

Decode = Callable[[object], object]


class _Refused(ValueError):
    """The data is not what the type hint asks for."""


def result_to_data(result: LoadResult) -> dict[str, object]:
    """The whole result (scenario, diagnostics, analysis) as data `json.dumps` takes as it is."""
    data = _to_data(result)
    assert isinstance(data, dict)
    return data


def result_from_data(data: object, *, checked: bool = True) -> LoadResult:
    """Rebuild what `result_to_data` wrote, every value checked against its type hint; ValueError otherwise.

    `checked=False` rebuilds whatever classes the data names, unchecked, as the
    cache once did: kept only so that the benchmark can measure what the checks cost.
    """
    try:
        result = _decoder(LoadResult)(data) if checked else _from_data(data)
    except (TypeError, AttributeError, RecursionError) as exc:  # an unchecked rebuild, or nesting too deep
        raise ValueError(f"not a saved load result: {exc}") from None
    if not isinstance(result, LoadResult):
        raise ValueError("not a saved load result")
    return result


def _to_data(value: object) -> object:
    if value is None or isinstance(value, (str, int, float)):  # bool is an int
        return value
    if isinstance(value, tuple):
        return {_TUPLE: [_to_data(item) for item in value]}
    if isinstance(value, list):
        return [_to_data(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("only string keys survive JSON")
        return {key: _to_data(item) for key, item in value.items()}
    cls = type(value)
    if _CLASSES.get(cls.__name__) is not cls:
        raise TypeError(f"{cls.__name__} is not part of a load result")
    return {_CLASS: cls.__name__, **{f.name: _to_data(getattr(value, f.name)) for f in fields(value)}}  # type: ignore[arg-type]


def _from_data(data: object) -> object:
    """The old, trusting rebuild: any listed class, with whatever values the data holds."""
    if isinstance(data, list):
        return [_from_data(item) for item in data]
    if not isinstance(data, dict):
        return data
    if _TUPLE in data:
        return tuple(_from_data(item) for item in data[_TUPLE])
    if _CLASS not in data:
        return {key: _from_data(item) for key, item in data.items()}
    cls = _CLASSES.get(data[_CLASS]) if isinstance(data[_CLASS], str) else None
    if cls is None:
        raise ValueError(f"unknown class {data[_CLASS]!r}")
    return cls(**{key: _from_data(item) for key, item in data.items() if key != _CLASS})


# --- reading led by the type hints --------------------------------------------------
# Each hint gets one decoder, built once and kept: a decoder takes JSON data and
# returns the value, or raises _Refused. JSON gives exact types (a bool is never an
# int subclass instance here unless it was written as true/false), so `type(x) is`
# checks are both exact and fast.


@cache
def _decoder(hint: object) -> Decode:
    """The decoder for one type hint (a class, a Union, a Literal, a generic alias)."""
    origin, args = get_origin(hint), get_args(hint)
    simple = _SIMPLE.get(hint)
    if simple is not None:
        return simple
    if origin is Literal:
        return _literal(args)
    if origin in (Union, types.UnionType):
        return _union(args)
    if origin is tuple:
        return _tuple(args)
    if origin is list:
        return _list(_decoder(args[0]))
    if origin in (dict, Mapping) and args[0] is str:
        return _mapping(_decoder(args[1]))
    if isinstance(hint, type) and _CLASSES.get(hint.__name__) is hint:
        return _dataclass(hint)
    raise TypeError(f"no reader for {hint!r}")  # a model change the reader must learn: the round-trip tests fail


def _refuse(what: str, data: object) -> _Refused:
    return _Refused(f"expected {what}, found {type(data).__name__}")


def _str(data: object) -> object:
    if type(data) is not str:
        raise _refuse("text", data)
    return data


def _bool(data: object) -> object:
    if type(data) is not bool:
        raise _refuse("true or false", data)
    return data


def _int(data: object) -> object:
    if type(data) is not int or not -INT_LIMIT <= data <= INT_LIMIT:
        raise _refuse("a whole number of a sane size", data)
    return data


def _float(data: object) -> object:
    if type(data) is int:
        return _int(data)
    if type(data) is not float or not math.isfinite(data):
        raise _refuse("a finite number", data)
    return data


def _none(data: object) -> object:
    if data is not None:
        raise _refuse("null", data)
    return data


_SIMPLE: dict[object, Decode] = {str: _str, bool: _bool, int: _int, float: _float, type(None): _none}


def _literal(allowed: tuple[object, ...]) -> Decode:
    exact = {(type(value), value) for value in allowed}  # 1 and True are equal, but not the same literal

    def decode(data: object) -> object:
        try:
            if (type(data), data) in exact:
                return data
        except TypeError:  # an unhashable list or object
            pass
        raise _Refused(f"expected one of {allowed!r}")

    return decode


def _union(members: tuple[object, ...]) -> Decode:
    """Tagged objects go to the class they name; anything else tries the other members in turn."""
    classes = {m.__name__: m for m in members if isinstance(m, type) and m.__name__ in _CLASSES}
    others = [_decoder(m) for m in members if m not in classes.values()]
    optional = type(None) in members

    def decode(data: object) -> object:
        if data is None and optional:
            return None
        if classes and type(data) is dict:
            tag = data.get(_CLASS)
            if type(tag) is str and tag in classes:
                return _decoder(classes[tag])(data)
        for member in others:
            try:
                return member(data)
            except _Refused:
                continue
        raise _Refused(f"expected one of {members!r}")

    return decode


def _tuple(args: tuple[object, ...]) -> Decode:
    """`tuple[X, ...]` of any length, or a fixed `tuple[A, B]`, written as {"@tuple": [...]}."""
    variadic = len(args) == 2 and args[1] is Ellipsis
    items = [_decoder(args[0])] if variadic else [_decoder(arg) for arg in args]

    def decode(data: object) -> object:
        if type(data) is not dict or len(data) != 1 or type(data.get(_TUPLE)) is not list:
            raise _refuse("a tuple", data)
        values: list[object] = data[_TUPLE]
        if variadic:
            return tuple(items[0](value) for value in values)
        if len(values) != len(items):
            raise _Refused(f"expected a tuple of {len(items)}")
        return tuple(item(value) for item, value in zip(items, values, strict=True))

    return decode


def _list(item: Decode) -> Decode:
    def decode(data: object) -> object:
        if type(data) is not list:
            raise _refuse("a list", data)
        return [item(value) for value in data]

    return decode


def _mapping(value: Decode) -> Decode:
    def decode(data: object) -> object:
        if type(data) is not dict or any(key.startswith("@") for key in data):
            raise _refuse("a mapping", data)
        return {key: value(item) for key, item in data.items()}

    return decode


def _dataclass(cls: type) -> Decode:
    """Every field present and of its type, no other key; the field decoders are found on first use.

    Found late because the condition classes refer to themselves (`Not.operand`
    is any condition): building them here would never end.
    """
    name, count = cls.__name__, len(fields(cls))

    def decode(data: object) -> object:
        if type(data) is not dict or data.get(_CLASS) != name or len(data) != count + 1:
            raise _Refused(f"expected a {name} with its {count} fields")
        try:
            return cls(**{field: read(data[field]) for field, read in _field_decoders(cls)})
        except KeyError as missing:
            raise _Refused(f"{name} lacks {missing}") from None

    return decode


@cache
def _field_decoders(cls: type) -> tuple[tuple[str, Decode], ...]:
    """(field name, decoder) for a class, from its resolved type hints."""
    hints = get_type_hints(cls, vars(sys.modules[cls.__module__]), _CLASSES)
    return tuple((f.name, _decoder(hints[f.name])) for f in fields(cls))
