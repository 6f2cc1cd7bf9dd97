"""Every diagnostic rule has a fixture; each fixture states the diagnostics it must produce.

A fixture's first lines are `# expect: LINE:COL SEVERITY CODE [words the message must contain]`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from offscript.engine.diagnostics import CODES
from offscript.engine.loader import load_bytes, load_file
from offscript.engine.source import MAX_BYTES

from ..scenario_texts import deep_condition_scenario

FIXTURES = Path(__file__).parents[1] / "fixtures" / "diagnostics"
EXPECT = re.compile(rb"^# expect: (\d+):(\d+) (error|warning) (OS\d+) ?(.*)$")


def expectations(path: Path) -> list[tuple[int, int, str, str, str]]:
    found = []
    for line in path.read_bytes().splitlines():
        match = EXPECT.match(line)
        if match:
            found.append((int(match[1]), int(match[2]), match[3].decode(), match[4].decode(), match[5].decode()))
    if not found and path.stat().st_size == 0:
        found.append((1, 1, "error", path.name[:5], ""))
    return found


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_fixture_reports_its_diagnostics(fixture: Path) -> None:
    result = load_file(fixture)
    expected = expectations(fixture)
    assert expected, f"{fixture.name} states no expectation"
    for line, col, severity, code, words in expected:
        matching = [d for d in result.diagnostics if (d.line, d.col, d.severity, d.code) == (line, col, severity, code)]
        assert matching, f"expected {line}:{col} {severity} {code}, got:\n" + "\n".join(
            d.format() for d in result.diagnostics
        )
        assert words in matching[0].message
        assert matching[0].path == str(fixture)
    if any(severity == "error" for _, _, severity, _, _ in expected):
        assert result.scenario is None


def test_every_code_has_a_fixture_or_a_test() -> None:
    files = {p.name[:5] for p in FIXTURES.glob("*.yaml")}
    folders = {p.name[:5] for p in FIXTURES.glob("OS*") if p.is_dir()}  # codes that need several files
    covered = files | folders | {"OS100", "OS103"}
    assert set(CODES) == covered


def test_unreadable_path_is_a_diagnostic(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    result = load_file(folder)
    assert [(d.line, d.col, d.code) for d in result.diagnostics] == [(1, 1, "OS100")]


def test_file_over_the_size_limit_is_refused_without_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"offscript: 1\n" + b"# padding\n" * (MAX_BYTES // 10 + 10))
    result = load_file(big)
    assert [(d.line, d.col, d.code) for d in result.diagnostics] == [(1, 1, "OS103")]
    assert "MB" in result.diagnostics[0].message
    assert load_bytes(big.read_bytes(), "big.yaml").diagnostics[0].code == "OS103"


def test_python_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'offscript: 1\nid: x\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n'
    result = load_bytes(text.encode(), "tag.yaml")
    assert any(d.code == "OS107" for d in result.diagnostics)
    assert not marker.exists()


def test_all_problems_are_reported_in_one_run() -> None:
    result = load_file(FIXTURES / "OS204-bad-values.yaml")
    assert len([d for d in result.diagnostics if d.code == "OS204"]) == 4


def test_format_is_file_line_col_severity_message() -> None:
    result = load_file(FIXTURES / "OS300-unknown-node.yaml")
    line = result.diagnostics[0].format()
    assert re.match(
        r"^.+OS300-unknown-node\.yaml:11:26: error: goto 'decid' is not a node "
        r"\(did you mean 'decide'\?\) \[OS300\]$",
        line,
    )


def test_comma_in_flow_mapping_suggests_quotes() -> None:
    text = b"""offscript: 1
id: comma
title: Comma
summary: A comma inside a flow mapping
characters:
  walt: {name: Walt, role: Plant manager, Millbrook Silica}
start: a
nodes:
  a: {text: Hi, ending: {title: End, outcome: failure}}
"""
    [diagnostic] = load_bytes(text, "comma.yaml").diagnostics
    assert (diagnostic.line, diagnostic.col, diagnostic.code) == (6, 43, "OS202")
    assert "put that text in quotes" in diagnostic.message


def test_placeholders_are_checked_in_feedback_and_debrief() -> None:
    text = b"""offscript: 1
id: placeholders
title: Placeholders
summary: Unknown names in feedback and debrief
start: a
nodes:
  a:
    text: Hi
    choices:
      - {text: Go, goto: b, feedback: "Trust is {trust}."}
  b: {text: Bye, ending: {title: End, outcome: failure, debrief: "Score {empathy}, {mood}"}}
