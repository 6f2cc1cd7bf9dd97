"""The records database: runs and saves survive second windows, kills, damage and read-only folders."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from offscript.engine.active_run import ActiveRun, Mode
from offscript.engine.loader import load_bytes, load_file
from offscript.engine.model import Scenario
from offscript.engine.playthrough import Playthrough
from offscript.storage.database import DATABASE_NAME, SCHEMA_VERSION
from offscript.storage.files import StorageError
from offscript.storage.history import HistoryEntry, HistoryStore
from offscript.storage.saves import Save, SaveStore, resume

FIXTURES = Path(__file__).parents[1] / "fixtures"
HUB = FIXTURES / "engine" / "hub.yaml"
SAMPLES = Path(__file__).parents[2] / "saves" / "samples"


@pytest.fixture(scope="module")
def hub() -> Scenario:
    scenario = load_file(HUB).scenario
    assert scenario is not None
    return scenario


def active(hub: Scenario, *picks: int, mode: Mode = Mode.COACH) -> ActiveRun:
    run = Playthrough.start(hub)
    for number in picks:
        run = run.pick(number)
    return ActiveRun(hub, None, mode, run, "2026-12-01T10:00:00+0000")


def entry_of(run: ActiveRun) -> HistoryEntry:
    return HistoryEntry.of(run.run, run.mode, run.started, run.rewinds, run.run_id)


FINISHED = (1, 1, 2)  # the hub's success, total +4


# --- saves ---------------------------------------------------------------------------------


def test_a_save_comes_back_and_resumes_where_it_was(tmp_path: Path, hub: Scenario) -> None:
    run = active(hub, 2)
    store = SaveStore(tmp_path)
    store.write(Save.of(run))
    save, problem = store.latest("hub")
    assert problem == "" and save is not None and save.run_id == run.run_id
    resumed = resume(hub, save)
    assert resumed.message == "" and resumed.run is not None and resumed.run.state == run.run.state
    store.discard(run.run_id)
    assert store.latest("hub") == (None, "")


def test_a_save_survives_a_compatible_edit_and_says_so(hub: Scenario) -> None:
    save = Save.of(active(hub, 1))
    edited = load_bytes(
        HUB.read_bytes().replace(b"Ask about her budget.", b"Ask about her budget, please."), "hub.yaml"
    ).scenario
    assert edited is not None
    resumed = resume(edited, save)
    assert resumed.run is not None and resumed.run.state.scores["empathy"] == 2
    assert "changed" in resumed.message and "still fit" in resumed.message


def test_a_save_that_no_longer_fits_says_what_changed(hub: Scenario) -> None:
    save = Save.of(active(hub, 1))
    edited = load_bytes(HUB.read_bytes().replace(b"start: hub", b"start: decide"), "hub.yaml").scenario
    assert edited is not None
    resumed = resume(edited, save)
    assert resumed.run is None
    assert "decision 1 was made at 'hub'" in resumed.message and "start over" in resumed.message


def test_two_windows_on_one_scenario_keep_each_others_runs(tmp_path: Path, hub: Scenario) -> None:
    first, second = active(hub, 1), active(hub, 2)
    window_a, window_b = SaveStore(tmp_path), SaveStore(tmp_path)
    window_a.write(Save.of(first))
    window_b.write(Save.of(second))  # the same scenario: no overwrite
    assert window_a.unfinished(["hub", "other"]) == {"hub"}
    finished = first.moved(first.run.pick(1).pick(2))
    HistoryStore(tmp_path).record(entry_of(finished))  # window A finishes its run
    save, _ = window_b.latest("hub")
    assert save is not None and save.run_id == second.run_id  # window B's run is still there


def test_continuing_a_saved_run_claims_it_once(tmp_path: Path, hub: Scenario) -> None:
    store = SaveStore(tmp_path)
    saved = Save.of(active(hub, 1))
    store.write(saved)
    assert store.claim(saved, "window-b") is True
    assert store.claim(saved, "window-c") is False  # another window took it first
    save, _ = store.latest("hub")
    assert save is not None and save.run_id == "window-b"


def test_a_damaged_save_row_is_skipped_and_reported(tmp_path: Path, hub: Scenario) -> None:
    store = SaveStore(tmp_path)
    good = Save.of(active(hub, 1))
    store.write(good)
    store.write(Save.of(active(hub, 2)))
    with sqlite3.connect(tmp_path / DATABASE_NAME) as connection:
        connection.execute("UPDATE saves SET steps = '[[\"hub\", 1e999]]' WHERE run_id != ?", (good.run_id,))
    save, problem = store.latest("hub")
    assert save is not None and save.run_id == good.run_id
    assert "could not be read" in problem and "1e999" in problem


# --- history -------------------------------------------------------------------------------


def test_history_keeps_every_finished_run_in_order(tmp_path: Path, hub: Scenario) -> None:
    store = HistoryStore(tmp_path)
    store.record(entry_of(active(hub, *FINISHED)))
    store.record(entry_of(active(hub, 3, mode=Mode.ASSESSMENT)))
    entries, problem = store.load()
    assert problem == ""
    assert [(e.outcome, e.mode, e.total) for e in entries] == [("success", "coach", 4), ("failure", "assessment", -3)]
    assert entries[0].steps == (("hub", 0), ("hub", 1), ("hub", 3))


def test_a_run_recorded_twice_is_kept_once_and_its_save_goes_with_it(tmp_path: Path, hub: Scenario) -> None:
    run = active(hub, *FINISHED)
    SaveStore(tmp_path).write(Save.of(run))
    store = HistoryStore(tmp_path)
    assert store.record(entry_of(run)) is True
    assert store.record(entry_of(run)) is False  # finished again after a crash: recorded once
    assert len(store.load()[0]) == 1
    assert SaveStore(tmp_path).latest("hub") == (None, "")


def test_the_library_record_is_the_best_the_last_and_the_count(tmp_path: Path, hub: Scenario) -> None:
    store = HistoryStore(tmp_path)
    for picks in [(3,), FINISHED, (3,)]:
        store.record(entry_of(active(hub, *picks)))
    records, problem = store.records(["hub", "never-played"])
    assert problem == "" and set(records) == {"hub"}
    record = records["hub"]
    assert (record.best.total, record.last.total, record.runs) == (4, -3, 3)


def test_a_damaged_history_row_is_skipped_and_reported(tmp_path: Path, hub: Scenario) -> None:
    store = HistoryStore(tmp_path)
    store.record(entry_of(active(hub, *FINISHED)))
    store.record(entry_of(active(hub, 3)))
    with sqlite3.connect(tmp_path / DATABASE_NAME) as connection:
        connection.execute("UPDATE runs SET mode = 'exam' WHERE seq = 1")
        connection.execute("UPDATE runs SET empathy = 999999999999999 WHERE seq = 2")
    entries, problem = store.load()
    assert entries == [] and problem == "2 unreadable entries in offscript.sqlite3 skipped"


def _record_runs(folder: str, count: int) -> None:
    hub = load_file(HUB).scenario
    assert hub is not None
    store = HistoryStore(Path(folder))
    for _ in range(count):
        run = active(hub, *FINISHED)
        SaveStore(Path(folder)).write(Save.of(run))
        store.record(entry_of(run))


def test_eight_processes_finishing_25_runs_each_keep_all_200(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_record_runs, args=(str(tmp_path), 25)) for _ in range(8)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0
    entries, problem = HistoryStore(tmp_path).load()
    assert problem == "" and len(entries) == 200 and len({e.run_id for e in entries}) == 200
    assert HistoryStore(tmp_path).records(["hub"])[0]["hub"].runs == 200
    assert SaveStore(tmp_path).unfinished(["hub"]) == set()


KILLED_WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from storage.test_records import _record_runs
_record_runs({folder!r}, 10_000)
"""


