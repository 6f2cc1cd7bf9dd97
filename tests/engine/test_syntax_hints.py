"""YAML mistakes are reported on the line at fault, with the fix: not where YAML gave up.

Each case is a variation of a mistake a new trainer made (issue #14): the
same mistake with other keys, at other depths, in other places of the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from offscript.engine.loader import load_bytes

HEAD = """offscript: 1
id: hints
title: Hints
summary: Mistakes trainers make
characters:
  marco: {name: Marco Ferri}
variables:
  trust: {initial: 2, min: 0, max: 5}
start: a
nodes:
"""  # 10 lines: the nodes below start on line 11

NODES = """  a:
    speaker: marco
    text: Hi
    choices:
      - text: Listen
        goto: b
        feedback: Listening helps.
      - text: Push
        goto: b
        feedback: Pushing hurts.
  b:
    text: Bye
    ending:
      title: End
      outcome: failure
"""


def errors(text: str) -> list[tuple[int, int, str, str]]:
    return [(d.line, d.col, d.code, d.message) for d in load_bytes(text.encode(), "hints.yaml").errors]


def only_error(text: str) -> tuple[int, int, str, str]:
    found = errors(text)
    assert len(found) == 1, found
    return found[0]


def test_the_scenario_used_below_is_valid() -> None:
    assert errors(HEAD + NODES) == []


@pytest.mark.parametrize(
    ("broken", "line", "col", "key"),
    [
        ("    speaker: marco", 12, 5, "speaker"),  # first key of a node, the next line joins it
        ("    text: Hi", 13, 5, "text"),  # a key in the middle of a node
        ("      - text: Listen", 15, 9, "text"),  # the first key of a choice, after '- '
        ("        goto: b\n        feedback: Listening", 16, 9, "goto"),
        ("        feedback: Pushing hurts.", 20, 9, "feedback"),  # last key of a node's last choice
        ("      outcome: failure", 25, 7, "outcome"),  # last line of the file
        ("      title: End", 24, 7, "title"),  # inside an ending
        ("    ending:", 23, 5, "ending"),  # a key whose value is on the lines below
        ("  b:", 21, 3, "b"),  # a node id
    ],
)
def test_a_missing_colon_is_reported_on_its_own_line(broken: str, line: int, col: int, key: str) -> None:
    first = broken.split("\n")[0]
    text = HEAD + NODES.replace(first, first.replace(":", "", 1), 1)
    assert only_error(text)[:3] == (line, col, "OS104")
    assert f"add ':' after '{key}'" in only_error(text)[3]


@pytest.mark.parametrize(
    ("old", "new", "line", "key"),
    [
        ("id: hints", "id hints", 2, "id"),
        ("start: a", "start a", 9, "start"),
        ("  trust: {initial: 2, min: 0, max: 5}", "  trust:\n    initial 2\n    max: 5", 9, "initial"),
        ("  marco: {name: Marco Ferri}", "  marco:\n    name Marco Ferri\n    role: Buyer", 7, "name"),
        ("summary: Mistakes trainers make", "summary Mistakes trainers make  # a comment", 4, "summary"),
    ],
)
def test_a_missing_colon_at_the_top_or_in_a_declaration(old: str, new: str, line: int, key: str) -> None:
    error = only_error((HEAD + NODES).replace(old, new))
    assert error[0] == line and error[2] == "OS104" and f"add ':' after '{key}'" in error[3]


def test_a_comment_between_the_line_and_the_next_key_does_not_hide_it() -> None:
    text = HEAD + NODES.replace("    speaker: marco", "    speaker marco  # the buyer\n    # he is tired")
    assert only_error(text)[:3] == (12, 5, "OS104")


def test_a_line_that_is_no_key_says_both_fixes() -> None:
    text = HEAD + NODES.replace("    text: Hi\n", "    text: Hi there\n    and welcome\n")
    line, col, code, message = only_error(text)
    assert (line, col, code) == (14, 5, "OS104")
    assert "if 'and' is a key, add ':' after it" in message and "indent it more" in message


def test_text_going_on_over_lines_is_not_mistaken_for_a_missing_colon() -> None:
    text = HEAD + NODES.replace("    text: Hi\n", "    text: Hi there\n      and welcome\n      she says: hi\n")
    line, col, code, message = only_error(text)
    assert (line, col, code) == (15, 15, "OS104") and "put the whole text in quotes" in message


def test_a_node_that_is_one_line_without_a_colon_is_a_type_error_with_the_fix() -> None:
    text = HEAD + "  a:\n    speaker marco\n" + NODES.replace("  a:\n", "  z:\n")
    line, col, code, message = only_error(text)
    assert (line, col, code) == (12, 5, "OS203") and "add ':' after 'speaker'" in message


def test_a_missing_colon_before_text_that_holds_a_colon_is_an_unknown_key_with_the_fix() -> None:
    text = HEAD + NODES.replace("feedback: Pushing hurts.", "feedback Pushing: it hurts.")
    found = errors(text)
    assert [(d[0], d[1], d[2]) for d in found] == [(20, 9, "OS202")] and "add ':' after 'feedback'" in found[0][3]


FLAT = """offscript: 1
id: flat
title: Flat
summary: Nodes for the indentation cases
start: a
nodes:
  a:
    text: Hi
    next: b
  b:
    text: Hi
    next: c
  c:
    text: Bye
    ending: {title: End, outcome: failure}
