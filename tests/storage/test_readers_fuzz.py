"""Every reader of the data folder, fuzzed: any bytes and any JSON give a value or a one-line ShapeError."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offscript.engine.model import SCORES
from offscript.storage import shapes
from offscript.storage.files import read_json
from offscript.storage.history import HistoryEntry
from offscript.storage.legacy import HISTORY_SHAPE
from offscript.storage.saves import Save
from offscript.tui.settings import SETTINGS_SHAPE, Settings

SAMPLES = Path(__file__).parents[2] / "saves" / "samples"
SAVE = json.loads((SAMPLES / "save-v1.json").read_text())
ENTRY = json.loads((SAMPLES / "history-v1.json").read_text())["runs"][0]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["coach", "exam", "../../..", "hub\n", "first-call", "success", "\x1b[2J", ""]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=20,
)
READERS = {
    "history entry": lambda data: HistoryEntry.from_json(data),
    "save": lambda data: Save.from_json(data),
    "settings": lambda data: SETTINGS_SHAPE(data),
    "history file": lambda data: HISTORY_SHAPE(data),
}


def assert_valid_entry(entry: HistoryEntry) -> None:
    """What a reader returns holds the documented types and ranges."""
    assert isinstance(entry.scenario_id, str) and "/" not in entry.scenario_id and "\n" not in entry.scenario_id
    assert set(entry.scores) == set(SCORES)
    assert all(type(v) is int and abs(v) <= 1_000_000 for v in entry.scores.values())
    assert all(type(n) is str and type(c) is int and c >= 0 for n, c in entry.steps)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_parse_or_give_a_shape_error(raw: bytes) -> None:
    try:
        shapes.parse_json(raw)
    except shapes.ShapeError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(READERS)), json_values)
def test_any_json_value_gives_a_record_or_a_shape_error(reader: str, data: Any) -> None:
    try:
        READERS[reader](data)
    except shapes.ShapeError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(ENTRY)), json_values)
def test_a_history_entry_with_one_value_changed_is_read_whole_or_refused(key: str, value: Any) -> None:
    try:
        entry = HistoryEntry.from_json({**ENTRY, key: value})
    except shapes.ShapeError:
        return
    assert_valid_entry(entry)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(SAVE)), json_values)
def test_a_save_with_one_value_changed_is_read_whole_or_refused(key: str, value: Any) -> None:
    try:
        save = Save.from_json({**SAVE, key: value})
    except shapes.ShapeError:
        return
    assert "/" not in save.scenario_id and "\n" not in save.scenario_id and save.scenario_id
    assert all(type(c) is int and c >= 0 for _, c in save.steps)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=100), json_values.map(lambda v: json.dumps(v).encode())))
def test_a_settings_file_of_any_content_is_read_or_kept_aside(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    for old in tmp_path.iterdir():
        old.unlink()
    path.write_bytes(content)
    settings_read = Settings.load(path)
    assert isinstance(settings_read.theme, str) and settings_read.theme
    if settings_read.problem:
        [kept] = tmp_path.iterdir()
        assert kept.read_bytes() == content and "\n" not in settings_read.problem


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(st.binary(max_size=100), json_values.map(lambda v: json.dumps(v).encode())))
def test_a_save_file_of_any_content_is_read_or_kept_aside(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "save.json"
    for old in tmp_path.iterdir():
        old.unlink()
    path.write_bytes(content)
    result = read_json(path, "offscript-save", (1,))
    if result.data is None:
        [kept] = tmp_path.iterdir()
        assert kept.read_bytes() == content
    else:
        assert path.read_bytes() == content
