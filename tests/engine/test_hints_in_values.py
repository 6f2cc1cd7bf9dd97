"""Hints for what a trainer meant: operators, truth words, names for ids, and the field each message is about.

Each case is a variation of a mistake from issue #14: the same mistake in
other fields, other keys, other spellings.
"""

from __future__ import annotations

import pytest

from offscript.engine.conditions import ConditionError, parse_condition
from offscript.engine.diagnostics import suggest_id
from offscript.engine.loader import load_bytes

SCENARIO = """offscript: 1
id: values
title: Values
summary: Hints in values
characters:
  marco: {{name: Marco Ferri}}
  lena: {{name: Lena Vogt, role: Buyer}}
variables:
  trust: {{initial: 2, min: 0, max: 5}}
  knows_pain: false
start: {start}
nodes:
  hello:
    speaker: {speaker}
    text: {text}
    discuss: {discuss}
    choices:
      - text: {choice}
        if: {condition}
        goto: {goto}
        feedback: {feedback}
  price:
    text: '"The price is fixed," Marco says.'
    next: {next}
  done:
    text: Bye
    ending: {{title: End, outcome: failure, debrief: {debrief}}}
"""
FINE = dict(
    start="hello",
    speaker="marco",
    text="Hi",
    discuss="Why?",
    choice="Go",
    condition="trust >= 1",
    goto="price",
    feedback="Fine.",
    next="done",
    debrief="Done.",
)


def errors(**changes: str) -> list[tuple[int, int, str, str]]:
    text = SCENARIO.format(**{**FINE, **changes})
    return [(d.line, d.col, d.code, d.message) for d in load_bytes(text.encode(), "values.yaml").errors]


def test_the_scenario_used_below_is_valid() -> None:
    assert errors() == []


@pytest.mark.parametrize(
    ("condition", "offset", "words"),
    [
        ("trust => 4", 6, "write '>=' for '=>'"),
        ("trust =< 4", 6, "write '<=' for '=<'"),
        ("trust=>4", 5, "write '>=' for '=>'"),
        ("trust > 1 and trust =<4", 20, "write '<=' for '=<'"),
        ("trust ≥ 4", 6, "write '>=' for '≥'"),
        ("trust ≤ 4", 6, "write '<=' for '≤'"),
        ("trust ≠ 4", 6, "write '!=' for '≠'"),
        ("trust > = 4", 8, "write '>=' with no space between"),
        ("trust < = 4", 8, "write '<=' with no space between"),
        ("trust = 4", 6, "use '=='"),
    ],
)
def test_an_operator_written_another_way_suggests_the_one_with_the_same_meaning(
    condition: str, offset: int, words: str
) -> None:
    with pytest.raises(ConditionError) as caught:
        parse_condition(condition)
    assert caught.value.offset == offset and words in str(caught.value)
    assert "'=='" not in str(caught.value) or words == "use '=='"


@pytest.mark.parametrize(
    ("condition", "col", "meant"),
    [
        ("knows_pain == yes", 28, "true"),
        ("knows_pain == No", 28, "false"),
        ("knows_pain != ON", 28, "true"),
        ("knows_pain == off", 28, "false"),
        ("trust > 1 and knows_pain == Yes", 42, "true"),
        ("not (knows_pain == False)", 33, "false"),
        ("YES", 14, "true"),
    ],
)
def test_yes_no_on_off_in_a_condition_suggest_true_or_false(condition: str, col: int, meant: str) -> None:
    [(line, column, code, message)] = errors(condition=f'"{condition}"')
    assert (line, column, code) == (19, col, "OS302") and f"write '{meant}'" in message


@pytest.mark.parametrize(("written", "meant"), [('"yes"', "true"), ("'Off'", "false")])
def test_a_quoted_truth_word_where_true_or_false_belongs_says_to_drop_the_quotes(written: str, meant: str) -> None:
    text = SCENARIO.format(**FINE).replace("knows_pain: false", f"knows_pain: {written}")
    [error] = load_bytes(text.encode(), "values.yaml").errors
    assert (error.line, error.code) == (10, "OS203") and f"write {meant} without quotes" in error.message


