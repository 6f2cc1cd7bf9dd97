"""The game's scenario cache: answers only for the very same file and engine, and never gets in the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offscript.engine.active_run import ActiveRun, Mode
from offscript.engine.invariants import result_problems
from offscript.engine.loader import load_file
from offscript.storage import scenario_cache
from offscript.storage.saves import Save, SaveStore
from offscript.storage.scenario_cache import load_scenario, scenario_cache_dir

FIXTURES = Path(__file__).parents[1] / "fixtures"
FOLLOW_UP = FIXTURES / "tui" / "follow-up.yaml"


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """A copy of a three-decision fixture that a test may edit."""
    path = tmp_path / "follow-up.yaml"
    path.write_bytes(FOLLOW_UP.read_bytes())
    return path


def entries() -> list[Path]:
    folder = scenario_cache_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def test_a_scenario_seen_before_is_not_checked_again(scenario: Path, loader_calls: list[str]) -> None:
    first = load_scenario(scenario)
    second = load_scenario(scenario)
    assert loader_calls == [str(scenario)]
    assert second == first == load_file(scenario)
    assert second.analysis is not None and len(entries()) == 1


def test_an_edited_scenario_is_checked_afresh(scenario: Path, loader_calls: list[str]) -> None:
    load_scenario(scenario)
    scenario.write_text(scenario.read_text().replace("title: ", "title: Edited ", 1))
    result = load_scenario(scenario)
    assert len(loader_calls) == 2
    assert result.scenario is not None and result.scenario.title.startswith("Edited ")
    assert len(entries()) == 1  # one entry per file: the edit replaced it


def test_the_path_is_reported_as_it_was_given(scenario: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_scenario(scenario)
    monkeypatch.chdir(scenario.parent)
    result = load_scenario(scenario.name)
    assert result.path == scenario.name and result.scenario is not None and result.scenario.path == scenario.name


def test_a_new_engine_checks_everything_afresh(
    scenario: Path, loader_calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_scenario(scenario)
    monkeypatch.setattr(scenario_cache, "_engine_stamp", lambda: "another engine")
    load_scenario(scenario)
    assert len(loader_calls) == 2


def test_the_library_entry_is_completed_when_the_game_needs_the_analysis(
    scenario: Path, loader_calls: list[str]
) -> None:
    assert load_scenario(scenario, analyse=False).analysis is None
    assert load_scenario(scenario, analyse=False).analysis is None
    assert load_scenario(scenario).analysis is not None
    assert load_scenario(scenario, analyse=False).analysis is not None  # the fuller entry serves both
    assert len(loader_calls) == 2


@pytest.mark.parametrize(
    "damage",
    [b"", b'{"format": 1, "resu', b"\xff\xfe not json", b"[1, 2]", b'{"format": 1, "result": {"@class": "Popen"}}'],
    ids=["empty", "cut-short", "binary", "a-list", "foreign-class"],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(scenario: Path, loader_calls: list[str], damage: bytes) -> None:
    expected = load_scenario(scenario)
    (entry,) = entries()
    entry.write_bytes(damage)
    assert load_scenario(scenario) == expected
    assert len(loader_calls) == 2
    assert json.loads(entry.read_bytes())["content"]  # written whole again


def test_a_forged_entry_with_the_right_stamp_but_wrong_shape_is_a_miss(scenario: Path, loader_calls: list[str]) -> None:
    expected = load_scenario(scenario)
    (entry,) = entries()
    data = json.loads(entry.read_bytes())
    data["result"]["scenario"]["surprise"] = 1
    entry.write_text(json.dumps(data))
    assert load_scenario(scenario) == expected
    assert len(loader_calls) == 2


def test_a_scenario_with_errors_is_never_kept(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_bytes((FIXTURES / "tui" / "broken.yaml").read_bytes())
    result = load_scenario(broken)
    assert not result.ok and result.errors[0].path == str(broken)
    assert entries() == []


def test_missing_and_unreadable_files_are_reported_as_the_loader_does(tmp_path: Path) -> None:
    missing = tmp_path / "gone.yaml"
    assert load_scenario(missing) == load_file(missing)
    assert load_scenario(missing).errors[0].code == "OS100"
    assert load_scenario(tmp_path).errors[0].code == "OS100"  # a folder


def test_a_data_folder_that_cannot_be_written_only_costs_speed(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("OFFSCRIPT_DATA_DIR", str(blocked))
    assert load_scenario(scenario) == load_file(scenario)
    assert blocked.read_text() == "a file where the data folder should be"


def test_opening_a_cached_scenario_does_not_import_the_yaml_parser(scenario: Path) -> None:
    load_scenario(scenario)
    probe = (
        "import sys\n"
        "from offscript.storage.scenario_cache import load_scenario\n"
        f"result = load_scenario({str(scenario)!r})\n"
        "assert result.scenario is not None and result.analysis is not None\n"
        "print(sorted(m for m in sys.modules if m == 'yaml' or m.startswith('offscript.engine.')))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=os.environ.copy()
    ).stdout
    assert "'yaml'" not in shown and "offscript.engine.loader" not in shown
    assert "offscript.engine.serialise" in shown  # it was answered from the cache


def test_a_result_that_cannot_be_written_as_json_is_simply_not_kept(
    scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(result: object) -> dict[str, object]:
        raise TypeError("a value JSON cannot hold")

    monkeypatch.setattr("offscript.engine.serialise.result_to_data", refuse)
    assert load_scenario(scenario) == load_file(scenario)
    assert entries() == []


# --- the reported attacks on the cache, end to end -------------------------------------
# A forged entry keeps the right stamp (content hash, path, engine), so only the checks
# of what it holds can tell. Each must be a miss that answers as the file really says.


def forge(change: Callable[[dict[str, Any]], None]) -> Path:
    """Apply `change` to the result held by the one cache entry, keeping its stamp."""
    (entry,) = entries()
    data = json.loads(entry.read_bytes())
    change(data["result"])
    entry.write_text(json.dumps(data))
    return entry


def first_choice(result: dict[str, Any]) -> dict[str, Any]:
    return result["scenario"]["nodes"]["open"]["choices"]["@tuple"][0]


def nested_garbage(depth: int) -> object:
    garbage: object = {"@tuple": ["x", None, 1.5]}
    for level in range(depth):
        garbage = [garbage, level] if level % 2 else {"text": garbage}
    return garbage


ATTACKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "choice-score-999": lambda r: first_choice(r)["score"].update(ownership=999),
    "text-where-the-choices-are": lambda r: r["scenario"]["nodes"]["open"].update(choices="Apologise"),
    "number-where-text-is": lambda r: first_choice(r).update(text=42),
    "dict-where-a-list-is": lambda r: r.update(diagnostics={"0": r["diagnostics"]}),
    "deeply-nested-garbage": lambda r: first_choice(r).update(feedback=nested_garbage(400)),
    "scenario-id-up-and-out": lambda r: r["scenario"].update(id="../../.."),
    "scenario-id-a-path": lambda r: r["scenario"].update(id="a/b"),
    "scenario-id-with-a-newline": lambda r: r["scenario"].update(id="x\n"),
}


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_forged_entry_answers_as_the_file_really_says(
    attack: Callable[[dict[str, Any]], None], scenario: Path, loader_calls: list[str]
) -> None:
    truth = load_scenario(scenario)
    entry = forge(attack)
    result = load_scenario(scenario)
    assert len(loader_calls) == 2
    assert load_scenario(scenario) == result and len(loader_calls) == 2  # the rewritten entry is used again
    assert result == truth == load_file(scenario)
    assert result.scenario is not None and result.scenario.id == "follow-up"
    assert max(points for c in result.scenario.nodes["open"].choices for points in c.score.values()) == 2
    rewritten = json.loads(entry.read_bytes())["result"]
    assert first_choice(rewritten)["score"] == {"ownership": 2}
    assert rewritten["scenario"]["id"] == "follow-up"


def test_garbage_nested_deeper_than_python_recurses_is_a_miss(scenario: Path, loader_calls: list[str]) -> None:
    truth = load_scenario(scenario)
    (entry,) = entries()
    entry.write_text(
        entry.read_text().replace('"feedback":', '"feedback":' + "[" * 100_000 + "]" * 100_000 + ',"x":', 1)
    )
    assert load_scenario(scenario) == truth
    assert len(loader_calls) == 2


def test_a_forged_id_never_names_a_save_outside_the_saves_folder(scenario: Path, own_data_folder: Path) -> None:
    load_scenario(scenario)
    forge(lambda r: r["scenario"].update(id="../../.."))
    result = load_scenario(scenario)
    assert result.scenario is not None
    real = load_file(scenario).scenario
    assert real is not None and result.scenario.id == real.id  # the forged id was a miss
    outside = sorted(p for p in own_data_folder.parent.rglob("*") if own_data_folder not in p.parents)
    SaveStore(own_data_folder).write(Save.of(ActiveRun.new(result.scenario, None, Mode.COACH, "t")))
    assert SaveStore(own_data_folder).latest(real.id)[0] is not None  # saved by its run, in the database
    assert sorted(p for p in own_data_folder.parent.rglob("*") if own_data_folder not in p.parents) == outside


@pytest.mark.parametrize(
    "number", ["NaN", "Infinity", "-Infinity", "1e999", "9" * 4000], ids=["nan", "inf", "-inf", "1e999", "huge"]
)
def test_a_number_json_should_never_hold_is_a_miss(number: str, scenario: Path, loader_calls: list[str]) -> None:
    truth = load_scenario(scenario)
    (entry,) = entries()
    entry.write_text(entry.read_text().replace('"line":', f'"line":{number},"was":', 1))
    assert '"was":' in entry.read_text()
    assert load_scenario(scenario) == truth
    assert len(loader_calls) == 2


def test_an_entry_too_large_to_be_ours_is_not_even_read(scenario: Path, loader_calls: list[str]) -> None:
    truth = load_scenario(scenario)
    (entry,) = entries()
    with entry.open("ab") as handle:
        handle.truncate(scenario_cache.ENTRY_BYTES + 1)
    assert load_scenario(scenario) == truth
    assert len(loader_calls) == 2


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_anywhere_in_an_entry_is_never_a_crash(scenario: Path, data: st.DataObject) -> None:
    """Whatever one value of an entry is replaced with, loading answers; an entry used keeps every invariant."""
    for stale in entries():  # each example starts from a true entry, whatever the last one left
        stale.unlink()
    load_scenario(scenario)
    (entry,) = entries()
    saved = json.loads(entry.read_bytes())
    places = list(_places(saved["result"]))
    parent, key = data.draw(st.sampled_from(places))
    parent[key] = data.draw(JSON_VALUES)
    entry.write_text(json.dumps(saved))
    result = load_scenario(scenario)
    assert result.scenario is not None and result_problems(result) == []


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(["../../..", "why", "open", "OS402", "@tuple", "narrator", "error"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["@class", "@tuple", "id", "text", "x"]), inner, max_size=3)
        | st.builds(lambda items: {"@tuple": items}, st.lists(inner, max_size=3))
    ),
    max_leaves=8,
)


def _places(value: object) -> Iterator[tuple[Any, Any]]:
    """(container, key) of every value inside a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield value, key
            yield from _places(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield value, index
            yield from _places(item)
