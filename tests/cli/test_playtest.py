"""`offscript playtest`: the printed findings, the JSON, and the exit statuses a CI relies on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from offscript.cli import main

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "playtest"


def fixture(name: str) -> str:
    return str(FIXTURES / f"{name}.yaml")


def test_a_finding_prints_its_diagnostic_then_the_path_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playtest", fixture("audit"), "--random", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index(
        f"{fixture('audit')}:49:3: warning: success ending 'won' can be reached with Empathy at -3 [OS520]"
    )
    assert lines[at + 1] == "  --choices 2,2,2"
    assert lines[at + 2].startswith("  why: a learner who loses points on the way still reaches success")


def test_the_summary_lists_checks_the_search_and_random_play(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playtest", fixture("clean"), "--random", "2000", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert f"{fixture('clean')}: 2 of 2 checks passed; every playthrough searched (5 states)" in out
    assert "  check 'asking and owning the price wins' passed: --choices 1,1 -> signed" in out
    assert "  random play: 2,000 playthroughs (seed 5): failure 7" in out
    assert "    decisions: 2 shortest, 2 typical, 2 longest" in out
    assert "(reading at 200 words a minute)" in out


def test_exit_statuses_for_clean_warned_strict_failed_invalid_and_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["playtest", fixture("clean"), "--strict"]) == 0
    assert main(["playtest", fixture("audit")]) == 0  # warnings alone pass
    assert main(["playtest", fixture("audit"), "--strict"]) == 1
    assert main(["playtest", fixture("coverage")]) == 1  # a failed check
    broken = tmp_path / "broken.yaml"
    broken.write_text("offscript: 1\nid: broken\n", encoding="utf-8")
    assert main(["playtest", str(broken)]) == 1
    assert "has errors; fix them first" in capsys.readouterr().err
    assert main(["playtest", str(tmp_path / "missing.yaml")]) == 2
    for bad in (["--random", "-1"], ["--random", "many"], ["--random", "99999999999"], ["--seed", "x"]):
        with pytest.raises(SystemExit) as exit_info:
            main(["playtest", fixture("clean"), *bad])
        assert exit_info.value.code == 2


def test_json_is_one_object_with_every_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("offscript: 1\n", encoding="utf-8")
    assert main(["playtest", fixture("coverage"), str(broken), "--json", "--random", "50"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["failed_checks"] == 3 and data["invalid"] == 1
    invalid, valid = data["files"]
    assert invalid["valid"] is False and invalid["errors"]
    assert valid["scenario"] == "coverage-gaps" and valid["exact"] is True
    assert [c["passed"] for c in valid["checks"]] == [True, False, False, False]
    stuck = next(f for f in valid["findings"] if f["code"] == "OS504")
    assert stuck["choices"] == [2, 2] and stuck["why"]
    assert {w["code"] for w in valid["warnings"]} == {"OS400"}
    assert valid["random"]["runs"] == 50 and valid["random"]["words_per_minute"] == 200


def test_a_check_name_with_control_characters_reaches_the_terminal_safe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = Path(fixture("clean")).read_text(encoding="utf-8")
    hostile = tmp_path / "hostile.yaml"
    hostile.write_text(text.replace("name: cutting loses", 'name: "cutting \\e[2J loses"'), encoding="utf-8")
    main(["playtest", str(hostile)])
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err


def test_every_shipped_scenario_passes_its_checks_as_ci_runs_it() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "offscript", "playtest", str(ROOT / "scenarios"), "--random", "200"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert done.stdout.count("every playthrough searched") == len(list((ROOT / "scenarios").glob("*.yaml")))
