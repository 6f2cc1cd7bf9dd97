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


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("(" * 200 + "trust > 1" + ")" * 200, "nests more than"),
        ("not " * 200 + "asked", "nests more than"),
        (" and ".join(["asked"] * 500), "joins more than"),
        (" or ".join(["trust > 1"] * 500), "joins more than"),
    ],
)
def test_deep_or_long_conditions_are_refused_where_they_go_over(text: str, words: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse_condition(text)
    assert words in str(caught.value) and caught.value.code == "OS306"
    assert 0 < caught.value.offset < len(text)


def test_conditions_at_the_limits_parse_check_and_evaluate() -> None:
    from offscript.engine.conditions import MAX_NESTING, MAX_TERMS, names_in

    nested = parse_condition("(" * (MAX_NESTING - 1) + "not asked" + ")" * (MAX_NESTING - 1))
    joined = parse_condition(" and ".join(["trust > 1"] * (MAX_TERMS - 1)) + " or angry")
    slots = {name: i for i, name in enumerate(VALUES)}
    for tree, expected in ((nested, False), (joined, True)):
        check_types(tree, KINDS)
        assert evaluate(tree, VALUES) is expected
        assert bool(compile_condition(tree, slots)(tuple(VALUES.values()))) is expected
    assert [n.name for n in names_in(joined)] == ["trust"] * (MAX_TERMS - 1) + ["angry"]


def test_a_huge_condition_is_tokenized_in_linear_time() -> None:
    import time

    started = time.perf_counter()
    with pytest.raises(ConditionError):
        parse_condition(" and ".join(["asked"] * 50_000))
    assert time.perf_counter() - started < 2