def test_a_kill_at_any_moment_leaves_each_run_either_saved_or_recorded(tmp_path: Path) -> None:
    """Recording a run and forgetting its save is one transaction: no kill can split them."""
    script = KILLED_WRITER.format(tests=str(Path(__file__).parents[1]), folder=str(tmp_path))
    for delay in (0.6, 0.9, 1.3):
        process = subprocess.Popen([sys.executable, "-c", script])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
    with sqlite3.connect(tmp_path / DATABASE_NAME) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        recorded = {row[0] for row in connection.execute("SELECT run_id FROM runs")}
        saved = {row[0] for row in connection.execute("SELECT run_id FROM saves")}
    assert recorded and not recorded & saved  # a run with a save was never recorded, and the reverse
    assert len(saved) <= 3  # at most the one run each killed process was in the middle of


# --- the database file ---------------------------------------------------------------------


def test_history_json_of_version_1_is_imported_once_and_left_untouched(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "history-v1.json", tmp_path / "history.json")
    before = (tmp_path / "history.json").read_bytes()
    store = HistoryStore(tmp_path)
    entries, problem = store.load()
    assert problem == "" and [e.mode for e in entries] == ["coach", "assessment"]
    assert HistoryStore(tmp_path).load()[0] == entries  # a second open does not import again
    assert (tmp_path / "history.json").read_bytes() == before