@pytest.mark.parametrize(
    ("speaker", "meant", "words"),
    [
        ("Marco Ferri", "marco", "'Marco Ferri' is its name"),
        ("marco ferri", "marco", "is its name"),
        ("Marco", "marco", ""),
        ("Vogt", "lena", "'Vogt' is in its name"),
        ("Lena Vogt", "lena", "is its name"),
        ("Narrator", "narrator", ""),
        ("marko", "marco", ""),  # a near miss, as before
    ],
)
def test_a_speaker_written_as_a_name_suggests_the_id(speaker: str, meant: str, words: str) -> None:
    [(line, col, code, message)] = errors(speaker=speaker)
    assert (line, col, code) == (14, 14, "OS301") and f"did you mean '{meant}'?" in message and words in message


@pytest.mark.parametrize(
    ("field", "written", "line", "col", "meant"),
    [
        ("goto", "Price", 20, 15, "price"),  # the id in capitals
        ("goto", "The price is fixed", 20, 15, "price"),  # the node's text
        ("next", '"The price is fixed, Marco says."', 24, 11, "price"),
        ("start", "Hello", 11, 8, "hello"),
        ("next", "Done", 24, 11, "done"),
    ],
)
def test_a_target_written_as_a_node_text_or_name_suggests_the_id(
    field: str, written: str, line: int, col: int, meant: str
) -> None:
    [(at_line, at_col, code, message)] = errors(**{field: written})
    assert (at_line, at_col, code) == (line, col, "OS300") and f"did you mean '{meant}'?" in message


def test_a_name_two_characters_share_suggests_neither() -> None:
    labels = {"marco": ["Marco Ferri"], "anna": ["Anna Ferri"]}
    assert suggest_id("Ferri", labels) == ""
    assert suggest_id("Anna Ferri", labels) == " (did you mean 'anna'? 'Anna Ferri' is its name; write the id)"


@pytest.mark.parametrize(
    ("field", "line", "col", "named"),
    [
        ("text", 15, 14, "the text of 'hello'"),
        ("discuss", 16, 17, "discuss of 'hello'"),
        ("choice", 18, 18, "the text of choice 1 in 'hello'"),
        ("feedback", 21, 22, "the feedback of choice 1 in 'hello'"),
        ("debrief", 27, 56, "the debrief of 'done'"),
    ],
)
def test_a_stray_brace_names_the_field_it_is_in(field: str, line: int, col: int, named: str) -> None:
    [(at_line, at_col, code, message)] = errors(**{field: '"a { b"'})
    assert (at_line, at_col, code) == (line, col, "OS309") and message.startswith(f"{named}: a single '{{'")


@pytest.mark.parametrize("field", ["text", "discuss", "choice", "feedback", "debrief"])
def test_an_unknown_name_in_braces_names_the_field_it_is_in(field: str) -> None:
    [(_, _, code, message)] = errors(**{field: '"a {trsut} b"'})
    named = {
        "choice": "the text of choice 1 in 'hello'",
        "feedback": "the feedback of choice 1 in 'hello'",
        "text": "the text of 'hello'",
        "discuss": "discuss of 'hello'",
    }
    assert code == "OS302" and f"in {named.get(field, f'the {field}')}" in message


def test_a_stray_brace_in_a_choice_with_an_id_names_the_choice_by_its_id() -> None:
    text = SCENARIO.format(**{**FINE, "feedback": '"a { b"'}).replace(
        "      - text: Go", "      - id: go\n        text: Go"
    )
    [error] = load_bytes(text.encode(), "values.yaml").errors
    assert error.message == "the feedback of choice 'go' in 'hello': a single '{' must be written '{{' to show it"


