"""`validate` over several files (ids clash across files), with source excerpts on a terminal, and as JSON."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from offscript.cli import main
from offscript.engine.safe_text import safe
from offscript.render.excerpt import SOURCE_WIDTH, excerpt, split_lines

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIRST_CALL = FIXTURES / "first-call.yaml"
CLASH = FIXTURES / "diagnostics" / "OS600-duplicate-id"
CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
UNKNOWN_NODE = str(FIXTURES / "diagnostics" / "OS300-unknown-node.yaml")


def two_copies(folder: Path) -> tuple[Path, Path]:
    """Two valid files that share the id 'first-call' (a copy that kept its id)."""
    folder.mkdir(exist_ok=True)
    first, copy = folder / "first.yaml", folder / "copy.yaml"
    first.write_text(FIRST_CALL.read_text())
    copy.write_text(FIRST_CALL.read_text().replace("title: ", "title: Copy of ", 1))
    return first, copy


def test_a_folder_with_two_files_sharing_an_id_fails_naming_both_in_each_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, copy = two_copies(tmp_path / "mine")
    assert main(["validate", str(tmp_path / "mine")]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines == [
        f"{copy}:2:5: error: id 'first-call' is also used by {first}; the library can offer only one "
        "scenario per id: give each scenario its own id [OS600]",
        f"{first}:2:5: error: id 'first-call' is also used by {copy}; the library can offer only one "
        "scenario per id: give each scenario its own id [OS600]",
    ]
    assert "2 files checked: 2 errors, 0 warnings" in err


def test_two_file_arguments_sharing_an_id_fail_and_a_file_given_twice_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, copy = two_copies(tmp_path)
    assert main(["validate", str(first), str(copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and all(str(first) in line and str(copy) in line for line in out)
    assert main(["validate", str(first), str(first), str(tmp_path / "." / "first.yaml")]) == 0
    assert capsys.readouterr().err.strip() == "1 file checked: no problems"


def test_the_clash_fixture_folder_points_at_each_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--source", str(CLASH)]) == 1
    out = capsys.readouterr().out
    assert "first.yaml:4:5: error: id 'greeting'" in out and "second.yaml:4:9: error: id 'greeting'" in out
    assert "    4 | id:     greeting\n      |         ^\n" in out


def test_piped_output_has_no_excerpt_and_source_asks_for_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", UNKNOWN_NODE]) == 1
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main(["validate", "--source", UNKNOWN_NODE]) == 1
    first, source, caret, blank = capsys.readouterr().out.split("\n")[:4]
    assert first.endswith("[OS300]") and blank == ""
    assert source == "   11 |       - {text: Go, goto: decid, feedback: Fine.}"
    assert source[caret.index("^") :].startswith("decid")


def test_on_a_terminal_validate_shows_the_line_and_no_source_turns_it_off(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from offscript.cli import build_parser, chosen_command, validate

    def run(*argv: str) -> list[str]:
        args = build_parser(chosen_command(["validate"])).parse_args(["validate", *argv])
        assert validate.run(args, terminal=True) == 1
        return capsys.readouterr().out.splitlines()

    assert len(run(UNKNOWN_NODE)) == 4
    assert len(run("--no-source", UNKNOWN_NODE)) == 1
    assert len(run("--format", "json", UNKNOWN_NODE)) > 4 and "|" not in "".join(run("--json", UNKNOWN_NODE))


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_real_terminal_is_detected() -> None:
    """Run the command with its output on a pseudo-terminal: the excerpt appears with no option."""
    leader, follower = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "offscript", "validate", UNKNOWN_NODE],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        os.close(follower)
        shown = b""
        while chunk := _read(leader):
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 1
    assert b"   11 |       - {text: Go, goto: decid" in shown and b"      |" in shown


def _read(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except OSError:  # the terminal closed: everything was read
        return b""


def test_json_has_one_object_per_problem_with_its_source_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "json", UNKNOWN_NODE, str(FIRST_CALL)]) == 1
    out, err = capsys.readouterr()
    [item] = json.loads(out)
    assert item == {
        "file": UNKNOWN_NODE,
        "path": UNKNOWN_NODE,
        "line": 11,
        "col": 26,
        "severity": "error",
        "code": "OS300",
        "message": "goto 'decid' is not a node (did you mean 'decide'?)",
        "source": "      - {text: Go, goto: decid, feedback: Fine.}",
    }
    assert err == ""
    assert main(["validate", "--json", UNKNOWN_NODE]) == 1
    assert json.loads(capsys.readouterr().out) == [item]
    assert main(["validate", "--format", "json", str(FIRST_CALL)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_json_source_keeps_the_line_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"offscript: 1\nid: x\x1b]52;c;AAAA\x07\n")
    assert main(["validate", "--format", "json", str(bad)]) == 1
    items = json.loads(capsys.readouterr().out)
    assert items and all(i["source"] == "id: x\x1b]52;c;AAAA\x07" for i in items if i["line"] == 2)


def test_an_excerpt_neutralises_control_characters_and_keeps_the_caret_under_its_column() -> None:
    lines = split_lines("a: 1\nid: x\x1b[2Jy\fz\n")
    assert len(lines) == 3  # a form feed is no line break for a diagnostic
    shown = excerpt(lines, 2, 10)  # the 'y' after the escape sequence
    assert shown is not None
    assert "\x1b" not in shown.source_line and "\f" not in shown.source_line
    assert shown.source_line == "    2 | id: x␛[2Jy␌z"
    assert shown.source_line[shown.caret_offset] == "y" == shown.source_line[shown.caret_line.index("^")]


@pytest.mark.parametrize(
    ("line", "col", "under"),
    [("\tspeaker marco", 2, "s"), ("  \t\tx: \tfoo", 9, "f"), ("ab\tcd", 4, "c"), ("\t", 2, None)],
)
def test_tabs_are_expanded_and_the_caret_stays_aligned(line: str, col: int, under: str | None) -> None:
    shown = excerpt([line], 1, col)
    assert shown is not None and "\t" not in shown.source_line and "␉" not in shown.source_line
    caret = shown.caret_line.index("^")
    assert caret == shown.caret_offset
    assert (shown.source_line[caret] if caret < len(shown.source_line) else None) == under


def test_wide_characters_before_the_column_move_the_caret_by_two_cells() -> None:
    shown = excerpt(["text: 日本 {x}"], 1, 10)
    assert shown is not None
    assert shown.caret_at == len("text: ") + 4 + 1
    assert excerpt(["only line"], 2, 1) is None and excerpt(["x"], 0, 1) is None


@given(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\u2028\u2029"), max_size=150),
    st.integers(min_value=1, max_value=160),
)
@example("key: value  ", 12)  # the caret under trailing spaces
@example("\x1b[31mred", 6)
def test_any_line_gives_a_safe_excerpt_with_the_caret_under_its_character(line: str, col: int) -> None:
    """Whatever a file holds, the excerpt is one safe line and, for narrow text, the caret is under the column."""
    shown = excerpt([line], 1, col)
    assert shown is not None
    assert not CONTROL_OR_BREAK.search(shown.source_line + shown.caret_line)
    narrow = all(unicodedata.east_asian_width(c) not in "WF" and not unicodedata.combining(c) for c in line)
    if narrow and "\t" not in line and len(line) <= SOURCE_WIDTH and col <= len(line):
        assert shown.source_line[shown.caret_offset] == safe(line[col - 1], one_line=True)