"""
    found = [(d.line, d.code) for d in load_bytes(text, "p.yaml").diagnostics]
    assert found == [(10, "OS302"), (11, "OS302")]


@pytest.mark.parametrize(
    "condition", ["(" * 200 + "trust > 1" + ")" * 200, " and ".join(["trust > 1"] * 500)], ids=["deep", "long"]
)
def test_deep_or_long_condition_is_a_diagnostic_at_its_line(condition: str) -> None:
    text = deep_condition_scenario(condition)
    result = load_bytes(text.encode(), "deep.yaml")
    assert [(d.line, d.code) for d in result.errors] == [(12, "OS306")]
    assert "split it" in result.errors[0].message or "more simply" in result.errors[0].message


SMALL = """offscript: 1
id: small
title: {title}
summary: Small
start: a
nodes:
  a: {{text: Hi, ending: {{title: End, outcome: failure}}}}
"""


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9b", "\x9f"])
def test_a_raw_control_character_is_reported_where_it_stands(character: str) -> None:
    text = SMALL.format(title=f"Café, then{character}[2J")
    result = load_bytes(text.encode(), "raw.yaml")
    assert [(d.line, d.col, d.code) for d in result.errors] == [(3, 18, "OS111")]
    assert f"U+{ord(character):04X}" in result.errors[0].message and result.scenario is None


def test_raw_control_characters_leave_the_rest_of_the_file_checked() -> None:
    text = SMALL.format(title="A\x1b[2J\x1b]0;x\x07").replace("summary: Small", "summary: Small\nsumary: typo")
    codes = [(d.line, d.col, d.code) for d in load_bytes(text.encode(), "raw.yaml").errors]
    assert codes == [(3, 9, "OS111"), (3, 13, "OS111"), (3, 18, "OS111"), (5, 1, "OS202")]


def test_a_raw_control_character_in_a_key_or_comment_is_reported_too() -> None:
    text = SMALL.format(title="Fine") + "  b\x1b: {text: Hi, ending: {title: End, outcome: failure}}  # \x07\n"
    found = [(d.line, d.col, d.code) for d in load_bytes(text.encode(), "raw.yaml").errors]
    assert found == [(8, 3, "OS205"), (8, 4, "OS111"), (8, 61, "OS111")]


@pytest.mark.parametrize(
    ("written", "col"),
    [(r'"\e[2J"', 9), (r'"ok \x1b"', 12), (r'"\u001B"', 9), (r'"\U0000009b"', 9), (r'"\0"', 9), (r'"x\r"', 10)],
)
def test_an_escaped_control_character_is_reported_at_its_backslash(written: str, col: int) -> None:
    result = load_bytes(SMALL.format(title=written).encode(), "escape.yaml")
    assert [(d.line, d.col, d.code) for d in result.errors] == [(3, col, "OS111")]


def test_an_escape_over_several_lines_and_an_escaped_backslash() -> None:
    text = SMALL.format(title='"first line\n  \\\\e is text, \\\\\\e is not"')
    assert [(d.line, d.col, d.code) for d in load_bytes(text.encode(), "escape.yaml").errors] == [(4, 18, "OS111")]


def test_a_quoted_key_with_an_escape_is_reported() -> None:
    text = SMALL.format(title="Fine") + '  "b\\e": {text: Hi, ending: {title: End, outcome: failure}}\n'
    errors = load_bytes(text.encode(), "escape.yaml").errors
    assert (8, 5, "OS111") in [(d.line, d.col, d.code) for d in errors]


def test_tab_newline_and_escaped_tab_stay_allowed() -> None:
    result = load_bytes(SMALL.format(title='"Tab\\there\\nand\tthere"').encode(), "fine.yaml")
    assert result.errors == [] and result.scenario is not None and result.scenario.title == "Tab\there\nand\tthere"


@pytest.mark.parametrize(
    ("line", "words"),
    [('id: "small\\n"', "id 'small"), ("id: |\n  small", "id 'small"), ('language: "en\\n"', "language")],
)
def test_ids_match_their_pattern_whole(line: str, words: str) -> None:
    text = SMALL.format(title="Fine").replace("id: small", line) if "id" in line else SMALL.format(title="Fine")
    if line.startswith("language"):
        text += line + "\n"
    errors = load_bytes(text.encode(), "id.yaml").errors
    assert [d.code for d in errors] == ["OS205" if "id" in line else "OS204"] and words in errors[0].message


def test_a_node_id_with_a_trailing_newline_is_refused() -> None:
    text = SMALL.format(title="Fine").replace("start: a", 'start: "a\\n"').replace("  a: {", '  "a\\n": {')
    assert "OS205" in [d.code for d in load_bytes(text.encode(), "id.yaml").errors]


def test_a_character_yaml_refuses_is_reported_at_its_position() -> None:
    text = SMALL.format(title="Fine \ufffe")
    [error] = load_bytes(text.encode(), "reader.yaml").errors
    assert (error.line, error.col, error.code) == (3, 13, "OS104") and "U+FFFE" in error.message