def test_saves_of_version_1_are_imported(tmp_path: Path) -> None:
    (tmp_path / "saves").mkdir()
    shutil.copy(SAMPLES / "save-v1.json", tmp_path / "saves" / "first-call.json")
    save, problem = SaveStore(tmp_path).latest("first-call")
    assert problem == "" and save is not None and save.steps
    assert (tmp_path / "saves" / "first-call.json").exists()


def test_a_version_1_save_with_an_unknown_mode_is_moved_aside_and_reported(tmp_path: Path) -> None:
    (tmp_path / "saves").mkdir()
    data = json.loads((SAMPLES / "save-v1.json").read_text())
    (tmp_path / "saves" / "first-call.json").write_text(json.dumps({**data, "mode": "exam"}))
    save, problem = SaveStore(tmp_path).latest("first-call")
    assert save is None and "unknown mode 'exam'" in problem and "kept as first-call.json.unreadable-" in problem


def test_a_version_1_history_entry_that_cannot_be_read_is_skipped_and_reported(tmp_path: Path) -> None:
    data = json.loads((SAMPLES / "history-v1.json").read_text())
    data["runs"][0]["mode"] = "exam"
    (tmp_path / "history.json").write_text(json.dumps(data))
    entries, problem = HistoryStore(tmp_path).load()
    assert [e.mode for e in entries] == ["assessment"] and problem == "1 unreadable entry in history.json skipped"


def test_a_corrupt_history_json_is_kept_and_play_goes_on(tmp_path: Path, hub: Scenario) -> None:
    (tmp_path / "history.json").write_text('{"format": "offscript-history", "version": 1, "runs": [')
    store = HistoryStore(tmp_path)
    entries, problem = store.load()
    assert entries == [] and "could not be read" in problem
    store.record(entry_of(active(hub, *FINISHED)))
    assert len(store.load()[0]) == 1
    assert len(list(tmp_path.glob("history.json.unreadable-*"))) == 1


def test_a_file_that_is_not_a_database_is_moved_aside_and_a_new_one_made(tmp_path: Path, hub: Scenario) -> None:
    (tmp_path / DATABASE_NAME).write_bytes(b"not a database at all" * 100)
    store = HistoryStore(tmp_path)
    store.record(entry_of(active(hub, *FINISHED)))
    entries, problem = store.load()
    assert len(entries) == 1 and "it was kept as offscript.sqlite3.unreadable-" in problem
    [kept] = tmp_path.glob(f"{DATABASE_NAME}.unreadable-*")
    assert kept.read_bytes() == b"not a database at all" * 100


