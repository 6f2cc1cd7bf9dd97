"""Input built to break the command line: each case gets a clear message and an exit status, never a traceback."""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

import pytest

from offscript.cli import main
from offscript.library import build_library

from ..scenario_texts import deep_condition_scenario

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIRST_CALL = FIXTURES / "first-call.yaml"


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


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_a_file_that_is_not_regular_is_refused_without_reading_it(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    from offscript.engine.loader import load_file
    from offscript.storage.scenario_cache import load_scenario

    if kind == "device":
        path = "/dev/zero"
    elif kind == "fifo":
        path = str(tmp_path / "pipe.yaml")
        os.mkfifo(path)
    else:
        path = str(tmp_path / "folder.yaml")
        os.mkdir(path)
    words = "it is a folder" if kind == "folder" else "not a regular file"
    for result in (load_file(path), load_scenario(path)):  # would read forever, or wait forever
        [error] = result.diagnostics
        assert (error.line, error.col, error.code) == (1, 1, "OS100") and words in error.message
    if kind != "folder":
        assert main(["validate", path]) == 1 and words in capsys.readouterr().out
        assert main(["run", path, "--choices", "1"]) == 1 and words in capsys.readouterr().err


def test_a_file_name_that_is_not_utf8_is_shown_and_used_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    folder = tmp_path / "mine"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), b"caf\xe9.yaml")
    with open(raw, "wb") as handle:
        handle.write(FIRST_CALL.read_bytes().replace(b"id: first-call", b"id: cafe-call"))
    real = os.fsdecode(raw)  # what os.listdir gives: the byte as a surrogate
    [entry] = [e for e in build_library([folder]) if e.id == "cafe-call"]
    assert entry.valid and entry.path == real
    assert main(["list", "--scenarios", str(folder)]) == 0
    assert "caf\ufffd.yaml" in capsys.readouterr().out
    assert main(["validate", str(folder)]) == 0 and main(["validate", real]) == 0
    assert main(["run", real, "--choices", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ending"] == "won"
    assert main(["analyze", real]) == 0
    assert "cafe-call" in capsys.readouterr().out
    opened: dict[str, object] = {}
    monkeypatch.setattr("offscript.tui.app.run_app", lambda **options: opened.update(options) or 0)
    try:
        assert main(["play", "cafe-call", "--scenarios", str(folder)]) == 0
    finally:
        gc.enable()  # the game turns the collector back on once it runs; the stand-in does not
    assert opened["play_path"] == real
    from offscript.engine.active_run import Mode
    from offscript.engine.loader import load_file
    from offscript.engine.playthrough import Playthrough
    from offscript.storage.history import HistoryEntry, HistoryStore
    from offscript.storage.paths import data_dir

    scenario = load_file(real).scenario
    assert scenario is not None
    finished = Playthrough.start(scenario).pick(1).read_on()
    HistoryStore(data_dir()).record(HistoryEntry.of(finished, Mode.COACH, "2026-01-01T10:00:00", 0, "run-1"))
    capsys.readouterr()
    assert main(["export", "cafe-call", "--scenarios", str(folder)]) == 0
    assert "The First Call" in capsys.readouterr().out
