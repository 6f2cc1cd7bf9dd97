"""A checked scenario as JSON-ready data, and back: what the game keeps in its cache.

Everything the loader and the analysis build is one of the dataclasses listed
in `_CLASSES`, a tuple, a list, a dict with string keys or a plain scalar.
Dataclasses are written as objects tagged with "@class" and tuples as
{"@tuple": [...]}; no key a scenario can use starts with "@", so a tag never
meets a real key. Reading accepts only the listed classes and raises
`ValueError` for anything else, so a damaged cache entry is a miss, never a crash.
"""

from __future__ import annotations

from dataclasses import fields

from offscript.engine.analysis import Analysis
from offscript.engine.conditions import BoolOp, Compare, Literal_, Name, Not
from offscript.engine.diagnostics import Diagnostic
from offscript.engine.model import BranchEntry, Character, Choice, Ending, Node, Scenario, Variable
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


def result_to_data(result: LoadResult) -> dict[str, object]:
    """The whole result (scenario, diagnostics, analysis) as data `json.dumps` takes as it is."""
    data = _to_data(result)
    assert isinstance(data, dict)
    return data


def result_from_data(data: object) -> LoadResult:
    """Rebuild what `result_to_data` wrote; ValueError for anything else."""
    try:
        result = _from_data(data)
    except (TypeError, AttributeError, RecursionError) as exc:  # wrong fields, or not the shape written
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
