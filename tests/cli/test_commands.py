"""The command line, exactly as the format contract says: output, JSON fields and exit statuses."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

from offscript.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIRST_CALL = str(FIXTURES / "first-call.yaml")
HUB = str(FIXTURES / "engine" / "hub.yaml")
DIAGNOSTICS = FIXTURES / "diagnostics"


def test_validate_clean_file_prints_nothing_on_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", FIRST_CALL]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "1 file checked: no problems" in err


def test_validate_reports_every_problem_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DIAGNOSTICS / "OS204-bad-values.yaml"), FIRST_CALL]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 4
    assert out[0].endswith(
        "OS204-bad-values.yaml:5:12: error: 'offscript' must be 1 (the format version), not '2' [OS204]"
    )


def test_validate_warnings_only_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(DIAGNOSTICS / "OS402-no-feedback.yaml")]) == 0
    assert ":11:9: warning: choice has no feedback" in capsys.readouterr().out


def test_validate_folder_recurses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES / "engine")]) == 0
    assert "2 files checked" in capsys.readouterr().err


def test_validate_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(DIAGNOSTICS / "OS300-unknown-node.yaml")]) == 1
    [item] = json.loads(capsys.readouterr().out)
    assert (item["line"], item["col"], item["severity"], item["code"]) == (11, 26, "error", "OS300")


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["run", str(tmp_path / "nope.yaml"), "--choices", "1"]) == 2
    assert main(["analyze", str(tmp_path / "nope.yaml")]) == 2
    assert main(["validate", str(tmp_path)]) == 2  # a folder with no scenario files


def test_run_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", FIRST_CALL, "--choices", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "scenario": "first-call",
        "from": "hello",  # the scenario's start, when no --from was given
        "start_variables": {"trust": 2, "knows_why": False},
        "ending": "won",
        "outcome": "success",
        "path": ["hello", "why", "decide", "won"],
        "scores": {"empathy": 2, "ownership": 0, "customer_first": 1},
        "variables": {"trust": 3, "knows_why": True},
    }


def test_run_transcript_reads_like_the_game(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", FIRST_CALL, "--choices", "1"]) == 0
    out = capsys.readouterr().out
    assert "Mara Jensen, Purchase manager [impatient]:" in out
    assert "(Trust: 3 of 5.)" in out  # variables filled in
    assert "> 1. Ask why she agreed to take the call at all." in out
    assert "Coach: A real question lets the customer teach you." in out
    assert "ENDING (success): A second meeting" in out


def test_run_out_of_numbers_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", HUB, "--choices", "1", "--json"]) == 3
    out, err = capsys.readouterr()
    assert json.loads(out)["ending"] is None
    assert "ran out at node 'hub'" in err


def test_number_not_offered_exits_1_naming_node_and_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", HUB, "--choices", "4"]) == 1
    err = capsys.readouterr().err
    assert "choice 4 is not offered at node 'hub'; it offers 3: 1: Ask what stops her line." in err


def test_numbers_left_after_the_ending_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", FIRST_CALL, "--choices", "1,2"]) == 1
    assert "left over after the ending 'won'" in capsys.readouterr().err


def test_run_dead_end_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(DIAGNOSTICS / "OS403-dead-end.yaml"), "--choices", "2"]) == 1
    assert "dead end at node 'second'" in capsys.readouterr().err


def test_run_invalid_scenario_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(DIAGNOSTICS / "OS300-unknown-node.yaml"), "--choices", "1"]) == 1
    assert ":11:26: error:" in capsys.readouterr().err


def test_bad_choices_text_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", FIRST_CALL, "--choices", "one"]) == 2


def test_analyze_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", HUB, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["node_count"] == 4
    assert data["unreachable"] == [] and data["no_ending"] == []
    assert data["endings"] == ["won", "lost"]
    assert data["score_range"] == {"empathy": [-1, 2], "ownership": [0, 1], "customer_first": [-2, 1]}


def test_analyze_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", HUB]) == 0
    out = capsys.readouterr().out
    assert "Customer first  -2 to 1" in out and "endings:        won, lost" in out


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["validate", "--help"]])
def test_help_and_version_exit_0(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0
    assert capsys.readouterr().out


def test_console_script_and_module_both_work() -> None:
    for command in (
        [sys.executable, "-m", "offscript", "--version"],
        [str(Path(sys.executable).with_name("offscript")), "--version"],
    ):
        done = subprocess.run(command, capture_output=True, text=True)
        assert done.returncode == 0 and done.stdout.startswith("offscript "), done


@pytest.mark.parametrize("fixture", sorted(DIAGNOSTICS.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_input_produces_a_traceback(fixture: Path) -> None:
    for argv in (["validate", str(fixture)], ["run", str(fixture), "--choices", "1,1,1"], ["analyze", str(fixture)]):
        done = subprocess.run([sys.executable, "-m", "offscript", *argv], capture_output=True, text=True)
        assert "Traceback" not in done.stderr + done.stdout
        assert done.returncode in (0, 1, 3)


def test_ran_out_lists_the_choices_on_offer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", HUB, "--choices", "1"]) == 3
    out = capsys.readouterr().out
    assert "  1. Ask about her budget.\n  2. Pitch the catalogue.\n  3. Propose a trial order." in out


def test_an_internal_error_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import offscript.cli.validate

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.delenv("OFFSCRIPT_DEBUG", raising=False)
    monkeypatch.setattr(offscript.cli.validate, "run", broken)
    assert main(["validate", FIRST_CALL]) == 1
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: boom)" in err and "Traceback" not in err


def test_play_starts_the_game_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def fake_run_app(**options: object) -> int:
        seen.update(options, collector_enabled=gc.isenabled())
        return 0

    monkeypatch.setattr("offscript.tui.app.run_app", fake_run_app)
    try:
        assert main(["play", FIRST_CALL, "--mode", "assessment"]) == 0
    finally:
        gc.enable()
    assert seen == {
        "extra_dirs": [],
        "play_path": FIRST_CALL,
        "mode": "assessment",
        "collector_paused": True,
        "collector_enabled": False,
        "test_from": None,  # an ordinary run: no --from/--set
        "watch": False,
    }


def test_play_watch_passes_the_watch_to_the_game(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    monkeypatch.setattr("offscript.tui.app.run_app", lambda **options: seen.update(options) or 0)
    try:
        assert main(["play", FIRST_CALL, "--watch"]) == 0
        assert seen["watch"] is True and seen["test_from"] is None  # the game makes it a test run from the start
        assert main(["play", FIRST_CALL, "--watch", "--from", "pitch"]) == 0
        assert seen["watch"] is True and getattr(seen["test_from"], "node", None) == "pitch"
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("argv", "modules"),
    [
        (["--help"], []),
        (["validate", FIRST_CALL], ["offscript.cli.validate"]),
        (["run", FIRST_CALL, "--choices", "1"], ["offscript.cli.run"]),
        (["analyze", "--help"], ["offscript.cli.analyze"]),
    ],
)
def test_a_command_imports_its_own_module_only(argv: list[str], modules: list[str]) -> None:
    """The registry names every command; only the one that runs (or whose help is asked for) is imported."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom offscript.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('offscript.cli.') and m != 'offscript.cli.common'))"
    )
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == repr(modules)
