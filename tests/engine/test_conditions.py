from __future__ import annotations

import pytest

from offscript.engine.conditions import (
    ConditionError,
    check_types,
    compile_condition,
    evaluate,
    interpolate,
    parse_condition,
    template_names,
)

VALUES = {"trust": 3, "asked": True, "angry": False, "empathy": -2}
KINDS = {"trust": "int", "asked": "bool", "angry": "bool", "empathy": "int"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("trust >= 3", True),
        ("trust > 3", False),
        ("asked and not angry", True),
        ("not asked or angry", False),
        ("angry or asked and trust == 3", True),  # and binds tighter than or
        ("(angry or asked) and trust != 3", False),
        ("not not asked", True),
        ("empathy < 0", True),
        ("asked == true", True),
        ("3 <= trust", True),
        ("true", True),
    ],
)
def test_evaluate(text: str, expected: bool) -> None:
    tree = parse_condition(text)
    check_types(tree, KINDS)
    assert evaluate(tree, VALUES) is expected
    slots = {name: i for i, name in enumerate(VALUES)}
    assert bool(compile_condition(tree, slots)(tuple(VALUES.values()))) is expected


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ("trust = 3", 6, "'=='"),
        ("trust >", 7, "the end of the condition"),
        ("(asked", 6, "never closed"),
        ("asked && angry", 6, "'and'"),
        ("asked angry", 6, "join conditions"),
        ("", 0, "empty"),
        ("trust >= 3 or", 13, "the end"),
    ],
)
def test_syntax_errors_point_at_the_offset(text: str, offset: int, words: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse_condition(text)
    assert caught.value.offset == offset
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("trust", "truth value is needed"),
        ("asked < 2", "numbers on both sides"),
        ("asked == 1", "compares"),
        ("not trust", "truth value"),
        ("trust and asked", "truth value"),
    ],
)
def test_type_errors(text: str, words: str) -> None:
    with pytest.raises(ConditionError) as caught:
        check_types(parse_condition(text), KINDS)
    assert caught.value.code == "OS307" and words in str(caught.value)


def test_interpolation() -> None:
    assert (
        interpolate("Trust {trust}, asked {asked}, {{literal}} and }}", VALUES)
        == "Trust 3, asked true, {literal} and }"
    )
    assert template_names("a {trust} b { asked }") == [("trust", 2), ("asked", 12)]
    with pytest.raises(ConditionError):
        template_names("a } b")
    with pytest.raises(ConditionError):
        template_names("{10% off}")


def test_negative_numbers_and_yaml_booleans() -> None:
    assert evaluate(parse_condition("empathy > -3"), VALUES) is True
    from offscript.engine.loader import load_bytes

    text = b"""offscript: 1
id: yes-condition
title: Yes
summary: A condition YAML reads as a boolean
start: a
nodes:
  a:
    text: Hi
    choices:
      - {text: Go, if: yes, goto: b, feedback: ok}
  b: {text: Bye, ending: {title: End, outcome: failure}}
"""
    assert load_bytes(text, "y.yaml").diagnostics == []
