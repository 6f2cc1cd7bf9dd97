"""The file watcher behind `play --watch`: one call per save of the file, none for other files, none when idle."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from offscript.storage.file_watch import QUIET, FileWatcher, WatchError

BACKENDS = ["inotify", "watchfiles"]


async def settle(seconds: float = QUIET + 0.6) -> None:
    await asyncio.sleep(seconds)


async def until(calls: list[float], count: int, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while len(calls) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.05)


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text("offscript: 1\n")
    return path


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_save_by_rename_and_a_save_in_place_each_call_back_once(scenario_file: Path, backend: str) -> None:
    calls: list[float] = []
    watcher = FileWatcher(scenario_file, lambda: calls.append(time.monotonic()), backend=backend)
    watcher.start()
    try:
        await settle(0.3)
        temporary = scenario_file.with_suffix(".tmp")
        temporary.write_text("offscript: 1\nid: x\n")
        os.replace(temporary, scenario_file)  # how most editors save
        await until(calls, 1)
        assert len(calls) == 1
        await settle()
        with scenario_file.open("a") as file:  # how others do: truncate or append, write, close
            file.write("title: y\n")
            file.flush()
            file.write("summary: z\n")
        await until(calls, 2)
        await settle()
        assert len(calls) == 2  # several events of one save, one call
    finally:
        watcher.stop()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_other_files_in_the_folder_are_ignored(scenario_file: Path, backend: str) -> None:
    calls: list[float] = []
    watcher = FileWatcher(scenario_file, lambda: calls.append(time.monotonic()), backend=backend)
    watcher.start()
    try:
        await settle(0.3)
        (scenario_file.parent / "other.yaml").write_text("x")
        (scenario_file.parent / ".scenario.yaml.swp").write_text("x")
        await settle()
        assert calls == []
    finally:
        watcher.stop()


async def test_inotify_costs_nothing_while_idle(scenario_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No timer and no read while nothing changes: the loop only wakes when the kernel has an event."""
    reads: list[int] = []
    original = FileWatcher._read_inotify

    def counting(self: FileWatcher, fd: int, name: bytes) -> None:
        reads.append(fd)
        original(self, fd, name)

    monkeypatch.setattr(FileWatcher, "_read_inotify", counting)
    watcher = FileWatcher(scenario_file, lambda: None, backend="inotify")
    watcher.start()
    try:
        await asyncio.sleep(1.0)
        assert reads == [] and watcher._quiet is None
        scenario_file.write_text("changed")
        await settle()
        assert reads and watcher._quiet is None  # read when told, then quiet again
    finally:
        watcher.stop()
    assert not watcher.watching


async def test_stop_ends_the_watch(scenario_file: Path) -> None:
    calls: list[float] = []
    watcher = FileWatcher(scenario_file, lambda: calls.append(time.monotonic()), backend="inotify")
    watcher.start()
    watcher.stop()
    scenario_file.write_text("changed")
    await settle()
    assert calls == []
    watcher.stop()  # twice is harmless


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_folder_that_does_not_exist_is_a_watch_error(tmp_path: Path, backend: str) -> None:
    watcher = FileWatcher(tmp_path / "gone" / "scenario.yaml", lambda: None, backend=backend)
    with pytest.raises(WatchError, match="cannot watch"):
        watcher.start()
    assert not watcher.watching