"""


@pytest.mark.parametrize(
    ("old", "new", "where", "words"),
    [
        # the first node one space too far: every later node disagrees with it
        (
            "  a:\n    text: Hi\n    next: b",
            "   a:\n     text: Hi\n     next: b",
            (7, 4),
            "lines 10 ('b') and 13 ('c')",
        ),
        # ... or one space too few
        ("  a:\n    text: Hi\n    next: b", " a:\n   text: Hi\n   next: b", (7, 2), "move 'a' and the lines under it"),
        # a key of a node one space too far or too few
        ("    text: Hi\n    next: b", "    text: Hi\n     next: b", (9, 6), "line 8 ('text')"),
        ("    text: Hi\n    next: b", "    text: Hi\n   next: b", (9, 4), "line 8 ('text')"),
        # the first key of a node too far: the node's other keys disagree
        ("    text: Hi\n    next: b", "     text: Hi\n    mood: calm\n    next: b", (8, 6), "lines 9 ('mood') and 10"),
        # ... and on a tie, the line YAML stopped at is the odd one
        (
            "    text: Hi\n    next: b",
            "     text: Hi\n    next: b",
            (9, 5),
            "line 8 ('text') at the same level is indented 5",
        ),
        # the top level
        ("id: flat", " id: flat", (2, 2), "lines 1 ('offscript'), 3 ('title') and 4 ('summary')"),
        # a key meant to close an ending, one space short
        (
            "    ending: {title: End, outcome: failure}\n",
            "    ending:\n      title: End\n      outcome: failure\n   mood: calm\n",
            (18, 4),
            "lines 14 ('text') and 15 ('ending')",
        ),
    ],
)
def test_an_indentation_mistake_is_reported_where_the_odd_indentation_is(
    old: str, new: str, where: tuple[int, int], words: str
) -> None:
    assert old in FLAT
    line, col, code, message = only_error(FLAT.replace(old, new))
    assert ((line, col), code) == (where, "OS104") and words in message


@pytest.mark.parametrize(
    ("old", "new", "where", "words"),
    [
        ("      - text: Push", "       - text: Push", (18, 8), "the '- ' is indented 7 spaces, but line 15 (the '- ')"),
        (
            "        goto: b\n        feedback: Listening",
            "       goto: b\n        feedback: Listening",
            (16, 8),
            "'goto' is indented 7 spaces, but lines 15 ('text') and 17 ('feedback')",
        ),
    ],
)
def test_an_indentation_mistake_in_a_list(old: str, new: str, where: tuple[int, int], words: str) -> None:
    assert old in NODES
    line, col, code, message = only_error(HEAD + NODES.replace(old, new))
    assert ((line, col), code) == (where, "OS104") and words in message


def test_a_choice_without_its_dash_is_one_error_that_says_to_add_it() -> None:
    text = HEAD + NODES.replace("      - text: Push", "        text: Push")
    line, col, code, message = only_error(text)
    assert (line, col, code) == (18, 9, "OS109")
    assert message.startswith("a new choice starts here without its '- '") and "on line 15" in message


def test_each_item_without_its_dash_is_reported_once_and_checked_as_an_item() -> None:
    third = "        text: Leave\n        goto: nowhere\n        feedback: Bye.\n"
    text = HEAD + NODES.replace("      - text: Push", "        text: Push").replace("  b:\n", third + "  b:\n", 1)
    found = [(line, code) for line, _, code, _ in errors(text)]
    assert found == [(18, "OS109"), (21, "OS109"), (22, "OS300")]  # the third choice's goto is checked too
    assert "with the '- ' on line 15" in errors(text)[1][3]


def test_a_branch_entry_without_its_dash_names_the_branch_entry() -> None:
    branch = "  b:\n    branch:\n      - if: trust > 1\n        goto: c\n"
    branch += "        if: trust > 0\n        goto: c\n      - goto: c\n"
    text = HEAD + NODES.replace("  b:\n", branch + "  c:\n")
    line, col, code, message = only_error(text)
    assert (line, col, code) == (25, 9, "OS109") and "a new branch entry starts here without its '- '" in message


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("    text: Hi\n", "    text: Hi\n    text: Hello\n", 14),  # a node: a mapping, not a list item
        (
            "      - text: Push\n        goto: b\n",
            "      - {text: Push, goto: b, text: Shove}\n      - text: Again\n        goto: b\n",
            18,
        ),
    ],
)
def test_a_key_given_twice_elsewhere_says_to_remove_one(old: str, new: str, line: int) -> None:
    text = HEAD + NODES.replace(old, new)
    found = [e for e in errors(text) if e[2] == "OS109"]
    assert [e[0] for e in found] == [line] and found[0][3].endswith("remove one")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" -:ab#|{}\n", max_size=120))
def test_any_shape_of_keys_dashes_and_indentation_is_a_diagnostic_never_a_crash(text: str) -> None:
    for diagnostic in load_bytes((HEAD + text).encode(), "shape.yaml").diagnostics:
        assert diagnostic.line >= 1 and diagnostic.col >= 1


@pytest.mark.parametrize(
    ("new", "where", "words"),
    [
        # a later node one space too far: compared with the other node ids, not with the keys of the node above
        ("   b:\n     text: Hi\n     next: c", (10, 4), "lines 7 ('a') and 13 ('c') at the same level are indented 2"),
        ("   b:\n     text: Hi\n     next: c", (10, 4), "(move 'b' and the lines under it 1 space left)"),
        # ... only its id line: its keys stay where they are
        ("   b:\n    text: Hi\n    next: c", (10, 4), "(move 'b' 1 space left)"),
        # its id at column 0, its keys still at 4: the id line is at fault, not the nodes after it
        ("b:\n    text: Hi\n    next: c", (10, 1), "'b' is indented 0 spaces, but lines 7 ('a') and 13 ('c')"),
        ("b:\n    text: Hi\n    next: c", (10, 1), "(move 'b' 2 spaces right)"),
    ],
)
def test_a_later_node_indented_oddly_is_lined_up_with_the_other_nodes(
    new: str, where: tuple[int, int], words: str
) -> None:
    old = "  b:\n    text: Hi\n    next: c"
    assert old in FLAT
    line, col, code, message = only_error(FLAT.replace(old, new))
    assert ((line, col), code) == (where, "OS104") and words in message


def test_a_key_one_space_short_after_a_nested_block_still_lines_up_with_its_node() -> None:
    text = FLAT.replace("    next: c", "    ending:\n      title: End\n   next: c", 1)
    line, col, code, message = only_error(text)
    assert (line, col, code) == (14, 4, "OS104") and "(move 'next' 1 space right)" in message


ENDING_B = "  b:\n    text: Bye\n    ending:\n      title: End\n      outcome: failure\n"


@pytest.mark.parametrize(
    ("new", "where", "words"),
    [
        # a node indented under the node above: a key of that node, with a node's keys under it
        (
            "    b:\n      text: Bye\n      ending:\n        title: End\n        outcome: failure\n",
            (21, 5),
            "unknown key 'b' in node 'a'; 'b' looks like a node: move it 2 spaces left to line it up with the other",
        ),
        # a node at column 0 with its keys at 2: a key of the scenario
        (
            "b:\n  text: Bye\n  ending:\n    title: End\n    outcome: failure\n",
            (21, 1),
            "unknown key 'b' in the scenario; 'b' looks like a node: move it 2 spaces right",
        ),
    ],
)
def test_an_unknown_key_that_is_a_node_says_how_to_indent_it(new: str, where: tuple[int, int], words: str) -> None:
    assert ENDING_B in NODES
    found = [e for e in errors(HEAD + NODES.replace(ENDING_B, new)) if e[2] == "OS202"]
    assert len(found) == 1 and found[0][:2] == where and words in found[0][3]


@pytest.mark.parametrize("key", ["set", "add"])
def test_set_or_add_on_a_node_says_they_belong_on_a_choice(key: str) -> None:
    line, col, code, message = only_error(
        HEAD + NODES.replace("    text: Hi\n", f"    text: Hi\n    {key}: {{trust: 1}}\n")
    )
    assert (line, col, code) == (14, 5, "OS202")
    assert (
        message == f"unknown key '{key}' in node 'a'; set and add belong on a choice: "
        f"move '{key}' under the choice that changes it"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("feedback: Listening helps.", "feedbak: Listening helps."),  # not also 'choice has no feedback'
        ("goto: b\n        feedback: Listening", "gotoo: b\n        feedback: Listening"),  # not also 'missing goto'
        ("- text: Listen", "- txt: Listen"),
    ],
)
def test_a_misspelt_key_is_reported_once_not_also_as_missing(old: str, new: str) -> None:
    text = HEAD + NODES.replace(old, new, 1)
    found = [(d.line, d.code) for d in load_bytes(text.encode(), "hints.yaml").diagnostics]
    assert [code for _, code in found] == ["OS202"], found


@pytest.mark.parametrize(
    ("key", "line", "col"),
    [
        ("    speaker: marco", 12, 5),  # the first key of a node
        ("        goto: b", 16, 9),  # a key of a choice
        ("      - text: Listen", 15, 9),  # the first key of a choice, after '- '
        ("      outcome: failure", 25, 7),  # the last line of the file
        ("start: a", 9, 1),  # the top level
    ],
)
def test_a_key_without_a_space_after_its_colon_says_to_add_the_space(key: str, line: int, col: int) -> None:
    text = (HEAD + NODES).replace(key, key.replace(": ", ":", 1), 1)
    name = key.split(":")[0].strip(" -")
    assert only_error(text) == (
        line,
        col,
        "OS104",
        f"YAML syntax: add a space after '{name}:' (a key needs a colon, then a space)",
    )


TAB_HINT = "a tab is used for indentation; YAML needs spaces, so replace the tab with spaces"


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("        goto: b\n        feedback: Listening", "\tgoto: b\n        feedback: Listening", 16),  # "violates"
        ("  b:\n", "\tb:\n", 21),  # "cannot start any token"
        ("    text: Hi\n", "\t  text: Hi\n", 13),
    ],
)
def test_a_tab_in_the_indentation_says_to_replace_it_whichever_way_yaml_puts_it(old: str, new: str, line: int) -> None:
    line_at, col, code, message = only_error(HEAD + NODES.replace(old, new, 1))
    assert (line_at, col, code) == (line, 1, "OS104") and message.endswith(TAB_HINT)


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        # the second choice's first key at the column where its '- ' should be
        (
            "      - text: Push",
            "      text: Push",
            (18, 7),
            "'text' is given again at the column of the '- ' on line 15: start a new choice with '- ' here; "
            "if it belongs to the choice above, indent it 8 spaces like its keys",
        ),
        # a key of a choice two spaces short: the way and the amount, as for one space
        (
            "        goto: b\n        feedback: Listening",
            "      goto: b\n        feedback: Listening",
            (16, 7),
            "'goto' is indented 6 spaces, but lines 15 ('text') and 17 ('feedback') at the same level are "
            "indented 8; line them up (move 'goto' 2 spaces right)",
        ),
    ],
)
def test_a_key_at_the_column_of_the_dash_says_which_fix(
    old: str, new: str, where: tuple[int, int], message: str
) -> None:
    assert old in NODES
    assert only_error(HEAD + NODES.replace(old, new, 1)) == (*where, "OS104", f"YAML syntax: {message}")


def test_a_branch_entry_key_at_the_column_of_the_dash_names_the_branch_entry() -> None:
    branch = "  b:\n    branch:\n      - if: trust > 1\n        goto: c\n      goto: c\n"
    text = HEAD + NODES.replace("  b:\n", branch + "  c:\n")
    line, col, code, message = only_error(text)
    assert (line, col, code) == (25, 7, "OS104") and "start a new branch entry with '- ' here" in message


@pytest.mark.parametrize(
    ("old", "new", "line", "key", "lacks"),
    [
        (
            "        goto: b\n        feedback: Listening",
            "      - goto: b\n        feedback: Listening",
            16,
            "goto",
            "'text'",
        ),
        ("        feedback: Pushing hurts.", "      - feedback: Pushing hurts.", 20, "feedback", "'text' or 'goto'"),
    ],
)
def test_a_dash_in_front_of_a_choice_key_says_it_starts_a_new_choice(
    old: str, new: str, line: int, key: str, lacks: str
) -> None:
    text = HEAD + NODES.replace(old, new, 1)
    found = [(d.line, d.col, d.code, d.message) for d in load_bytes(text.encode(), "x.yaml").diagnostics]
    message = (
        f"the '- ' before '{key}' starts a new choice (one without {lacks}); "
        f"if '{key}' belongs to the choice above, remove the '- ' and line '{key}' up with that choice's keys"
    )
    assert found == [(line, 9, "OS109", message)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    text: Hi\n", "    txt: Hi\n"),  # not also "node 'a' is missing the required key 'text'"
        ("    choices:\n", "    chioces:\n"),  # not also "node 'a' has none of choices/next/branch/ending"
        ("    ending:\n", "    endign:\n"),
    ],
)
def test_a_misspelt_node_key_is_reported_once_not_also_as_missing(old: str, new: str) -> None:
    text = HEAD + NODES.replace(old, new, 1)
    found = [d.code for d in load_bytes(text.encode(), "hints.yaml").diagnostics]
    assert found == ["OS202"]


def test_a_goto_to_a_node_indented_as_a_key_says_where_that_node_is() -> None:
    new = "    b:\n      text: Bye\n      ending:\n        title: End\n        outcome: failure\n"
    found = [e for e in errors(HEAD + NODES.replace(ENDING_B, new)) if e[2] == "OS300"]
    assert [(e[0], e[1]) for e in found] == [(16, 15), (19, 15)]
    assert (
        found[0][3] == "goto 'b' is not a node ('b' on line 21 is indented as a key, not a node: move it 2 spaces left)"
    )


def test_nodes_after_a_node_id_at_column_0_say_what_they_were_read_as() -> None:
    text = FLAT.replace("  b:\n    text: Hi\n    next: c", "b:\n  text: Hi\n  next: c").replace("next: b", "next: c")
    found = [e for e in errors(text) if e[2] == "OS300"]
    assert [e[3] for e in found] == [
        "next 'c' is not a node ('c' on line 13 is read as part of 'b' on line 10, which is not indented like a node)",
    ]


def test_a_node_id_one_space_short_over_keys_in_place_says_to_move_only_the_id() -> None:
    line, col, code, message = only_error(FLAT.replace("  b:\n", " b:\n"))
    assert (line, col, code) == (10, 2, "OS104") and message.endswith("line them up (move 'b' 1 space right)")


def test_a_stray_dash_anywhere_in_a_valid_file_is_a_diagnostic_never_a_crash() -> None:
    """Found by the fuzzer: '- ' inserted mid-line left the indentation hint with no entry at that column."""
    data = (Path(__file__).parents[1] / "fixtures" / "first-call.yaml").read_bytes()
    for at in range(len(data)):
        result = load_bytes(data[:at] + b"- " + data[at:], "x.yaml", analyse=False)
        assert result.diagnostics or result.scenario is not None