LIST = "a value that starts with '[' is read as a list; put the text in quotes, or use '|'"
MAPPING = "a value that starts with '{' is read as a mapping; put the text in quotes, or use '|'"


@pytest.mark.parametrize(
    ("field", "written", "line", "col", "hint"),
    [
        ("text", "[sighs] Please just cancel it.", 15, 11, LIST),
        ("discuss", "[Aside] why does he care?", 16, 14, LIST),
        ("feedback", "{A question before a pitch tells him you came to listen.", 21, 19, MAPPING),
        ("choice", "{Quietly} ask what changed", 18, 15, MAPPING),
        ("text", "[sighs, loudly] Please", 15, 11, LIST),
    ],
)
def test_text_that_starts_with_a_bracket_is_reported_at_the_bracket(
    field: str, written: str, line: int, col: int, hint: str
) -> None:
    [(at_line, at_col, code, message)] = errors(**{field: written})
    assert (at_line, at_col, code) == (line, col, "OS104") and message == f"YAML syntax: {hint}"


def test_a_debrief_that_starts_with_a_brace_is_reported_at_the_brace() -> None:
    text = SCENARIO.format(**FINE).replace(
        "    ending: {title: End, outcome: failure, debrief: Done.}",
        "    ending:\n      title: End\n      outcome: failure\n      debrief: {He gave you a month, not more.\n",
    )
    [error] = load_bytes(text.encode(), "values.yaml").errors
    assert (error.line, error.col, error.code, error.message) == (30, 16, "OS104", f"YAML syntax: {MAPPING}")


@pytest.mark.parametrize(("written", "hint"), [("[sighs]", LIST), ("{Sighs}", MAPPING)])
def test_text_that_is_only_a_bracketed_word_says_the_same(written: str, hint: str) -> None:
    [(line, col, code, message)] = errors(text=written)
    assert (line, col, code) == (15, 11, "OS203") and message.endswith(hint)


def test_a_flow_mapping_with_a_colon_left_open_keeps_the_bracket_hint() -> None:
    [(_, _, code, message)] = errors(feedback="{Note: listen first")
    assert code == "OS104" and "inside {...} or [...]" in message


CHECKED = """offscript: 1
id: checked
title: Checked
summary: A check with expected scores
start: a
nodes:
  a:
    text: Hi
    choices:
      - {id: ask, text: Ask why., goto: b, score: {empathy: 2}, feedback: Fine.}
  b: {text: Bye, ending: {title: End, outcome: failure}}
checks:
  - name: asking
    take: [ask]
"""  # the expectation goes on line 15


@pytest.mark.parametrize(
    ("expect", "line", "col", "written"),
    [
        ("    expect: {scores: {empathy: >= 2}}\n", 15, 32, ">= 2"),  # in {...}: no token starts with '>'
        ("    expect: {ending: b, scores: {empathy: > 1}}\n", 15, 43, "> 1"),
        ("    expect:\n      scores:\n        empathy: >= 2\n", 17, 18, ">= 2"),  # a block: '>' starts a text
        ("    expect:\n      scores:\n        empathy: > 1\n", 17, 18, "> 1"),
    ],
)
def test_an_unquoted_score_comparison_says_to_quote_it(expect: str, line: int, col: int, written: str) -> None:
    [error] = load_bytes((CHECKED + expect).encode(), "checked.yaml").errors
    assert (error.line, error.col, error.code) == (line, col, "OS104")
    assert error.message == f'YAML syntax: a comparison must be quoted: write empathy: "{written}"'


def test_a_comparison_read_as_an_empty_block_text_says_to_quote_it() -> None:
    expect = "    expect:\n      scores:\n        empathy: >2\n"
    [error] = load_bytes((CHECKED + expect).encode(), "checked.yaml").errors
    assert (error.line, error.col, error.code) == (17, 18, "OS315")
    assert error.message == 'scores: a comparison must be quoted: write empathy: ">2"'
