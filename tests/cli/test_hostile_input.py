"""Input built to break the command line: each case gets a clear message and an exit status, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from offscript.cli import main
from offscript.library import build_library

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIRST_CALL = FIXTURES / "first-call.yaml"


def deep_condition_scenario(condition: str) -> str:
    return f"""offscript: 1
id: deep
title: Deep
summary: A condition beyond the limits
variables:
  trust: 1
start: a
nodes:
  a:
    text: Hi
    choices:
      - {{text: Go, if: "{condition}", goto: b, feedback: Fine.}}
  b: {{text: Bye, ending: {{title: End, outcome: failure}}}}
"""


@pytest.mark.parametrize(
    "condition", ["(" * 200 + "trust > 1" + ")" * 200, " and ".join(["trust > 1"] * 500)], ids=["deep", "long"]
)
def test_deep_condition_is_listed_as_invalid_and_the_library_keeps_the_rest(
    tmp_path: Path, condition: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "deep.yaml").write_text(deep_condition_scenario(condition))
    shutil.copy(FIRST_CALL, tmp_path / "first-call.yaml")
    entries = {entry.path: entry for entry in build_library([tmp_path])}
    assert entries[str(tmp_path / "first-call.yaml")].valid
    deep = entries[str(tmp_path / "deep.yaml")]
    assert not deep.valid and ":12:" in deep.first_error and "[OS306]" in deep.first_error
    assert main(["list", "--scenarios", str(tmp_path), "--json"]) == 0
    listed = {item["path"]: item["valid"] for item in json.loads(capsys.readouterr().out)}
    assert listed[str(tmp_path / "deep.yaml")] is False
    assert main(["validate", str(tmp_path / "deep.yaml")]) == 1
    out = capsys.readouterr().out
    assert "deep.yaml:12:" in out and "internal error" not in out


@pytest.mark.parametrize(
    ("choices", "words"),
    [
        ("1,,2", "item 2 is empty"),
        ("1,2,", "item 3 is empty"),
        (",1", "item 1 is empty"),
        ("1,²", "item 2 is '²'"),
        ("١", "item 1 is '١'"),
        ("1,-2", "item 2 is '-2'"),
        ("1,+2", "item 2 is '+2'"),
        ("9" * 5000, "item 1 is '999999999999...'"),
        ("1" * 10, "item 1"),
        ("1,2 3", "item 2 is '2 3'"),
    ],
)
def test_choices_that_are_not_plain_numbers_are_a_usage_error(
    choices: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(FIRST_CALL), "--choices", choices]) == 2
    err = capsys.readouterr().err
    assert words in err and "internal error" not in err and len(err) < 200


def test_choices_allow_spaces_around_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(FIRST_CALL), "--choices", " 1 , ", "--json"]) == 2  # the trailing item is empty
    capsys.readouterr()
    assert main(["run", str(FIRST_CALL), "--choices", " 1 ", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ending"] == "won"
