"""Every sample in saves/samples/ must keep loading: old saves, histories and settings stay readable."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from offscript.engine.loader import load_file
from offscript.storage.database import DATABASE_NAME, SCHEMA_VERSION
from offscript.storage.history import HistoryStore
from offscript.storage.legacy import read_history_file
from offscript.storage.saves import Save, SaveStore, read_save_file, resume
from offscript.tui.settings import Settings

SAMPLES = Path(__file__).parents[2] / "saves" / "samples"
FIRST_CALL = Path(__file__).parents[1] / "fixtures" / "first-call.yaml"


def test_there_is_a_sample_of_each_format() -> None:
    formats = {json.loads(p.read_text())["format"] for p in SAMPLES.glob("*.json")}
    assert formats == {"offscript-save", "offscript-history", "offscript-settings", "offscript-class-session"}
    assert [p.name for p in SAMPLES.glob("*.sqlite3")] == [f"offscript-v{SCHEMA_VERSION}.sqlite3"]


def test_save_samples_load_and_resume(tmp_path: Path) -> None:
    scenario = load_file(FIRST_CALL).scenario
    assert scenario is not None
    for sample in SAMPLES.glob("save-v*.json"):
        shutil.copy(sample, tmp_path / "first-call.json")
        save, problem = read_save_file(tmp_path / "first-call.json")
        assert problem == "" and isinstance(save, Save), sample
        resumed = resume(scenario, save)
        assert resumed.run is not None and resumed.run.state.node == save.node


def test_history_samples_load(tmp_path: Path) -> None:
    for sample in SAMPLES.glob("history-v*.json"):
        shutil.copy(sample, tmp_path / "history.json")
        entries, problem = read_history_file(tmp_path)
        assert problem == "" and len(entries) >= 2, sample
        assert {e.mode for e in entries} == {"coach", "assessment"}
        assert all(e.outcome in ("success", "partial", "failure") for e in entries)


def test_database_samples_load_and_resume(tmp_path: Path) -> None:
    """The sample database holds the JSON samples, as the first version of the database imported them."""
    scenario = load_file(FIRST_CALL).scenario
    assert scenario is not None
    for sample in SAMPLES.glob("offscript-v*.sqlite3"):
        shutil.copy(sample, tmp_path / DATABASE_NAME)
        entries, problem = HistoryStore(tmp_path).load()
        assert problem == "" and [e.mode for e in entries] == ["coach", "assessment"], sample
        assert HistoryStore(tmp_path).records(["first-call"])[0]["first-call"].runs == 2
        save, problem = SaveStore(tmp_path).latest("first-call")
        assert problem == "" and save is not None
        resumed = resume(scenario, save)
        assert resumed.run is not None and resumed.run.state.node == save.node


def test_settings_samples_load(tmp_path: Path) -> None:
    for sample in SAMPLES.glob("settings-v*.json"):
        copy = tmp_path / sample.name
        shutil.copy(sample, copy)
        settings = Settings.load(copy)
        assert settings.problem == "" and settings.theme == "offscript-light", sample
        assert copy.read_bytes() == sample.read_bytes()  # reading never rewrites the file


def test_class_session_samples_resume(tmp_path: Path) -> None:
    from offscript.classroom.session import ClassSession, Phase
    from offscript.storage.class_sessions import ClassSessionStore

    scenario = load_file(FIRST_CALL).scenario
    assert scenario is not None
    store = ClassSessionStore(tmp_path)
    for sample in SAMPLES.glob("class-session-v*.json"):
        store.folder.mkdir(exist_ok=True)
        shutil.copy(sample, store.path("first-call"))
        data, problem = store.read("first-call")
        assert problem == "" and data is not None, sample
        session = ClassSession.from_json(scenario, data)
        assert session.teams == ("Red", "Blue") and session.phase is Phase.READ and len(session.taken) == 1
        assert session.taken[0].rounds[0].team_picks == (("Red", 1), ("Blue", 2))
