"""`run --from NODE --set NAME=VALUE` (start anywhere): transcript, JSON, and every bad start refused with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from offscript.cli import main
from offscript.engine.start import Start

FIRST_CALL = str(Path(__file__).parents[1] / "fixtures" / "first-call.yaml")


def test_run_from_a_node_with_a_value_set_prints_the_transcript_from_there(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", FIRST_CALL, "--from", "hello", "--set", "trust=0", "--choices", "1"]) == 0
    out = capsys.readouterr().out
    assert "(Test from 'hello' with trust=0.)" in out
    assert "(Trust: 1 of 5.)" in out  # 0 + 1: the value set, then the choice's add
    assert "ENDING (failure): Another comparable quote" in out  # from the real start (trust 2) this path wins


def test_run_from_json_names_the_start_and_its_values(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["run", FIRST_CALL, "--from", "why", "--set", "trust=5", "--set", "knows_why=true", "--json"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["from"] == "why"
    assert data["start_variables"] == {"trust": 5, "knows_why": True}
    assert data["path"] == ["why", "decide", "won"]
    assert data["scores"] == {"empathy": 0, "ownership": 0, "customer_first": 0}
    assert (data["ending"], data["outcome"]) == ("won", "success")


def test_run_from_an_ending_is_over_at_once_and_from_a_choice_waits_for_numbers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["run", FIRST_CALL, "--from", "lost", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["path"] == ["lost"]
    assert main(["run", FIRST_CALL, "--from", "lost", "--choices", "1"]) == 1  # numbers left over after the ending
    assert "left over after the ending 'lost'" in capsys.readouterr().err
    assert main(["run", FIRST_CALL, "--set", "trust=4"]) == 3  # the start, with trust 4: numbers run out at once
    assert "ran out at node 'hello'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--from", "helo"], "--from: the scenario has no node 'helo' (did you mean 'hello'?)"),
        (["--set", "trus=1"], "--set: the scenario has no variable 'trus' (did you mean 'trust'?)"),
        (["--set", "knows_why=1"], "'knows_why' is true or false, not '1'"),
        (["--set", "trust=true"], "'trust' is a whole number (like 3 or -1), not 'true'"),
        (["--set", "trust=abc"], "not 'abc'"),
        (["--set", "trust="], "not ''"),
        (["--set", "=5"], "'=5' is not NAME=VALUE"),
        (["--set", "trust=9"], "'trust' must lie in 0..5; 9 is outside it"),
        (["--set", "trust=-1"], "'trust' must lie in 0..5; -1 is outside it"),
        (["--set", "trust=²"], "not '²'"),
        (["--set", "trust=" + "7" * 5000], "not '777777777777777777777777...'"),
        (["--set", "trust=1", "--set", "trust=2"], "'trust' is set twice"),
        (["--set", "empathy=1"], "'empathy' is a score, and a score cannot be set"),
    ],
)
def test_every_bad_start_is_a_usage_error_with_a_clear_message(
    capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert main(["run", FIRST_CALL, *options, "--choices", "1"]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # refused before anything is played
    assert err.startswith("offscript: ") and message in err
    assert "Traceback" not in err and len(err) < 300


def test_play_with_a_bad_start_is_a_usage_error_before_the_game_opens(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[object] = []
    monkeypatch.setattr("offscript.cli.play.run_game", lambda *args, **kwargs: opened.append(kwargs) or 0)
    assert main(["play", FIRST_CALL, "--from", "wonn", "--set", "trust=1"]) == 2
    assert "--from: the scenario has no node 'wonn' (did you mean 'won'?)" in capsys.readouterr().err
    assert main(["play", FIRST_CALL, "--set", "trust=6"]) == 2
    assert "'trust' must lie in 0..5" in capsys.readouterr().err
    assert opened == []


def test_play_from_hands_the_checked_start_to_the_game(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[dict[str, object]] = []
    monkeypatch.setattr("offscript.cli.play.run_game", lambda *args, **kwargs: opened.append(kwargs) or 0)
    assert main(["play", FIRST_CALL, "--mode", "assessment", "--from", "decide", "--set", "knows_why=true"]) == 0
    [kwargs] = opened
    assert kwargs["mode"] == "assessment"
    assert kwargs["test_from"] == Start("decide", (("knows_why", True),))
    assert main(["play", FIRST_CALL]) == 0
    assert opened[-1].get("test_from") is None  # without --from/--set: an ordinary run, saved as ever