def test_a_database_from_a_newer_offscript_is_left_alone(tmp_path: Path, hub: Scenario) -> None:
    HistoryStore(tmp_path).record(entry_of(active(hub, *FINISHED)))
    with sqlite3.connect(tmp_path / DATABASE_NAME) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StorageError, match="newer Offscript"):
        HistoryStore(tmp_path).record(entry_of(active(hub, 3)))
    shutil.copy(SAMPLES / "history-v1.json", tmp_path / "history.json")  # older, and never read instead
    entries, problem = HistoryStore(tmp_path).load()
    assert entries == [] and "newer Offscript" in problem and "left as it is" in problem
    assert (tmp_path / DATABASE_NAME).exists() and not list(tmp_path.glob("*.unreadable-*"))


def test_a_read_only_folder_still_shows_its_history_and_saves(tmp_path: Path, hub: Scenario, seal) -> None:
    HistoryStore(tmp_path / "data").record(entry_of(active(hub, *FINISHED)))
    SaveStore(tmp_path / "data").write(Save.of(active(hub, 2)))
    read_only = seal(tmp_path / "data")
    entries, problem = HistoryStore(read_only).load()
    assert len(entries) == 1 and problem == ""
    assert HistoryStore(read_only).records(["hub"])[0]["hub"].runs == 1
    assert SaveStore(read_only).latest("hub")[0] is not None
    with pytest.raises(StorageError):
        HistoryStore(read_only).record(entry_of(active(hub, 3)))


def test_a_read_only_folder_with_only_a_version_1_history_still_shows_it(tmp_path: Path, seal) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(SAMPLES / "history-v1.json", tmp_path / "data" / "history.json")
    read_only = seal(tmp_path / "data")
    entries, problem = HistoryStore(read_only).load()
    assert problem == "" and len(entries) == 2
    assert HistoryStore(read_only).records(["first-call"])[0]["first-call"].runs == 2
    assert not (read_only / DATABASE_NAME).exists()


@pytest.mark.parametrize("scenario_id", ["../../..", "a/b", "hub\n", "", "x" * 65])
def test_an_export_never_names_a_file_after_an_id_that_is_not_one(tmp_path: Path, scenario_id: str) -> None:
    from offscript.storage.export import write_exports

    with pytest.raises(StorageError, match="not a scenario id"):
        write_exports(tmp_path / "exports", scenario_id, {"md": "text"})
    assert not (tmp_path / "exports").exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"steps": [["open", 10**30]]}, "save.steps[0][1]: is 1000000000000000000000000000000, outside 0..10000"),
        ({"scenario": "../../.."}, "save.scenario: is not a valid name ('../../..')"),
        ({"scenario": "follow-up\n"}, "save.scenario: is not a valid name"),
        ({"node": "x y"}, "save.node: is not a valid name"),
        ({"rewinds": -1}, "save.rewinds: is -1, outside 0.."),
        ({"mode": "exam"}, "save.mode: unknown mode 'exam'"),
    ],
)
def test_a_save_outside_its_shape_names_the_value_and_where_it_is(change: dict, reason: str) -> None:
    data = json.loads((SAMPLES / "save-v1.json").read_text())
    with pytest.raises(ValueError) as caught:
        Save.from_json({**data, **change})
    assert str(caught.value).startswith(reason)


def test_a_read_only_folder_left_by_a_killed_game_shows_what_its_wal_holds(tmp_path: Path, hub: Scenario, seal) -> None:
    """A kill leaves recent runs in the WAL file; read-only reading must not skip them (immutable would)."""
    live = tmp_path / "live"
    HistoryStore(live).record(entry_of(active(hub, *FINISHED)))
    holder = sqlite3.connect(live / DATABASE_NAME)  # another window: no checkpoint when the writer closes
    holder.execute("SELECT COUNT(*) FROM runs").fetchone()
    HistoryStore(live).record(entry_of(active(hub, 3)))
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal"):
        shutil.copy(live / name, copy / name)  # the folder as a kill -9 leaves it, its -shm lost
    holder.close()
    assert (copy / f"{DATABASE_NAME}-wal").stat().st_size > 0
    entries, problem = HistoryStore(seal(copy)).load()
    assert problem == "" and [e.total for e in entries] == [4, -3]
